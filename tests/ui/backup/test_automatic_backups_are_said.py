"""Automatic backups on lock are never a surprise (issue 14): Backup settings and Back up now
say when the last backup was made and where, whether it was automatic, and Back up now
says that automatic backups exist and how to turn them off."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.ui.backup.backup_now_dialog import BackupNowDialog
from recordsafe.ui.backup.backup_settings_dialog import BackupSettingsDialog
from recordsafe.vault import VaultSession
from recordsafe.vault.backup import set_backup_dir
from recordsafe.vault.backup_policy import BackupSettings, maybe_backup_on_lock, save_settings


def shown(qtbot: QtBot, dialog: BackupNowDialog | BackupSettingsDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.show()


def test_the_last_automatic_backup_is_named_with_its_place(
    qtbot: QtBot, session: VaultSession, backup_dir: Path
) -> None:
    set_backup_dir(session, backup_dir)
    status = maybe_backup_on_lock(session)  # what locking does, before the lock itself
    assert status is not None and status.startswith("Backed up automatically")
    (made,) = backup_dir.glob("*.rsbackup")

    settings = BackupSettingsDialog(session)
    shown(qtbot, settings)
    text = settings.last_label.text()
    assert "made automatically when the vault was locked or closed" in text
    assert str(backup_dir) in text and made.name in text

    now = BackupNowDialog(session)
    shown(qtbot, now)
    assert "made automatically" in now.last_label.text()
    automatic = now.automatic_label.text()
    assert "Automatic backups are on" in automatic and str(backup_dir) in automatic
    assert "Backup settings" in automatic and "turn them off" in automatic


def test_back_up_now_says_a_first_folder_also_starts_automatic_backups(
    qtbot: QtBot, session: VaultSession, backup_dir: Path
) -> None:
    dialog = BackupNowDialog(session)
    shown(qtbot, dialog)
    assert "Once a backup folder is chosen" in dialog.automatic_label.text()
    assert "not been backed up" in dialog.last_label.text()
    dialog.folder_field.set_path(backup_dir)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert "Automatic backups are on" in dialog.automatic_label.text()
    assert "made by you" in dialog.last_label.text()


def test_back_up_now_says_when_automatic_backups_are_off(
    qtbot: QtBot, session: VaultSession, backup_dir: Path
) -> None:
    save_settings(session, BackupSettings(backup_dir, 10, on_lock=False))
    dialog = BackupNowDialog(session)
    shown(qtbot, dialog)
    assert "Automatic backups on lock are off" in dialog.automatic_label.text()
