"""The first screen: create, open or restore a vault, and the vaults used recently (paths only).

Restore is here for a computer that has never held the vault (a custodian's, or a new
one after a loss): the backup is restored, then "Open it" goes to its unlock window.
"""

from __future__ import annotations

from pathlib import Path

from recordsafe import __version__
from recordsafe.app_config import AppConfig
from recordsafe.ui.backup.restore_dialog import RestoreDialog
from recordsafe.ui.qt import Qt, QtWidgets, Signal


class WelcomeWindow(QtWidgets.QWidget):
    """Emits `create_requested()` or `open_requested(path or None)`; the controller decides.

    Restore runs in its own dialog; its "Open it" becomes `open_requested(restored folder)`.
    """

    create_requested = Signal()
    open_requested = Signal(object)  # Path of a recent vault, or None to choose one
    custodian_open_requested = Signal(object)  # Path restored with a custodian code

    def __init__(self, config: AppConfig, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("RecordSafe")
        self.setObjectName("welcomeWindow")
        self.restore_dialog: RestoreDialog | None = None

        title = QtWidgets.QLabel("Welcome to RecordSafe")
        title.setObjectName("welcomeTitle")
        font = title.font()
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        title.setFont(font)
        intro = QtWidgets.QLabel(
            "Your client records, encrypted in one vault on this computer. Nothing is sent "
            "over the internet. Only your passphrase, your recovery code or a custodian's "
            "code opens the vault."
        )
        intro.setWordWrap(True)

        buttons = self._build_buttons(config)

        self.recent_label = QtWidgets.QLabel("Recent vaults (double-click to open):")
        self.recent = QtWidgets.QListWidget()
        self.recent.setAccessibleName("Recent vaults")
        self.recent.setAlternatingRowColors(True)
        for path in config.recent_vaults:
            item = QtWidgets.QListWidgetItem(path)
            item.setToolTip(path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.recent.addItem(item)
        if self.recent.count():
            self.recent.setCurrentRow(0)
        self.recent.itemActivated.connect(self._open_item)
        has_recent = bool(config.recent_vaults)
        self.recent_label.setVisible(has_recent)
        self.recent.setVisible(has_recent)

        version = QtWidgets.QLabel(f"RecordSafe {__version__}")
        version.setObjectName("versionLabel")
        version.setAlignment(Qt.AlignmentFlag.AlignRight)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent, 1)
        if not has_recent:
            layout.addStretch(1)
        layout.addWidget(version)
        self.resize(620, 420 if has_recent else 260)
        (self.open_button if has_recent else self.create_button).setFocus()

    def _build_buttons(self, config: AppConfig) -> QtWidgets.QHBoxLayout:
        self.create_button = QtWidgets.QPushButton("Create a vault…")
        self.create_button.setObjectName("createVaultButton")
        self.create_button.setAccessibleName("Create a vault")
        self.create_button.setToolTip("Start a new, empty vault protected by a passphrase.")
        self.create_button.setDefault(not config.recent_vaults)
        self.create_button.setMinimumHeight(40)
        self.create_button.clicked.connect(self.create_requested)
        self.open_button = QtWidgets.QPushButton("Open a vault…")
        self.open_button.setObjectName("openVaultButton")
        self.open_button.setAccessibleName("Open a vault")
        self.open_button.setToolTip(
            "Unlock a vault you already have (a folder ending in .rsvault)."
        )
        self.open_button.setMinimumHeight(40)
        self.open_button.clicked.connect(self._open_other)
        self.restore_button = QtWidgets.QPushButton("Restore from a backup…")
        self.restore_button.setObjectName("welcomeRestoreButton")
        self.restore_button.setAccessibleName("Restore from a backup")
        self.restore_button.setToolTip(
            "Turn a backup file (.rsbackup) into a vault on this computer: with the "
            "passphrase, the recovery code or a custodian code."
        )
        self.restore_button.setMinimumHeight(40)
        self.restore_button.clicked.connect(self.open_restore)
        for button in (self.create_button, self.open_button, self.restore_button):
            button.setAutoDefault(True)  # Enter presses the focused one (not a dialog)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.restore_button)
        return buttons

    def open_restore(self) -> RestoreDialog:
        dialog = RestoreDialog(None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.offer_open()
        dialog.open_requested.connect(self.open_requested)
        dialog.custodian_open_requested.connect(self.custodian_open_requested)
        self.restore_dialog = dialog
        dialog.show()
        return dialog

    def _open_other(self) -> None:
        self.open_requested.emit(None)

    def _open_item(self, item: QtWidgets.QListWidgetItem) -> None:
        self.open_requested.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
