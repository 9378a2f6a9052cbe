"""Practice ▸ Settings: the auto-lock choice is saved, reloaded and applied."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe import app_config
from recordsafe.app_config import AUTOLOCK_CHOICES, AppConfig
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.practice.actions import PracticeActions
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.settings_dialog import SettingsDialog
from recordsafe.vault import VaultSession


def choose(dialog: SettingsDialog, minutes: int) -> None:
    dialog.autolock_combo.setCurrentIndex(dialog.autolock_combo.findData(minutes))


def test_offers_the_configured_choices(qtbot: QtBot, config: AppConfig) -> None:
    dialog = SettingsDialog(config)
    qtbot.addWidget(dialog)
    combo = dialog.autolock_combo
    assert [combo.itemData(i) for i in range(combo.count())] == list(AUTOLOCK_CHOICES)
    assert combo.currentData() == 5
    assert combo.currentText() == "5 minutes"


def test_change_autolock_persists_and_updates_the_window(
    qtbot: QtBot, session: VaultSession, config: AppConfig
) -> None:
    win = MainWindow(session, config)
    qtbot.addWidget(win)
    dialog = win.area(PracticeActions).open_settings()
    choose(dialog, 15)
    with qtbot.waitSignal(win.settings_changed, timeout=1000):
        dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save).click()
    assert not dialog.isVisible()
    assert config.autolock_minutes == 15
    assert app_config.load().autolock_minutes == 15
    assert win.lock_hint_label.text() == "Locks after 15 min idle"

    # The window now waits 15 minutes, not 5.
    now = [1000.0, 50.0]
    win.clock = lambda: (now[0], now[1])
    win.note_activity()
    now[1] += 10 * 60
    with qtbot.assertNotEmitted(win.lock_requested):
        win.check_idle()
    now[1] += 5 * 60
    with qtbot.waitSignal(win.lock_requested, timeout=1000):
        win.check_idle()


def test_cancel_changes_nothing(qtbot: QtBot, config: AppConfig) -> None:
    dialog = SettingsDialog(config)
    qtbot.addWidget(dialog)
    choose(dialog, 1)
    dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel).click()
    assert config.autolock_minutes == 5
    assert app_config.load().autolock_minutes == 5


def test_storage_error_keeps_dialog_open(
    qtbot: QtBot, config: AppConfig, recordsafe_home: Path
) -> None:
    # Make the settings file's place a folder: the write is refused by the disk.
    target = recordsafe_home / "config" / app_config.CONFIG_FILE
    target.mkdir(parents=True)
    dialog = SettingsDialog(config)
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog, 30)
    dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible()
    assert dialog.result() != QtWidgets.QDialog.DialogCode.Accepted
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text().startswith("The settings were not saved.")
    assert "Traceback" not in dialog.error_label.text()
    # Neither the running app nor the file took the unsaved value.
    assert config.autolock_minutes == 5
    target.rmdir()
    assert app_config.load().autolock_minutes == 5


@pytest.mark.parametrize("minutes", [1, 60])
def test_words_for_the_ends(qtbot: QtBot, minutes: int) -> None:
    config = AppConfig(autolock_minutes=minutes)
    dialog = SettingsDialog(config)
    qtbot.addWidget(dialog)
    assert dialog.autolock_combo.currentText() == {1: "1 minute", 60: "1 hour"}[minutes]
