"""Vault ▸ Backup settings: where backups go, how many to keep, back up on lock.

The settings are stored in the vault itself (`backup_policy.save_settings`), so they
travel with it and each change is in the audit log.
"""

from __future__ import annotations

from pathlib import Path

from recordsafe.ui.backup.backup_status import last_backup_words
from recordsafe.ui.backup.path_field import PathField, PathKind
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.widgets.forms import hint
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault import VaultError, VaultSession
from recordsafe.vault.backup_policy import (
    MAX_KEEP,
    MIN_KEEP,
    BackupSettings,
    read_settings,
    save_settings,
)


class BackupSettingsDialog(QtWidgets.QDialog):
    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backup settings")
        self.setObjectName("backupSettingsDialog")
        self._session: VaultSession | None = session
        self._loaded = read_settings(session)

        self.folder_field = PathField(
            PathKind.FOLDER,
            accessible_name="Backup folder",
            caption="Choose a folder for backups",
            placeholder="No folder chosen: automatic backups are off",
        )
        self.folder_field.set_path(self._loaded.folder)
        folder_hint = hint(
            "Best on a separate drive or a second disk, never inside the vault folder."
        )

        self.keep_spin = QtWidgets.QSpinBox()
        self.keep_spin.setObjectName("backupKeep")
        self.keep_spin.setRange(MIN_KEEP, MAX_KEEP)
        self.keep_spin.setValue(self._loaded.keep)
        self.keep_spin.setSuffix(" newest backups")
        self.keep_spin.setAccessibleName("Number of backups to keep")
        keep_hint = hint("Older backups of this vault in the folder are removed.")

        self.on_lock_box = QtWidgets.QCheckBox(
            "Back up automatically when locking or closing the vault"
        )
        self.on_lock_box.setObjectName("backupOnLock")
        self.on_lock_box.setChecked(self._loaded.on_lock)

        self.last_label = QtWidgets.QLabel(last_backup_words(session))
        self.last_label.setObjectName("lastBackup")
        self.last_label.setWordWrap(True)
        self.last_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.error_label = QtWidgets.QLabel("")
        self.error_label.setObjectName("backupSettingsError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(text_style("error"))
        self.error_label.hide()

        form = QtWidgets.QFormLayout()
        form.addRow("Backup folder:", self.folder_field)
        form.addRow("", folder_hint)
        form.addRow("Keep:", self.keep_spin)
        form.addRow("", keep_hint)
        form.addRow("", self.on_lock_box)
        form.addRow("", hint("Before each lock or close, when a backup folder is chosen."))

        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.last_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(620, 300)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def chosen(self) -> BackupSettings:
        folder = self.folder_field.path()
        return BackupSettings(
            folder=None if folder is None else folder.absolute(),
            keep=self.keep_spin.value(),
            on_lock=self.on_lock_box.isChecked(),
        )

    def save(self) -> None:
        """Store the settings and close; on a problem, say it and stay open."""
        session = self._session
        if session is None:
            self.reject()
            return
        settings = self.chosen()
        folder: Path | None = settings.folder
        # A folder already saved may be on a drive that is unplugged now; only a newly
        # chosen one must exist.
        if folder is not None and folder != self._loaded.folder and not folder.is_dir():
            self._show_error(
                f"The folder '{folder}' does not exist. Connect the drive, or choose "
                "another folder."
            )
            return
        try:
            save_settings(session, settings)
        except VaultError as exc:
            self._show_error(exc.message)
            return
        self.accept()

    def drop_session(self) -> None:
        """Called on lock: forget the session so the dialog cannot reach it any more."""
        self._session = None
