"""Vault ▸ Verify backup: open a backup with the vault's own keys and check it, restoring nothing.

`verify_backup` unpacks the backup into a private temporary folder, opens it and runs
every integrity check there; it runs in the background. Each check is said in a sentence.
"""

from __future__ import annotations

from pathlib import Path

from recordsafe.ui.backup.backup_facts import FactsBox
from recordsafe.ui.backup.path_field import PathField, PathKind
from recordsafe.ui.backup.secret_input import SecretInput
from recordsafe.ui.operations import run_in_background
from recordsafe.ui.qt import Qt, QtCore, QtGui, QtWidgets
from recordsafe.ui.vault.verify_dialog import CHECK_WORDS
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault import VaultSession
from recordsafe.vault.backup import (
    BACKUP_SUFFIX,
    BackupVerifyReport,
    newest_backup,
    verify_backup,
)

BACKUP_FILTER = f"RecordSafe backups (*{BACKUP_SUFFIX});;All files (*)"

# The vault's check words, said of a backup.
BACKUP_CHECK_WORDS: dict[str, tuple[str, str]] = {
    **CHECK_WORDS,
    "backup file": (
        "The backup file is complete and every checksum matches.",
        "The backup file is incomplete or was changed.",
    ),
    "found at unlock": (
        "Nothing was wrong when the backup was opened.",
        "Problems were found when the backup was opened:",
    ),
}

ALL_OK = "The backup is intact: it opens with this key and passed every check."
PROBLEMS = (
    "This backup did not pass every check. Do not rely on it: keep it as it is, and make "
    "a fresh backup of your vault now."
)


def backup_check_lines(report: BackupVerifyReport) -> list[tuple[str, str]]:
    """("ok" | "failed", sentence) per check, each followed by ("detail", problem)."""
    out: list[tuple[str, str]] = []
    for name, problems in report.checks.items():
        label = name[:1].upper() + name[1:]
        good, bad = BACKUP_CHECK_WORDS.get(
            name, (f"{label}: no problems.", f"{label}: problems found.")
        )
        out.append(("failed", bad) if problems else ("ok", good))
        out.extend(("detail", problem) for problem in problems)
    return out


def fill_results(results: QtWidgets.QListWidget, lines: list[tuple[str, str]]) -> None:
    results.clear()
    style = results.style()
    good_icon = style.standardIcon(QtWidgets.QStyle.StandardPixmap.SP_DialogApplyButton)
    bad_icon = style.standardIcon(QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning)
    # Problem details get a blank icon, so they sit indented under their check.
    blank = QtGui.QPixmap(results.iconSize().expandedTo(QtCore.QSize(16, 16)))
    blank.fill(Qt.GlobalColor.transparent)
    icons = {"ok": good_icon, "failed": bad_icon, "detail": QtGui.QIcon(blank)}
    for kind, text in lines:
        results.addItem(QtWidgets.QListWidgetItem(icons[kind], text))


class VerifyBackupDialog(QtWidgets.QDialog):
    def __init__(
        self, session: VaultSession | None = None, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Verify a backup")
        self.setObjectName("verifyBackupDialog")
        self._session = session
        self.busy = False
        self.report: BackupVerifyReport | None = None
        self.error: str | None = None

        intro = QtWidgets.QLabel(
            "Opens a backup with the vault's own passphrase (or a code) and checks every "
            "part of it, without restoring it. Your vault is not touched."
        )
        intro.setWordWrap(True)

        self.file_field = PathField(
            PathKind.OPEN_FILE,
            accessible_name="Backup file",
            caption="Choose a backup file",
            name_filter=BACKUP_FILTER,
            placeholder=f"A {BACKUP_SUFFIX} file",
        )
        self.file_field.changed.connect(self._file_changed)
        self.secret_input = SecretInput()
        self.secret_input.field.returnPressed.connect(self.start)

        form = QtWidgets.QFormLayout()
        form.addRow("Backup file:", self.file_field)
        form.addRow("Open with:", self.secret_input)

        self.facts = FactsBox()

        self.summary = QtWidgets.QLabel("")
        self.summary.setObjectName("verifyBackupSummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)

        self.results = QtWidgets.QListWidget()
        self.results.setObjectName("verifyBackupResults")
        self.results.setWordWrap(True)
        self.results.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.hide()

        self.check_button = QtWidgets.QPushButton("Check backup")
        self.check_button.setObjectName("checkBackup")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.start)
        self.buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.check_button, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.facts)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        # Takes the spare room only while the results list is hidden (stretch 0 < 1).
        layout.addStretch(0)
        layout.addWidget(self.buttons)
        self.resize(640, 460)
        # The box puts its own Close first in the Tab chain, behind the fields: Tab from
        # the action button must reach Close, not wrap back to the top.
        QtWidgets.QWidget.setTabOrder(
            self.check_button, self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Close)
        )
        # The backup one most likely wants checked: this vault's newest in its folder.
        if session is not None and (newest := newest_backup(session)) is not None:
            self.set_file(newest)
            self.secret_input.setFocus()

    def set_file(self, file: Path) -> None:
        self.file_field.set_path(file)

    def _file_changed(self) -> None:
        self.facts.show_facts(self.file_field.path(), self._session)
        self.report = None
        self.results.clear()
        self.results.hide()
        self._say("")

    def _say(self, text: str, style: str = "") -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet(style)

    def start(self) -> None:
        if self.busy:
            return
        file = self.file_field.path()
        if file is None:
            self._say("Choose a backup file first.", text_style("error"))
            return
        secret = self.secret_input.secret()
        if not secret:
            self._say(
                "Type the vault's passphrase (or a code) to open the backup.", text_style("error")
            )
            self.secret_input.setFocus()
            return
        kinds = self.secret_input.kinds()
        self.busy = True
        self.report = None
        self.error = None
        self.check_button.setEnabled(False)
        self.results.clear()
        self.results.hide()
        self._say("Checking… this opens a copy of the backup and reads all of it.")
        run_in_background(
            self,
            lambda: verify_backup(file, secret, kinds=kinds),
            label="Checking the backup…",
            on_success=self._show_report,
            on_failure=self._failed,
        )

    def _show_report(self, report: BackupVerifyReport) -> None:
        self.busy = False
        self.check_button.setEnabled(True)
        self.report = report
        fill_results(self.results, backup_check_lines(report))
        self.results.show()
        self.secret_input.clear()
        if report.ok:
            self._say(ALL_OK, text_style("ok"))
        else:
            self._say(PROBLEMS, text_style("error"))

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.check_button.setEnabled(True)
        self.error = getattr(exc, "message", "The backup could not be checked.")
        self._say(f"The backup could not be checked. {self.error}", text_style("error"))

    def summary_text(self) -> str:
        return self.summary.text()

    def result_texts(self) -> list[str]:
        return [self.results.item(i).text() for i in range(self.results.count())]

    def drop_session(self) -> None:
        """Called on lock: the dialog needs no session; forget it and the typed secret."""
        self._session = None
        self.secret_input.clear()
