"""The "time to back up" reminder: its words, and a small banner for the main window.

The banner is not modal and can be dismissed ("Later"); it offers "Back up now", which
the window connects to the Back up now dialog.
"""

from __future__ import annotations

from recordsafe.ui.backup.time_words import days_ago, local_time
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.widgets.meaning_colours import frame_style
from recordsafe.vault import VaultSession
from recordsafe.vault.backup import backup_due, last_backup_at

NEVER = (
    "This vault has never been backed up. A backup on a separate drive keeps your records "
    "safe if this computer is lost or fails."
)


def backup_reminder_text(session: VaultSession) -> str | None:
    """Plain words when a backup is due (never, or 7 days or more ago); None otherwise."""
    if not backup_due(session):
        return None
    last = last_backup_at(session)
    if last is None:
        return NEVER
    return (
        f"Your last backup was {days_ago(last)} ({local_time(last)}). "
        "Back up now so that a lost or failed computer costs you nothing."
    )


class BackupReminderBanner(QtWidgets.QFrame):
    """A slim bar: the reminder text, "Back up now" and "Later"."""

    backup_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupReminder")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        # A calm amber: noticeable, not alarming. Text stays dark for contrast.
        self.setStyleSheet(frame_style("backupReminder", "caution"))
        self.label = QtWidgets.QLabel("")
        self.label.setObjectName("backupReminderText")
        self.label.setWordWrap(True)
        self.backup_button = QtWidgets.QPushButton("Back up now")
        self.backup_button.setObjectName("backupReminderButton")
        self.backup_button.clicked.connect(self.backup_requested)
        self.later_button = QtWidgets.QPushButton("Later")
        self.later_button.setObjectName("backupReminderLater")
        self.later_button.setToolTip("Hide this reminder until the vault is opened again")
        self.later_button.clicked.connect(self.hide)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.backup_button)
        layout.addWidget(self.later_button)
        self.hide()

    def refresh(self, session: VaultSession) -> None:
        """Show the reminder if a backup is due, hide it otherwise."""
        text = backup_reminder_text(session)
        self.label.setText(text or "")
        self.setVisible(text is not None)
