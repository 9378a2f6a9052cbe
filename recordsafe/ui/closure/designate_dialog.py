"""Designate a records custodian (or the alternate), then show their code once.

Page 1: who (name, profession, licence, contact) and the written instructions (the
professional will). Page 2: the code, shown once; "Save custodian kit…"; "Back up now and
verify" (a backup checked by opening it with this very code); a check that the code was
written down. Reprinting the kit later means a new code (`custodian.new_code`), which is
the same page over an existing custodian.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from recordsafe import paths
from recordsafe.closure import custodian
from recordsafe.closure.custodian import Custodian, CustodianForm, Designation, HandoffBackup
from recordsafe.ui.operations import run_in_background, show_message
from recordsafe.ui.qt import Qt, QtWidgets, Signal
from recordsafe.ui.vault.new_recovery_code_dialog import CodeOnceDialog, Pages
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.ui.widgets.recovery_code_view import RecoveryCodeCheck, RecoveryCodeView
from recordsafe.vault import VaultError, VaultSession

INSTRUCTIONS_HINT = (
    "Your professional will: where the vault and backups are kept, how clients are to be "
    "told, who you refer them to, how long records are kept, anything else the custodian "
    "must know. No client details here: the kit is printed."
)
KIT_SAVED = (
    "The custodian kit was saved to:\n{path}\n\n"
    "Print it and give it to {name} in a sealed envelope, then delete the file: anyone "
    "with this code and a copy of the vault can read the records."
)


def kit_file_name(custodian_name: str) -> str:
    safe = "".join(ch for ch in custodian_name if ch not in '<>:"/\\|?*').strip() or "Custodian"
    return f"Custodian kit - {safe}.pdf"


class CustodianCodePage(QtWidgets.QWidget):
    """The new custodian code, the kit and handoff buttons, the written-down check."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._code = ""
        self.heading = QtWidgets.QLabel("The custodian's code")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        warning = QtWidgets.QLabel(
            "RecordSafe shows this code only once. Save the custodian kit now (it holds the "
            "code, where the records are and your instructions) and give it to the custodian. "
            "The code opens the vault in custodian mode only."
        )
        warning.setWordWrap(True)
        self.view = RecoveryCodeView("")
        self.kit_button = QtWidgets.QPushButton("Save custodian kit…")
        self.kit_button.setObjectName("saveCustodianKit")
        self.backup_button = QtWidgets.QPushButton("Back up now and verify with this code…")
        self.backup_button.setObjectName("handoffBackup")
        self.backup_status = QtWidgets.QLabel(
            "Do this before saving the kit, so that the kit names a backup that opens with "
            "this code."
        )
        self.backup_status.setObjectName("handoffStatus")
        self.backup_status.setWordWrap(True)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.kit_button)
        row.addStretch(1)
        check_intro = QtWidgets.QLabel("To be sure the kit is right, type these two groups:")
        self.check = RecoveryCodeCheck("", what="custodian code")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(warning)
        layout.addSpacing(8)
        layout.addWidget(self.view, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(8)
        layout.addLayout(row)
        layout.addWidget(self.backup_status)
        layout.addSpacing(12)
        layout.addWidget(check_intro)
        layout.addWidget(self.check)
        layout.addStretch(1)

    @property
    def code(self) -> str:
        return self._code

    def set_code(self, code: str) -> None:
        self._code = code
        self.view.set_code(code)
        self.check.set_code(code)

    def forget_code(self) -> None:
        self._code = ""
        self.view.set_code("")
        self.check.set_code("")


class CustodianFormWidget(QtWidgets.QWidget):
    """Name, profession, licence, contact and instructions, with inline errors."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = QtWidgets.QComboBox()
        self.role.addItem("Custodian", "primary")
        self.role.addItem("Alternate custodian (if the custodian cannot act)", "alternate")
        self.role.setAccessibleName("Role")
        self.name = QtWidgets.QLineEdit()
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("e.g. Dr Rosa Vega")
        self.profession = QtWidgets.QLineEdit()
        self.profession.setAccessibleName("Profession")
        self.profession.setPlaceholderText("e.g. Licensed clinical social worker")
        self.licence = QtWidgets.QLineEdit()
        self.licence.setAccessibleName("Licence")
        self.licence.setPlaceholderText("Licence number and state")
        self.contact = QtWidgets.QLineEdit()
        self.contact.setAccessibleName("Contact")
        self.contact.setPlaceholderText("Telephone, e-mail or address")
        self.instructions = QtWidgets.QPlainTextEdit()
        self.instructions.setAccessibleName("Instructions")
        self.instructions.setPlaceholderText(INSTRUCTIONS_HINT)
        self.instructions.setTabChangesFocus(True)
        self.instructions.setMinimumHeight(140)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(text_style("error", bold=True))
        self.error.hide()
        form = QtWidgets.QFormLayout()
        form.addRow("&Role:", self.role)
        form.addRow("&Name:", self.name)
        form.addRow("&Profession:", self.profession)
        form.addRow("&Licence:", self.licence)
        form.addRow("&Contact:", self.contact)
        form.addRow("&Instructions:", self.instructions)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QtWidgets.QLabel(
            "A records custodian is a colleague who looks after your client records if you "
            "retire, move, fall ill or die: they tell clients, answer requests for records "
            "and destroy records when their time comes. They get their own code; you can "
            "revoke it at any time."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error)
        for line in (self.name, self.contact):
            line.textChanged.connect(self.error.hide)

    def load(self, current: Custodian) -> None:
        self.role.setCurrentIndex(self.role.findData(current.role))
        self.role.setEnabled(False)
        self.name.setText(current.name)
        self.profession.setText(current.profession)
        self.licence.setText(current.licence)
        self.contact.setText(current.contact)
        self.instructions.setPlainText(current.instructions)

    def value(self) -> CustodianForm:
        return CustodianForm(
            role=self.role.currentData(),
            name=self.name.text(),
            profession=self.profession.text(),
            licence=self.licence.text(),
            contact=self.contact.text(),
            instructions=self.instructions.toPlainText(),
        )

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        lowered = text.lower()
        if "name" in lowered:
            self.name.setFocus()
        elif "reach" in lowered:
            self.contact.setFocus()


class DesignateDialog(CodeOnceDialog):
    """Designate a custodian, or (with `renew`) make a new code and kit for one."""

    designated = Signal()
    backup_made = Signal()  # the handoff backup is a backup of the vault like any other
    # The base class only needs `.check` and `.forget_code()`, which this page has too.
    code_page: CustodianCodePage  # type: ignore[assignment]

    def __init__(
        self,
        session: VaultSession,
        parent: QtWidgets.QWidget | None = None,
        *,
        renew: Custodian | None = None,
        role: str = "primary",
    ) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = session
        self._renew = renew
        self.designation: Designation | None = None
        self.handoff: HandoffBackup | None = None
        self.setWindowTitle("New custodian code" if renew else "Designate a records custodian")
        self.setObjectName("designateCustodianDialog")

        self.form = CustodianFormWidget()
        self.form.role.setCurrentIndex(max(0, self.form.role.findData(role)))
        first_page: QtWidgets.QWidget = self.form
        if renew is None and role == "alternate":
            # The alternate follows the same professional will: start from it.
            primary = [c for c in custodian.active_custodians(session) if c.role == "primary"]
            if primary:
                self.form.instructions.setPlainText(primary[0].instructions)
        if renew is not None:
            self.form.load(renew)
            explain = QtWidgets.QLabel(
                f"<p>A new code for <b>{renew.name}</b>, to print a new custodian kit.</p>"
                "<p><b>The old code stops working at once</b>: ask the custodian to destroy "
                "their old kit. Their own passphrase, if they set one, keeps working. "
                "Backups made before now still open with the old code.</p>"
            )
            explain.setWordWrap(True)
            first_page = explain
        self.code_page = CustodianCodePage()
        self.code_page.kit_button.clicked.connect(self.save_kit)
        self.code_page.backup_button.clicked.connect(self.backup_and_verify)
        self.code_page.check.changed.connect(self._update_done)
        self.pages = Pages()
        self.pages.addWidget(first_page)
        self.pages.addWidget(self.code_page)

        self.buttons = QtWidgets.QDialogButtonBox()
        self.make_button = self.buttons.addButton(
            "Make new code" if renew else "Designate",
            QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.make_button.setObjectName("designateButton")
        self.cancel_button = self.buttons.addButton(
            QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.done_button = self.buttons.addButton(
            "Done", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.done_button.setObjectName("doneButton")
        self.done_button.hide()
        self.make_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.done_button.clicked.connect(self.accept)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        # Only once the button is in the dialog: before that, Qt has no dialog to tell and
        # picks the first button of the hidden code page instead, so Enter did nothing.
        self.make_button.setDefault(True)
        self.setMinimumWidth(640)
        self.form.name.setFocus()

    # --- designate -----------------------------------------------------------------------

    def submit(self) -> None:
        session = self._session
        if session is None or self.busy or self.code_shown:
            return
        if self._renew is not None:
            task = partial(custodian.new_code, session, self._renew.id)
        else:
            value = self.form.value()
            if not value.name.strip():
                self.form.show_error("Type the custodian's name.")
                return
            if not value.contact.strip():
                self.form.show_error(
                    "Give a way to reach the custodian (telephone, e-mail or address)."
                )
                return
            task = partial(custodian.designate, session, value)
        self.busy = True
        self.make_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        run_in_background(
            self,
            task,
            label="Making the custodian's code…",
            on_success=self._show_code,
            on_failure=self._failed,
        )

    def _show_code(self, designation: Designation) -> None:
        self.busy = False
        self.code_shown = True
        self.designation = designation
        self.code_page.set_code(designation.code)
        self.code_page.heading.setText(f"The code for {designation.custodian.name}")
        self.pages.setCurrentIndex(1)
        self.make_button.hide()
        self.cancel_button.hide()
        self.done_button.show()
        self._update_done()
        self.code_page.backup_button.setFocus()
        self.designated.emit()

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.make_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.form.show_error(getattr(exc, "message", str(exc)))

    def not_confirmed_text(self) -> str:
        # Only a new code replaces one: a first designation had no old code to stop.
        replaced = (
            " The old code already stopped working, and this one"
            if self._renew is not None
            else " It"
        )
        return (
            "You have not confirmed that you wrote the new custodian code down."
            f"{replaced} will not be shown again.\n\nClose anyway? (You can make another "
            "new code later: Custodians…, New code & kit.)"
        )

    # --- handoff backup ---------------------------------------------------------------------

    def backup_folder(self) -> Path | None:
        """The backup folder, else the last handoff's, else ask."""
        if self._session is not None:
            saved = custodian.handoff_folder(self._session)
            if saved is not None and saved.is_dir():
                return saved
        chosen = QtWidgets.QFileDialog.getExistingDirectory(
            self, "Choose a folder for the backup", str(paths.default_vault_parent())
        )
        return Path(chosen) if chosen else None

    def backup_and_verify(self) -> None:
        session, code = self._session, self.code_page.code
        if session is None or self.busy or not code:
            return
        folder = self.backup_folder()
        if folder is None:
            return
        self.busy = True
        self.code_page.backup_button.setEnabled(False)
        self.code_page.backup_status.setText("Backing up and checking the backup…")
        run_in_background(
            self,
            partial(custodian.handoff_backup, session, folder, code),
            label="Backing up and verifying…",
            on_success=self._backed_up,
            on_failure=self._backup_failed,
        )

    def _backed_up(self, result: HandoffBackup) -> None:
        self.busy = False
        self.handoff = result
        self.backup_made.emit()
        self.code_page.backup_button.setEnabled(True)
        if result.verified:
            self.code_page.backup_status.setText(
                f"✓ Backup {result.file.name} made in {result.file.parent} and checked: it "
                "opens with this custodian code. The kit will name it."
            )
        else:
            self.code_page.backup_status.setText(
                "✗ The backup was made but did not pass the check: " + " ".join(result.problems[:2])
            )

    def _backup_failed(self, exc: Exception) -> None:
        self.busy = False
        self.code_page.backup_button.setEnabled(True)
        self.code_page.backup_status.setText(f"✗ No backup: {getattr(exc, 'message', exc)}")

    # --- kit -----------------------------------------------------------------------------

    def kit_target(self) -> Path | None:
        name = self.designation.custodian.name if self.designation else "Custodian"
        start = paths.default_vault_parent() / kit_file_name(name)
        chosen, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save custodian kit", str(start), "PDF files (*.pdf)"
        )
        if not chosen:
            return None
        target = Path(chosen)
        return target if target.suffix.lower() == ".pdf" else target.with_suffix(".pdf")

    def save_kit(self) -> None:
        session, designation, code = self._session, self.designation, self.code_page.code
        if session is None or designation is None or not code:
            return
        target = self.kit_target()
        if target is None:
            return
        from recordsafe.closure.custodian_kit import kit_facts, write_custodian_kit  # noqa: PLC0415

        try:
            write_custodian_kit(target, designation.custodian, code, kit_facts(session))
        except VaultError as exc:
            show_message(self, exc.message, title="Custodian kit not saved")
            return
        show_message(
            self,
            KIT_SAVED.format(path=target, name=designation.custodian.name),
            title="Custodian kit saved",
            icon=QtWidgets.QMessageBox.Icon.Information,
        )

    def _forget(self) -> None:
        self._session = None
        super()._forget()
