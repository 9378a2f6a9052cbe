"""Practice ▸ Client fields: optional fields stay off until turned on with a reason."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.records import fields
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import Qt
from recordsafe.ui.records.actions import RecordsActions
from recordsafe.vault import VaultSession


def test_a_field_needs_a_reason_and_then_is_collected(qtbot: QtBot, session: VaultSession) -> None:
    window = MainWindow(session, AppConfig())
    qtbot.addWidget(window)
    dialog = window.area(RecordsActions).open_client_fields()
    assert dialog is not None
    assert fields.enabled_fields(session) == []
    dialog.checks["pronouns"].setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Pronouns" in dialog.error_label.text()
    assert fields.enabled_fields(session) == []

    qtbot.keyClicks(dialog.reasons["pronouns"], "To address clients as they wish")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    [enabled] = fields.enabled_fields(session)
    assert (enabled.field, enabled.why) == ("pronouns", "To address clients as they wish")


def test_turning_a_field_off_keeps_its_reason_for_later(
    qtbot: QtBot, session: VaultSession
) -> None:
    fields.set_field(session, "insurance", enabled=True, why="Billing the client's insurer")
    window = MainWindow(session, AppConfig())
    qtbot.addWidget(window)
    dialog = window.area(RecordsActions).open_client_fields()
    assert dialog is not None
    assert dialog.checks["insurance"].isChecked()
    dialog.checks["insurance"].setChecked(False)
    assert not dialog.reasons["insurance"].isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert fields.enabled_fields(session) == []
    [insurance] = [f for f in fields.all_fields(session) if f.field == "insurance"]
    assert insurance.why == "Billing the client's insurer"
