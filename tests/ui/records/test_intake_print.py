"""The confidentiality handout printed and saved through the real dialogs (issue 16)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.records import clients
from recordsafe.ui.records.intake_dialog import IntakeDialog
from recordsafe.vault import VaultSession
from tests.ui.answer import answering_file_dialog
from tests.ui.print_device import PrinterDevice


def intake_dialog(qtbot: QtBot, session: VaultSession) -> IntakeDialog:
    client_id = clients.create_client(session, "Ada Wren")
    dialog = IntakeDialog(session, client_id, "Ada Wren")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_handout_prints_through_the_print_dialog(
    qtbot: QtBot, session: VaultSession, printer_device: PrinterDevice
) -> None:
    dialog = intake_dialog(qtbot, session)
    dialog.print_button.click()
    printer_device.cancel(qtbot)
    assert printer_device.pages() == 0
    dialog.print_button.click()
    printer_device.press_print(qtbot)
    assert printer_device.pages() >= 1


def test_the_handout_is_saved_where_the_file_dialog_says(
    qtbot: QtBot, session: VaultSession, tmp_path: Path
) -> None:
    dialog = intake_dialog(qtbot, session)
    target = tmp_path / "handout.pdf"
    with answering_file_dialog(None) as asked:
        dialog.save_pdf_button.click()
    assert asked == ["Save the confidentiality handout"]
    assert not target.exists()
    with answering_file_dialog(target) as asked:
        dialog.save_pdf_button.click()
    assert asked == ["Save the confidentiality handout"]
    assert target.read_bytes().startswith(b"%PDF")
