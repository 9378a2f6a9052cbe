"""Practice ▸ Practice details: every part is asked for, and saved in the vault."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.disclosure.practice_info import practice_info
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.practice.actions import PracticeActions
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.vault import VaultSession


def test_details_are_validated_then_saved(qtbot: QtBot, session: VaultSession) -> None:
    window = MainWindow(session, AppConfig())
    qtbot.addWidget(window)
    assert window.vault_label.text() == "Practice"  # the folder's name, until it has one
    dialog = window.area(PracticeActions).open_practice_details()
    assert dialog is not None
    save = dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save)
    qtbot.keyClicks(dialog.name_edit, "Harbour Counselling")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "your name" in dialog.error_label.text()
    assert "how clients can reach the practice" in dialog.error_label.text()
    assert practice_info(session).name == ""

    qtbot.keyClicks(dialog.practitioner_edit, "Jo Rivera, LCSW")
    dialog.contact_edit.setPlainText("2 Pier Road\n555-0100")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    info = practice_info(session)
    assert (info.name, info.practitioner, info.contact) == (
        "Harbour Counselling",
        "Jo Rivera, LCSW",
        "2 Pier Road\n555-0100",
    )
    # The window names the vault by its practice name from now on (it survives a restore).
    assert window.vault_label.text() == "Harbour Counselling"
    assert window.windowTitle() == "RecordSafe — Harbour Counselling"
    assert window.home_page.title.text() == "Harbour Counselling"
    again = window.area(PracticeActions).open_practice_details()
    assert again is not None and again.contact_edit.toPlainText() == "2 Pier Road\n555-0100"
