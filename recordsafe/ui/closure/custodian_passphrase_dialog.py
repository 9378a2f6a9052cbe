"""Custodian mode: set the custodian's own passphrase, so the printed code can go back in
the safe. It opens custodian mode only (a `custodian` slot labelled as a passphrase)."""

from __future__ import annotations

from functools import partial

from recordsafe.closure import custodian
from recordsafe.ui.operations import run_in_background
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.ui.widgets.passphrase_field import PassphraseField
from recordsafe.ui.widgets.strength_meter import StrengthMeter, new_passphrase_problem
from recordsafe.vault import VaultSession
from recordsafe.vault.passphrase_policy import estimate


class CustodianPassphraseDialog(QtWidgets.QDialog):
    passphrase_set = Signal()

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your custodian passphrase")
        self.setObjectName("custodianPassphraseDialog")
        self._session: VaultSession | None = session
        self.busy = False
        intro = QtWidgets.QLabel(
            "Choose your own passphrase for this vault. From now on you can unlock with it "
            "(Records custodian? in the unlock window) instead of the printed code; keep the "
            "kit locked away as your fallback.<br><br>It opens the vault in custodian mode "
            "only. Case and spaces in it do not matter, as with the code."
        )
        intro.setWordWrap(True)
        self.new = PassphraseField(accessible_name="New custodian passphrase")
        self.meter = StrengthMeter()
        self.meter.attach(self.new)
        self.confirm = PassphraseField(accessible_name="Custodian passphrase again")
        self.confirm.returnPressed.connect(self.submit)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(text_style("error", bold=True))
        self.error.hide()
        for field in (self.new, self.confirm):
            field.textChanged.connect(self.error.hide)
        form = QtWidgets.QFormLayout()
        form.addRow("&New passphrase:", self.new)
        form.addRow("", self.meter)
        form.addRow("&Again:", self.confirm)
        self.buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "Set passphrase", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("setCustodianPassphrase")
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(540)
        self.new.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def submit(self) -> None:
        session = self._session
        if session is None or self.busy:
            return
        passphrase = self.new.text()
        problem = new_passphrase_problem(passphrase, self.confirm.text())
        if problem:
            self.show_error(problem)
            (self.new if estimate(passphrase).problem else self.confirm).setFocus()
            return
        self.busy = True
        self.save_button.setEnabled(False)
        run_in_background(
            self,
            partial(custodian.set_own_passphrase, session, passphrase),
            label="Setting your passphrase…",
            on_success=self._done,
            on_failure=self._failed,
        )

    def _done(self, _result: object) -> None:
        self.busy = False
        self.new.clear()
        self.confirm.clear()
        self.passphrase_set.emit()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        self.show_error(getattr(exc, "message", str(exc)))

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def drop_session(self) -> None:
        self._session = None
        self.busy = False
