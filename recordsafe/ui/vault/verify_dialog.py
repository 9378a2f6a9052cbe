"""Vault ▸ Verify vault: run every integrity check in the background and say what it found.

`session.verify()` reads every encrypted page and the whole audit chain, so on a large
vault it takes seconds; it runs through `run_in_background`. The report's check names
are the vault's internal ones; here each becomes a sentence a practitioner can act on.
"""

from __future__ import annotations

from recordsafe.ui.operations import run_in_background
from recordsafe.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault import VaultSession, VerifyReport

# What each check means when it passes, and what to do when it does not.
CHECK_WORDS: dict[str, tuple[str, str]] = {
    "key file": (
        "The key file (keyslots.json) is intact and signed by this vault's key.",
        "The key file (keyslots.json) does not match this vault's key.",
    ),
    "encryption (page MACs)": (
        "Every encrypted page of the database is intact.",
        "Some encrypted pages of the database are damaged or were changed.",
    ),
    "database structure": (
        "The database's internal structure is sound.",
        "The database's internal structure is damaged.",
    ),
    "audit chain": (
        "The audit trail is complete and has not been altered.",
        "The audit trail is incomplete or was altered.",
    ),
    "audit triggers": (
        "The database's protective rules (an append-only audit trail) are all in place.",
        "Some of the database's protective rules were removed or changed:",
    ),
    "found at unlock": (
        "No earlier finding is waiting for your review.",
        "Found earlier and not yet reviewed (see Vault ▸ Security & keys…):",
    ),
    "recorded in the audit log": (
        "The audit trail records no problem since the last review.",
        "The audit trail records problems not yet reviewed:",
    ),
}

ALL_OK = "All checks passed. Your vault is intact."
PROBLEMS = (
    "RecordSafe found problems. Do not delete anything. Keep this vault folder and your "
    "backups as they are, make a fresh backup to a separate drive, and compare with your "
    "most recent backup before you change any records."
)


def plain_lines(report: VerifyReport) -> list[tuple[str, str]]:
    """("ok" | "failed", sentence) for each check, each followed by ("detail", problem)."""
    out: list[tuple[str, str]] = []
    for name, problems in report.checks.items():
        label = name[:1].upper() + name[1:]
        good, bad = CHECK_WORDS.get(name, (f"{label}: no problems.", f"{label}: problems found."))
        out.append(("failed", bad) if problems else ("ok", good))
        out.extend(("detail", problem) for problem in problems)
    out.extend(("failed", warning) for warning in report.warnings)
    return out


class VerifyDialog(QtWidgets.QDialog):
    # The report, so the home page can show the last result.
    verified = Signal(object)

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Verify vault")
        self.setObjectName("verifyDialog")
        self._session: VaultSession | None = session
        self.report: VerifyReport | None = None
        self.busy = False

        intro = QtWidgets.QLabel(
            f"Checks the vault “{session.name}”: the key file, every encrypted page, "
            "the database's structure and protective rules, the audit trail, and any "
            "earlier finding not yet reviewed. It changes nothing."
        )
        intro.setWordWrap(True)

        self.summary = QtWidgets.QLabel("Checking…")
        self.summary.setObjectName("verifySummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)

        self.results = QtWidgets.QListWidget()
        self.results.setObjectName("verifyResults")
        self.results.setWordWrap(True)
        self.results.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.run_again = QtWidgets.QPushButton("Check again")
        self.run_again.setObjectName("runAgain")
        self.run_again.clicked.connect(self.start)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.run_again, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.resize(620, 360)

    def start(self) -> None:
        session = self._session
        if session is None or self.busy:
            return
        self.busy = True
        self.run_again.setEnabled(False)
        self.summary.setText("Checking… this reads the whole vault and may take a moment.")
        self.summary.setStyleSheet("")
        self.results.clear()
        run_in_background(
            self,
            session.verify,
            label="Checking the vault…",
            on_success=self._show_report,
            on_failure=self._failed,
        )

    def _show_report(self, report: VerifyReport) -> None:
        self.busy = False
        self.run_again.setEnabled(True)
        self.report = report
        self.results.clear()
        style = self.style()
        good_icon = style.standardIcon(QtWidgets.QStyle.StandardPixmap.SP_DialogApplyButton)
        bad_icon = style.standardIcon(QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning)
        # Problem details get a blank icon, so they sit indented under their check.
        blank = QtGui.QPixmap(self.results.iconSize().expandedTo(QtCore.QSize(16, 16)))
        blank.fill(Qt.GlobalColor.transparent)
        icons = {"ok": good_icon, "failed": bad_icon, "detail": QtGui.QIcon(blank)}
        for kind, text in plain_lines(report):
            self.results.addItem(QtWidgets.QListWidgetItem(icons[kind], text))
        if report.ok:
            self.summary.setText(ALL_OK)
            self.summary.setStyleSheet(text_style("ok"))
        else:
            self.summary.setText(PROBLEMS)
            self.summary.setStyleSheet(text_style("warning"))
        self.verified.emit(report)

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.run_again.setEnabled(True)
        message = getattr(exc, "message", str(exc))
        self.summary.setText(f"The check could not finish. {message}")
        self.summary.setStyleSheet(text_style("warning"))

    def done(self, result: int) -> None:
        # Not while the check runs: the worker is using the session (the busy popup
        # blocks the dialog after a moment anyway).
        if self.busy:
            return
        super().done(result)

    def result_texts(self) -> list[str]:
        return [self.results.item(i).text() for i in range(self.results.count())]

    def drop_session(self) -> None:
        """Called on lock: forget the session so the dialog cannot reach it any more."""
        self._session = None
