"""The breach "something is due" bar above the workspace, beside the backup reminder.

It shows the soonest item (and how many more) from `breach.deadlines.reminders`, offers
the breach register, and can be put aside until the vault is opened again ("Later").
"""

from __future__ import annotations

from recordsafe.breach.deadlines import Reminder
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.widgets.meaning_colours import frame_style


class BreachDueBanner(QtWidgets.QFrame):
    register_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breachDueBanner")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.setStyleSheet(frame_style("breachDueBanner", "error"))
        self.label = QtWidgets.QLabel("")
        self.label.setObjectName("breachDueText")
        self.label.setWordWrap(True)
        self.open_button = QtWidgets.QPushButton("Breach register…")
        self.open_button.setObjectName("breachDueOpen")
        self.open_button.clicked.connect(self.register_requested)
        self.later_button = QtWidgets.QPushButton("Later")
        self.later_button.setObjectName("breachDueLater")
        self.later_button.setToolTip("Hide this until the vault is opened again")
        self.later_button.clicked.connect(self._later)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.later_button)
        self._put_aside = False
        self.hide()

    def _later(self) -> None:
        self._put_aside = True
        self.hide()

    def show_due(self, due: list[Reminder]) -> None:
        if not due:
            self.label.setText("")
            self.hide()
            return
        text = due[0].line
        if len(due) > 1:
            more = len(due) - 1
            text += f" And {more} more item{'s' if more != 1 else ''}."
        self.label.setText(text)
        self.setVisible(not self._put_aside)
