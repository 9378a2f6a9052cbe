"""The client list as a lazy table model: pages of 200 rows fetched as the view scrolls.

`list_clients` / `count_clients` are SQL pages over an index, so a practice of 5,000
clients opens as fast as one of 50. Lists of names are not audited (opening a client is).
"""

from __future__ import annotations

from typing import Final

from recordsafe.records import clients
from recordsafe.records.clients import ClientSummary, Status
from recordsafe.ui.qt import Qt, QtCore
from recordsafe.ui.widgets.dates import format_day
from recordsafe.ui.widgets.names import STATUS_LABELS, shown_name
from recordsafe.vault import VaultSession

PAGE_SIZE: Final = 200
COLUMNS: Final = ("Name", "Status", "Date of birth")
ClientIdRole: Final = Qt.ItemDataRole.UserRole + 1

_Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex


class ClientListModel(QtCore.QAbstractTableModel):
    def __init__(self, session: VaultSession, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._status: Status | None = "active"
        self._private = False
        self._rows: list[ClientSummary] = []
        self._total = 0
        self.reload()

    # --- state the view changes ----------------------------------------------------------

    @property
    def status(self) -> Status | None:
        return self._status

    def set_status(self, status: Status | None) -> None:
        """Filter by status (None: everyone) and start again from the first page."""
        self._status = status
        self.reload()

    def set_privacy_mode(self, private: bool) -> None:
        self._private = private
        if self._rows:  # every column: privacy mode hides dates of birth too
            last = self.index(len(self._rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def reload(self) -> None:
        self.beginResetModel()
        self._total = clients.count_clients(self._session, status=self._status)
        self._rows = clients.list_clients(
            self._session, status=self._status, offset=0, limit=PAGE_SIZE
        )
        self.endResetModel()

    def forget(self) -> None:
        """Drop every loaded row (on lock): names must not outlive the session."""
        self.beginResetModel()
        self._rows = []
        self._total = 0
        self.endResetModel()

    @property
    def total(self) -> int:
        """Clients matching the filter (loaded or not)."""
        return self._total

    @property
    def loaded(self) -> int:
        return len(self._rows)

    def client_id(self, row: int) -> int:
        return self._rows[row].id

    def row_of(self, client_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == client_id), None)

    # --- lazy loading --------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = QtCore.QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QtCore.QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        page = clients.list_clients(
            self._session, status=self._status, offset=len(self._rows), limit=PAGE_SIZE
        )
        if not page:
            self._total = len(self._rows)  # someone removed rows meanwhile
            return
        start = len(self._rows)
        self.beginInsertRows(QtCore.QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # --- table ---------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ClientIdRole:
            return row.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            column = index.column()
            if column == 0:
                return shown_name(row.name, self._private)
            if column == 1:
                return STATUS_LABELS.get(row.status, row.status)
            # A birth date next to initials would re-identify: hide it in privacy mode.
            return "" if self._private else format_day(row.dob)
        return None
