"""Designate → kit → lock → unlock as custodian → banner → retention → destroy → the
practitioner sees it on return. Real widgets over a real vault (cheap KDF)."""

from __future__ import annotations

import os
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import custodian, destruction, retention
from recordsafe.disclosure import gate, release, requests
from recordsafe.disclosure.practice_info import PracticeInfo, save_practice_info
from recordsafe.outputs import encryption
from recordsafe.outputs.pdf_layout import long_date
from recordsafe.records import clients, intake
from recordsafe.ui.closure.actions import ClosureActions
from recordsafe.ui.closure.closure_wizard import ClosureWizard
from recordsafe.ui.closure.custodian_unlock_dialog import CustodianUnlockDialog
from recordsafe.ui.closure.designate_dialog import DesignateDialog
from recordsafe.ui.closure.destroy_dialog import DestroyDialog
from recordsafe.ui.closure.retention_dialog import RetentionDialog
from recordsafe.ui.disclosure.actions import DisclosureActions
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import Qt, QtCore, QtWidgets
from recordsafe.ui.vault.unlock_dialog import UnlockDialog
from recordsafe.ui.vault.unlock_result import UnlockResult
from recordsafe.ui.widgets.dates import format_day
from recordsafe.vault import TEST_PARAMS, VaultSession, WrongSecret, open_vault
from tests.closure.conftest import CUSTODIAN_FORM, Practice
from tests.ui.answer import (
    answering_file_dialog,
    answering_input,
    answering_question,
    answering_question_text,
)
from tests.ui.closure.conftest import shot
from tests.ui.closure.helpers import (
    click,
    custodian_window,
    fill_check,
    open_window,
    pdf_text,
    practitioner_back,
)

TODAY = date.today()
ROSA = custodian.CustodianForm("primary", "Dr Rosa Vega", contact="x")
ILL_SINCE = TODAY - timedelta(days=40)


def designate_by_hand(
    qtbot: QtBot,
    win: MainWindow,
    tmp_path: Path,
) -> tuple[str, Path]:
    custodians = win.area(ClosureActions).open_custodians()
    assert custodians is not None
    click(qtbot, custodians.findChild(QtWidgets.QPushButton, "primaryDesignate"))
    dialog = next(d for d in win.findChildren(DesignateDialog) if d.isVisible())
    # An empty form is refused inline.
    click(qtbot, dialog.make_button)
    assert "name" in dialog.form.error.text()
    qtbot.keyClicks(dialog.form.name, "Dr Rosa Vega")
    qtbot.keyClicks(dialog.form.profession, "Clinical psychologist")
    qtbot.keyClicks(dialog.form.licence, "PSY 12345")
    click(qtbot, dialog.make_button)
    assert "reach the custodian" in dialog.form.error.text()
    qtbot.keyClicks(dialog.form.contact, "rosa.vega@example.org, 555-0100")
    dialog.form.instructions.setPlainText(
        "The vault is on the office laptop; backups on the grey USB drive in the safe.\n\n"
        "Tell every active client within 30 days; refer them to the Harbour Clinic."
    )
    shot(dialog, "01-designate-form")
    click(qtbot, dialog.make_button)
    qtbot.waitUntil(lambda: dialog.code_shown, timeout=10_000)
    code = dialog.code_page.code
    shot(dialog, "02-code-once")

    backups = tmp_path / "backups"
    backups.mkdir()
    with answering_file_dialog(backups) as asked:
        click(qtbot, dialog.code_page.backup_button)
    assert asked == ["Choose a folder for the backup"]
    qtbot.waitUntil(lambda: dialog.handoff is not None, timeout=20_000)
    assert dialog.handoff is not None and dialog.handoff.verified
    assert "opens with this custodian code" in dialog.code_page.backup_status.text()

    kit = tmp_path / "kit.pdf"
    with answering_file_dialog(kit) as asked:
        click(qtbot, dialog.code_page.kit_button)
    assert asked == ["Save custodian kit"]
    text = pdf_text(kit)
    assert code in text and "grey USB drive" in text and dialog.handoff.file.name in text
    assert not dialog.done_button.isEnabled()
    fill_check(qtbot, dialog)
    click(qtbot, dialog.done_button)
    assert not dialog.isVisible()
    custodians.refresh()
    assert "Dr Rosa Vega" in custodians.labels["primary"].text()
    shot(custodians, "03-custodians")
    return code, kit


def unlock_as_custodian(qtbot: QtBot, config: AppConfig, folder: Path, code: str) -> UnlockResult:
    unlock = UnlockDialog(config, folder=folder, kdf=TEST_PARAMS, try_device=False)
    qtbot.addWidget(unlock)
    unlock.show()
    shot(unlock, "04-unlock")
    click(qtbot, unlock.custodian_button)
    dialog = unlock.findChild(CustodianUnlockDialog)
    assert dialog is not None
    # A wrong code: a clear inline message, the dialog stays.
    qtbot.keyClicks(dialog.secret.line_edit, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG")
    click(qtbot, dialog.unlock_button)
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.error.isHidden(), timeout=10_000)
    assert "does not open this vault as its custodian" in dialog.error.text()
    shot(dialog, "05-wrong-code")
    dialog.secret.clear()
    qtbot.keyClicks(dialog.secret.line_edit, code.lower().replace("-", " "))
    with qtbot.waitSignal(unlock.unlocked, timeout=10_000) as blocker:
        click(qtbot, dialog.unlock_button)
    result: UnlockResult = blocker.args[0]
    assert result.session.is_custodian
    assert any("first time" in n for n in result.notices)
    return result


def run_closure_wizard(
    qtbot: QtBot,
    win: MainWindow,
    tmp_path: Path,
) -> None:
    wizard = win.area(ClosureActions).open_closure_wizard()
    assert isinstance(wizard, ClosureWizard)
    next_button = wizard.button(QtWidgets.QWizard.WizardButton.NextButton)
    click(qtbot, next_button)
    assert "Choose why" in wizard.reason_page.error.text()
    assert wizard.currentPage() is wizard.reason_page
    radio = wizard.reason_page.buttons["incapacity"]
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QtCore.QPoint(8, radio.height() // 2))
    assert wizard.reason_page.reason() == "incapacity"
    # The day the incapacity began is asked, and required (never a silent today).
    click(qtbot, next_button)
    assert "illness or incapacity began" in wizard.reason_page.error.text()
    assert wizard.currentPage() is wizard.reason_page
    qtbot.keyClicks(wizard.reason_page.reason_day, format_day(ILL_SINCE))
    shot(wizard, "13-wizard-reason")
    click(qtbot, next_button)
    assert wizard.keeper_page.keeper_name.text() == "Dr Rosa Vega"
    click(qtbot, next_button)
    assert "referrals" in wizard.keeper_page.error.text()
    qtbot.keyClicks(
        wizard.keeper_page.referrals,
        "Harbour Counselling Centre (555-0142) has agreed to see clients of this practice.",
    )
    shot(wizard, "14-wizard-keeper")
    click(qtbot, next_button)
    page = wizard.notices_page
    assert wizard.currentPage() is page
    assert page.table.rowCount() == 4  # every active client
    notices_dir = tmp_path / "notices"
    notices_dir.mkdir()
    yes = QtWidgets.QMessageBox.StandardButton.Yes
    with answering_question(yes) as warned, answering_file_dialog(notices_dir) as asked:
        click(qtbot, page.save_button)
    assert warned == ["Notices without a postal address"]  # no client has one on file
    assert asked == ["Choose a folder for the notices"]
    assert page.error.isHidden(), page.error.text()
    files = sorted(notices_dir.iterdir())
    assert len(files) == 4 and all("Ada" not in f.name for f in files)
    first = page.notices[0]
    assert first.client_name == "Ada Wren" and first.sent
    assert first.file_name is not None and first.has_password
    page.table.selectRow(0)
    click(qtbot, page.show_password_button)
    target, password = notices_dir / first.file_name, page.passwords[first.letter_id]
    assert page.table.item(0, 3).text() == password
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    text = " ".join(pdf_text(target, password).split())
    assert "Dear Ada Wren" in text
    assert f"has not been able to practise since {long_date(ILL_SINCE)}" in text
    assert "Harbour Counselling Centre" in text
    render_for_eyes(target, password, "15-notice-pdf")
    page.table.selectRow(0)
    page.delivered_how.setCurrentIndex(page.delivered_how.findData("in person"))
    click(qtbot, page.mark_button)
    assert "In person" in page.table.item(0, 1).text()
    shot(wizard, "16-wizard-notices")
    said: list[str] = []
    finish = wizard.button(QtWidgets.QWizard.WizardButton.FinishButton)
    with answering_question_text(yes, said):
        click(qtbot, finish)
    [text] = said
    assert text.startswith("3 saved notices are not yet recorded as delivered")
    assert not wizard.isVisible()


def render_for_eyes(pdf: Path, password: str, name: str) -> None:
    folder = os.environ.get("RECORDSAFE_SHOTS")
    if folder:
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-upw",
                password,
                str(pdf),
                f"{folder}/closure-{name}",
            ],
            check=True,
        )


def answer_a_request(qtbot: QtBot, win: MainWindow, practice: Practice, tmp_path: Path) -> None:
    """Ben asks for his records: the custodian releases them through the gate and marks
    the request answered in the Requests window."""
    session = win._session
    assert session is not None
    ben = practice.clients["ben"]
    request_id = requests.receive(session, ben, "own_records", received_on=TODAY, today=TODAY)
    items = (gate.Item("note", practice.notes["ben"]), gate.Item("summary", ben))
    ask = gate.Request(
        items=items,
        recipient=gate.Recipient("Ben Ode"),
        purpose="client_request",
        requested_by="client",
        requester_client_id=ben,
    )
    decision = gate.evaluate(session, ask, today=TODAY)
    assert decision.all_allowed, [d.reason for d in decision.items]
    texts = release.item_texts(session, ask.items, today=TODAY)
    password = encryption.generate_password()
    release.release_to_file(
        session,
        ask,
        decision,
        texts=texts,
        cover=release.cover_for(session, decision, part2=False),
        password=password,
        target=tmp_path / "ben-records.pdf",
        client_informed=True,
    )
    window = win.area(DisclosureActions).open_requests_due()
    assert window is not None
    window.select_request(request_id)
    fulfil = window.fulfil_selected()
    assert fulfil is not None
    shot(fulfil, "17-request-answered")
    click(qtbot, fulfil.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok))
    assert requests.get_request(session, request_id).fulfilled_on == TODAY
    window.close()


def test_designate_unlock_as_custodian_and_destroy(
    qtbot: QtBot,
    config: AppConfig,
    practice: Practice,
    tmp_path: Path,
) -> None:
    session = practice.session
    folder = session.folder
    save_practice_info(
        session,
        PracticeInfo(name="Quay Street Therapy", practitioner="Jo Smith, LCSW", contact="555-0199"),
    )
    win = open_window(qtbot, session, config)
    code, _kit = designate_by_hand(qtbot, win, tmp_path)
    win.request_lock()
    session.lock()

    result = unlock_as_custodian(qtbot, config, folder, code)
    cust = result.session
    try:
        cwin = open_window(qtbot, cust, config)
        banner = cwin.area(ClosureActions).custodian_banner
        assert banner is not None and banner.isVisible()
        assert "Custodian mode" in banner.label.text() and "Dr Rosa Vega" in banner.label.text()
        shot(cwin, "06-custodian-banner")
        run_closure_wizard(qtbot, cwin, tmp_path)
        answer_a_request(qtbot, cwin, practice, tmp_path)

        dialog = cwin.area(ClosureActions).open_retention()
        assert isinstance(dialog, RetentionDialog)
        # A rule that makes Ben (seen in September) due already is refused inline.
        dialog.years.setValue(0)
        click(qtbot, dialog.save_rule_button)
        assert "seen within the past year" in dialog.rule_error.text()
        dialog.years.setValue(7)
        dialog.minor_years.setValue(3)
        click(qtbot, dialog.save_rule_button)
        assert dialog.rule_error.isHidden()
        assert "1 record due" in dialog.summary.text() or "records due" in dialog.summary.text()
        shot(dialog, "07-retention")

        ada = practice.clients["ada"]
        dialog.select_client(ada)
        with answering_input("Subpoena, Smith v. Wren") as asked:
            click(qtbot, dialog.hold_button)
        assert asked == ["Legal hold"]
        assert destruction.active_holds(cust, ada)
        dialog.select_client(ada)
        click(qtbot, dialog.destroy_button)
        held = next(d for d in cwin.findChildren(DestroyDialog) if d.isVisible())
        assert not held.problems.isHidden() and "legal hold" in held.problems.text()
        assert not held.destroy_button.isEnabled()
        shot(held, "08-destroy-refused-hold")
        held.reject()
        dialog.select_client(ada)
        click(qtbot, dialog.release_button)

        dialog.select_client(ada)
        click(qtbot, dialog.destroy_button)
        destroy = next(d for d in cwin.findChildren(DestroyDialog) if d.isVisible())
        assert destroy.problems.isHidden()
        qtbot.keyClicks(destroy.typed, "Ada")
        click(qtbot, destroy.destroy_button)
        qtbot.waitUntil(lambda: not destroy.busy and not destroy.error.isHidden())
        assert "full name" in destroy.error.text()
        destroy.typed.clear()
        qtbot.keyClicks(destroy.typed, "Ada Wren")
        certificate = tmp_path / "certificate.pdf"
        assert destroy.certificate.isChecked()  # on by default: the proof of the rule
        shot(destroy, "09-destroy-confirm")
        with (
            answering_file_dialog(certificate) as asked,
            qtbot.waitSignal(destroy.record_destroyed, timeout=20_000),
        ):
            click(qtbot, destroy.destroy_button)
        assert asked == ["Save certificate of destruction"]
        assert destroy.certificate_password
        with pytest.raises(pikepdf.PasswordError):
            pikepdf.open(certificate)
        assert "Ada Wren" in pdf_text(certificate, destroy.certificate_password)
        dialog.tabs.setCurrentIndex(1)
        assert dialog.log_table.rowCount() == 1
        assert dialog.log_table.item(0, 1).text() == "Ada Wren"
        assert dialog.log_table.item(0, 5).text() == "Records custodian Dr Rosa Vega"
        shot(dialog, "10-destruction-log")
        assert retention.for_client(cust, ada) is None
        cwin.request_lock()
    finally:
        cust.lock()

    with practitioner_back(qtbot, config, folder) as (back, seen):
        text = seen.text.text()
        assert "for the first time" in text
        assert "Client record destroyed (retention): 1" in text
        shot(seen, "11-practitioner-sees-activity")
        click(qtbot, seen.seen_button)
        assert custodian.custodian_activity(back).entries == 0


def test_custodian_sets_own_passphrase_from_the_banner(
    qtbot: QtBot, config: AppConfig, session: VaultSession
) -> None:
    made = custodian.designate(session, ROSA)
    folder = session.folder
    with custodian_window(qtbot, config, session, made.code) as (_cust, win):
        assert win.area(ClosureActions).custodian_banner is not None
        click(qtbot, win.area(ClosureActions).custodian_banner.passphrase_button)
        dialog = win.findChild(QtWidgets.QDialog, "custodianPassphraseDialog")
        assert dialog is not None
        qtbot.keyClicks(dialog.new.line_edit, "short")
        click(qtbot, dialog.save_button)
        assert not dialog.error.isHidden()
        dialog.new.clear()
        qtbot.keyClicks(dialog.new.line_edit, "lighthouse meadow copper 77 violin")
        qtbot.keyClicks(dialog.confirm.line_edit, "lighthouse meadow copper 77 violin")
        shot(dialog, "12-custodian-passphrase")
        with qtbot.waitSignal(dialog.passphrase_set, timeout=10_000):
            click(qtbot, dialog.save_button)
        assert win.area(ClosureActions).custodian_banner.passphrase_button.isHidden()
    again = open_vault(folder, "Lighthouse Meadow Copper 77 Violin", kinds=("custodian",))
    assert again.is_custodian
    again.lock()


def test_custodian_cannot_designate_from_the_ui(
    qtbot: QtBot, config: AppConfig, session: VaultSession
) -> None:
    made = custodian.designate(session, ROSA)
    with custodian_window(qtbot, config, session, made.code) as (_cust, win):
        dialog = win.area(ClosureActions).open_custodians()
        assert dialog is not None
        for button in dialog.buttons_by_role["primary"].values():
            assert not button.isEnabled()
        assert win.area(ClosureActions).open_designate() is None


def test_new_code_and_revoke_from_the_custodians_window(
    qtbot: QtBot,
    config: AppConfig,
    session: VaultSession,
) -> None:
    made = custodian.designate(session, ROSA)
    win = open_window(qtbot, session, config)
    window = win.area(ClosureActions).open_custodians()
    assert window is not None
    click(qtbot, window.buttons_by_role["primary"]["renew"])
    renew = next(d for d in win.findChildren(DesignateDialog) if d.isVisible())
    assert "old code stops working" in renew.pages.currentWidget().text()
    click(qtbot, renew.make_button)
    qtbot.waitUntil(lambda: renew.code_shown, timeout=10_000)
    new_code = renew.code_page.code
    assert new_code != made.code
    fill_check(qtbot, renew)
    click(qtbot, renew.done_button)
    click(qtbot, window.buttons_by_role["alternate"]["designate"])
    # The renewal dialog may not have gone from the window's children yet: the new one.
    alternate = next(
        d for d in win.findChildren(DesignateDialog) if d.isVisible() and d is not renew
    )
    assert alternate.form.role.currentData() == "alternate"
    alternate.reject()
    with answering_question(QtWidgets.QMessageBox.StandardButton.Yes) as asked:
        click(qtbot, window.buttons_by_role["primary"]["revoke"])
    assert asked == ["Revoke custodian"]
    assert "None designated" in window.labels["primary"].text()
    folder = session.folder
    win.request_lock()
    session.lock()
    for code in (made.code, new_code):
        with pytest.raises(WrongSecret):
            open_vault(folder, code, kinds=("custodian",), kdf=TEST_PARAMS)


def test_a_couple_is_destroyed_together_from_the_dialog(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    retention.set_rule(session, retention.RetentionRule(years=7), today=TODAY)
    win = open_window(qtbot, session, config)
    dialog = win.area(ClosureActions).open_retention()
    assert isinstance(dialog, RetentionDialog)
    mr = practice.clients["mr"]
    row = next(i for i, r in enumerate(dialog.rows) if r.client_id == mr)
    assert dialog.table.item(row, 3).text() == "Due, with the clients who share a case"
    dialog.select_client(mr)
    click(qtbot, dialog.destroy_button)
    destroy = next(d for d in win.findChildren(DestroyDialog) if d.isVisible())
    assert destroy.problems.isHidden()
    assert "Mrs Smith" in destroy.together.text()
    qtbot.keyClicks(destroy.typed, "Mr Smith")
    assert not destroy.destroy_button.isEnabled()  # the partner must be named and ticked
    qtbot.mouseClick(destroy.together, Qt.MouseButton.LeftButton, pos=QtCore.QPoint(8, 8))
    shot(destroy, "18-destroy-couple")
    with (
        answering_file_dialog(None) as asked,  # the certificate's save window, cancelled
        qtbot.waitSignal(destroy.record_destroyed, timeout=20_000),
    ):
        click(qtbot, destroy.destroy_button)
    assert asked == ["Save certificate of destruction"] and destroy.certificate_password is None
    assert sorted(e.client_name for e in destruction.destruction_log(session)) == [
        "Mr Smith",
        "Mrs Smith",
    ]
    assert dialog.log_table.rowCount() == 2
    win.request_lock()


def test_custodian_mode_shows_clinical_records_read_only(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    """The domain refuses a custodian's changes; the window says so before any click."""
    session = practice.session
    made = custodian.designate(session, CUSTODIAN_FORM)
    with custodian_window(qtbot, config, session, made.code) as (_cust, win):
        records = win.records_page
        for action in (
            records.new_client_action,
            records.new_note_action,
            records.new_case_action,
            records.intake_action,
        ):
            assert not action.isEnabled(), action.text()
        assert not records.client_list.new_button.isEnabled()
        assert records.release_action.isEnabled()  # releasing through the gate is theirs
        records.open_client(practice.clients["ada"])
        page = records.page
        assert page is not None
        for name in ("editClient", "recordIntake", "newCase", "attachDocument"):
            button = page.findChild(QtWidgets.QPushButton, name)
            assert button is not None and not button.isEnabled(), name
            assert "records custodian" in button.toolTip()
        assert page.release_button.isEnabled()
        [case_id] = [c.id for c in page.cases]
        new_note = page.findChild(QtWidgets.QPushButton, f"newNote_{case_id}")
        assert new_note is not None and not new_note.isEnabled()
        # A draft opens read-only, with no Sign button.
        editor = records.open_note(case_id, practice.notes["ada_draft"])
        assert editor is not None
        assert editor.body_edit.isReadOnly() and not editor.sign_button.isVisible()
        assert "records custodian" in editor.state_label.text()
        editor.close()


def test_a_rule_that_makes_many_records_due_is_shown_before_it_is_set(
    qtbot: QtBot, config: AppConfig, session: VaultSession
) -> None:
    """Found in review: 1 typed for 10 years silently made most of a practice due."""
    for number in range(12):
        client_id = clients.create_client(session, f"Old Client {number:02d}")
        intake.record_intake(session, client_id, explained_on=date(2010, 1, 4), method="in_person")
    win = open_window(qtbot, session, config)
    dialog = win.area(ClosureActions).open_retention()
    assert isinstance(dialog, RetentionDialog)
    dialog.years.setValue(1)
    click(qtbot, dialog.save_rule_button)
    assert "12 records will be due" in dialog.rule_error.text()
    assert retention.get_rule(session) is None
    click(qtbot, dialog.save_rule_button)  # the same rule, confirmed
    assert dialog.rule_error.isHidden()
    rule = retention.get_rule(session)
    assert rule is not None and rule.years == 1
    dialog.close()
    win.request_lock()
