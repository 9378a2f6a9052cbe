"""What is due: open requests for records or an accounting, the nearest deadline first.

Days left, or "OVERDUE by N days" in bold red words (never colour alone). Opened from the
Practice menu for every client, or from a client's page for theirs (then a new request
can be recorded here too).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from recordsafe.disclosure import requests
from recordsafe.disclosure.requests import RecordRequest
from recordsafe.ui.disclosure.common import (
    OVERDUE_COLOUR,
    SOON_COLOUR,
    cell,
    days_words,
    emphasise,
    fit_columns,
    select_first,
    selected_id,
    table,
)
from recordsafe.ui.disclosure.request_dialogs import (
    KIND_LABELS,
    ExtendDialog,
    FulfilDialog,
    RequestDialog,
)
from recordsafe.ui.disclosure.window import DisclosureWindow
from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import format_day
from recordsafe.ui.widgets.forms import hint
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

HEADERS: Final = ["Client", "Asked for", "Received", "Due by", "Time left", "Extension"]
NOTHING_DUE: Final = "Nothing is due: no open request for records or an accounting."
SOON: Final = 7


class RequestsWindow(DisclosureWindow):
    def __init__(
        self,
        session: VaultSession,
        *,
        client_id: int | None = None,
        today: date | None = None,
        private: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(session, today=today, private=private, parent=parent)
        self._client_id = client_id
        self.rows: list[RecordRequest] = []
        self.setObjectName("requestsWindow")
        title = "Requests due" if client_id is None else "Requests"
        if client_id is not None:
            title += f" — {self.client_label(client_id)}"
        self.setWindowTitle(title)
        self.resize(860, 440)
        self.table = table("requestsTable", HEADERS)
        self.table.setAccessibleName("Requests")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.fulfil_selected())
        self.empty_label = hint(NOTHING_DUE)
        self.empty_label.setObjectName("requestsEmpty")
        self.new_button = QtWidgets.QPushButton("Record a request…")
        self.new_button.setObjectName("newRequest")
        self.new_button.clicked.connect(self.new_request)
        self.new_button.setVisible(client_id is not None)
        self.extend_button = QtWidgets.QPushButton("Extend by 30 days…")
        self.extend_button.setObjectName("extendRequest")
        self.extend_button.clicked.connect(self.extend_selected)
        self.fulfil_button = QtWidgets.QPushButton("Mark fulfilled…")
        self.fulfil_button.setObjectName("fulfilRequest")
        self.fulfil_button.clicked.connect(self.fulfil_selected)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.extend_button)
        buttons.addWidget(self.fulfil_button)
        buttons.addWidget(self.close_button())
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            hint(
                "A copy of their records is due 30 days after the client asked, an "
                "accounting of disclosures 60 days; each may be extended once by 30 days "
                "with a written reason."
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
        rows = requests.due_list(self._session, today=self._today)
        if self._client_id is not None:
            rows = [r for r in rows if r.client_id == self._client_id]
        self.rows = rows
        self.table.setRowCount(0)
        for request in rows:
            self._add_row(request)
        fit_columns(self.table, (5,))
        select_first(self.table)
        self.empty_label.setVisible(not rows)
        self._selection_changed()

    def _add_row(self, request: RecordRequest) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        days = request.days_left(self._today)
        left = cell(days_words(days))
        if days < 0:
            emphasise(left, OVERDUE_COLOUR)
        elif days <= SOON:
            emphasise(left, SOON_COLOUR)
        extension = "—"
        if request.extended_to is not None:
            extension = f"Extended from {format_day(request.due_on)}: {request.extension_reason}"
        values = [
            cell(self.client_label(request.client_id), request.id),
            cell(KIND_LABELS.get(request.kind, request.kind)),
            cell(format_day(request.received_on)),
            cell(format_day(request.deadline)),
            left,
            cell(extension),
        ]
        for column, item in enumerate(values):
            self.table.setItem(row, column, item)

    def _selection_changed(self) -> None:
        request = self.selected()
        self.fulfil_button.setEnabled(request is not None)
        self.extend_button.setEnabled(request is not None and request.extended_to is None)

    def selected(self) -> RecordRequest | None:
        chosen = selected_id(self.table)
        return next((r for r in self.rows if r.id == chosen), None)

    def select_request(self, request_id: int) -> None:
        for row, request in enumerate(self.rows):
            if request.id == request_id:
                self.table.selectRow(row)

    def new_request(self) -> RequestDialog | None:
        if self._session is None or self._client_id is None:
            return None
        dialog = RequestDialog(
            self._session,
            self._client_id,
            self.client_label(self._client_id),
            today=self._today,
            parent=self,
        )
        self.open_child(dialog, self.refresh)
        return dialog

    def extend_selected(self) -> ExtendDialog | None:
        request = self.selected()
        if self._session is None or request is None:
            return None
        label = self.client_label(request.client_id)
        dialog = ExtendDialog(self._session, request, label, today=self._today, parent=self)
        self.open_child(dialog, self.refresh)
        return dialog

    def fulfil_selected(self) -> FulfilDialog | None:
        request = self.selected()
        if self._session is None or request is None:
            return None
        try:
            fresh = requests.get_request(self._session, request.id)
        except VaultError as exc:
            show_message(self, exc.message)
            return None
        label = self.client_label(fresh.client_id)
        dialog = FulfilDialog(self._session, fresh, label, today=self._today, parent=self)
        self.open_child(dialog, self.refresh)
        return dialog
