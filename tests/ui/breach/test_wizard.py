"""The breach wizard clicked through over a real vault: report, assess, result, affected."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.breach import assessment, incidents
from recordsafe.disclosure.practice_info import PracticeInfo, save_practice_info
from recordsafe.ui.breach.common import AFFECTED, ASSESS, NOTICES, RESULT
from recordsafe.ui.breach.incident_wizard import IncidentWizard
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.widgets.dates import to_qdate
from tests.breach.conftest import Practice
from tests.ui.answer import answering_file_dialog, answering_question
from tests.ui.breach.conftest import Button, press, shoot
from tests.ui.print_device import JAMMED, PrinterDevice


def open_wizard(register_dialog: BreachRegisterDialog) -> IncidentWizard:
    register_dialog.report_button.click()
    wizard = register_dialog.wizard
    assert wizard.isVisible()
    return wizard


def fill_report(
    qtbot: QtBot, wizard: IncidentWizard, kind: str, *, detail: str = "", received: str = ""
) -> None:
    page = wizard.report_page
    qtbot.keyClicks(page.what, "It went missing.")
    page.occurred.setDate(to_qdate(date.today() - timedelta(days=3)))
    page.discovered.setDate(to_qdate(date.today() - timedelta(days=1)))
    qtbot.keyClicks(page.found_by, "I did")
    page.kind.setCurrentIndex(page.kind.findData(kind))
    if detail:
        qtbot.keyClicks(page.detail, detail)
    if received:
        qtbot.keyClicks(page.received_by, received)


def test_a_lost_encrypted_backup_is_not_reportable(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    wizard = open_wizard(register_dialog)
    fill_report(qtbot, wizard, "backup", detail="Practice-20250101.rsbackup, USB stick")
    assert not wizard.report_page.release.isVisible()
    shoot(wizard, "1-report-backup")
    press(wizard, Button.CommitButton)
    assert wizard.currentId() == ASSESS
    assert wizard.button(Button.CancelButton).text() == "Close"  # it is recorded now
    page = wizard.assess_page
    assert page.encryption_box.isVisible() and page.encrypted.value() is None
    page.encrypted.yes.click()
    page.key_exposed.no.click()
    assert page.preview.text().startswith("Not a reportable breach: the information was encrypted")
    shoot(wizard, "2-assess-safe-harbour")
    press(wizard, Button.CommitButton)
    assert wizard.currentId() == RESULT
    assert "encrypted" in wizard.result_page.headline.text()
    assert "an encrypted backup was exposed" in wizard.result_page.reasoning.toPlainText()
    shoot(wizard, "3-result-safe-harbour")
    press(wizard, Button.FinishButton)

    (incident,) = incidents.list_incidents(practice.session)
    latest = assessment.latest(practice.session, incident.id)
    assert latest is not None
    assert latest.outcome.reason_code == "safe_harbour"
    assert "74 FR 42740" in latest.outcome.reasoning
    assert register_dialog.table.item(0, 3).text() == "Not reportable"
    assert register_dialog.table.item(0, 5).text() == "Nothing due"
    assert "Not a reportable breach" in register_dialog.detail.toPlainText()
    shoot(register_dialog, "4-register-safe-harbour")


def test_discovery_before_the_incident_is_refused_inline(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    wizard = open_wizard(register_dialog)
    fill_report(qtbot, wizard, "paper")
    page = wizard.report_page
    page.discovered.setDate(to_qdate(date.today() - timedelta(days=9)))
    assert page.problem.isVisible()
    assert "discovered is before the date it happened" in page.problem.text()
    press(wizard, Button.CommitButton)
    assert wizard.currentId() != ASSESS
    assert incidents.list_incidents(practice.session) == []
    # The date picker cannot go past today: the future is refused before it is typed.
    assert page.discovered.maximumDate() == to_qdate(date.today())


def test_an_empty_required_field_is_refused_inline(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    wizard = open_wizard(register_dialog)
    page = wizard.report_page
    press(wizard, Button.CommitButton)
    assert page.problem.isVisible() and page.problem.text() == "Say what happened."
    assert incidents.list_incidents(practice.session) == []


def report_wrong_recipient(qtbot: QtBot, wizard: IncidentWizard, practice: Practice) -> None:
    fill_report(qtbot, wizard, "export", received="Dr Wrong")
    page = wizard.report_page
    assert page.release.isVisible()
    assert page.release.currentData() == (practice.release_id,)
    assert "3 clients" in page.release.currentText()
    press(wizard, Button.CommitButton)
    assess = wizard.assess_page
    assert assess.person.text() == "Dr Wrong"
    assess.encrypted.yes.click()
    assess.key_exposed.yes.click()
    assert assess.preview.text().startswith("Not complete yet: Say which identifiers")
    qtbot.keyClicks(assess.identifiers, "Names")
    qtbot.keyClicks(assess.sensitivity, "Emergency summaries")
    assert assess.mitigation.isVisible()
    qtbot.keyClicks(assess.mitigation, "Asked Dr Wrong to delete it.")
    assess.acquired.setCurrentIndex(assess.acquired.findData("yes"))
    assert assess.preview.text().startswith("A reportable breach")
    qtbot.mouseClick(assess.low, Qt.MouseButton.LeftButton)
    assert "cannot be concluded" in assess.preview.text()
    qtbot.mouseClick(assess.low, Qt.MouseButton.LeftButton)
    shoot(wizard, "6-assess-reportable")
    press(wizard, Button.CommitButton)
    assert wizard.result_page.headline.text().startswith("A reportable breach")
    shoot(wizard, "7-result-reportable")
    press(wizard, Button.NextButton)
    assert wizard.currentId() == AFFECTED


def test_a_wrong_recipient_export_affects_exactly_its_clients(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    wizard = open_wizard(register_dialog)
    shoot(wizard, "5-report-export")
    report_wrong_recipient(qtbot, wizard, practice)
    page = wizard.affected_page
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert names == ["Ada Wren", "Ben Ortiz", "Cleo Hart"]
    assert page.summary.text().startswith("3 clients affected")
    # Removing needs a reason; the row stays, marked removed.
    page.table.selectRow(1)
    page.remove_button.click()
    assert page.problem.text() == "Say why this client is not affected."
    qtbot.keyClicks(page.reason, "Only the cover page reached him")
    page.remove_button.click()
    assert page.table.item(2, 2).text() == "Removed: Only the cover page reached him"
    assert page.summary.text().startswith("2 clients affected")
    # ...and adding back needs one too.
    qtbot.keyClicks(page.find_edit, "ben")
    assert page.matches.currentText() == "Ben Ortiz"
    page.add_button.click()
    assert page.problem.text() == "Say why this client is affected."
    qtbot.keyClicks(page.reason, "His whole summary was attached after all")
    page.add_button.click()
    assert page.summary.text().startswith("3 clients affected")
    assert page.table.item(1, 1).text() == (
        "In the exposed release (put back: His whole summary was attached after all)"
    )
    shoot(wizard, "8-affected")
    press(wizard, Button.NextButton)
    assert wizard.currentId() == NOTICES


def test_an_incident_with_no_affected_clients_needs_a_reason(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    wizard = open_wizard(register_dialog)
    fill_report(qtbot, wizard, "paper", detail="A folder of blank intake forms")
    press(wizard, Button.CommitButton)
    assess = wizard.assess_page
    assert not assess.encryption_box.isVisible()
    qtbot.keyClicks(assess.identifiers, "None")
    qtbot.keyClicks(assess.sensitivity, "None")
    qtbot.keyClicks(assess.person, "A passer-by")
    qtbot.keyClicks(assess.mitigation, "Recovered the same day")
    assess.acquired.setCurrentIndex(assess.acquired.findData("unknown"))
    press(wizard, Button.CommitButton)
    press(wizard, Button.NextButton)
    page = wizard.affected_page
    assert page.table.rowCount() == 0
    press(wizard, Button.NextButton)
    assert wizard.currentId() == AFFECTED
    assert "record why no client is affected" in page.problem.text()
    page.none_button.click()
    assert page.problem.text() == "Say why no client is affected."
    qtbot.keyClicks(page.none_reason, "The forms were blank")
    page.none_button.click()
    assert page.summary.text() == "No client is affected: The forms were blank"
    press(wizard, Button.NextButton)
    assert wizard.currentId() == NOTICES


def test_wrong_recipient_export_to_delivered_notices_and_the_register(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog, tmp_path: Path
) -> None:
    wizard = open_wizard(register_dialog)
    report_wrong_recipient(qtbot, wizard, practice)
    assert wizard.affected_page.summary.text().startswith("3 clients affected")
    press(wizard, Button.NextButton)
    page = wizard.notices_page
    assert "60 days from discovery" in page.countdown.text()
    assert page.what.toPlainText() == "It went missing."
    # Without the practice's details the letters cannot say how to reach it (E).
    page.write_button.click()
    assert "Practice details" in page.problem.text()
    assert page.practice.text().startswith("Missing:")
    save_practice_info(
        practice.session,
        PracticeInfo("Harbour Counselling", "Sam Reed, LCSW", "1 Quay Street; 555-0100"),
    )
    page.show_practice_details()
    assert page.practice.text().startswith("Harbour Counselling")
    page.write_button.click()
    assert page.message.text().startswith("2 letters written. Still waiting (1): Cleo Hart.")
    statuses = {
        page.table.item(r, 0).text(): page.table.item(r, 3).text()
        for r in range(page.table.rowCount())
    }
    assert statuses["Cleo Hart"] == "Needs an address"
    shoot(wizard, "9-notices-needs-address")
    page.table.selectRow(2)
    qtbot.keyClicks(page.address, "3 Bay Road, Springfield")
    page.use_address.click()
    assert page.table.item(2, 3).text() == "Ready to write"
    page.write_button.click()
    assert page.message.text() == "1 letter written."

    saved: list[Path] = []
    for row in range(3):
        page.table.selectRow(row)
        assert page.save_button.isEnabled() and not page.deliver_button.isEnabled()
        target = tmp_path / f"notice-{page.lines[row].client_id}.pdf"
        with answering_file_dialog(target) as asked:
            page.save_button.click()
        assert asked == ["Save the encrypted notice"]
        assert target.is_file()
        assert page.table.item(row, 4).text() == "Kept in the vault"
        page.show_password_button.click()  # on purpose, audited
        password = page.table.item(row, 4).text()
        with pikepdf.open(target, password=password) as pdf:
            assert len(pdf.pages) >= 1
        saved.append(target)
        page.how.setCurrentIndex(page.how.findData("post"))
        page.deliver_button.click()
        assert page.table.item(row, 3).text().startswith("Delivered (post) on")
    shoot(wizard, "10-notices-delivered")
    press(wizard, Button.FinishButton)

    assert register_dialog.table.item(0, 3).text() == "Reportable"
    assert register_dialog.table.item(0, 4).text() == "3"
    detail = register_dialog.detail.toPlainText()
    assert "Ada Wren: delivered (post)" in detail
    assert "Cleo Hart: delivered (post)" in detail
    with answering_question(QtWidgets.QMessageBox.StandardButton.Yes):
        register_dialog.close_button.click()
    assert register_dialog.table.item(0, 6).text() == "Closed"
    shoot(register_dialog, "11-register-closed")
    for target in saved:
        with pytest.raises(pikepdf.PasswordError):
            pikepdf.open(target)


def test_closing_with_notices_unsent_is_refused_with_what_remains(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    wizard = open_wizard(register_dialog)
    report_wrong_recipient(qtbot, wizard, practice)
    wizard.reject()
    register_dialog.close_button.click()
    problem = register_dialog.problem.text()
    assert problem.startswith("This incident cannot be closed yet: 3 notices are not written yet.")
    assert "• Write the notice to Ada Wren." in problem
    assert register_dialog.table.item(0, 6).text() == "Open"
    assert register_dialog.table.item(0, 5).text().startswith("Notify 3 affected clients")
    shoot(register_dialog, "12-register-refused-close")
    # Continue picks the incident up at the notices.
    register_dialog.continue_button.click()
    assert register_dialog.wizard.currentId() == NOTICES


@pytest.mark.qt_log_ignore(*JAMMED)
def test_a_printed_notice_is_recorded_and_a_failed_print_is_not(
    qtbot: QtBot,
    practice: Practice,
    register_dialog: BreachRegisterDialog,
    printer_device: PrinterDevice,
) -> None:
    wizard = open_wizard(register_dialog)
    report_wrong_recipient(qtbot, wizard, practice)
    press(wizard, Button.NextButton)
    save_practice_info(
        practice.session,
        PracticeInfo("Harbour Counselling", "Sam Reed, LCSW", "1 Quay Street; 555-0100"),
    )
    page = wizard.notices_page
    page.write_button.click()
    page.table.selectRow(0)
    page.print_button.click()
    printer_device.cancel(qtbot)
    assert not page.deliver_button.isEnabled()  # cancelled: nothing went out, nothing recorded
    printer_device.jam()
    page.print_button.click()
    printer_device.press_print(qtbot)
    assert "printer could not be used" in page.problem.text()
    assert not page.deliver_button.isEnabled()  # nothing went out, nothing recorded
    printer_device.jam(False)
    page.table.selectRow(0)
    page.print_button.click()
    printer_device.press_print(qtbot)
    assert printer_device.pages() >= 1
    page.table.selectRow(0)
    assert page.deliver_button.isEnabled()
