"""Practice ▸ Settings: the app's own preferences (auto-lock for now), saved to settings.json.

The dialog edits the shared `AppConfig` in place only once the file is written, so a
refused save (full disk, read-only folder) leaves both the file and the running app as
they were, and the dialog stays open with the reason.
"""

from __future__ import annotations

from recordsafe import app_config
from recordsafe.app_config import AppConfig
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault.errors import StorageError


def autolock_text(minutes: int) -> str:
    if minutes == 60:
        return "1 hour"
    return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"


class SettingsDialog(QtWidgets.QDialog):
    def __init__(self, config: AppConfig, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self._config = config

        self.autolock_combo = QtWidgets.QComboBox()
        self.autolock_combo.setObjectName("autolockCombo")
        choices = list(app_config.AUTOLOCK_CHOICES)
        if config.autolock_minutes not in choices:
            # A value set by hand in settings.json: keep it selectable rather than lose it.
            choices = sorted([*choices, config.autolock_minutes])
        for minutes in choices:
            self.autolock_combo.addItem(autolock_text(minutes), minutes)
        self.autolock_combo.setCurrentIndex(choices.index(config.autolock_minutes))

        explain = QtWidgets.QLabel(
            "When nobody uses RecordSafe for this long, it locks the vault and asks for "
            "the passphrase again. Shorter is safer if others can reach your desk."
        )
        explain.setWordWrap(True)

        self.error_label = QtWidgets.QLabel()
        self.error_label.setObjectName("settingsError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(text_style("error"))
        self.error_label.hide()

        form = QtWidgets.QFormLayout()
        form.addRow("Lock after idle:", self.autolock_combo)

        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def selected_minutes(self) -> int:
        return int(self.autolock_combo.currentData())

    def save(self) -> None:
        previous = self._config.autolock_minutes
        self._config.autolock_minutes = self.selected_minutes()
        try:
            app_config.save(self._config)
        except StorageError as exc:
            self._config.autolock_minutes = previous
            self.error_label.setText(f"The settings were not saved. {exc.message}")
            self.error_label.show()
            return
        self.accept()
