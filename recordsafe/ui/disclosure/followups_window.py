"""Follow-ups the gate created (e.g. inform the client of an emergency disclosure): the
open ones, due first, overdue ones said in words; mark one done."""

from __future__ import annotations

from datetime import date
from typing import Final

from recordsafe.disclosure import followups
from recordsafe.disclosure.followups import Followup
from recordsafe.ui.disclosure.common import (
    OVERDUE_COLOUR,
    cell,
    days_words,
    emphasise,
    fit_columns,
    select_first,
    selected_id,
    table,
)
from recordsafe.ui.disclosure.window import DisclosureWindow
from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import format_day
from recordsafe.ui.widgets.forms import hint
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

HEADERS: Final = ["Client", "To do", "Due by", "Time left"]
NOTHING_OPEN: Final = "No follow-up is open."


class FollowupsWindow(DisclosureWindow):
    def __init__(
        self,
        session: VaultSession,
        *,
        today: date | None = None,
        private: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(session, today=today, private=private, parent=parent)
        self.rows: list[Followup] = []
        self.setObjectName("followupsWindow")
        self.setWindowTitle("Follow-ups")
        self.resize(720, 380)
        self.table = table("followupsTable", HEADERS)
        self.table.setAccessibleName("Follow-ups")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.empty_label = hint(NOTHING_OPEN)
        self.empty_label.setObjectName("followupsEmpty")
        self.done_button = QtWidgets.QPushButton("Mark done")
        self.done_button.setObjectName("followupDone")
        self.done_button.setToolTip("Record that this was done today")
        self.done_button.clicked.connect(self.mark_done)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.close_button())
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            hint(
                "Tasks that follow a disclosure, such as telling the client about an "
                "emergency disclosure made without their consent (NASW 1.07 c-d)."
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        if self._session is None:
            return
        self.rows = followups.open_followups(self._session)
        self.table.setRowCount(0)
        for followup in self.rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            days = (followup.due_on - self._today).days
            left = cell(days_words(days))
            if days < 0:
                emphasise(left, OVERDUE_COLOUR)
            for column, item in enumerate(
                (
                    cell(self.client_label(followup.client_id), followup.id),
                    cell(followup.label),
                    cell(format_day(followup.due_on)),
                    left,
                )
            ):
                self.table.setItem(row, column, item)
        fit_columns(self.table, (1,))
        select_first(self.table)
        self.empty_label.setVisible(not self.rows)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.done_button.setEnabled(selected_id(self.table) is not None)

    def mark_done(self) -> None:
        chosen = selected_id(self.table)
        if self._session is None or chosen is None:
            return
        try:
            followups.complete(self._session, chosen, on=self._today)
        except VaultError as exc:
            show_message(self, exc.message)
        self.refresh()
