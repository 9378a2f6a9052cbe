"""Vault ▸ Rotate vault key: re-encrypt the vault under a new key after a suspected compromise.

`recordsafe.vault.rotate_key` re-encrypts the database, keeps the passphrase, replaces
the recovery code and drops what it cannot rewrap (custodian codes, other computers).
The dialog says all of that before anything happens, asks for the passphrase, runs the
rotation in the background, emits `rotated(new_session)` at once (the old session is
closed by then), and shows the new recovery code once with the list of dropped keys.
"""

from __future__ import annotations

from recordsafe.ui.operations import run_in_background, show_message
from recordsafe.ui.qt import Qt, QtWidgets, Signal
from recordsafe.ui.vault.change_passphrase_dialog import CHANGED, ChangePassphraseDialog
from recordsafe.ui.vault.new_recovery_code_dialog import (
    CodeOnceDialog,
    CodeOncePage,
    Pages,
    tell_vault_code_was_shown,
)
from recordsafe.ui.vault.security_dialog import is_this_device
from recordsafe.ui.widgets.passphrase_field import PassphraseField
from recordsafe.vault import RotatedVault, VaultSession, rotate_key

EXPLANATION = (
    "<p><b>Use this if you think someone may have copied your vault and learned a "
    "passphrase or code</b> — for example after a lost laptop or backup drive whose "
    "passphrase you had written down.</p>"
    "<p>RecordSafe re-encrypts the whole vault with a new key. Then:</p>"
    "<ul>"
    "<li>Your passphrase stays the same. <b>If someone may have learned it, change it "
    "too</b>: you can do that right after, on the last page.</li>"
    "<li><b>Your old recovery code stops working.</b> You get a new one at the end; "
    "print a new Emergency Kit and destroy the old one.</li>"
    "{custodian}"
    "{remembering}"
    "<li>Backups made before today still use the old key: keep them as safe as before, "
    "and make a new backup afterwards.</li>"
    "</ul>"
    "<p>It can take a while on a large vault. Do not switch the computer off meanwhile; if "
    "that happens anyway, RecordSafe finishes or undoes the change at the next unlock.</p>"
)


def remembering_words(session: VaultSession) -> str:
    """What rotation does to remembered computers, true for this vault (empty: none)."""
    here = any(is_this_device(session.vault_id, s) for s in session.slots)
    devices = sum(1 for s in session.slots if s.kind == "device")
    others = devices - (1 if here else 0)
    if here and others:
        return (
            "Other computers that remember this vault must be set up again. This computer "
            "keeps remembering it."
        )
    if here:
        return "This computer keeps remembering the vault."
    if others:
        return (
            "Other computers that remember this vault must be set up again (this computer "
            "does not remember it)."
        )
    return ""


CUSTODIAN_WORDS = (
    "<li><b>Custodian codes stop working.</b> Designate your custodian again and give "
    "them a new kit.</li>"
)


def explanation(session: VaultSession) -> str:
    """What stops working, as it is for this vault (nothing said of what it does not have)."""
    remembering = remembering_words(session)
    has_custodian = any(s.kind == "custodian" for s in session.slots)
    return EXPLANATION.format(
        custodian=CUSTODIAN_WORDS if has_custodian else "",
        remembering=f"<li>{remembering}</li>" if remembering else "",
    )


class RotateKeyDialog(CodeOnceDialog):
    # The new session: the old one is closed once the rotation commits.
    rotated = Signal(object)

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rotate vault key")
        self.setObjectName("rotateKeyDialog")
        self._session: VaultSession | None = session
        self.rotated_vault: RotatedVault | None = None

        self.code_page = CodeOncePage(vault_name=session.name, vault_folder=session.folder)
        self.pages = Pages()
        self.pages.addWidget(self._build_intro_page(session))
        self.pages.addWidget(self._build_done_page())

        self.buttons = QtWidgets.QDialogButtonBox()
        self.rotate_button = self.buttons.addButton(
            "Rotate key", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.rotate_button.setObjectName("rotateButton")
        self.cancel_button = self.buttons.addButton(
            QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.cancel_button.setDefault(True)
        self.done_button = self.buttons.addButton(
            "Done", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.done_button.setObjectName("doneButton")
        self.done_button.hide()
        self.rotate_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.reject)
        self.done_button.clicked.connect(self.accept)
        self.code_page.check.changed.connect(self._update_done)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self._update()

    def _build_intro_page(self, session: VaultSession) -> QtWidgets.QWidget:
        explain = QtWidgets.QLabel(explanation(session))
        explain.setObjectName("rotateExplanation")
        explain.setWordWrap(True)
        explain.setTextFormat(Qt.TextFormat.RichText)
        self.passphrase = PassphraseField(accessible_name="Passphrase")
        self.passphrase.textChanged.connect(self._update)
        self.passphrase.returnPressed.connect(self.start)
        form = QtWidgets.QFormLayout()
        form.addRow("Your passphrase:", self.passphrase)
        intro_page = QtWidgets.QWidget()
        intro_layout = QtWidgets.QVBoxLayout(intro_page)
        intro_layout.setContentsMargins(0, 0, 0, 0)
        intro_layout.addWidget(explain)
        intro_layout.addLayout(form)
        intro_layout.addStretch(1)
        return intro_page

    def _build_done_page(self) -> QtWidgets.QWidget:

        self.code_page.heading.setText("The vault key was changed. Your new recovery code:")
        self.dropped_label = QtWidgets.QLabel()
        self.dropped_label.setObjectName("droppedSlots")
        self.dropped_label.setWordWrap(True)
        self.dropped_label.setTextFormat(Qt.TextFormat.PlainText)
        suggest = QtWidgets.QLabel("If someone may have learned your passphrase, change it too.")
        suggest.setWordWrap(True)
        self.change_passphrase_button = QtWidgets.QPushButton("Change passphrase now…")
        self.change_passphrase_button.setObjectName("rotateChangePassphrase")
        self.change_passphrase_button.setAutoDefault(False)
        self.change_passphrase_button.clicked.connect(self.change_passphrase)
        suggest_row = QtWidgets.QHBoxLayout()
        suggest_row.addWidget(suggest, 1)
        suggest_row.addWidget(self.change_passphrase_button)
        done_page = QtWidgets.QWidget()
        done_layout = QtWidgets.QVBoxLayout(done_page)
        done_layout.setContentsMargins(0, 0, 0, 0)
        done_layout.addWidget(self.code_page, 1)
        done_layout.addWidget(self.dropped_label)
        done_layout.addLayout(suggest_row)
        return done_page

    def change_passphrase(self) -> ChangePassphraseDialog | None:
        """The passphrase change the explanation suggests, over the new session."""
        if self._session is None or not self._session.is_open or self.busy:
            return None
        dialog = ChangePassphraseDialog(self._session, self)
        dialog.changed.connect(self._passphrase_changed)
        dialog.open()
        return dialog

    def _passphrase_changed(self) -> None:
        self.change_passphrase_button.setEnabled(False)
        self.change_passphrase_button.setText("Passphrase changed")
        show_message(
            self, CHANGED, title="Passphrase changed", icon=QtWidgets.QMessageBox.Icon.Information
        )

    def _confirmed(self) -> None:
        tell_vault_code_was_shown(self._session)

    def _update(self) -> None:
        self.rotate_button.setEnabled(bool(self.passphrase.text()) and not self.busy)

    def start(self) -> None:
        session = self._session
        passphrase = self.passphrase.text()
        if session is None or self.busy or self.code_shown or not passphrase:
            return
        self.busy = True
        self.passphrase.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self._update()
        run_in_background(
            self,
            lambda: rotate_key(session, passphrase),
            label="Re-encrypting the vault with a new key…",
            on_success=self._rotated,
            on_failure=self._failed,
        )

    def _rotated(self, result: RotatedVault) -> None:
        self.busy = False
        self.code_shown = True
        self.rotated_vault = result
        self._session = result.session
        self.passphrase.clear()
        self.rotated.emit(result.session)
        self.code_page.set_code(result.recovery_code)
        self.dropped_label.setText(dropped_text(result.dropped))
        self.dropped_label.setVisible(bool(result.dropped))
        self.pages.setCurrentIndex(1)
        self.rotate_button.hide()
        self.cancel_button.hide()
        self.done_button.show()
        self._update_done()
        self.code_page.check.inputs[0].setFocus()

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.passphrase.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.passphrase.clear()
        self.passphrase.setFocus()
        self._update()
        show_message(self, getattr(exc, "message", str(exc)), title="Key not changed")

    def _forget(self) -> None:
        self._session = None
        self.rotated_vault = None
        self.passphrase.clear()
        super()._forget()


def dropped_text(labels: tuple[str, ...]) -> str:
    if not labels:
        return ""
    lines = "\n".join(f"  • {label}" for label in labels)
    return (
        "These no longer unlock the vault and must be set up again (designate the custodian "
        "again; remember the vault again on the other computers):\n" + lines
    )
