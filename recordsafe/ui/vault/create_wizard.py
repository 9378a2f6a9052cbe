"""The create-a-vault wizard: name and place, passphrase, recovery code, check the copy.

The vault is created when the passphrase page is committed (in the background: Argon2 is
calibrated and run twice), so the recovery code shown next is real. From then on the
wizard cannot go back to the passphrase, and leaving asks first: the code is shown once.
"""

from __future__ import annotations

import re
from pathlib import Path

from recordsafe import paths
from recordsafe.ui.operations import UnexpectedError, run_in_background
from recordsafe.ui.qt import Qt, QtGui, QtWidgets, Signal
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.ui.widgets.passphrase_field import PassphraseField
from recordsafe.ui.widgets.recovery_code_view import RecoveryCodeCheck, RecoveryCodeView
from recordsafe.ui.widgets.strength_meter import StrengthMeter, new_passphrase_problem
from recordsafe.vault import VAULT_SUFFIX, CreatedVault, KdfParams, VaultError, create_vault

FORBIDDEN_NAME_CHARS = '/\\:*?"<>|'
LEAVE_QUESTION = (
    "Your vault has been created, but you have not checked your copy of the recovery "
    "code. RecordSafe will not show this code again; without it, a forgotten passphrase "
    "means the records are lost.\n\nLeave anyway and open the vault?"
)
KIT_SAVED = (
    "Saved: {path}\nPrint it, keep the paper away from this computer, then delete the "
    "file: anyone with this code and a copy of your vault can read your records."
)
KIT_MISSING = (
    "The Emergency Kit cannot be made in this version of RecordSafe. Please write the "
    "code down by hand."
)


def name_problem(name: str) -> str | None:
    if not name.strip():
        return "Type a name for your vault."
    if any(ch in FORBIDDEN_NAME_CHARS for ch in name) or re.search(r"[\x00-\x1f]", name):
        return f"A vault name cannot contain any of these: {' '.join(FORBIDDEN_NAME_CHARS)}"
    if name.strip() in {".", ".."} or name != name.strip():
        return "A vault name cannot start or end with a space or be just dots."
    return None


def error_label() -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setStyleSheet(text_style("error", bold=True))
    label.setAccessibleName("Problem")
    return label


class NamePage(QtWidgets.QWizardPage):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Name your vault")
        self.setSubTitle(
            "A vault is one folder that holds all your records, encrypted. Pick a name you "
            "will recognise and a place you back up."
        )
        self.name = QtWidgets.QLineEdit()
        self.name.setAccessibleName("Vault name")
        self.name.setPlaceholderText("e.g. Practice records")
        self.name.setMaxLength(80)
        self.location = QtWidgets.QLineEdit(str(paths.default_vault_parent()))
        self.location.setAccessibleName("Location")
        self.browse_button = QtWidgets.QPushButton("Browse…")
        self.browse_button.setAccessibleName("Browse for a location")
        self.browse_button.clicked.connect(self._browse)
        location_row = QtWidgets.QHBoxLayout()
        location_row.addWidget(self.location, 1)
        location_row.addWidget(self.browse_button)
        self.preview = QtWidgets.QLabel()
        self.preview.setObjectName("folderPreview")
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = error_label()

        form = QtWidgets.QFormLayout()
        form.addRow("Vault name:", self.name)
        form.addRow("Location:", location_row)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.name.textChanged.connect(self._update)
        self.location.textChanged.connect(self._update)
        self._update()

    def folder(self) -> Path:
        return Path(self.location.text().strip()).expanduser() / (self.name.text() + VAULT_SUFFIX)

    def problem_text(self) -> str | None:
        problem = name_problem(self.name.text())
        if problem:
            return problem
        if not self.location.text().strip():
            return "Choose where to keep the vault."
        folder = self.folder()
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            return "Something with this name already exists there. Choose another name."
        return None

    def _update(self, _text: str = "") -> None:
        problem = self.problem_text()
        # An untouched name field is not an error yet; the greyed Next says enough.
        self.problem.setText(problem if problem and self.name.text() else "")
        self.preview.setText(
            f"Your vault will be the folder:\n{self.folder()}" if not problem else ""
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.problem_text() is None

    def choose_location(self) -> Path | None:
        """Ask for a folder (a method so tests can answer without a file dialog)."""
        text = QtWidgets.QFileDialog.getExistingDirectory(
            self, "Where should the vault folder go?", self.location.text()
        )
        return Path(text) if text else None

    def _browse(self) -> None:
        chosen = self.choose_location()
        if chosen is not None:
            self.location.setText(str(chosen))


class PassphrasePage(QtWidgets.QWizardPage):
    def __init__(self, wizard: CreateVaultWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Choose a passphrase")
        self.setSubTitle(
            "You will type it each time you open the vault. A few unrelated words are "
            "strong and easy to remember. Nobody can reset it for you."
        )
        self.setCommitPage(True)
        self.setButtonText(QtWidgets.QWizard.WizardButton.CommitButton, "Create vault")
        self.new = PassphraseField(accessible_name="Passphrase")
        self.meter = StrengthMeter()
        self.meter.attach(self.new)
        self.confirm = PassphraseField(accessible_name="Passphrase again")
        self.problem = error_label()
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        form = QtWidgets.QFormLayout()
        form.addRow("Passphrase:", self.new)
        form.addRow("", self.meter)
        form.addRow("Type it again:", self.confirm)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.status)
        layout.addStretch(1)
        QtWidgets.QWidget.setTabOrder(self.new.line_edit, self.confirm.line_edit)
        self.new.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self.busy = False

    def initializePage(self) -> None:
        self.new.setFocus()

    def problem_text(self) -> str | None:
        return new_passphrase_problem(self.new.text(), self.confirm.text())

    def _update(self, _text: str = "") -> None:
        problem = self.problem_text()
        self.problem.setText(problem or "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.busy and self.problem_text() is None

    def validatePage(self) -> bool:
        if self._wizard.created is not None:
            return True
        if self.busy or self.problem_text() is not None:
            return False
        self._start_create()
        return False  # the wizard moves on when the vault exists

    def _start_create(self) -> None:
        folder = self._wizard.folder()
        passphrase = self.new.text()
        kdf = self._wizard.kdf
        self._set_busy(True)
        run_in_background(
            self,
            lambda: create_vault(folder, passphrase, kdf=kdf),
            label="Creating your vault… (protecting the key takes a moment)",
            on_success=self._created,
            on_failure=self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._wizard.busy = busy
        self.new.setEnabled(not busy)
        self.confirm.setEnabled(not busy)
        self.status.setText("Creating your vault…" if busy else "")
        for button in (
            QtWidgets.QWizard.WizardButton.BackButton,
            QtWidgets.QWizard.WizardButton.CancelButton,
        ):
            widget = self._wizard.button(button)
            if widget is not None:
                widget.setEnabled(not busy)
        self.completeChanged.emit()

    def _created(self, created: CreatedVault) -> None:
        self._wizard.created = created
        self._set_busy(False)
        # The passphrase is in the vault now; do not keep it in the widgets.
        self.new.clear()
        self.confirm.clear()
        self._wizard.vault_created()
        self._wizard.next()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.problem.setText(
            exc.message if isinstance(exc, VaultError) else UnexpectedError().message
        )


class CodePage(QtWidgets.QWizardPage):
    def __init__(self, wizard: CreateVaultWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Your recovery code")
        self.setSubTitle("The only way into your vault if you forget your passphrase.")
        intro = QtWidgets.QLabel(
            "Write this code on paper now, or save and print the Emergency Kit, and keep it "
            "somewhere safe, away from this computer. RecordSafe shows it only this once."
        )
        intro.setWordWrap(True)
        self.view = RecoveryCodeView()
        self.kit_button = QtWidgets.QPushButton("Save Emergency Kit…")
        self.kit_button.setAccessibleName("Save Emergency Kit as a PDF to print")
        self.kit_button.setAutoDefault(False)
        self.kit_button.clicked.connect(self.save_kit)
        self.kit_status = QtWidgets.QLabel()
        self.kit_status.setObjectName("kitStatus")
        self.kit_status.setWordWrap(True)
        self.kit_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.view, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(8)
        layout.addWidget(self.kit_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.kit_status)
        layout.addStretch(1)

    def initializePage(self) -> None:
        created = self._wizard.created
        if created is not None:
            self.view.set_code(created.recovery_code)

    def choose_kit_path(self) -> Path | None:
        """Ask where to save the PDF (a method so tests can answer without a file dialog)."""
        start = paths.default_vault_parent() / f"{self._wizard.vault_name()} Emergency Kit.pdf"
        text, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save Emergency Kit", str(start), "PDF files (*.pdf)"
        )
        return Path(text) if text else None

    def save_kit(self) -> None:
        created = self._wizard.created
        if created is None:
            return
        target = self.choose_kit_path()
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            from recordsafe.vault.emergency_kit import write_emergency_kit  # noqa: PLC0415
        except ImportError:
            self.kit_status.setText(KIT_MISSING)
            return
        name, folder, code = (
            self._wizard.vault_name(),
            created.session.folder,
            created.recovery_code,
        )
        self.kit_button.setEnabled(False)

        def saved(_: None) -> None:
            self.kit_button.setEnabled(True)
            self.kit_status.setText(KIT_SAVED.format(path=target))

        def failed(exc: Exception) -> None:
            self.kit_button.setEnabled(True)
            self.kit_status.setText(exc.message if isinstance(exc, VaultError) else "")

        run_in_background(
            self,
            lambda: write_emergency_kit(
                target, vault_name=name, vault_folder=folder, recovery_code=code
            ),
            label="Saving the Emergency Kit…",
            on_success=saved,
            on_failure=failed,
        )


class CheckPage(QtWidgets.QWizardPage):
    def __init__(self, wizard: CreateVaultWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Check your copy")
        self.intro = QtWidgets.QLabel()
        self.intro.setWordWrap(True)
        self.check = RecoveryCodeCheck()
        self.check.changed.connect(self.completeChanged)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.check)
        layout.addStretch(1)
        self.setButtonText(QtWidgets.QWizard.WizardButton.FinishButton, "Open my vault")

    def initializePage(self) -> None:
        created = self._wizard.created
        if created is None:
            return
        self.check.set_code(created.recovery_code)
        first, second = self.check.groups
        self.setSubTitle("To be sure you have it, type two groups from your paper copy.")
        self.intro.setText(
            f"Type group {first} and group {second} of your recovery code, as you wrote "
            "them down. (Back shows the code again if you need it.)"
        )
        if self.check.inputs:
            self.check.inputs[0].setFocus()

    def isComplete(self) -> bool:
        return self.check.is_correct()


class CreateVaultWizard(QtWidgets.QWizard):
    """Emits `finished_with(CreatedVault)` when the user is done; the session is open."""

    finished_with = Signal(object)

    def __init__(
        self, *, kdf: KdfParams | None = None, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create a vault — RecordSafe")
        self.setObjectName("createVaultWizard")
        self.setWizardStyle(QtWidgets.QWizard.WizardStyle.ModernStyle)
        self.setOption(QtWidgets.QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.kdf = kdf
        self.created: CreatedVault | None = None
        self.busy = False
        self.leave_box: QtWidgets.QMessageBox | None = None
        self.name_page = NamePage()
        self.passphrase_page = PassphrasePage(self)
        self.code_page = CodePage(self)
        self.check_page = CheckPage(self)
        for page in (self.name_page, self.passphrase_page, self.code_page, self.check_page):
            self.addPage(page)
        # As tall as its tallest page needs: a fixed 520 px left half of every page empty.
        self.setMinimumWidth(680)

    def folder(self) -> Path:
        return self.name_page.folder()

    def vault_name(self) -> str:
        return self.name_page.name.text().strip()

    def vault_created(self) -> None:
        """From here on the vault exists: no cancel button, leaving asks first."""
        self.setOption(QtWidgets.QWizard.WizardOption.NoCancelButton, True)

    def ask_before_leaving(self) -> QtWidgets.QMessageBox:
        """A window-modal question (never a nested event loop); "Yes" opens the vault."""
        if self.leave_box is not None:
            return self.leave_box
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning,
            "Leave without checking?",
            LEAVE_QUESTION,
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.No)
        box.finished.connect(self._leave_answered)
        self.leave_box = box
        box.open()
        return box

    def _leave_answered(self, answer: int) -> None:
        self.leave_box = None
        if answer == QtWidgets.QMessageBox.StandardButton.Yes and self.created is not None:
            super().accept()
            self.finished_with.emit(self.created)

    def accept(self) -> None:
        if self.created is None:
            return
        super().accept()
        self.finished_with.emit(self.created)

    def reject(self) -> None:
        if self.busy:
            return  # a vault is being written; it must be received, not dropped
        if self.created is not None:
            self.ask_before_leaving()
            return
        super().reject()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        if self.created is not None:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
