"""Issue 15, the certificate of destruction: on by default in the destroy window (every
time: turning it off once is not remembered), its password kept in the vault and shown
again from the destruction log (audited), a certificate saved later or again from there
with the same password."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import custodian, destruction, retention
from recordsafe.ui.closure.actions import ClosureActions
from recordsafe.ui.closure.destroy_dialog import DestroyDialog
from recordsafe.ui.closure.retention_dialog import LOG_COLUMNS, RetentionDialog
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import QtCore, QtWidgets
from recordsafe.vault import VaultSession
from tests.closure.conftest import CUSTODIAN_FORM, TODAY, Practice
from tests.closure.test_retention_destruction import RULE
from tests.ui.answer import answering_file_dialog
from tests.ui.closure.conftest import shot
from tests.ui.closure.helpers import click, custodian_window, open_window, pdf_text


def _audited(session: VaultSession, action: str) -> int:
    return int(session.db.scalar("SELECT count(*) FROM audit_log WHERE action = ?", (action,)))


def _message(parent: QtWidgets.QWidget, words: str) -> QtWidgets.QMessageBox:
    return next(
        box
        for box in parent.findChildren(QtWidgets.QMessageBox)
        if box.isVisible() and words in box.text()
    )


def _retention_window(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> tuple[MainWindow, RetentionDialog]:
    retention.set_rule(practice.session, RULE, today=TODAY)
    win = open_window(qtbot, practice.session, config)
    dialog = win.area(ClosureActions).open_retention()
    assert isinstance(dialog, RetentionDialog)
    return win, dialog


def _destroy_window(
    qtbot: QtBot, win: MainWindow, retention_window: RetentionDialog, client_id: int
) -> DestroyDialog:
    retention_window.select_client(client_id)
    click(qtbot, retention_window.destroy_button)
    return next(d for d in win.findChildren(DestroyDialog) if d.isVisible())


def test_the_certificate_password_is_kept_and_shown_again_from_the_log(
    qtbot: QtBot, config: AppConfig, practice: Practice, tmp_path: Path
) -> None:
    session = practice.session
    win, dialog = _retention_window(qtbot, config, practice)

    destroy = _destroy_window(qtbot, win, dialog, practice.clients["ada"])
    assert destroy.certificate.isChecked()  # on by default
    assert "Show certificate password… shows it again" in destroy.certificate_hint.text()
    hint = destroy.certificate_hint
    assert hint.isVisible() and hint.height() >= hint.heightForWidth(hint.width())  # not cut
    shot(destroy, "40-destroy-certificate-on")
    qtbot.keyClicks(destroy.typed, "Ada Wren")
    target = tmp_path / "certificate.pdf"
    with (
        answering_file_dialog(target) as asked,
        qtbot.waitSignal(destroy.record_destroyed, timeout=20_000),
    ):
        click(qtbot, destroy.destroy_button)
    assert asked == ["Save certificate of destruction"]
    password = destroy.certificate_password
    assert password
    saved = _message(dialog, password)
    assert "Show certificate password… shows it again" in saved.text()
    saved.close()

    # The destruction log: the entry says a certificate was saved; its password is shown
    # on purpose, and the look is audited.
    dialog.tabs.setCurrentIndex(1)
    assert not dialog.show_password_button.isEnabled()  # nothing chosen yet
    dialog.select_entry(dialog.log_entries[0].id)
    assert dialog.log_table.item(0, LOG_COLUMNS.index("Certificate")).text() == "Saved"
    click(qtbot, dialog.show_password_button)
    shown = _message(dialog, password)
    assert "Ada Wren" in shown.text() and "audit log" in shown.text()
    shot(shown, "41-certificate-password-shown")
    shown.close()
    assert _audited(session, "destruction_certificate_password_shown") == 1
    shot(dialog, "42-destruction-log-certificate")

    # The file lost: saved again from the log, it opens with the same password.
    again = tmp_path / "again.pdf"
    with answering_file_dialog(again):
        click(qtbot, dialog.save_certificate_button)
    _message(dialog, password).close()
    with pikepdf.open(again, password=password) as pdf:
        assert len(pdf.pages) == 1
    assert destruction.certificate_password(session, dialog.log_entries[0].id) == password
    dialog.close()


def test_turned_off_once_it_is_on_again_next_time_and_the_log_saves_one_later(
    qtbot: QtBot, config: AppConfig, practice: Practice, tmp_path: Path
) -> None:
    session = practice.session
    win, dialog = _retention_window(qtbot, config, practice)
    smiths = _destroy_window(qtbot, win, dialog, practice.clients["mr"])
    click(qtbot, smiths.certificate)  # turned off: no save window
    click(qtbot, smiths.together)
    qtbot.keyClicks(smiths.typed, "Mr Smith")
    with qtbot.waitSignal(smiths.record_destroyed, timeout=20_000):
        click(qtbot, smiths.destroy_button)
    assert smiths.certificate_password is None

    ada = _destroy_window(qtbot, win, dialog, practice.clients["ada"])
    assert ada.certificate.isChecked()  # not remembered: the proof is never skipped silently
    ada.reject()

    dialog.tabs.setCurrentIndex(1)
    entry = next(e for e in dialog.log_entries if e.client_name == "Mr Smith")
    dialog.select_entry(entry.id)
    row = dialog.log_table.currentRow()
    assert dialog.log_table.item(row, LOG_COLUMNS.index("Certificate")).text() == "None saved"
    assert not dialog.show_password_button.isEnabled()
    later = tmp_path / "later.pdf"
    with answering_file_dialog(later):
        click(qtbot, dialog.save_certificate_button)
    password = destruction.certificate_password(session, entry.id)
    _message(dialog, password).close()
    assert "Mr Smith" in pdf_text(later, password)
    assert dialog.selected_entry() == destruction.get_entry(session, entry.id)
    assert dialog.show_password_button.isEnabled()
    dialog.close()


def test_every_column_of_the_destruction_log_fits_the_window(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    """Walk finding: "By" lay behind a horizontal scrollbar, cut to "Records custodian…".
    At the window's own size every column is in view; a cell's whole text is its tooltip."""
    session = practice.session
    code = custodian.designate(session, CUSTODIAN_FORM).code
    retention.set_rule(session, RULE, today=TODAY)
    with custodian_window(qtbot, config, session, code) as (cust, win):
        dialog = win.area(ClosureActions).open_retention()
        assert isinstance(dialog, RetentionDialog)
        qtbot.waitExposed(dialog)
        # Destroyed while the window is open (the log fills while its tab is hidden).
        destruction.destroy(cust, practice.clients["ada"], typed_name="Ada Wren", today=TODAY)
        dialog.refresh()
        dialog.tabs.setCurrentIndex(1)
        table = dialog.log_table
        qtbot.waitUntil(table.isVisible)
        by = LOG_COLUMNS.index("By")
        assert "records custodian" in table.item(0, by).text().lower()
        default = dialog.size()
        for size in (default, QtCore.QSize(700, 500)):  # its own size, and a narrow one
            dialog.resize(size)
            QtWidgets.QApplication.processEvents()  # the layout gives the table its width
            width = table.viewport().width()
            for column, name in enumerate(LOG_COLUMNS):
                left = table.columnViewportPosition(column)
                assert 0 <= left and left + table.columnWidth(column) <= width, (name, width)
                assert table.item(0, column).toolTip() == table.item(0, column).text()
            assert table.horizontalScrollBar().maximum() == 0
        dialog.close()
