"""The Vault menu's backup entries and the "no recent backup" reminder above the workspace."""

from __future__ import annotations

from recordsafe.ui.area import Area, Host
from recordsafe.ui.backup.backup_now_dialog import BackupNowDialog
from recordsafe.ui.backup.backup_reminder import BackupReminderBanner
from recordsafe.ui.backup.backup_settings_dialog import BackupSettingsDialog
from recordsafe.ui.backup.restore_dialog import RestoreDialog
from recordsafe.ui.backup.verify_backup_dialog import VerifyBackupDialog


class BackupActions(Area):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.backup_now_action = self.action(
            "&Back up now…",
            self.open_backup_now,
            "vault.backup",
            "toolbar.backup",
            shortcut="Ctrl+B",
            name="backupNowAction",
        )
        self.backup_settings_action = self.action(
            "Backup se&ttings…",
            self.open_backup_settings,
            "vault.backup",
            name="backupSettingsAction",
        )
        self.verify_backup_action = self.action(
            "Verify a bac&kup…", self.open_verify_backup, "vault.backup", name="verifyBackupAction"
        )
        self.restore_action = self.action(
            "R&estore from backup…", self.open_restore, "vault.backup", name="restoreAction"
        )
        self.backup_reminder = BackupReminderBanner()
        self.backup_reminder.backup_requested.connect(self.open_backup_now)
        if host.session is not None:
            self.backup_reminder.refresh(host.session)
        host.add_banner(self.backup_reminder)

    def open_backup_now(self) -> BackupNowDialog | None:
        if self.session is None:
            return None
        dialog = BackupNowDialog(self.session, self.parent)
        dialog.backup_made.connect(self._backup_made)
        return self.show(dialog)

    def _backup_made(self, _path: object) -> None:
        if self.session is not None:
            self.backup_reminder.refresh(self.session)

    def open_backup_settings(self) -> BackupSettingsDialog | None:
        if self.session is None:
            return None
        return self.show(BackupSettingsDialog(self.session, self.parent))

    def open_verify_backup(self) -> VerifyBackupDialog | None:
        if self.session is None:
            return None
        return self.show(VerifyBackupDialog(self.session, self.parent))

    def open_restore(self) -> RestoreDialog | None:
        if self.session is None:
            return None
        dialog = RestoreDialog(self.session, self.parent)
        # "Open it": this vault locks (the normal lock path), then the restored one's
        # unlock window shows.
        dialog.offer_open()
        dialog.open_requested.connect(self.host.lock_and_open)
        # Restored with a custodian code: the same unlock window, where its custodian link is.
        dialog.custodian_open_requested.connect(self.host.lock_and_open)
        return self.show(dialog)
