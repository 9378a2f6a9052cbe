"""Forgot the passphrase: open the vault with the recovery code and set a new passphrase.

`recover` checks the code and rewraps the key under the new passphrase in one step, in
the background (two Argon2 runs). The recovery code keeps working afterwards.
"""

from __future__ import annotations

from pathlib import Path

from recordsafe.ui.operations import UnexpectedError, run_in_background
from recordsafe.ui.qt import QtGui, QtWidgets, Signal
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.ui.widgets.passphrase_field import PassphraseField
from recordsafe.ui.widgets.recovery_code_view import monospace_font
from recordsafe.ui.widgets.strength_meter import StrengthMeter, new_passphrase_problem
from recordsafe.vault import KdfParams, VaultError, VaultSession, WrongSecret, recover
from recordsafe.vault.codes import CODE_LENGTH, looks_like_code


class RecoverDialog(QtWidgets.QDialog):
    """Emits `recovered(VaultSession)` and accepts once the new passphrase is set."""

    recovered = Signal(object)

    def __init__(
        self,
        folder: Path,
        *,
        kdf: KdfParams | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover with your recovery code")
        self.setObjectName("recoverDialog")
        self._folder = Path(folder)
        self._kdf = kdf
        self.busy = False

        intro = QtWidgets.QLabel(
            f"Vault: <b>{self._folder.name.removesuffix('.rsvault')}</b><br>"
            "Type the recovery code from your Emergency Kit (7 groups of 4 letters and "
            "digits; dashes and case do not matter), then choose a new passphrase."
        )
        intro.setWordWrap(True)

        self.code = QtWidgets.QLineEdit()
        self.code.setFont(monospace_font(13))
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.code.setMaxLength(CODE_LENGTH + 12)  # room for dashes and spaces
        self.code.setAccessibleName("Recovery code")
        self.new = PassphraseField(accessible_name="New passphrase")
        self.meter = StrengthMeter()
        self.meter.attach(self.new)
        self.confirm = PassphraseField(accessible_name="New passphrase again")

        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(text_style("error", bold=True))
        self.hint = QtWidgets.QLabel()
        self.hint.setObjectName("hintLabel")
        self.hint.setWordWrap(True)

        form = QtWidgets.QFormLayout()
        form.addRow("Recovery code:", self.code)
        form.addRow("New passphrase:", self.new)
        form.addRow("", self.meter)
        form.addRow("New passphrase again:", self.confirm)

        self.buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = self.buttons.addButton(
            "Set passphrase and unlock", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.submit_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)

        QtWidgets.QWidget.setTabOrder(self.code, self.new.line_edit)
        QtWidgets.QWidget.setTabOrder(self.new.line_edit, self.confirm.line_edit)
        for source in (self.code.textChanged, self.new.textChanged, self.confirm.textChanged):
            source.connect(self._validate)
        self.confirm.returnPressed.connect(self.submit)
        self._validate()
        self.code.setFocus()

    def problem(self) -> str | None:
        if not looks_like_code(self.code.text()):
            return "Type the whole recovery code (28 letters and digits)."
        return new_passphrase_problem(self.new.text(), self.confirm.text())

    def _validate(self, _text: str = "") -> None:
        if self.busy:
            return
        problem = self.problem()
        self.submit_button.setEnabled(problem is None)
        # Say nothing until something is typed: a fresh dialog is not an error.
        typed = self.code.text() or self.new.text() or self.confirm.text()
        self.hint.setText(problem if problem and typed else "")
        self.error.clear()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.code, self.new, self.confirm):
            widget.setEnabled(not busy)
        self.submit_button.setEnabled(not busy and self.problem() is None)
        self.hint.setText("Checking the code and setting the new passphrase…" if busy else "")

    def submit(self) -> None:
        if self.busy or self.problem() is not None:
            return
        folder, code, passphrase, kdf = self._folder, self.code.text(), self.new.text(), self._kdf
        self._set_busy(True)
        run_in_background(
            self,
            lambda: recover(folder, code, passphrase, kdf=kdf),
            label="Recovering the vault…",
            on_success=self._done,
            on_failure=self._failed,
        )

    def _done(self, session: VaultSession) -> None:
        self._set_busy(False)
        self.new.clear()
        self.confirm.clear()
        self.recovered.emit(session)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._validate()
        message = exc.message if isinstance(exc, VaultError) else UnexpectedError().message
        self.error.setText(message)
        if isinstance(exc, WrongSecret):
            self.code.setFocus()
            self.code.selectAll()

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)
