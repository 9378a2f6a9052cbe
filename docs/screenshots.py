"""The user guide's pictures, made from the small demo vault so they never go stale.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py          # docs/images/*.png
    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py --check  # open all, save none
    .venv/bin/python docs/screenshots.py --only unlock,client-page --out /tmp/shots --dark

Everything happens in a temporary RecordSafe home: a fresh demo vault (fictional clients,
cheap test KDF so it takes seconds), fixed fonts (the bundled DejaVu Sans), the Fusion
style, a fixed date for the demo data and fixed window sizes, so two runs give the same
pictures. Nothing of the user's own settings or vaults is read or written.

Adding a screen is one line in SCREENS: a name (the PNG's name) and a function that
takes the `Stage` and returns the window to photograph, shown. The stage holds the open
demo session, the main window (built on first use), a scratch folder and the config.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
import keyring.backend  # noqa: E402

from recordsafe.ui.breach.actions import BreachActions  # noqa: E402
from recordsafe.ui.closure.actions import ClosureActions  # noqa: E402
from recordsafe.ui.practice.actions import PracticeActions  # noqa: E402
from recordsafe.ui.qt import QtCore, QtGui, QtWidgets  # noqa: E402

if TYPE_CHECKING:
    from recordsafe.ui.main_window import MainWindow

W = TypeVar("W", bound=QtWidgets.QWidget)
IMAGES = Path(__file__).resolve().parent / "images"
DEMO_DAY = date(2026, 11, 2)  # the demo data's "today": the pictures do not change daily
FONT_POINTS = 10
MAIN_SIZE = (1200, 760)
BACKUP_TIME = datetime(2026, 11, 2, 17, 30, tzinfo=UTC)
# Where a picture-writing run keeps its RecordSafe home, so the paths in the pictures
# read the same every time (a --check run uses a random temporary folder instead).
FIXED_HOME = Path(tempfile.gettempdir()) / "RecordSafe guide"
PRACTICE = (  # fictional
    "Harbour Lane Counselling",
    "Sam Rivers, LCSW",
    "12 Harbour Lane, Portsmouth · 555-0142 · sam@harbourlane.example",
)
NOTE_TEXT = (
    "Client arrived on time. We reviewed the sleep diary: settling faster on most nights. "
    "Practised paced breathing together. Plan: keep the diary for two more weeks."
)


@dataclass
class Stage:
    app: QtWidgets.QApplication
    home: Path
    scratch: Path
    config: Any  # AppConfig
    session: Any  # VaultSession of the demo vault
    _main: MainWindow | None = None
    opened: list[QtWidgets.QWidget] = field(default_factory=list)
    custodian_code: str | None = None  # in memory only, for the custodian-mode screens

    @property
    def main(self) -> MainWindow:
        """The main window over the demo vault, built once and kept for later screens."""
        if self._main is None:
            from recordsafe.ui.main_window import MainWindow  # noqa: PLC0415

            self._main = MainWindow(self.session, self.config)
            self._main.resize(*MAIN_SIZE)
            self._main.show()
            settle(self.app, self._main)
        return self._main

    def client(self, *, couple: bool = False) -> int:
        """A demo client with notes: one in a couple case when asked, else an individual."""
        kind = "couple" if couple else "individual"
        row = self.session.db.execute(
            "SELECT p.client_id FROM case_participants p JOIN cases k ON k.id = p.case_id "
            "JOIN clients c ON c.id = p.client_id WHERE k.kind = ? AND c.status = 'active' "
            "AND EXISTS (SELECT 1 FROM notes n WHERE n.case_id = k.id) "
            "ORDER BY p.client_id LIMIT 1",
            (kind,),
        )
        return int(row[0][0])

    def show(self, widget: W, size: tuple[int, int] | None = None) -> W:
        if size is not None:
            widget.resize(*size)
        widget.show()
        self.opened.append(widget)
        settle(self.app, widget)
        return widget


def settle(app: QtWidgets.QApplication, widget: QtWidgets.QWidget, seconds: float = 5) -> None:
    """Events processed until the window is on the (offscreen) screen and laid out."""
    handle = widget.window().windowHandle()
    deadline = time.monotonic() + seconds
    while handle is None or not handle.isExposed():
        app.processEvents()
        if time.monotonic() > deadline:
            break
        handle = widget.window().windowHandle()
    for _ in range(5):
        app.processEvents()


def opened(dialog: W | None) -> W:
    """The dialog a page action opened (None: the action refused, e.g. no client shown)."""
    if dialog is None:
        raise RuntimeError("the dialog did not open")
    return dialog


def wait_for(app: QtWidgets.QApplication, done: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if time.monotonic() > deadline:
            raise RuntimeError("a screen did not reach the state to photograph")


# --- the screens -----------------------------------------------------------------------------


def welcome(stage: Stage) -> QtWidgets.QWidget:
    from recordsafe.ui.welcome import WelcomeWindow  # noqa: PLC0415

    return stage.show(WelcomeWindow(stage.config), (640, 460))


def _wizard(stage: Stage, step: int) -> QtWidgets.QWidget:
    """The create wizard at page `step` (0 name, 1 passphrase, 2 recovery code, 3 check)."""
    from recordsafe.ui.vault.create_wizard import CreateVaultWizard  # noqa: PLC0415
    from recordsafe.vault import TEST_PARAMS  # noqa: PLC0415

    Button = QtWidgets.QWizard.WizardButton
    wizard = CreateVaultWizard(kdf=TEST_PARAMS)
    # Pages 3 and 4 create a vault each, so each gets a folder (their pictures hide it).
    folder = stage.scratch / ("Vaults" if step < 2 else f"Vaults {step}")
    folder.mkdir(parents=True, exist_ok=True)
    wizard.name_page.location.setText(str(folder))
    wizard.name_page.name.setText("My practice")
    stage.show(wizard)
    if step >= 1:
        wizard.button(Button.NextButton).click()
        page = wizard.passphrase_page
        words = "copper meadow lantern quietly 42"  # an example only, shown as dots
        page.new.line_edit.setText(words)
        page.confirm.line_edit.setText(words)
    if step >= 2:
        wizard.button(Button.CommitButton).click()
        wait_for(stage.app, lambda: wizard.currentPage() is wizard.code_page)
    if step >= 3:
        wizard.button(Button.NextButton).click()
    settle(stage.app, wizard)
    return wizard


def _close_wizard(widget: QtWidgets.QWidget) -> None:
    created = getattr(widget, "created", None)
    if created is not None:
        created.session.lock()
        widget.created = None  # type: ignore[attr-defined]


def unlock(stage: Stage) -> QtWidgets.QWidget:
    from recordsafe.ui.vault.unlock_dialog import UnlockDialog  # noqa: PLC0415

    dialog = UnlockDialog(stage.config, folder=stage.session.folder, try_device=False)
    return stage.show(dialog)


def main_window(stage: Stage) -> QtWidgets.QWidget:
    return stage.main


def client_page(stage: Stage) -> QtWidgets.QWidget:
    stage.main.pages.setCurrentIndex(0)
    stage.main.records_page.client_list.search_edit.clear()
    stage.main.records_page.open_client(stage.client())
    settle(stage.app, stage.main)
    return stage.main


def search(stage: Stage) -> QtWidgets.QWidget:
    stage.main.pages.setCurrentIndex(0)
    client_list = stage.main.records_page.client_list
    client_list.search_edit.setText("sleep diary")
    client_list.run_search()
    settle(stage.app, stage.main)
    return stage.main


def note_editor(stage: Stage) -> QtWidgets.QWidget:
    """A new progress note being written (a draft in the throwaway demo vault)."""
    from recordsafe.ui.records.note_editor import NoteEditor  # noqa: PLC0415

    records = stage.main.records_page
    client_id = stage.client()
    records.open_client(client_id)
    case_id = stage.session.db.scalar(
        "SELECT k.id FROM cases k JOIN case_participants p ON p.case_id = k.id "
        "WHERE k.kind = 'individual' AND p.client_id = ? LIMIT 1",
        (client_id,),
    )
    editor = opened(records.new_note_for_case(int(case_id)))
    if not isinstance(editor, NoteEditor):
        raise RuntimeError("the note editor did not open")
    editor.body_edit.setPlainText(NOTE_TEXT)
    return stage.show(editor, (760, 560))


def intake(stage: Stage) -> QtWidgets.QWidget:
    records = stage.main.records_page
    records.open_client(stage.client())
    return stage.show(opened(records.record_intake()))


def couple_case(stage: Stage) -> QtWidgets.QWidget:
    stage.main.records_page.open_client(stage.client(couple=True))
    settle(stage.app, stage.main)
    return stage.main


def couple_agreement(stage: Stage) -> QtWidgets.QWidget:
    records = stage.main.records_page
    client_id = stage.client(couple=True)
    records.open_client(client_id)
    case_id = stage.session.db.scalar(
        "SELECT k.id FROM cases k JOIN case_participants p ON p.case_id = k.id "
        "WHERE k.kind = 'couple' AND p.client_id = ? LIMIT 1",
        (client_id,),
    )
    return stage.show(opened(records.record_agreement(int(case_id))))


def _backup_dir(stage: Stage) -> Path:
    from recordsafe.vault import backup  # noqa: PLC0415

    folder = stage.scratch / "Backups"
    if not folder.exists():
        folder.mkdir()
        backup.set_backup_dir(stage.session, folder)
    return folder


def backup_now(stage: Stage) -> QtWidgets.QWidget:
    from recordsafe.ui.backup.backup_now_dialog import BackupNowDialog  # noqa: PLC0415

    _backup_dir(stage)
    return stage.show(BackupNowDialog(stage.session, parent=stage.main))


def _a_backup(stage: Stage) -> Path:
    from recordsafe.vault import backup  # noqa: PLC0415

    folder = _backup_dir(stage)
    made = sorted(folder.glob("*.rsbackup"))
    return made[-1] if made else backup.create_backup(stage.session, folder, now=BACKUP_TIME)


def verify_backup(stage: Stage) -> QtWidgets.QWidget:
    from recordsafe.ui.backup.verify_backup_dialog import VerifyBackupDialog  # noqa: PLC0415

    file = _a_backup(stage)
    dialog = VerifyBackupDialog(stage.session, parent=stage.main)
    _fill_path(dialog, file)
    return stage.show(dialog)


def restore(stage: Stage) -> QtWidgets.QWidget:
    from recordsafe.ui.backup.restore_dialog import RestoreDialog  # noqa: PLC0415

    file = _a_backup(stage)
    dialog = RestoreDialog(stage.session, parent=stage.main)
    _fill_path(dialog, file)
    return stage.show(dialog)


def _fill_path(dialog: QtWidgets.QWidget, file: Path) -> None:
    """Type the backup's path into the dialog's first path field, as a user would."""
    from recordsafe.ui.backup.path_field import PathField  # noqa: PLC0415

    fields = dialog.findChildren(PathField)
    if fields:
        fields[0].line_edit.setText(str(file))


def audit_log(stage: Stage) -> QtWidgets.QWidget:
    from recordsafe.ui.audit.audit_log_dialog import AuditLogDialog  # noqa: PLC0415

    return stage.show(AuditLogDialog(stage.session, parent=stage.main), (900, 600))


def settings(stage: Stage) -> QtWidgets.QWidget:
    from recordsafe.ui.settings_dialog import SettingsDialog  # noqa: PLC0415

    return stage.show(SettingsDialog(stage.config, parent=stage.main))


def security(stage: Stage) -> QtWidgets.QWidget:
    from recordsafe.ui.vault.security_dialog import SecurityDialog  # noqa: PLC0415

    return stage.show(SecurityDialog(stage.session, parent=stage.main))


def practice_details(stage: Stage) -> QtWidgets.QWidget:
    return stage.show(opened(stage.main.area(PracticeActions).open_practice_details()))


# --- releasing records -----------------------------------------------------------------------


def _client_tabs(stage: Stage, client_id: int, tab: str) -> Any:
    """The client's page with the named tab shown; returns the page."""
    stage.main.pages.setCurrentIndex(0)
    records = stage.main.records_page
    records.open_client(client_id)
    page = records.page
    if page is None:
        raise RuntimeError("the client's page did not open")
    for index in range(page.tabs.count()):
        if page.tabs.tabText(index) == tab:
            page.tabs.setCurrentIndex(index)
    settle(stage.app, stage.main)
    return page


def _fill_consent(dialog: Any) -> None:
    """A complete authorization, as typed from a signed form (fictional recipient)."""
    from recordsafe.ui.widgets.dates import to_qdate  # noqa: PLC0415

    dialog.by_client.setChecked(True)
    dialog.kind_boxes["progress"].setChecked(True)
    dialog.range_check.setChecked(True)
    dialog.date_from.setDate(to_qdate(date(2026, 1, 1)))
    dialog.date_to.setDate(to_qdate(DEMO_DAY))
    dialog.disclosing_party.setText(PRACTICE[0])
    dialog.recipient_name.setText("Dr Alan Reyes")
    dialog.recipient_organisation.setText("Northside Medical Group")
    dialog.recipient_address.setPlainText("4 Mill Road\nPortsmouth")
    dialog.purpose_boxes["treatment"].setChecked(True)
    dialog.expiry_check.setChecked(True)
    dialog.expires_on.setDate(to_qdate(date(2027, 11, 2)))
    dialog.states_revoke.setChecked(True)
    dialog.states_conditioning.setChecked(True)
    dialog.states_redisclosure.setChecked(True)
    dialog.signed_on.setDate(to_qdate(DEMO_DAY))


def consent_dialog(stage: Stage) -> QtWidgets.QWidget:
    page = _client_tabs(stage, stage.client(), "Consents")
    dialog: QtWidgets.QDialog = opened(page.consents_tab.new_consent())
    _fill_consent(dialog)
    return stage.show(dialog, (760, 1080))


def consents_tab(stage: Stage) -> QtWidgets.QWidget:
    """The Consents tab with one authorization recorded through the dialog."""
    client_id = stage.client()
    page = _client_tabs(stage, client_id, "Consents")
    if not page.consents_tab.status_texts():
        dialog = opened(page.consents_tab.new_consent())
        _fill_consent(dialog)
        buttons = dialog.findChild(QtWidgets.QDialogButtonBox)
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
        if dialog.saved_id is None:
            raise RuntimeError(f"the consent was not saved: {dialog.error_label.text()}")
        page = _client_tabs(stage, client_id, "Consents")
    stage.main.resize(1440, MAIN_SIZE[1])  # room for all of the page's tabs
    settle(stage.app, stage.main)
    return stage.main


def _couple_partner(stage: Stage) -> int:
    """A partner in a demo couple case whose other partner has an individual-session note
    there (the wife asking for her own records of the couple work)."""
    db = stage.session.db
    alone = db.execute(
        "SELECT n.case_id, min(s.client_id) FROM notes n JOIN note_subjects s "
        "ON s.note_id = n.id JOIN cases k ON k.id = n.case_id WHERE k.kind = 'couple' "
        "AND n.status = 'signed' GROUP BY n.id HAVING count(*) = 1 ORDER BY n.id LIMIT 1"
    )
    case_id, about = (int(v) for v in alone[0])
    return int(
        db.scalar(
            "SELECT client_id FROM case_participants WHERE case_id = ? AND client_id != ? "
            "ORDER BY client_id LIMIT 1",
            (case_id, about),
        )
    )


def _release(stage: Stage, step: int) -> QtWidgets.QWidget:
    """The release dialog at `step` (0 request, 1 items, 2 output), as a user reaches it:
    the wife's page, Release records…, her own request."""
    asking = _couple_partner(stage)
    _client_tabs(stage, asking, "Progress notes")
    dialog = opened(stage.main.records_page.release_records())
    dialog.set_purpose("client_request")
    dialog.set_requester("client")  # the recipient becomes the client herself
    stage.show(dialog)
    if step >= 1:
        dialog.next()
        decision, model = dialog.decision, dialog.model
        if dialog.stack.currentWidget() is not dialog.items_page or not (decision and model):
            raise RuntimeError(
                f"the request was refused: {dialog.request_page.request_error.text()}"
            )
        allowed = [n for n, d in enumerate(decision.items) if d.status == "allowed"]
        blocked = [d for d in decision.items if d.status == "blocked"]
        if not allowed or not blocked:
            raise RuntimeError("the couple example needs allowed and blocked items")
        for row in allowed:  # what she asked for, all of it hers to have
            model.set_checked(row, True)
        dialog.items_page.table.scrollTo(model.index(allowed[-1], 0))
    if step >= 2:
        dialog.next()
        if dialog.stack.currentWidget() is not dialog.output_page:
            raise RuntimeError(f"the items were refused: {dialog.items_page.items_error.text()}")
        # Shown, never written: nothing is released unless "Release and save" is pressed.
        dialog.output_page.path_field.set_path(
            stage.scratch / f"Release {DEMO_DAY.isoformat()}.pdf"
        )
    settle(stage.app, dialog)
    return dialog


# --- closing the practice: the custodian -----------------------------------------------------

CUSTODIAN = (
    "Dr Rosa Vega",
    "Clinical psychologist",
    "PSY 12345",
    "rosa.vega@example.org, 555-0100",
)


def _designated(stage: Stage) -> None:
    from recordsafe.closure import custodian  # noqa: PLC0415

    if stage.custodian_code is not None or stage.session.is_custodian:
        return
    name, profession, licence, contact = CUSTODIAN
    made = custodian.designate(
        stage.session,
        custodian.CustodianForm(
            "primary",
            name,
            profession=profession,
            licence=licence,
            contact=contact,
            instructions="The vault is on the office laptop; backups on the grey USB drive in "
            "the safe. Tell every active client within 30 days.",
        ),
    )
    stage.custodian_code = made.code


def custodians(stage: Stage) -> QtWidgets.QWidget:
    _designated(stage)
    return stage.show(opened(stage.main.area(ClosureActions).open_custodians()))


def _custodian_mode(stage: Stage) -> None:
    """Lock the practitioner's session and open the vault with the custodian's code."""
    from recordsafe.vault import TEST_PARAMS, open_vault  # noqa: PLC0415

    if stage.session.is_custodian:
        return
    _designated(stage)
    assert stage.custodian_code is not None
    folder = stage.session.folder
    if stage._main is not None:
        stage._main.close()
        stage._main.deleteLater()
        stage._main = None
    stage.session.lock()
    stage.app.processEvents()
    stage.session = open_vault(folder, stage.custodian_code, kinds=("custodian",), kdf=TEST_PARAMS)


def custodian_mode(stage: Stage) -> QtWidgets.QWidget:
    _custodian_mode(stage)
    stage.main.pages.setCurrentIndex(0)
    settle(stage.app, stage.main)
    return stage.main


def closure_wizard(stage: Stage) -> QtWidgets.QWidget:
    _custodian_mode(stage)
    from recordsafe.ui.closure.closure_wizard import ClosureWizard  # noqa: PLC0415

    wizard = opened(stage.main.area(ClosureActions).open_closure_wizard())
    if not isinstance(wizard, ClosureWizard):
        raise RuntimeError("the closure wizard did not open")
    wizard.reason_page.buttons["retirement"].setChecked(True)
    stage.show(wizard, (900, 600))
    # The notices page: one notice per active client, with their passwords' column.
    wizard.next()
    wizard.keeper_page.referrals.setPlainText(
        "Harbour Counselling Centre (555-0142) has agreed to see clients of this practice."
    )
    wizard.next()
    if wizard.currentPage() is not wizard.notices_page:
        raise RuntimeError(f"the plan was refused: {wizard.keeper_page.error.text()}")
    settle(stage.app, wizard)
    return wizard


def retention(stage: Stage) -> QtWidgets.QWidget:
    _custodian_mode(stage)
    from recordsafe.ui.closure.retention_dialog import RetentionDialog  # noqa: PLC0415

    dialog = opened(stage.main.area(ClosureActions).open_retention())
    if not isinstance(dialog, RetentionDialog):
        raise RuntimeError("the retention window did not open")
    dialog.years.setValue(7)
    dialog.minor_years.setValue(3)
    dialog.save_rule_button.click()
    return stage.show(dialog, (1000, 640))


# --- a breach --------------------------------------------------------------------------------


def _breach(stage: Stage, step: int) -> QtWidgets.QWidget:
    """A lost USB drive with an encrypted backup: 0 the report, 1 the assessment, 2 the
    register once the assessment is signed."""
    from recordsafe.ui.breach.register_dialog import BreachRegisterDialog  # noqa: PLC0415
    from recordsafe.ui.widgets.dates import to_qdate  # noqa: PLC0415

    Button = QtWidgets.QWizard.WizardButton
    register = opened(stage.main.area(BreachActions).open_breach_register())
    if not isinstance(register, BreachRegisterDialog):
        raise RuntimeError("the breach register did not open")
    register.resize(1000, 680)
    stage.opened.append(register)
    if step >= 2 and register.table.rowCount():  # the one reported for the assessment
        register.table.selectRow(0)
        wizard = opened(register.continue_incident())
        stage.show(wizard, (820, 700))
        return _sign_assessment(stage, register, wizard)
    wizard = opened(register.report_incident())
    page = wizard.report_page
    page.what.setPlainText(
        "A USB drive with last week's backup was left on the train and has not been found."
    )
    page.occurred.setDate(to_qdate(date(2026, 10, 30)))
    page.discovered.setDate(to_qdate(date(2026, 10, 31)))
    page.found_by.setText("I did, the next morning")
    page.kind.setCurrentIndex(page.kind.findData("backup"))
    page.detail.setText("Practice backup of 26 October, grey USB drive")
    stage.show(wizard, (820, 700))
    if step >= 1:
        wizard.button(Button.CommitButton).click()
        if wizard.currentPage() is not wizard.assess_page:
            raise RuntimeError(f"the report was refused: {page.problem.text()}")
        wizard.assess_page.person.setText("Unknown (a lost drive)")
        wizard.assess_page.encrypted.yes.click()
        wizard.assess_page.key_exposed.no.click()
    if step >= 2:
        return _sign_assessment(stage, register, wizard)
    settle(stage.app, wizard)
    return wizard


def _sign_assessment(stage: Stage, register: Any, wizard: Any) -> QtWidgets.QWidget:
    """Sign the (safe-harbour) assessment and finish: the register, incident selected."""
    Button = QtWidgets.QWizard.WizardButton
    if wizard.currentPage() is not wizard.assess_page:
        raise RuntimeError("the wizard did not reach the assessment")
    wizard.assess_page.person.setText("Unknown (a lost drive)")
    wizard.assess_page.encrypted.yes.click()
    wizard.assess_page.key_exposed.no.click()
    wizard.button(Button.CommitButton).click()
    wizard.button(Button.FinishButton).click()
    stage.opened.remove(wizard)  # it deletes itself when finished
    settle(stage.app, register)
    register.table.selectRow(0)
    shown: QtWidgets.QWidget = stage.show(register)
    return shown


# One line per picture: the PNG's name and the function that opens the screen.
SCREENS: list[tuple[str, Callable[[Stage], QtWidgets.QWidget]]] = [
    ("welcome", welcome),
    ("create-1-name", lambda stage: _wizard(stage, 0)),
    ("create-2-passphrase", lambda stage: _wizard(stage, 1)),
    ("create-3-recovery-code", lambda stage: _wizard(stage, 2)),
    ("create-4-check", lambda stage: _wizard(stage, 3)),
    ("unlock", unlock),
    ("main-window", main_window),
    ("client-page", client_page),
    ("search", search),
    ("note-editor", note_editor),
    ("intake", intake),
    ("couple-case", couple_case),
    ("couple-agreement", couple_agreement),
    ("backup-now", backup_now),
    ("verify-backup", verify_backup),
    ("restore", restore),
    ("audit-log", audit_log),
    ("settings", settings),
    ("security", security),
    ("practice-details", practice_details),
    ("consent-dialog", consent_dialog),
    ("consents-tab", consents_tab),
    ("release-1-request", lambda stage: _release(stage, 0)),
    ("release-2-items", lambda stage: _release(stage, 1)),
    ("release-3-output", lambda stage: _release(stage, 2)),
    ("breach-1-report", lambda stage: _breach(stage, 0)),
    ("breach-2-assessment", lambda stage: _breach(stage, 1)),
    ("breach-register", lambda stage: _breach(stage, 2)),
    ("custodians", custodians),
    ("custodian-mode", custodian_mode),
    ("closure-wizard", closure_wizard),
    ("retention", retention),
]


# --- running ---------------------------------------------------------------------------------


def dark_palette() -> QtGui.QPalette:
    """A plain dark palette, to check that nothing hard-codes light-theme colours."""
    role = QtGui.QPalette.ColorRole
    colour = QtGui.QColor
    palette = QtGui.QPalette()
    for which, value in (
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#e8e8e8"),
        (role.Base, "#1f1f1f"),
        (role.AlternateBase, "#2a2a2a"),
        (role.Text, "#e8e8e8"),
        (role.Button, "#353535"),
        (role.ButtonText, "#e8e8e8"),
        (role.ToolTipBase, "#353535"),
        (role.ToolTipText, "#e8e8e8"),
        (role.PlaceholderText, "#9a9a9a"),
        (role.Highlight, "#3d6fb4"),
        (role.HighlightedText, "#ffffff"),
        (role.Link, "#8ab4f8"),
        (role.Mid, "#555555"),
        (role.Dark, "#202020"),
        (role.Light, "#505050"),
    ):
        palette.setColor(which, colour(value))
    return palette


def _quiet_offscreen_noise(kind: Any, context: Any, message: str) -> None:
    if "does not support propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


def prepare_app(*, dark: bool) -> QtWidgets.QApplication:
    from recordsafe.resources import resource_path  # noqa: PLC0415
    from recordsafe.ui.app import _style_sheet  # noqa: PLC0415

    existing = QtWidgets.QApplication.instance()
    app = existing if isinstance(existing, QtWidgets.QApplication) else None
    if app is None:
        app = QtWidgets.QApplication(["RecordSafe"])
        QtCore.qInstallMessageHandler(_quiet_offscreen_noise)  # only an app of our own
    app.setApplicationName("RecordSafe")
    app.setApplicationDisplayName("RecordSafe")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"):
        QtGui.QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
    app.setFont(QtGui.QFont("DejaVu Sans", FONT_POINTS))
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    app.setStyleSheet(_style_sheet())
    return app


class _MemoryKeyring(keyring.backend.KeyringBackend):
    """The run never reads or writes the user's own keyring."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@contextlib.contextmanager
def private_home(fixed: bool) -> Iterator[Path]:
    """A throwaway RECORDSAFE_HOME and keyring for the run; both are put back after."""
    previous = os.environ.get("RECORDSAFE_HOME")
    previous_keyring = keyring.get_keyring()
    if fixed:
        marker = FIXED_HOME / ".made-by-screenshots"
        if FIXED_HOME.exists() and not marker.exists():
            raise SystemExit(f"{FIXED_HOME} exists and was not made by this script: move it")
        shutil.rmtree(FIXED_HOME, ignore_errors=True)
        FIXED_HOME.mkdir(mode=0o700)
        marker.touch()
        context: Any = contextlib.nullcontext(str(FIXED_HOME))
    else:
        context = tempfile.TemporaryDirectory(prefix="recordsafe-shots-")
    with context as home:
        os.environ["RECORDSAFE_HOME"] = home
        keyring.set_keyring(_MemoryKeyring())
        try:
            yield Path(home)
        finally:
            keyring.set_keyring(previous_keyring)
            if previous is None:
                os.environ.pop("RECORDSAFE_HOME", None)
            else:
                os.environ["RECORDSAFE_HOME"] = previous
            if fixed:
                shutil.rmtree(FIXED_HOME, ignore_errors=True)


def demo_session(home: Path) -> Any:
    """The demo vault (fictional practice, cheap KDF) where `recordsafe --demo` keeps it."""
    from recordsafe import paths  # noqa: PLC0415
    from recordsafe.demo import DEMO_PASSPHRASE  # noqa: PLC0415
    from recordsafe.disclosure.practice_info import PracticeInfo, save_practice_info  # noqa: PLC0415
    from recordsafe.records import demo_data  # noqa: PLC0415
    from recordsafe.vault import TEST_PARAMS, create_vault  # noqa: PLC0415

    folder = paths.demo_vault_path()
    folder.parent.mkdir(parents=True, exist_ok=True)
    made = create_vault(folder, DEMO_PASSPHRASE, kdf=TEST_PARAMS)
    demo_data.populate(made.session, "small", seed=7, day=DEMO_DAY)
    name, practitioner, contact = PRACTICE  # a fictional practice, for letters and notices
    save_practice_info(made.session, PracticeInfo(name, practitioner, contact))
    return made.session


def run(names: list[str] | None, out: Path | None, *, dark: bool = False) -> list[str]:
    """Open each screen (all, or `names`); save PNGs into `out` unless it is None.

    Returns the names opened; raises on the first screen that fails to open.
    """
    from recordsafe.app_config import AppConfig  # noqa: PLC0415

    chosen = [(n, f) for n, f in SCREENS if names is None or n in names]
    unknown = set(names or ()) - {n for n, _ in SCREENS}
    if unknown:
        raise SystemExit(f"unknown screen(s): {', '.join(sorted(unknown))}")
    app = prepare_app(dark=dark)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    done: list[str] = []
    with private_home(fixed=out is not None) as home:
        scratch = home / "Documents"
        scratch.mkdir()
        session = demo_session(home)
        config = AppConfig()
        config.remember_vault(session.folder)
        stage = Stage(app, home, scratch, config, session)
        try:
            for name, open_screen in chosen:
                widget = open_screen(stage)
                settle(app, widget)
                if out is not None:
                    target = out / f"{name}.png"
                    if not widget.window().grab().save(str(target)):
                        raise RuntimeError(f"could not write {target}")
                done.append(name)
                for opened in stage.opened:
                    _close_wizard(opened)
                    opened.close()
                    opened.deleteLater()
                stage.opened.clear()
                if stage._main is not None:
                    stage._main.resize(*MAIN_SIZE)
                app.processEvents()
        finally:
            if stage._main is not None:
                stage._main.close()
                stage._main.deleteLater()
            for open_session in (stage.session, session):  # custodian mode: a second one
                if open_session.is_open:
                    open_session.lock()
            app.processEvents()
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="open every screen, save nothing")
    parser.add_argument("--only", help="comma-separated screen names")
    parser.add_argument("--out", type=Path, default=IMAGES, help="folder for the PNGs")
    parser.add_argument("--dark", action="store_true", help="a dark palette (for checking)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    names = [n.strip() for n in args.only.split(",")] if args.only else None
    done = run(names, None if args.check else args.out, dark=args.dark)
    where = "checked" if args.check else f"saved in {args.out}"
    print(f"{len(done)} screens {where}: {', '.join(done)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
