"""Vault ▸ Change passphrase: prove the current one, choose a strong new one, rewrap.

Only the key slot is rewritten (`session.change_passphrase`); the database is not
re-encrypted. Both the check of the current passphrase and the new slot run Argon2, so
they run together in the background. The vault does not judge strength on a change, so
this dialog is the gate: a passphrase the policy calls unusable cannot be submitted.
"""

from __future__ import annotations

from recordsafe.ui.operations import run_in_background, show_message
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.ui.widgets.passphrase_field import PassphraseField
from recordsafe.ui.widgets.strength_meter import StrengthMeter
from recordsafe.vault import VaultSession
from recordsafe.vault.passphrase_policy import estimate

WRONG_CURRENT = (
    "That is not the vault's current passphrase. Check Caps Lock and the keyboard layout. "
    "Nothing was changed."
)
CHANGED = (
    "Your passphrase was changed. Use the new one the next time you unlock. "
    "Your recovery code and any remembered computers still work."
)


class ChangePassphraseDialog(QtWidgets.QDialog):
    changed = Signal()

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change passphrase")
        self.setObjectName("changePassphraseDialog")
        self._session: VaultSession | None = session
        self.busy = False

        intro = QtWidgets.QLabel(
            "Your records stay as they are; only the lock on the vault key changes. "
            "A few unrelated words make a passphrase that is strong and easy to remember."
        )
        intro.setWordWrap(True)

        self.current = PassphraseField(accessible_name="Current passphrase")
        self.new = PassphraseField(accessible_name="New passphrase")
        self.meter = StrengthMeter()
        self.meter.attach(self.new)
        self.confirm = PassphraseField(accessible_name="New passphrase again")

        self.problem = QtWidgets.QLabel()
        self.problem.setObjectName("passphraseProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(text_style("warning"))

        form = QtWidgets.QFormLayout()
        form.addRow("Current passphrase:", self.current)
        form.addRow("New passphrase:", self.new)
        form.addRow("", self.meter)
        form.addRow("New passphrase again:", self.confirm)

        self.buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = self.buttons.addButton(
            "Change passphrase", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.submit_button.setObjectName("submitPassphrase")
        self.submit_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        for field in (self.current, self.new, self.confirm):
            field.textChanged.connect(self._update)
        self.confirm.returnPressed.connect(self.submit)
        self._update()

    def problem_text(self) -> str | None:
        """Why the form cannot be submitted yet, or None."""
        if not self.current.text():
            return "Enter your current passphrase."
        new = self.new.text()
        problem = estimate(new).problem
        if problem:
            return problem
        if new == self.current.text():
            return "The new passphrase is the same as the current one."
        if self.confirm.text() != new:
            return (
                "Type the new passphrase again, exactly the same."
                if self.confirm.text()
                else "Type the new passphrase again to confirm it."
            )
        return None

    def _update(self) -> None:
        problem = self.problem_text()
        # Nothing typed yet in the new fields: an instruction would read as a scolding.
        quiet = not self.new.text() and not self.confirm.text()
        self.problem.setText("" if quiet or problem is None else problem)
        self.submit_button.setEnabled(problem is None and not self.busy)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for field in (self.current, self.new, self.confirm):
            field.setEnabled(not busy)
        self._update()

    def submit(self) -> None:
        session = self._session
        if session is None or self.busy or self.problem_text() is not None:
            return
        current, new = self.current.text(), self.new.text()

        def change() -> bool:
            if not session.check_passphrase(current):
                return False
            session.change_passphrase(new)
            return True

        self._set_busy(True)
        run_in_background(
            self,
            change,
            label="Changing the passphrase…",
            on_success=self._done,
            on_failure=self._failed,
        )

    def _done(self, changed: bool) -> None:
        self._set_busy(False)
        if not changed:
            self.current.clear()
            self.current.setFocus()
            show_message(self, WRONG_CURRENT, title="Passphrase not changed")
            return
        for field in (self.current, self.new, self.confirm):
            field.clear()
        self.changed.emit()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        show_message(self, getattr(exc, "message", str(exc)), title="Passphrase not changed")

    def done(self, result: int) -> None:
        # Not halfway through a change: the worker is rewriting the key file.
        if self.busy:
            return
        super().done(result)

    def drop_session(self) -> None:
        self._session = None
        for field in (self.current, self.new, self.confirm):
            field.clear()
