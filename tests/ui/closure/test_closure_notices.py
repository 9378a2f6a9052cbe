"""Issue 15, closure notices: each PDF's password stays in the vault (shown on purpose,
audited; printed as a letter to post), Finish warns while notices wait, and saving again
never re-releases a notice."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import closure_plan
from recordsafe.disclosure import letters
from recordsafe.disclosure.practice_info import save_practice_info
from recordsafe.records import clients
from recordsafe.ui.closure.closure_wizard import NOTICE_COLUMNS, ClosureWizard, NoticesPage
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import Qt, QtGui, QtWidgets
from recordsafe.ui.widgets.meaning_colours import colour
from recordsafe.vault import VaultSession
from tests.closure.conftest import Practice
from tests.ui.answer import (
    answering_file_dialog,
    answering_input,
    answering_question,
    answering_question_text,
)
from tests.ui.closure.conftest import shot
from tests.ui.closure.helpers import QUAY_STREET, click, open_window, open_wizard, pdf_text
from tests.ui.print_device import PrinterDevice

Button = QtWidgets.QMessageBox.StandardButton
YES, NO = Button.Yes, Button.No
REFERRALS = "Harbour Counselling Centre (555-0142) has agreed to see clients of this practice."


def audit_count(session: VaultSession, action: str) -> int:
    return int(session.db.scalar("SELECT count(*) FROM audit_log WHERE action = ?", (action,)))


def to_notices(qtbot: QtBot, wizard: ClosureWizard, *, first_time: bool) -> None:
    next_button = wizard.button(QtWidgets.QWizard.WizardButton.NextButton)
    if first_time:
        wizard.reason_page.buttons["retirement"].setChecked(True)
    click(qtbot, next_button)
    if first_time:
        qtbot.keyClicks(wizard.keeper_page.referrals, REFERRALS)
    click(qtbot, next_button)
    assert wizard.currentPage() is wizard.notices_page


def notices_page(
    qtbot: QtBot, config: AppConfig, session: VaultSession
) -> tuple[MainWindow, ClosureWizard]:
    """The practice's main window, and the wizard (a retirement) on its notices page."""
    save_practice_info(session, QUAY_STREET)
    win = open_window(qtbot, session, config)
    wizard = open_wizard(qtbot, win)
    to_notices(qtbot, wizard, first_time=True)
    return win, wizard


def save_all(qtbot: QtBot, page: NoticesPage, folder: Path) -> None:
    """Save all, saying yes to saving notices with no postal address, into `folder` (made
    here)."""
    folder.mkdir(exist_ok=True)
    with answering_question(YES) as warned, answering_file_dialog(folder) as asked:
        click(qtbot, page.save_button)
    assert warned == ["Notices without a postal address"]
    assert asked == ["Choose a folder for the notices"]


def leave(qtbot: QtBot, wizard: ClosureWizard, answer: Button) -> list[str]:
    """Escape on the wizard; what its question said (notices not yet delivered)."""
    said: list[str] = []
    with answering_question_text(answer, said):
        qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    return said


def test_notice_passwords_stay_in_the_vault_and_nothing_is_released_twice(
    qtbot: QtBot,
    config: AppConfig,
    practice: Practice,
    tmp_path: Path,
    printer_device: PrinterDevice,
) -> None:
    session = practice.session
    win, wizard = notices_page(qtbot, config, session)
    page = wizard.notices_page
    folder = tmp_path / "notices"
    save_all(qtbot, page, folder)
    assert len(list(folder.iterdir())) == 4
    released = audit_count(session, "disclosure_made")
    # Finish with notices waiting: asked; "no" keeps the wizard on its page.
    said: list[str] = []
    finish = wizard.button(QtWidgets.QWizard.WizardButton.FinishButton)
    with answering_question_text(NO, said):
        click(qtbot, finish)
    assert said[0].startswith("4 saved notices are not yet recorded as delivered")
    assert wizard.isVisible() and wizard.currentPage() is page
    # Escape (or the window's close button) asks the same.
    assert leave(qtbot, wizard, NO) == said and wizard.isVisible()
    with answering_question(YES) as asked:
        click(qtbot, finish)
    assert asked == ["Notices not yet delivered"] and not wizard.isVisible()

    # The next day: the plan opened again still knows each file and its password.
    again = open_wizard(qtbot, win)
    assert again is not wizard
    to_notices(qtbot, again, first_time=False)
    page = again.notices_page
    assert [page.table.item(r, 3).text() for r in range(4)] == ["Kept in the vault"] * 4
    first = page.notices[0]
    assert page.table.item(0, 4).text() == first.file_name
    # Saving again re-releases nothing: no new file, no new disclosure, no new password.
    stamps = {f.name: f.stat().st_mtime_ns for f in folder.iterdir()}
    click(qtbot, page.save_button)
    assert "already" in page.error.text()
    assert {f.name: f.stat().st_mtime_ns for f in folder.iterdir()} == stamps
    assert audit_count(session, "disclosure_made") == released
    # Shown on purpose, and audited; it opens the file saved the day before.
    page.table.selectRow(0)
    click(qtbot, page.show_password_button)
    password = page.table.item(0, 3).text()
    assert audit_count(session, "closure_notice_password_shown") == 1
    with pikepdf.open(folder / str(first.file_name), password=password):
        pass
    shot(again, "24-notice-passwords")
    # A password letter to post, printed through the gate (the real print dialog).
    click(qtbot, page.password_letters_button)
    printer_device.press_print(qtbot)
    assert page.error.isHidden(), page.error.text()
    assert printer_device.pages() == 1  # printed pages are pictures: read the letter kept
    [letter] = letters.letters_for(
        session, kind=closure_plan.UNLOCK_LETTER_KIND, client_id=first.client_id
    )
    assert password in letter.body and str(first.file_name) in letter.body
    assert letter.addressee_name == "Ada Wren" and letter.sent
    assert audit_count(session, "disclosure_made") == released + 1
    assert leave(qtbot, again, YES) and not again.isVisible()
    win.request_lock()


def test_a_notice_asks_for_a_postal_address_instead_of_printing_a_phone_number(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    cleo = clients.create_client(session, "Cleo Hart", contact="555-0167")
    win, wizard = notices_page(qtbot, config, session)
    page = wizard.notices_page
    # The columns fill the table: no blank band on the right while no file is saved yet.
    assert page.table.horizontalHeader().length() >= page.table.viewport().width()
    row = next(i for i, n in enumerate(page.notices) if n.client_id == cleo)
    assert page.table.item(row, 2).text().startswith("Needs an address")
    page.table.selectRow(row)
    with answering_input("3 Bay Road\nSpringfield") as asked:
        click(qtbot, page.address_button)
    assert asked == ["Postal address"]
    assert page.table.item(row, 2).text() == "3 Bay Road, Springfield"
    wizard.close()
    win.request_lock()


def test_notices_without_an_address_warn_before_saving_get_one_after_and_never_go_by_post(
    qtbot: QtBot,
    config: AppConfig,
    practice: Practice,
    tmp_path: Path,
) -> None:
    session = practice.session
    folder = tmp_path / "notices"
    folder.mkdir()
    win, wizard = notices_page(qtbot, config, session)
    page = wizard.notices_page
    # No client has a postal address on file: asked first; "no" saves nothing.
    said: list[str] = []
    with answering_question_text(NO, said), answering_file_dialog(folder) as asked:
        click(qtbot, page.save_button)
    [text] = said
    assert text.startswith("4 notices have no postal address")
    assert all(name in text for name in ("Ada Wren", "Ben Ode", "Mr Smith", "Mrs Smith"))
    assert asked == [] and not list(folder.iterdir())
    save_all(qtbot, page, folder)
    assert len(list(folder.iterdir())) == 4
    released = audit_count(session, "disclosure_made")
    # By post without an address: refused, nothing recorded.
    page.table.selectRow(0)
    page.delivered_how.setCurrentIndex(page.delivered_how.findData("post"))
    click(qtbot, page.mark_button)
    assert "address" in page.error.text() and page.error.isVisible()
    assert page.notices[0].delivered_on is None
    # A saved notice gets its address for the envelope: nothing is released again.
    page.table.selectRow(0)
    with answering_input("1 Quay St\nSpringfield"):
        click(qtbot, page.address_button)
    assert page.error.isHidden(), page.error.text()
    assert page.table.item(0, 2).text() == "1 Quay St, Springfield"
    assert audit_count(session, "disclosure_made") == released
    assert audit_count(session, "letter_address_set") == 1
    assert len(list(folder.iterdir())) == 4
    # Now by post is accepted.
    page.table.selectRow(0)
    click(qtbot, page.mark_button)
    assert page.error.isHidden(), page.error.text()
    assert page.notices[0].delivered_how == "post"
    # An address a notice was sent to does not change afterwards.
    page.table.selectRow(0)
    click(qtbot, page.address_button)
    assert "cannot change" in page.error.text()
    assert leave(qtbot, wizard, YES) and not wizard.isVisible()
    win.request_lock()


def test_a_shown_password_leaves_the_address_in_view(
    qtbot: QtBot,
    config: AppConfig,
    practice: Practice,
    tmp_path: Path,
) -> None:
    session = practice.session
    clients.create_client(
        session, "Bartholomew Primrose", contact="12 Harbour View Road, Springfield, IL 62704"
    )
    win, wizard = notices_page(qtbot, config, session)
    page = wizard.notices_page
    save_all(qtbot, page, tmp_path / "notices")
    page.table.selectAll()
    click(qtbot, page.show_password_button)
    table = page.table
    shown = table.viewport().width()
    for name in ("Client", "Delivered", "Password", "Address"):
        column = NOTICE_COLUMNS.index(name)
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert table.columnViewportPosition(column) >= 0 and right <= shown, name
    shot(wizard, "28-passwords-and-addresses")
    assert leave(qtbot, wizard, YES) and not wizard.isVisible()
    win.request_lock()


def test_the_notices_table_keeps_its_room_and_its_file_column_in_view(
    qtbot: QtBot, config: AppConfig, practice: Practice, tmp_path: Path
) -> None:
    session = practice.session
    win, wizard = notices_page(qtbot, config, session)
    page = wizard.notices_page
    table = page.table
    file_column = NOTICE_COLUMNS.index("File")

    def file_column_fills() -> None:
        QtWidgets.QApplication.processEvents()
        header = table.horizontalHeader()
        right = header.sectionViewportPosition(file_column) + header.sectionSize(file_column)
        assert right == table.viewport().width()  # no blank band on the right
        assert not table.horizontalScrollBar().isVisible()  # nor a column out of view

    file_column_fills()
    save_all(qtbot, page, tmp_path / "notices")
    file_column_fills()
    page.table.selectRow(0)
    click(qtbot, page.show_password_button)
    file_column_fills()
    QtWidgets.QApplication.processEvents()
    before = (table.geometry(), page.save_button.geometry())
    # Nothing went wrong: said without an error's red, and nothing moves for it.
    click(qtbot, page.save_button)
    QtWidgets.QApplication.processEvents()
    assert "already" in page.error.text() and page.error.isVisible()
    assert colour("error") not in page.error.styleSheet()
    assert (table.geometry(), page.save_button.geometry()) == before
    shot(wizard, "34-notices-fill")
    leave(qtbot, wizard, YES)
    win.request_lock()


def test_with_no_printer_password_letters_are_saved_encrypted_to_print_elsewhere(
    qtbot: QtBot, config: AppConfig, practice: Practice, tmp_path: Path
) -> None:
    session = practice.session
    win, wizard = notices_page(qtbot, config, session)
    page = wizard.notices_page
    save_all(qtbot, page, tmp_path / "notices")
    released = audit_count(session, "disclosure_made")
    page.table.selectRow(0)
    first = page.notices[0]
    letters_folder = tmp_path / "letters"
    letters_folder.mkdir()
    with answering_file_dialog(letters_folder) as asked:
        click(qtbot, page.save_letters_button)
    assert asked == ["Choose a folder for the password letters"]
    box = next(b for b in page.findChildren(QtWidgets.QMessageBox) if b.isVisible())
    assert box.icon() == QtWidgets.QMessageBox.Icon.Information
    # One letter: one PDF, counted in the singular (walk finding: "as encrypted PDFs").
    assert box.text().startswith("1 password letter saved in ")
    assert "as an encrypted PDF. " in box.text() and "PDFs" not in box.text()
    [saved] = list(letters_folder.iterdir())
    assert first.client_name not in saved.name
    # Never readable without the password shown on screen (it holds the notice's).
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(saved)
    shown = box.text().split("\n\n")[1]
    text = pdf_text(saved, shown)
    assert first.client_name in text
    assert closure_plan.notice_password(session, first.letter_id) in text
    assert audit_count(session, "disclosure_made") == released + 1  # through the gate
    shot(box, "35-password-letters-saved")
    box.accept()
    leave(qtbot, wizard, YES)
    win.request_lock()


def test_nothing_left_to_save_is_said_in_the_windows_own_colour(
    qtbot: QtBot, config: AppConfig, practice: Practice, tmp_path: Path
) -> None:
    """Walk finding: "Every notice was already saved or printed…" showed in bold red: the
    app's style sheet colours every label named errorLabel, whatever the page asked."""
    from recordsafe.ui.app import _style_sheet  # noqa: PLC0415 (the app's own sheet)

    app = QtWidgets.QApplication.instance()
    assert isinstance(app, QtWidgets.QApplication)
    old = app.styleSheet()
    app.setStyleSheet(_style_sheet())
    try:
        win, wizard = notices_page(qtbot, config, practice.session)
        page = wizard.notices_page
        save_all(qtbot, page, tmp_path / "notices")
        click(qtbot, page.save_button)  # nothing left to save: information, not an error
        label = page.error
        assert "already saved or printed" in label.text()
        normal = page.palette().color(QtGui.QPalette.ColorRole.WindowText)
        assert label.objectName() != "errorLabel"
        assert label.palette().color(label.foregroundRole()) == normal
        assert not label.font().bold()
        # An error after it is red again.
        page.show_error("Something went wrong.")
        assert label.objectName() == "errorLabel"
        assert label.palette().color(label.foregroundRole()) != normal
        leave(qtbot, wizard, YES)
        win.request_lock()
    finally:
        app.setStyleSheet(old)
