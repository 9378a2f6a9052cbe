"""Restore from the main window (Vault ▸ Restore from backup…) offers "Open it" too: it
locks the vault that is open, by the normal lock path, and shows the unlock window of
the restored one (before, only the welcome window offered it)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.ui.app import AppController
from recordsafe.ui.backup.actions import BackupActions
from recordsafe.ui.backup.restore_dialog import RestoreDialog
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import Qt
from recordsafe.vault import TEST_PARAMS, CreatedVault
from recordsafe.vault.backup import create_backup
from tests.conftest import PASSPHRASE
from tests.ui.test_lock import close_all, type_passphrase


def test_open_it_after_a_restore_from_the_main_window(
    qtbot: QtBot, config: AppConfig, created: CreatedVault, tmp_path: Path
) -> None:
    drive = tmp_path / "drive"
    drive.mkdir()
    backup = create_backup(created.session, drive)
    folder = created.session.folder
    created.session.lock()
    controller = AppController(config, TEST_PARAMS)  # the real main window
    try:
        controller.start(folder)
        window = type_passphrase(qtbot, controller)
        assert isinstance(window, MainWindow)
        session = controller.session
        assert session is not None

        dialog = window.area(BackupActions).open_restore()
        assert isinstance(dialog, RestoreDialog)
        dialog.set_file(backup)
        assert not dialog.open_button.isVisible()  # nothing to open before a restore
        dialog.secret_input.set_secret(PASSPHRASE)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.restored_to is not None, timeout=20_000)
        restored = dialog.restored_to
        assert restored is not None and restored != folder
        assert dialog.open_button.isVisible()
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

        qtbot.waitUntil(lambda: controller.main_window is None)
        qtbot.waitUntil(lambda: not session.is_open)  # locked, by the lock's own path
        unlock = controller.unlock_dialog
        assert unlock is not None and unlock.isVisible()
        assert unlock.folder() == restored.resolve()
        reopened = type_passphrase(qtbot, controller)
        assert controller.session is not None
        assert controller.session.folder.resolve() == restored.resolve()
        assert reopened.isVisible()
    finally:
        close_all(controller)
