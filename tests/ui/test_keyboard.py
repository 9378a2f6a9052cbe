"""Keyboard-only use: every window's inputs are reached with Tab and carry a name.

Each case opens a real window over a real vault, then presses Tab (as a user would) from
where the window put the focus until the focus comes back round. Every visible, enabled
input must be reached on the way, none may keep Tab for itself (a table moving between
cells, a text box typing a tab character), and each must have a name a screen reader
can say: its own accessible name, a label that is its buddy, or its button text. Dialogs
that do one thing have a default button, so Enter does it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.audit.export import build_export
from recordsafe.closure import custodian, retention
from recordsafe.disclosure import requests
from recordsafe.disclosure.gate import Item
from recordsafe.records import cases, clients, intake, notes
from recordsafe.ui.audit.actions import AuditActions
from recordsafe.ui.audit.audit_log_dialog import ExportPasswordDialog, export_query
from recordsafe.ui.backup.actions import BackupActions
from recordsafe.ui.breach.actions import BreachActions
from recordsafe.ui.breach.common import AFFECTED, ASSESS, NOTICES, REPORT, RESULT
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from recordsafe.ui.closure.actions import ClosureActions
from recordsafe.ui.closure.closure_wizard import ClosureWizard
from recordsafe.ui.closure.custodian_activity_dialog import CustodianActivityDialog
from recordsafe.ui.closure.custodian_unlock_dialog import CustodianUnlockDialog
from recordsafe.ui.closure.designate_dialog import DesignateDialog
from recordsafe.ui.closure.destroy_dialog import DestroyDialog
from recordsafe.ui.disclosure.actions import DisclosureActions
from recordsafe.ui.disclosure.consents_tab import ConsentsTab
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.ui.disclosure.requests_window import RequestsWindow
from recordsafe.ui.help.actions import HelpActions
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.practice.actions import PracticeActions
from recordsafe.ui.qt import Qt, QtGui, QtWidgets
from recordsafe.ui.records.actions import RecordsActions
from recordsafe.ui.vault.actions import VaultActions
from recordsafe.ui.vault.create_wizard import CreateVaultWizard
from recordsafe.ui.vault.recover_dialog import RecoverDialog
from recordsafe.ui.vault.unlock_dialog import UnlockDialog
from recordsafe.ui.welcome import WelcomeWindow
from recordsafe.ui.widgets.dates import to_qdate
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault
from tests.breach.conftest import release_summaries
from tests.disclosure.conftest import NOTE_DAY, TODAY, give_consent

DAY = date(2025, 3, 4)
INPUTS = (
    QtWidgets.QLineEdit,
    QtWidgets.QPlainTextEdit,
    QtWidgets.QTextEdit,
    QtWidgets.QComboBox,
    QtWidgets.QAbstractSpinBox,
    QtWidgets.QAbstractButton,
    QtWidgets.QAbstractItemView,
)
MAX_TABS = 150
TRAPPED_AFTER = 8  # a date edit takes a Tab per section (day, month, year) before leaving


@dataclass
class Practice:
    window: MainWindow
    session: VaultSession
    config: AppConfig
    client_id: int
    case_id: int
    couple_case_id: int


@pytest.fixture
def practice(qtbot: QtBot, session: VaultSession, config: AppConfig) -> Iterator[Practice]:
    ada = clients.create_client(session, "Ada Wren", dob=date(1980, 5, 6))
    intake.record_intake(session, ada, explained_on=DAY, method="in_person")
    case_id = cases.create_case(session, "individual", "Individual work", [ada])
    notes.create_note(session, case_id, body="Sleep diary reviewed.")
    mr = clients.create_client(session, "Mr Smith")
    mrs = clients.create_client(session, "Mrs Smith")
    for cid in (mr, mrs):
        intake.record_intake(session, cid, explained_on=DAY, method="video")
    couple = cases.create_case(
        session, "couple", "Couple work", [(mr, "partner"), (mrs, "partner")]
    )
    config.remember_vault(session.folder)
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    with qtbot.waitExposed(window):
        window.show()
    yield Practice(window, session, config, ada, case_id, couple)
    for dialog in window.findChildren(QtWidgets.QDialog):
        dialog.reject()


# --- walking the focus chain -------------------------------------------------------------


def inputs_of(window: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """What a keyboard user must be able to reach: visible, enabled, takes Tab focus."""
    found = []
    for widget in window.findChildren(QtWidgets.QWidget):
        if not isinstance(widget, INPUTS) or widget.window() is not window:
            continue
        if isinstance(widget.parent(), QtWidgets.QComboBox | QtWidgets.QAbstractSpinBox):
            continue  # the line edit inside a combo or a date edit is the combo's
        if widget.objectName().startswith("qt_"):  # Qt's own parts, e.g. a tab bar's
            continue
        if not (widget.isVisibleTo(window) and widget.isEnabled()):
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        found.append(widget)
    return found


def walk(qtbot: QtBot, window: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """Press Tab from the window's own initial focus until it comes back round."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is not None)
    start = QtWidgets.QApplication.focusWidget()
    assert start is not None and start.window() is window, "no initial focus in the window"
    reached: list[QtWidgets.QWidget] = []
    stuck = 0
    for _ in range(MAX_TABS):
        focus = QtWidgets.QApplication.focusWidget()
        assert focus is not None, f"Tab lost the focus after {describe(reached[-1])}"
        if reached and focus is reached[-1]:
            if inputs_of(window) == [focus]:
                return reached  # the one thing to reach (e.g. Close, all else disabled)
            stuck += 1
            assert stuck < TRAPPED_AFTER, f"Tab is trapped in {describe(focus)}"
        else:
            stuck = 0
            if focus is start and reached:
                return reached
            assert focus not in reached, f"Tab goes round {describe(focus)} without the rest"
            reached.append(focus)
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    raise AssertionError("Tab never came back to where it started")


def name_of(widget: QtWidgets.QWidget, window: QtWidgets.QWidget) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    for label in window.findChildren(QtWidgets.QLabel):
        if label.buddy() is widget and label.text().strip(" :&"):
            return label.text()
    if isinstance(widget, QtWidgets.QAbstractButton):
        return widget.text().replace("&", "").strip()
    return ""


def describe(widget: QtWidgets.QWidget) -> str:
    text = widget.text() if isinstance(widget, QtWidgets.QAbstractButton) else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {widget.accessibleName() or text!r}"


def check_keyboard(qtbot: QtBot, window: QtWidgets.QWidget, *, default: bool) -> None:
    if default:
        defaults = [
            b.text()
            for b in window.findChildren(QtWidgets.QPushButton)
            if b.isDefault() and b.isVisible() and b.window() is window
        ]
        assert defaults, "no default button: Enter does nothing"
        assert all("Browse" not in text for text in defaults), defaults
    assert_unique_mnemonics(window)
    reached = walk(qtbot, window)
    for widget in inputs_of(window):
        here = widget in reached or any(widget.isAncestorOf(r) for r in reached)
        seen = [describe(r) for r in reached]
        assert here, f"Tab never reaches {describe(widget)}; reached: {seen}"
        assert name_of(widget, window), f"{describe(widget)} has no name"


def mnemonics_of(window: QtWidgets.QWidget) -> list[tuple[str, str]]:
    """(letter, text) of each Alt+letter shown now: buttons, labels with a buddy, tabs."""
    found: list[tuple[str, str]] = []
    for widget in window.findChildren(QtWidgets.QWidget):
        if widget.window() is not window or not widget.isVisibleTo(window):
            continue
        texts: list[str] = []
        if isinstance(widget, QtWidgets.QAbstractButton):
            texts = [widget.text()]
        elif isinstance(widget, QtWidgets.QLabel) and widget.buddy() is not None:
            texts = [widget.text()]
        elif isinstance(widget, QtWidgets.QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
        found += [(mnemonic(t), t) for t in texts if mnemonic(t)]
    return found


def assert_unique_mnemonics(window: QtWidgets.QWidget) -> None:
    """Alt+letter must go to one place: the same letter twice in a window clashes."""
    seen: dict[str, str] = {}
    clashes = []
    for letter, text in mnemonics_of(window):
        if letter in seen:
            clashes.append(f"{letter!r}: {seen[letter]!r} and {text!r}")
        seen.setdefault(letter, text)
    assert not clashes, f"mnemonics clash: {clashes}"


def shot(window: QtWidgets.QWidget, name: str) -> None:
    """Save what was walked when RECORDSAFE_SHOTS names a folder (to look at by eye)."""
    folder = os.environ.get("RECORDSAFE_SHOTS")
    if folder:
        QtWidgets.QApplication.processEvents()
        slug = "".join(c if c.isalnum() else "-" for c in name)
        window.grab().save(str(Path(folder) / f"keyboard-{slug}.png"))


# --- the windows -----------------------------------------------------------------------------

Opener = Callable[[Practice], QtWidgets.QWidget | None]


def wizard_page(step: int) -> Opener:
    def opened(p: Practice) -> QtWidgets.QWidget:
        wizard = CreateVaultWizard(kdf=TEST_PARAMS, parent=p.window)
        wizard.setWindowFlag(Qt.WindowType.Window)
        wizard.name_page.location.setText(str(p.session.folder.parent))
        wizard.name_page.name.setText("Second practice")
        wizard.show()
        if step:
            wizard.button(QtWidgets.QWizard.WizardButton.NextButton).click()
        return wizard

    return opened


def records_dialog(action: Callable[[Practice], object]) -> Opener:
    def opened(p: Practice) -> QtWidgets.QWidget | None:
        p.window.records_page.open_client(p.client_id)
        dialog = action(p)
        return dialog if isinstance(dialog, QtWidgets.QWidget) else None

    return opened


def client_page(p: Practice) -> QtWidgets.QWidget:
    p.window.records_page.open_client(p.client_id)
    return p.window


def standalone(make: Callable[[Practice], QtWidgets.QWidget]) -> Opener:
    def opened(p: Practice) -> QtWidgets.QWidget:
        widget = make(p)
        widget.setParent(p.window, Qt.WindowType.Window)
        widget.show()
        return widget

    return opened


def unlock_dialog(p: Practice) -> QtWidgets.QWidget:
    return UnlockDialog(p.config, folder=p.session.folder, try_device=False)


def consents_tab(action: Callable[[ConsentsTab], QtWidgets.QWidget | None]) -> Opener:
    """Ada's Consents tab on the disclosure tests' day, with one consent (to Dr Lee)."""

    def opened(p: Practice) -> QtWidgets.QWidget | None:
        give_consent(p.session, p.client_id)
        tab = ConsentsTab(p.session, p.client_id, "Ada Wren", today=lambda: TODAY)
        tab.setParent(p.window, Qt.WindowType.Window)
        tab.resize(1000, 700)
        tab.show()
        return action(tab)

    return opened


def revoke(tab: ConsentsTab) -> QtWidgets.QWidget | None:
    return tab.revoke(tab.consents[0].id)


def new_request(tab: ConsentsTab) -> QtWidgets.QWidget | None:
    window = tab.open_requests()
    assert isinstance(window, RequestsWindow)
    return window.new_request()


def a_request(tab: ConsentsTab) -> RequestsWindow:
    """The requests window with one accounting request, selected."""
    assert tab._session is not None
    request_id = requests.receive(
        tab._session, tab.client_id, "accounting", received_on=TODAY, today=TODAY
    )
    window = tab.open_requests()
    assert isinstance(window, RequestsWindow)
    window.select_request(request_id)
    return window


def extend_request(tab: ConsentsTab) -> QtWidgets.QWidget | None:
    return a_request(tab).extend_selected()


def fulfil_request(tab: ConsentsTab) -> QtWidgets.QWidget | None:
    return a_request(tab).fulfil_selected()


def accounting(tab: ConsentsTab) -> QtWidgets.QWidget | None:
    assert tab._session is not None
    release_summaries(tab._session, [tab.client_id], "Crisis team")
    return tab.open_accounting()


def followups_due(p: Practice) -> QtWidgets.QWidget | None:
    """An emergency release the client was not told of: a follow-up to do."""
    release_summaries(p.session, [p.client_id], "Crisis team")
    window = p.window.area(DisclosureActions).open_followups()
    assert window is not None and window.table.rowCount() == 1
    return window


def consents_expiring(p: Practice) -> QtWidgets.QWidget | None:
    give_consent(p.session, p.client_id, expires_on=date.today() + timedelta(days=10))
    window = p.window.area(DisclosureActions).open_expiring_consents()
    assert window is not None and window.table.rowCount() == 1
    return window


def release_page(page: str) -> Opener:
    """The release dialog on one of its pages, reached as the user would with Next."""

    def opened(p: Practice) -> QtWidgets.QWidget:
        give_consent(p.session, p.client_id)
        note_id = notes.create_note(
            p.session, p.case_id, kind="progress", note_date=NOTE_DAY, body="Slept better."
        )
        notes.sign_note(p.session, note_id)
        dialog = ReleaseDialog(p.session, p.client_id, [Item("note", note_id)], today=TODAY)
        dialog.setParent(p.window, Qt.WindowType.Window)
        dialog.show()
        dialog.request_page.recipient_name.setText("Dr Lee")
        dialog.set_purpose("training" if page == "review" else "treatment")
        dialog.set_requester("third_party")
        if page == "request":
            return dialog
        dialog.next()
        assert dialog.stack.currentWidget() is dialog.items_page
        if page == "items":
            return dialog
        assert dialog.model is not None and dialog.model.set_checked(0, True)
        dialog.items_page.informed_yes.setChecked(True)
        dialog.next()
        wanted = dialog.review if page == "review" else dialog.output_page
        assert dialog.stack.currentWidget() is wanted
        return dialog

    return opened


def closure_page(step: int) -> Opener:
    def opened(p: Practice) -> QtWidgets.QWidget | None:
        wizard = p.window.area(ClosureActions).open_closure_wizard()
        assert isinstance(wizard, ClosureWizard)
        if step >= 1:
            wizard.reason_page.buttons["retirement"].setChecked(True)
            wizard.next()
        if step >= 2:
            wizard.keeper_page.keeper_name.setText("Dr Rosa Vega")
            wizard.keeper_page.keeper_contact.setPlainText("555-0100")
            wizard.keeper_page.referrals.setPlainText("Harbour Counselling Centre, 555-0142.")
            wizard.next()
        assert wizard.currentId() == wizard.pageIds()[step]
        return wizard

    return opened


def old_client(p: Practice) -> int:
    """A client last seen in 2012, under a 7-year rule: due for destruction, nothing held."""
    old = date(2012, 3, 4)
    cid = clients.create_client(p.session, "Cy Old", dob=date(1970, 1, 2))
    intake.record_intake(p.session, cid, explained_on=old, method="in_person")
    case_id = cases.create_case(p.session, "individual", "Old work", [cid])
    note_id = notes.create_note(p.session, case_id, note_date=old, body="Ended.", subjects=[cid])
    notes.sign_note(p.session, note_id)
    retention.set_rule(p.session, retention.RetentionRule(years=7), today=date.today())
    return cid


def destroy_old_record(p: Practice) -> QtWidgets.QWidget | None:
    dialog = p.window.area(ClosureActions).open_destroy(old_client(p))
    assert isinstance(dialog, DestroyDialog) and dialog.typed.isEnabled()
    return dialog


def retention_with_a_record_due(p: Practice) -> QtWidgets.QWidget | None:
    old_client(p)
    return p.window.area(ClosureActions).open_retention()


def view_consent(tab: ConsentsTab) -> QtWidgets.QWidget | None:
    tab.select_consent(tab.consents[0].id)
    return tab.view_selected()


def custodian_activity(p: Practice) -> QtWidgets.QWidget:
    """What the practitioner sees at unlock after the custodian used the vault."""
    activity = custodian.CustodianActivity(
        first_unlock_at="2026-11-20T09:00:00Z",
        entries=3,
        by_action={"client_viewed": 2, "unlock": 1},
        last_seq=int(p.session.db.scalar("SELECT max(seq) FROM audit_log")),
    )
    dialog = CustodianActivityDialog(p.session, activity, p.window)
    dialog.show()
    return dialog


def breach_page(step: int, *, kind: str = "paper") -> Opener:
    """The breach wizard, a lost paper folder with no client in it, page by page."""

    def opened(p: Practice) -> QtWidgets.QWidget | None:
        if kind == "export":
            release_summaries(p.session, [p.client_id], "Dr Wrong")
        register = p.window.area(BreachActions).open_breach_report()
        assert register is not None
        wizard = register.wizard
        report = wizard.report_page
        report.what.setPlainText("A folder of blank intake forms went missing.")
        report.occurred.setDate(to_qdate(date.today() - timedelta(days=3)))
        report.discovered.setDate(to_qdate(date.today() - timedelta(days=1)))
        report.found_by.setText("I did")
        report.kind.setCurrentIndex(report.kind.findData(kind))
        assert report.release.isVisible() == (kind == "export")
        if step >= 1:
            wizard.button(QtWidgets.QWizard.WizardButton.CommitButton).click()
            assess = wizard.assess_page
            assess.identifiers.setText("None")
            assess.sensitivity.setText("None")
            assess.person.setText("A passer-by")
            assess.mitigation.setPlainText("Recovered the same day")
            assess.encrypted.no.click()  # printed (asked for a release only)
            assess.acquired.setCurrentIndex(assess.acquired.findData("unknown"))
        if step >= 2:
            wizard.button(QtWidgets.QWizard.WizardButton.CommitButton).click()
        if step >= 3:
            wizard.next()
        if step >= 4:
            wizard.affected_page.none_reason.setText("The forms were blank")
            wizard.affected_page.none_button.click()
            wizard.next()
        assert wizard.currentId() == (REPORT, ASSESS, RESULT, AFFECTED, NOTICES)[step]
        return wizard

    return opened


def register_with_an_incident(p: Practice) -> QtWidgets.QWidget | None:
    wizard = breach_page(1)(p)
    assert wizard is not None
    register = wizard.parentWidget()
    wizard.reject()
    assert isinstance(register, BreachRegisterDialog) and register.entries
    register.table.selectRow(0)
    return register


def audit_export_done(p: Practice) -> QtWidgets.QWidget:
    log = p.window.area(AuditActions).open_audit_log()
    assert log is not None
    export = build_export(p.session, export_query(log.model.current_filter), description="All")
    dialog = ExportPasswordDialog(p.session.folder / "Audit log.pdf", export, log)
    dialog.show()
    return dialog


# name, opener, whether it must have a default button
WINDOWS: list[tuple[str, Opener, bool]] = [
    ("welcome", standalone(lambda p: WelcomeWindow(p.config)), False),
    ("create: name", wizard_page(0), True),
    ("create: passphrase", wizard_page(1), True),
    ("unlock", standalone(unlock_dialog), True),
    ("recover", standalone(lambda p: RecoverDialog(Path(p.session.folder))), True),
    ("main window", lambda p: p.window, False),
    ("client page", client_page, False),
    ("new client", records_dialog(lambda p: p.window.records_page.new_client()), True),
    ("edit client", records_dialog(lambda p: p.window.records_page.edit_client()), True),
    ("intake", records_dialog(lambda p: p.window.records_page.record_intake()), True),
    ("new case", records_dialog(lambda p: p.window.records_page.new_case()), True),
    (
        "note editor",
        records_dialog(lambda p: p.window.records_page.new_note_for_case(p.case_id)),
        False,
    ),
    (
        "agreement",
        records_dialog(lambda p: p.window.records_page.record_agreement(p.couple_case_id)),
        True,
    ),
    ("backup now", lambda p: p.window.area(BackupActions).open_backup_now(), True),
    ("backup settings", lambda p: p.window.area(BackupActions).open_backup_settings(), True),
    ("verify a backup", lambda p: p.window.area(BackupActions).open_verify_backup(), True),
    ("restore", lambda p: p.window.area(BackupActions).open_restore(), True),
    ("audit log", lambda p: p.window.area(AuditActions).open_audit_log(), False),
    ("settings", lambda p: p.window.area(PracticeActions).open_settings(), True),
    ("user guide", lambda p: p.window.area(HelpActions).open_guide(), False),
    ("security & keys", lambda p: p.window.area(VaultActions).open_security(), False),
    ("change passphrase", lambda p: p.window.area(VaultActions).open_change_passphrase(), True),
    ("client fields", lambda p: p.window.area(RecordsActions).open_client_fields(), True),
    # The disclosure windows (a client's Consents tab and what it opens).
    ("consents tab", consents_tab(lambda t: t), False),
    ("consent", consents_tab(lambda t: t.new_consent()), True),
    ("view a consent", consents_tab(view_consent), False),
    ("revoke consent", consents_tab(revoke), True),
    ("online search", consents_tab(lambda t: t.new_search()), True),
    ("accounting", consents_tab(accounting), False),
    ("requests", consents_tab(lambda t: t.open_requests()), False),
    ("record a request", consents_tab(new_request), True),
    ("extend a request", consents_tab(extend_request), True),
    ("fulfil a request", consents_tab(fulfil_request), True),
    ("requests due", lambda p: p.window.area(DisclosureActions).open_requests_due(), False),
    ("follow-ups", followups_due, False),
    ("consents expiring", consents_expiring, False),
    ("release: request", release_page("request"), True),
    ("release: items", release_page("items"), True),
    ("release: de-identification", release_page("review"), True),
    ("release: output", release_page("output"), True),
    ("practice details", lambda p: p.window.area(PracticeActions).open_practice_details(), True),
    # Closure and the records custodian.
    ("custodians", lambda p: p.window.area(ClosureActions).open_custodians(), False),
    ("designate a custodian", lambda p: p.window.area(ClosureActions).open_designate(), True),
    ("custodian's activity", custodian_activity, True),
    (
        "unlock as custodian",
        standalone(lambda p: CustodianUnlockDialog(p.session.folder, kdf=TEST_PARAMS)),
        True,
    ),
    ("closure: reason", closure_page(0), True),
    ("closure: keeper", closure_page(1), True),
    ("closure: notices", closure_page(2), True),
    ("retention: no rule yet", lambda p: p.window.area(ClosureActions).open_retention(), False),
    ("retention: a record due", retention_with_a_record_due, False),
    ("destroy", destroy_old_record, False),  # destroying is never what Enter does
    # Breach.
    ("breach register", lambda p: p.window.area(BreachActions).open_breach_register(), False),
    ("breach register: an incident", register_with_an_incident, False),
    ("breach: report", breach_page(0), True),
    ("breach: report of an export", breach_page(0, kind="export"), True),
    ("breach: assess", breach_page(1), True),
    ("breach: result", breach_page(2), True),
    ("breach: affected", breach_page(3), True),
    ("breach: notices", breach_page(4), True),
    ("audit export done", audit_export_done, True),
]


@pytest.mark.parametrize(("name", "opener", "default"), WINDOWS, ids=[w[0] for w in WINDOWS])
def test_every_input_is_reached_with_tab_and_named(
    qtbot: QtBot, practice: Practice, name: str, opener: Opener, default: bool
) -> None:
    window = opener(practice)
    assert window is not None, f"{name} did not open"
    with qtbot.waitExposed(window):
        window.show()
    try:
        check_keyboard(qtbot, window.window(), default=default)
        shot(window.window(), name)
    finally:
        created = getattr(window, "created", None)
        if created is not None:
            created.session.lock()
            window.created = None  # type: ignore[attr-defined]
        if window is not practice.window:
            window.close()


@pytest.fixture
def custodian_window(
    qtbot: QtBot, session: VaultSession, config: AppConfig
) -> Iterator[MainWindow]:
    """The main window of a records custodian (who unlocked with their code)."""
    made = custodian.designate(
        session, custodian.CustodianForm("primary", "Dr Rosa Vega", contact="x")
    )
    folder = session.folder
    session.lock()
    cust = open_vault(folder, made.code, kinds=("custodian",), kdf=TEST_PARAMS)
    try:
        window = MainWindow(cust, config)
        qtbot.addWidget(window)
        window.resize(1200, 760)
        with qtbot.waitExposed(window):
            window.show()
        yield window
        for dialog in window.findChildren(QtWidgets.QDialog):
            dialog.reject()
        window.request_lock()
    finally:
        cust.lock()


CustodianOpener = Callable[[MainWindow], QtWidgets.QWidget | None]
CUSTODIAN_WINDOWS: list[tuple[str, CustodianOpener, bool]] = [
    ("custodian: main window", lambda w: w, False),
    ("custodian: passphrase", lambda w: w.area(ClosureActions).open_custodian_passphrase(), True),
    ("custodian: custodians", lambda w: w.area(ClosureActions).open_custodians(), False),
    ("custodian: retention", lambda w: w.area(ClosureActions).open_retention(), False),
]


@pytest.mark.parametrize(
    ("name", "opener", "default"), CUSTODIAN_WINDOWS, ids=[w[0] for w in CUSTODIAN_WINDOWS]
)
def test_the_custodian_s_windows_too(
    qtbot: QtBot, custodian_window: MainWindow, name: str, opener: CustodianOpener, default: bool
) -> None:
    window = opener(custodian_window)
    assert window is not None, f"{name} did not open"
    with qtbot.waitExposed(window):
        window.show()
    try:
        check_keyboard(qtbot, window.window(), default=default)
    finally:
        if window is not custodian_window:
            window.close()


def test_everyday_actions_have_shortcuts(practice: Practice) -> None:
    window = practice.window
    records = window.records_page
    for action, keys in (
        (window.lock_action, "Ctrl+L"),
        (window.area(BackupActions).backup_now_action, "Ctrl+B"),
        (window.area(PracticeActions).settings_action, "Ctrl+,"),
        (window.quit_action, "Ctrl+Q"),
        (records.new_client_action, "Ctrl+N"),
        (records.find_action, "Ctrl+F"),
    ):
        assert action.shortcut().toString() == keys, action.text()


def test_ctrl_f_puts_the_cursor_in_search(qtbot: QtBot, practice: Practice) -> None:
    records = practice.window.records_page
    records.client_list.table.setFocus()
    qtbot.keyClick(records.client_list.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QtWidgets.QApplication.focusWidget() is records.client_list.search_edit


def mnemonic(text: str) -> str:
    """The letter after a single '&' ('&&' is a literal ampersand), lower case."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return ""


def test_a_dark_palette_gets_the_lighter_meaning_colours(qapp: QtWidgets.QApplication) -> None:
    """Error red and success green readable on a dark window (app-dark.qss after app.qss)."""
    from recordsafe.ui.app import _style_sheet  # noqa: PLC0415

    light = qapp.palette()
    assert "#ff8a80" not in _style_sheet().lower()
    dark = QtGui.QPalette(light)
    dark.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor("#2b2b2b"))
    dark.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor("#e8e8e8"))
    qapp.setPalette(dark)
    try:
        sheet = _style_sheet()
    finally:
        qapp.setPalette(light)
    assert sheet.index("QLabel#errorLabel") < sheet.lower().index("#ff8a80")


def test_enter_presses_the_focused_welcome_button(
    qtbot: QtBot, config: AppConfig, tmp_path: Path
) -> None:
    config.remember_vault(tmp_path / "Old.rsvault")
    window = WelcomeWindow(config)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is window.open_button)
    with qtbot.waitSignal(window.open_requested):
        qtbot.keyClick(window.open_button, Qt.Key.Key_Return)
    window.create_button.setFocus()
    with qtbot.waitSignal(window.create_requested):
        qtbot.keyClick(window.create_button, Qt.Key.Key_Return)


def test_enter_in_the_designate_form_designates(qtbot: QtBot, practice: Practice) -> None:
    """Enter presses Designate (an empty form: it says what is missing, nothing is made)."""
    dialog = practice.window.area(ClosureActions).open_designate()
    assert isinstance(dialog, DesignateDialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert dialog.form.error.isHidden()
    qtbot.keyClick(dialog.form.name, Qt.Key.Key_Return)
    assert not dialog.form.error.isHidden()
    assert custodian.active_custodians(practice.session) == []
    dialog.reject()
