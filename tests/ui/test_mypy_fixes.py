"""Found by running mypy strict over ui/ (issue 13): each was a real defect."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.records import clients
from recordsafe.ui.qt import Qt, QtPrintSupport, QtWidgets
from recordsafe.ui.records.intake_dialog import IntakeDialog
from recordsafe.vault import VaultSession
from tests.ui.print_device import PrinterDevice


def test_print_handout_opens_the_real_print_dialog(
    qtbot: QtBot, session: VaultSession, printer_device: PrinterDevice
) -> None:
    """QPrintDialog.open() with no arguments raised TypeError on PySide6 6.11. (A printer
    is set up: with none, the app says so before any print dialog.)"""
    client_id = clients.create_client(session, "Ada Wren")
    dialog = IntakeDialog(session, client_id, "Ada Wren")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    chooser = dialog.findChild(QtPrintSupport.QPrintDialog)
    assert isinstance(chooser, QtPrintSupport.QPrintDialog)
    assert chooser.isVisible()
    assert chooser.windowModality() == Qt.WindowModality.WindowModal
    chooser.reject()  # cancelled: nothing printed
    assert not chooser.isVisible()


def test_the_breach_find_box_no_longer_hides_qwidget_find() -> None:
    from recordsafe.ui.breach.affected_page import AffectedPage  # noqa: PLC0415

    assert AffectedPage.find is QtWidgets.QWidget.find
