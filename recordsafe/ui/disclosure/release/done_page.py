"""After the release: what was written or printed, the password once more (for a
generated one), and whether a follow-up to inform the client was added."""

from __future__ import annotations

from recordsafe.ui.disclosure.release.password_page import HAND_OVER_ADVICE
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.widgets.meaning_colours import box_style


class DonePage(QtWidgets.QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.done_label = QtWidgets.QLabel()
        self.done_label.setObjectName("releaseDone")
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_password = QtWidgets.QLabel()
        self.done_password.setObjectName("donePassword")
        self.done_password.setStyleSheet(box_style("caution"))
        self.done_password.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_password.setWordWrap(True)
        self.followup_label = QtWidgets.QLabel()
        self.followup_label.setObjectName("followupNote")
        self.followup_label.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.done_label)
        layout.addWidget(self.done_password)
        layout.addWidget(self.followup_label)
        layout.addStretch(1)

    def show_done(self, text: str, *, recorded: str, password: str | None, followup: bool) -> None:
        """`recorded`: where the disclosure is kept (accounting.where_recorded)."""
        self.done_label.setText(f"{text}\n\n{recorded}")
        if password:
            self.done_password.setText(f"Password: {password}\n\n{HAND_OVER_ADVICE}")
        self.done_password.setVisible(bool(password))
        self.followup_label.setText(
            "A follow-up to inform the client has been added." if followup else ""
        )
