"""Unlock as the records custodian: the code from the custodian kit, or the custodian's
own passphrase once they have set one. Opens custodian mode only (the slot's kind says so).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from recordsafe.closure import custodian
from recordsafe.ui.operations import UnexpectedError, run_in_background
from recordsafe.ui.qt import QtGui, QtWidgets, Signal
from recordsafe.ui.vault.unlock_result import UnlockResult
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.ui.widgets.passphrase_field import PassphraseField
from recordsafe.vault import KdfParams, VaultError, WrongSecret, open_vault

WRONG = (
    "That code does not open this vault as its custodian. Check it against the custodian "
    "kit (0 is zero, 1 is one), or ask the practitioner whether it was replaced."
)


def _open_as_custodian(folder: Path, secret: str, kdf: KdfParams | None) -> UnlockResult:
    session = open_vault(folder, secret, kinds=("custodian",), kdf=kdf, identify=custodian.identify)
    result = UnlockResult(session)
    try:
        if custodian.note_unlock(session):
            result.news.append(
                "This is the first time this custodian code was used. The practitioner "
                "will be told at their next unlock."
            )
    except VaultError as exc:
        result.notices.append(exc.message)
    return result


class CustodianUnlockDialog(QtWidgets.QDialog):
    """Emits `unlocked(UnlockResult)` and accepts once the vault is open in custodian mode."""

    unlocked = Signal(object)

    def __init__(
        self,
        folder: Path,
        *,
        kdf: KdfParams | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unlock as records custodian")
        self.setObjectName("custodianUnlockDialog")
        self._folder = Path(folder)
        self._kdf = kdf
        self.busy = False

        intro = QtWidgets.QLabel(
            f"Vault: <b>{self._folder.name.removesuffix('.rsvault')}</b><br><br>"
            "Type the custodian code from your custodian kit (7 groups of 4; dashes, spaces "
            "and case do not matter), or your own custodian passphrase if you set one.<br><br>"
            "The vault opens in <b>custodian mode</b>: clinical records are read-only, and "
            "everything you do is recorded under your name."
        )
        intro.setWordWrap(True)
        self.secret = PassphraseField(accessible_name="Custodian code or passphrase")
        self.secret.returnPressed.connect(self.submit)
        self.secret.textChanged.connect(self._clear_error)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(text_style("error", bold=True))
        self.error.hide()
        self.status = QtWidgets.QLabel()
        self.buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.unlock_button = self.buttons.addButton(
            "Unlock as custodian", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setObjectName("custodianUnlockButton")
        self.unlock_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QtWidgets.QFormLayout()
        form.addRow("Code or passphrase:", self.secret)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.setMinimumHeight(300)
        self.secret.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.adjustSize()

    def _clear_error(self, _text: str = "") -> None:
        if not self.busy:
            self.error.hide()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.secret.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.status.setText("Unlocking…" if busy else "")

    def submit(self) -> None:
        if self.busy:
            return
        secret = self.secret.text()
        if not secret.strip():
            self.show_error("Type the custodian code from your kit.")
            self.secret.setFocus()
            return
        self._set_busy(True)
        run_in_background(
            self,
            partial(_open_as_custodian, self._folder, secret, self._kdf),
            label="Unlocking the vault…",
            on_success=self._finish,
            on_failure=self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongSecret):
            self.show_error(WRONG)
            self.secret.selectAll()
        else:
            self.show_error(
                exc.message if isinstance(exc, VaultError) else UnexpectedError().message
            )
        self.secret.setFocus()

    def _finish(self, result: object) -> None:
        self._set_busy(False)
        self.secret.clear()
        self.unlocked.emit(result)
        self.accept()

    def reject(self) -> None:
        if self.busy:
            return
        super().reject()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)
