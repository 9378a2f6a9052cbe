"""Backup settings persist in the vault; the reminder speaks only when a backup is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.ui.backup.backup_reminder import (
    NEVER,
    BackupReminderBanner,
    backup_reminder_text,
)
from recordsafe.ui.backup.backup_settings_dialog import BackupSettingsDialog
from recordsafe.vault import TEST_PARAMS, CreatedVault, VaultSession, open_vault
from recordsafe.vault.backup import LAST_BACKUP_KEY, create_backup
from recordsafe.vault.backup_policy import BackupSettings, read_settings
from tests.conftest import PASSPHRASE


def settings_dialog(qtbot: QtBot, session: VaultSession) -> BackupSettingsDialog:
    dialog = BackupSettingsDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_defaults(qtbot: QtBot, session: VaultSession) -> None:
    dialog = settings_dialog(qtbot, session)
    assert dialog.folder_field.path() is None
    assert dialog.keep_spin.value() == 10
    assert dialog.on_lock_box.isChecked()
    assert "not been backed up" in dialog.last_label.text()


def test_settings_persist_in_the_vault(
    qtbot: QtBot, created: CreatedVault, backup_dir: Path, vault_path: Path
) -> None:
    dialog = settings_dialog(qtbot, created.session)
    dialog.folder_field.set_path(backup_dir)
    dialog.keep_spin.setValue(4)
    dialog.on_lock_box.setChecked(False)
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    created.session.lock()

    reopened = open_vault(vault_path, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert read_settings(reopened) == BackupSettings(backup_dir, 4, False)
        again = settings_dialog(qtbot, reopened)
        assert again.folder_field.path() == backup_dir
        assert again.keep_spin.value() == 4
        assert not again.on_lock_box.isChecked()
    finally:
        reopened.lock()


def test_each_change_is_audited_once(qtbot: QtBot, session: VaultSession, backup_dir: Path) -> None:
    dialog = settings_dialog(qtbot, session)
    dialog.folder_field.set_path(backup_dir)
    dialog.save()
    keys = [
        r[0]
        for r in session.db.execute(
            "SELECT json_extract(detail, '$.key') FROM audit_log WHERE action = 'setting_changed'"
        )
    ]
    assert sorted(keys) == ["backup_dir", "backup_keep", "backup_on_lock"]


def test_a_new_folder_must_exist(qtbot: QtBot, session: VaultSession, tmp_path: Path) -> None:
    dialog = settings_dialog(qtbot, session)
    dialog.folder_field.set_path(tmp_path / "nowhere")
    dialog.save()
    assert dialog.isVisible()
    assert "does not exist" in dialog.error_label.text()
    assert read_settings(session).folder is None


def test_a_folder_inside_the_vault_is_refused(
    qtbot: QtBot, session: VaultSession, vault_path: Path
) -> None:
    dialog = settings_dialog(qtbot, session)
    dialog.folder_field.set_path(vault_path)
    dialog.save()
    assert dialog.isVisible()
    assert "outside the vault folder" in dialog.error_label.text()
    assert read_settings(session).folder is None


def test_reminder_text(session: VaultSession, backup_dir: Path) -> None:
    assert backup_reminder_text(session) == NEVER
    create_backup(session, backup_dir)
    assert backup_reminder_text(session) is None
    eight_days_ago = datetime.now(UTC) - timedelta(days=8)
    session.set_setting(LAST_BACKUP_KEY, eight_days_ago.isoformat().replace("+00:00", "Z"))
    text = backup_reminder_text(session)
    assert text is not None and "8 days ago" in text


def test_banner_shows_when_due_and_asks_for_a_backup(
    qtbot: QtBot, session: VaultSession, backup_dir: Path
) -> None:
    banner = BackupReminderBanner()
    qtbot.addWidget(banner)
    banner.refresh(session)
    assert not banner.isHidden()
    assert banner.label.text() == NEVER
    with qtbot.waitSignal(banner.backup_requested):
        banner.backup_button.click()
    banner.later_button.click()
    assert banner.isHidden()

    create_backup(session, backup_dir)
    banner.refresh(session)
    assert banner.isHidden()
