"""Vault ▸ New recovery code: replace the recovery code and show the new one exactly once.

The old code stops working the moment the new one is made (`session.new_recovery_code`),
so the dialog explains that first and asks for the passphrase (as key rotation does),
then shows the new code with `RecoveryCodeView`,
offers the Emergency Kit, and asks for two groups back (`RecoveryCodeCheck`) before it
closes quietly. `CodeOncePage` is shared with the key-rotation dialog.
"""

from __future__ import annotations

from pathlib import Path

from recordsafe import paths
from recordsafe.ui.operations import run_in_background, show_message
from recordsafe.ui.qt import Qt, QtGui, QtWidgets, Signal
from recordsafe.ui.widgets.passphrase_field import PassphraseField
from recordsafe.ui.widgets.recovery_code_view import RecoveryCodeCheck, RecoveryCodeView
from recordsafe.vault import VaultError, VaultSession, WrongSecret

NOT_CONFIRMED = (
    "You have not confirmed that you wrote the new recovery code down. The old code "
    "already stopped working, and this one will not be shown again.\n\n"
    "Close anyway? (You can make another new code later.)"
)
CODE_NOT_CHANGED = (
    "That passphrase does not open this vault. Check Caps Lock and the keyboard layout. "
    "The recovery code was not changed."
)
KIT_SAVED = (
    "The Emergency Kit was saved to:\n{path}\n\n"
    "Print it and keep it away from this computer, then delete the file: anyone with "
    "this code and a copy of your vault can read your records."
)


def kit_file_name(vault_name: str) -> str:
    # Drop characters some file systems refuse; the vault name is the user's own.
    safe = "".join(ch for ch in vault_name if ch not in '<>:"/\\|?*').strip() or "Vault"
    return f"{safe} Emergency Kit.pdf"


class Pages(QtWidgets.QWidget):
    """One page shown at a time, sized to that page.

    Unlike QStackedWidget, hidden pages take no room, so a short explanation page does
    not inherit the height of the recovery-code page that follows it.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: list[QtWidgets.QWidget] = []
        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._current = 0

    def addWidget(self, page: QtWidgets.QWidget) -> None:
        self._layout.addWidget(page)  # reparent first: a parentless show() opens a window
        page.setHidden(bool(self._pages))
        self._pages.append(page)

    def setCurrentIndex(self, index: int) -> None:
        self._current = index
        for i, page in enumerate(self._pages):
            page.setVisible(i == index)
        self.window().adjustSize()

    def currentIndex(self) -> int:
        return self._current

    def currentWidget(self) -> QtWidgets.QWidget:
        return self._pages[self._current]


class CodeOncePage(QtWidgets.QWidget):
    """The new code, the kit button and the write-it-down check."""

    def __init__(
        self, *, vault_name: str, vault_folder: Path, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._vault_name = vault_name
        self._vault_folder = vault_folder
        self._code = ""

        self.heading = QtWidgets.QLabel("Your new recovery code")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)

        warning = QtWidgets.QLabel(
            "Write it down now, or save and print the Emergency Kit. RecordSafe shows this "
            "code only once and cannot show it again. With it you can open the vault if you "
            "forget your passphrase."
        )
        warning.setWordWrap(True)

        self.view = RecoveryCodeView("")
        self.kit_button = QtWidgets.QPushButton("Save Emergency Kit…")
        self.kit_button.setObjectName("saveKit")
        self.kit_button.clicked.connect(self.save_kit)
        kit_row = QtWidgets.QHBoxLayout()
        kit_row.addWidget(self.kit_button)
        kit_row.addStretch(1)

        check_intro = QtWidgets.QLabel(
            "To make sure you have it, type these two groups from what you wrote down:"
        )
        check_intro.setWordWrap(True)
        self.check = RecoveryCodeCheck("")

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(warning)
        layout.addSpacing(8)
        layout.addWidget(self.view, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(8)
        layout.addLayout(kit_row)
        layout.addSpacing(12)
        layout.addWidget(check_intro)
        layout.addWidget(self.check)
        layout.addStretch(1)

    def set_code(self, code: str) -> None:
        self._code = code
        self.view.set_code(code)
        self.check.set_code(code)

    def forget_code(self) -> None:
        """Drop the code from the widgets once the user is done (best effort in Python)."""
        self._code = ""
        self.view.set_code("")
        self.check.set_code("")

    def kit_target(self) -> Path | None:
        """Ask where to save the kit; a separate method so tests can answer for the user."""
        start = paths.default_vault_parent() / kit_file_name(self._vault_name)
        chosen, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save Emergency Kit", str(start), "PDF files (*.pdf)"
        )
        if not chosen:
            return None
        target = Path(chosen)
        return target if target.suffix.lower() == ".pdf" else target.with_suffix(".pdf")

    def save_kit(self) -> None:
        if not self._code:
            return
        target = self.kit_target()
        if target is None:
            return
        # Imported here: reportlab is slow to import and only this button needs it.
        from recordsafe.vault.emergency_kit import write_emergency_kit  # noqa: PLC0415

        try:
            write_emergency_kit(
                target,
                vault_name=self._vault_name,
                vault_folder=self._vault_folder,
                recovery_code=self._code,
            )
        except VaultError as exc:
            show_message(self, exc.message, title="Emergency Kit not saved")
            return
        show_message(
            self,
            KIT_SAVED.format(path=target),
            title="Emergency Kit saved",
            icon=QtWidgets.QMessageBox.Icon.Information,
        )


class CodeOnceDialog(QtWidgets.QDialog):
    """A dialog that shows a new code once: it may not close unseen while that code is new.

    Subclasses set `code_page` and `done_button`, flip `busy` while a key operation runs and
    `code_shown` once the code is on screen, and extend `_forget` to drop what they hold.
    """

    code_page: CodeOncePage
    done_button: QtWidgets.QPushButton

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.busy = False
        self.code_shown = False

    def _update_done(self) -> None:
        correct = self.code_page.check.is_correct()
        self.done_button.setEnabled(correct)
        self.done_button.setDefault(correct)

    def done(self, result: int) -> None:
        # Every way out (Done, Esc, the window's close button) comes through here.
        if self.busy:
            return
        confirmed = self.code_shown and self.code_page.check.is_correct()
        if self.code_shown and not confirmed and not self._sure():
            return
        if confirmed:
            self._confirmed()
        self._forget()
        super().done(result)

    def _confirmed(self) -> None:
        """The code was shown and typed back (a subclass tells the vault, if it should)."""

    def not_confirmed_text(self) -> str:
        """What closing before the code was typed back means (a subclass names its code)."""
        return NOT_CONFIRMED

    def _sure(self) -> bool:
        answer = QtWidgets.QMessageBox.question(
            self,
            "Close without confirming?",
            self.not_confirmed_text(),
            QtWidgets.QMessageBox.StandardButton.Close
            | QtWidgets.QMessageBox.StandardButton.Cancel,
            QtWidgets.QMessageBox.StandardButton.Cancel,
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Close

    def _forget(self) -> None:
        self.code_page.forget_code()

    def drop_session(self) -> None:
        """On lock: forget the session and the code; closing then asks no questions."""
        self.busy = False
        self.code_shown = False
        self._forget()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)


def tell_vault_code_was_shown(session: VaultSession | None) -> None:
    """Clear the vault's "recovery code never shown" mark (see slot_record)."""
    if session is None or not session.is_open:
        return
    try:
        session.recovery_code_shown()
    except VaultError:
        pass  # then the next unlock says the code was never shown: safe, if needless


class NewRecoveryCodeDialog(CodeOnceDialog):
    replaced = Signal()

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New recovery code")
        self.setObjectName("newRecoveryCodeDialog")
        self._session: VaultSession | None = session

        explain = QtWidgets.QLabel(
            "<p>A recovery code opens the vault when the passphrase is forgotten.</p>"
            "<p>Make a new one if the old code is lost, or someone else may have seen it. "
            "<b>The old code stops working at once</b>: destroy your old Emergency Kit "
            "afterwards.</p>"
            "<p>Your passphrase, remembered computers and custodian codes are not changed.</p>"
        )
        explain.setWordWrap(True)
        explain.setTextFormat(Qt.TextFormat.RichText)
        # As for rotating the key: whoever replaces the code proves they know the vault.
        self.passphrase = PassphraseField(accessible_name="Passphrase")
        self.passphrase.textChanged.connect(self._update_make)
        self.passphrase.returnPressed.connect(self.make_code)
        form = QtWidgets.QFormLayout()
        form.addRow("Your passphrase:", self.passphrase)
        intro_page = QtWidgets.QWidget()
        intro_layout = QtWidgets.QVBoxLayout(intro_page)
        intro_layout.setContentsMargins(0, 0, 0, 0)
        intro_layout.addWidget(explain)
        intro_layout.addLayout(form)
        intro_layout.addStretch(1)

        self.code_page = CodeOncePage(vault_name=session.name, vault_folder=session.folder)
        self.pages = Pages()
        self.pages.addWidget(intro_page)
        self.pages.addWidget(self.code_page)

        self.buttons = QtWidgets.QDialogButtonBox()
        self.make_button = self.buttons.addButton(
            "Make new code", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.make_button.setObjectName("makeCode")
        self.cancel_button = self.buttons.addButton(
            QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.done_button = self.buttons.addButton(
            "Done", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.done_button.setObjectName("doneButton")
        self.done_button.hide()
        self.make_button.clicked.connect(self.make_code)
        self.cancel_button.clicked.connect(self.reject)
        self.done_button.clicked.connect(self.accept)
        self.code_page.check.changed.connect(self._update_done)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self._update_make()

    def _update_make(self) -> None:
        self.make_button.setEnabled(bool(self.passphrase.text()) and not self.busy)

    def make_code(self) -> None:
        session = self._session
        passphrase = self.passphrase.text()
        if session is None or self.busy or self.code_shown or not passphrase:
            return
        self.busy = True
        self.passphrase.setEnabled(False)
        self.make_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

        def make() -> str:
            if not session.check_passphrase(passphrase):
                raise WrongSecret(CODE_NOT_CHANGED)
            return session.new_recovery_code()

        run_in_background(
            self,
            make,
            label="Making a new recovery code…",
            on_success=self._show_code,
            on_failure=self._failed,
        )

    def _show_code(self, code: str) -> None:
        self.busy = False
        self.code_shown = True
        self.passphrase.clear()
        self.code_page.set_code(code)
        self.pages.setCurrentIndex(1)
        self.make_button.hide()
        self.cancel_button.hide()
        self.done_button.show()
        self._update_done()
        self.code_page.check.inputs[0].setFocus()
        self.replaced.emit()

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.passphrase.setEnabled(True)
        self.passphrase.clear()
        self.passphrase.setFocus()
        self.cancel_button.setEnabled(True)
        self._update_make()
        show_message(self, getattr(exc, "message", str(exc)), title="No new code")

    def _confirmed(self) -> None:
        tell_vault_code_was_shown(self._session)

    def _forget(self) -> None:
        self._session = None
        self.passphrase.clear()
        super()._forget()
