"""Breach notices keep their PDF passwords as closure notices do: in the vault, shown on
purpose (audited), printed as a letter to post apart from the file; leaving with saved
notices not yet delivered asks first."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.breach import incidents, notices
from recordsafe.breach.notices import NoticeLine
from recordsafe.disclosure import letters
from recordsafe.disclosure.practice_info import PracticeInfo, save_practice_info
from recordsafe.ui.breach.incident_wizard import IncidentWizard
from recordsafe.ui.breach.notices_page import NoticesPage
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from recordsafe.ui.qt import QtWidgets
from tests.breach.conftest import Practice
from tests.ui.answer import answering_file_dialog, answering_question, answering_question_text
from tests.ui.breach.conftest import Button, press
from tests.ui.breach.test_wizard import open_wizard, report_wrong_recipient
from tests.ui.closure.helpers import pdf_text
from tests.ui.print_device import PrinterDevice

YES, NO = QtWidgets.QMessageBox.StandardButton.Yes, QtWidgets.QMessageBox.StandardButton.No
PASSWORD = 4  # the notices table's column


def shown_count(practice: Practice) -> int:
    return int(
        practice.session.db.scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'breach_notice_password_shown'"
        )
    )


def notices_written(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> tuple[IncidentWizard, NoticesPage, NoticeLine]:
    """A reportable incident's notices written, the first client's selected."""
    save_practice_info(
        practice.session,
        PracticeInfo("Harbour Counselling", "Sam Reed, LCSW", "1 Quay Street; 555-0100"),
    )
    wizard = open_wizard(register_dialog)
    report_wrong_recipient(qtbot, wizard, practice)
    press(wizard, Button.NextButton)
    page = wizard.notices_page
    page.write_button.click()
    page.table.selectRow(0)
    line = page.lines[0]
    return wizard, page, line


def test_a_saved_notice_keeps_its_password_and_leaving_asks_first(
    qtbot: QtBot,
    practice: Practice,
    register_dialog: BreachRegisterDialog,
    printer_device: PrinterDevice,
    tmp_path: Path,
) -> None:
    wizard, page, line = notices_written(qtbot, practice, register_dialog)
    assert not page.show_password_button.isEnabled()  # nothing saved yet
    target = tmp_path / "notice.pdf"
    with answering_file_dialog(target):
        page.save_button.click()
    assert target.is_file()
    # Kept, not shown: the status line no longer carries a password that the next message
    # would replace.
    assert page.table.item(0, PASSWORD).text() == "Kept in the vault"
    assert "kept in the vault" in page.message.text()
    assert shown_count(practice) == 0
    page.show_password_button.click()
    password = page.table.item(0, PASSWORD).text()
    assert shown_count(practice) == 1
    with pikepdf.open(target, password=password):
        pass
    # A password letter to post, printed through the gate (the real print dialog).
    page.password_letters_button.click()
    printer_device.press_print(qtbot)
    assert page.problem.isHidden(), page.problem.text()
    assert printer_device.pages() == 1
    [letter] = letters.letters_for(
        practice.session, kind=notices.UNLOCK_LETTER_KIND, client_id=line.client_id
    )
    assert password in letter.body and "(notice.pdf)" in letter.body and letter.sent

    # Leaving with the saved notice not delivered asks; No keeps the wizard open.
    said: list[str] = []
    with answering_question_text(NO, said):
        wizard.button(Button.FinishButton).click()
    assert said[0].startswith("1 saved notice is not yet recorded as delivered")
    assert wizard.isVisible()
    with answering_question(NO):
        wizard.reject()  # Close, or Escape
    assert wizard.isVisible()
    with answering_question(YES) as asked:
        wizard.button(Button.FinishButton).click()
    assert asked == ["Notices not yet delivered"] and not wizard.isVisible()

    # Opened again from the register, the password is still there, for another look.
    (incident,) = incidents.list_incidents(practice.session)
    register_dialog.refresh()
    again = register_dialog.continue_incident()
    assert again is not None
    page = again.notices_page
    assert page.table.item(0, PASSWORD).text() == "Kept in the vault"
    page.table.selectRow(0)
    page.show_password_button.click()
    assert page.table.item(0, PASSWORD).text() == password
    assert shown_count(practice) == 2
    with answering_question(YES):
        again.reject()
    assert incident.id == again.incident_id


def test_with_no_printer_password_letters_are_saved_encrypted_to_print_elsewhere(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog, tmp_path: Path
) -> None:
    """Walk finding: the breach page had only "Print password letters…"; closure's also
    saves them as PDFs (a laptop with no printer). The same, from the same code."""
    wizard, page, line = notices_written(qtbot, practice, register_dialog)
    with answering_file_dialog(tmp_path / "notice.pdf"):
        page.save_button.click()
    released = int(
        practice.session.db.scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'disclosure_made'"
        )
    )
    folder = tmp_path / "letters"
    folder.mkdir()
    assert page.save_letters_button.isEnabled(), page.problem.text()
    with answering_file_dialog(folder) as asked:
        page.save_letters_button.click()
    assert page.problem.isHidden(), page.problem.text()
    assert asked == ["Choose a folder for the password letters"]
    box = next(b for b in page.findChildren(QtWidgets.QMessageBox) if b.isVisible())
    assert box.icon() == QtWidgets.QMessageBox.Icon.Information
    [saved] = list(folder.iterdir())
    assert line.client_name not in saved.name
    # Never readable without the password shown on screen (it holds the notice's).
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(saved)
    shown = box.text().split("\n\n")[1]
    text = pdf_text(saved, shown)
    assert line.client_name in text
    notice_password = notices.notice_password(
        practice.session, wizard.incident_id or 0, line.client_id
    )
    assert notice_password in text
    after = int(
        practice.session.db.scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'disclosure_made'"
        )
    )
    assert after == released + 1  # through the gate
    box.accept()
    with answering_question(YES):  # the notice is not delivered yet: leave all the same
        wizard.reject()
