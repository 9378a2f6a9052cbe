"""Vault ▸ Back up now: one encrypted `.rsbackup` file, with a progress bar, then rotation.

The destination is the vault's backup folder setting; when none is chosen yet, the
folder picked here becomes it. After the backup, older backups of this vault beyond the
"keep last N" setting are removed (`backup_policy.backup_and_prune`).
"""

from __future__ import annotations

from pathlib import Path

from recordsafe.ui.backup.backup_status import automatic_backup_words, last_backup_words
from recordsafe.ui.backup.path_field import PathField, PathKind
from recordsafe.ui.operations import run_with_progress
from recordsafe.ui.qt import Qt, QtWidgets, Signal
from recordsafe.ui.widgets.forms import HINT_STYLE, hint
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault import VaultError, VaultSession
from recordsafe.vault.backup import get_backup_dir, last_backup_folder, set_backup_dir
from recordsafe.vault.backup_policy import BackupOutcome, backup_and_prune


def size_words(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size // 1024, 1)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def outcome_words(outcome: BackupOutcome) -> str:
    """The result line: which file, where, and what rotation did."""
    try:
        size = f" ({size_words(outcome.file.stat().st_size)})"
    except OSError:
        size = ""
    text = f"Backup saved: {outcome.file.name}{size} in {outcome.file.parent}."
    if outcome.removed:
        count = len(outcome.removed)
        older = "older backup" if count == 1 else "older backups"
        text += f" Removed {count} {older}, keeping the newest {outcome.keep}."
    if outcome.prune_problem:
        text += f" {outcome.prune_problem}"
    return text


REMEMBERED = "This folder will be remembered for future backups."
SAVED_FOLDER = "This is the vault's backup folder (you can change it in Backup settings)."
NO_FOLDER = "Choose a folder for the backup first (Browse…)."


class BackupNowDialog(QtWidgets.QDialog):
    # The new backup's path, so the window can refresh its reminder.
    backup_made = Signal(object)

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Back up now")
        self.setObjectName("backupNowDialog")
        self._session: VaultSession | None = session
        self.busy = False
        self.outcome: BackupOutcome | None = None
        saved = get_backup_dir(session)
        self._had_folder = saved is not None

        intro = QtWidgets.QLabel(
            f"Saves one encrypted backup file of the vault “{session.name}”. It opens with "
            "the same passphrase and recovery code as the vault. Keep backups on a "
            "separate drive, so one failure cannot take both."
        )
        intro.setWordWrap(True)

        self.folder_field = PathField(
            PathKind.FOLDER,
            accessible_name="Backup folder",
            caption="Choose a folder for backups",
            placeholder="Choose a folder, ideally on a separate drive",
        )
        self.folder_field.set_path(saved or last_backup_folder(session))  # offered, not set
        self.folder_hint = hint(REMEMBERED if saved is None else SAVED_FOLDER)

        form = QtWidgets.QFormLayout()
        form.addRow("Save to:", self.folder_field)
        form.addRow("", self.folder_hint)
        self._build_status(session)

        self.progress = QtWidgets.QProgressBar()
        self.progress.setObjectName("backupProgress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat("%p%")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)  # not in its top-left corner
        self.progress.setAccessibleName("Backup progress")
        self.progress.hide()

        self._build_result()

        self.backup_button = QtWidgets.QPushButton("Back up")
        self.backup_button.setObjectName("backupButton")
        self.backup_button.setDefault(True)
        self.backup_button.clicked.connect(self.start)
        self.buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.backup_button, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.automatic_label)
        layout.addWidget(self.last_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(600, 320)
        # The box puts its own Close first in the Tab chain, behind the fields: Tab from
        # the action button must reach Close, not wrap back to the top.
        QtWidgets.QWidget.setTabOrder(
            self.backup_button, self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Close)
        )

    def _build_result(self) -> None:
        self.result_label = QtWidgets.QLabel("")
        self.result_label.setObjectName("backupResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A neutral hint until a backup is tried: red only says that an attempt failed.
        self._refused = False
        self._hint_when_no_folder()
        self.folder_field.changed.connect(self._folder_changed)

    def _build_status(self, session: VaultSession) -> None:
        """What else backs this vault up, and when the last backup was made."""
        self.automatic_label = hint(automatic_backup_words(session))
        self.automatic_label.setObjectName("automaticBackups")
        self.last_label = hint(last_backup_words(session))
        self.last_label.setObjectName("lastBackupNow")
        for label in (self.automatic_label, self.last_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    # --- running --------------------------------------------------------------------

    def _set_running(self, running: bool) -> None:
        self.busy = running
        self.backup_button.setEnabled(not running)
        self.folder_field.setEnabled(not running)
        close = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.setEnabled(not running)  # a half-written backup is removed anyway; wait for it

    def _say(self, text: str, style: str = "") -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet(style)
        self._refused = False

    def _refuse(self, text: str) -> None:
        self._say(text, text_style("error"))
        self._refused = True

    def _hint_when_no_folder(self) -> None:
        if self.folder_field.path() is None:
            self._say(NO_FOLDER, HINT_STYLE)
        else:
            self._say("")

    def _folder_changed(self) -> None:
        """A refusal, or the hint, goes once the folder is answered; a result stays."""
        if not self.busy and (self._refused or self.result_text() in ("", NO_FOLDER)):
            self._hint_when_no_folder()

    def start(self) -> None:
        session = self._session
        if session is None or self.busy:
            return
        folder = self.folder_field.path()
        if folder is None:
            self._refuse(NO_FOLDER)
            self.folder_field.setFocus()
            return
        folder = folder.absolute()
        if not self._had_folder:
            try:
                set_backup_dir(session, folder)  # refuses a folder inside the vault
            except VaultError as exc:
                self._refuse(exc.message)
                return
            self._had_folder = True
            self.folder_hint.setText(SAVED_FOLDER)
            self.automatic_label.setText(automatic_backup_words(session))
        self._set_running(True)
        self.progress.setValue(0)
        self.progress.show()
        self._say("Backing up… the vault stays as it is while the copy is made.")
        run_with_progress(
            self,
            lambda progress: backup_and_prune(session, folder, progress=progress),
            label="Backing up the vault",
            on_progress=self.progress.setValue,
            on_success=self._done,
            on_failure=self._failed,
        )

    def _done(self, outcome: BackupOutcome) -> None:
        self._set_running(False)
        self.outcome = outcome
        self.progress.setValue(self.progress.maximum())
        self._say(
            outcome_words(outcome),
            text_style("error" if outcome.prune_problem else "ok"),
        )
        self.backup_button.setText("Back up again")
        # Done: Enter now closes the window; a second backup takes a deliberate click.
        close = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Close)
        self.backup_button.setDefault(False)
        close.setDefault(True)
        close.setFocus()
        if self._session is not None:
            self.last_label.setText(last_backup_words(self._session))
        self.backup_made.emit(outcome.file)

    def _failed(self, exc: VaultError) -> None:
        self._set_running(False)
        self.progress.hide()
        self._refuse(f"No backup was made. {exc.message}")

    def result_text(self) -> str:
        return self.result_label.text()

    def chosen_folder(self) -> Path | None:
        return self.folder_field.path()

    def drop_session(self) -> None:
        """Called on lock: forget the session so the dialog cannot reach it any more."""
        self._session = None
