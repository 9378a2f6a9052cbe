"""Which key opens the backup, and its secret: a passphrase, a recovery or custodian code.

A backup carries the vault's own key slots, so any of them opens it.
"""

from __future__ import annotations

from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.passphrase_field import PassphraseField
from recordsafe.vault.keyslots import SlotKind

KIND_CHOICES: tuple[tuple[str, SlotKind], ...] = (
    ("Passphrase", "passphrase"),
    ("Recovery code", "recovery"),
    ("Custodian code", "custodian"),
)


class SecretInput(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_combo = QtWidgets.QComboBox(self)
        self.kind_combo.setAccessibleName("Unlock the backup with")
        for label, _kind in KIND_CHOICES:
            self.kind_combo.addItem(label)
        self.field = PassphraseField(self, accessible_name="Passphrase or code")
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.field, 1)
        self._kind_changed(0)

    def setFocus(self, *args: object) -> None:
        """Focus the field. Not a focus proxy: Tab would then skip the combo before it."""
        self.field.setFocus()

    def _kind_changed(self, index: int) -> None:
        label = KIND_CHOICES[index][0]
        self.field.line_edit.setPlaceholderText(f"The vault's {label.lower()}")

    def kinds(self) -> tuple[SlotKind, ...]:
        return (KIND_CHOICES[self.kind_combo.currentIndex()][1],)

    def secret(self) -> str:
        return self.field.text()

    def set_secret(self, text: str) -> None:
        self.field.setText(text)

    def clear(self) -> None:
        self.field.clear()
