"""The audit log as a table: newest first, fetched 200 entries at a time as you scroll.

Entries hold ids, codes and counts only (never client content), so everything here may
be shown. Each action code gets a plain-words label; a code this version does not know
is shown as it is rather than hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from recordsafe.audit import chain, queries
from recordsafe.audit.chain import AuditEntry
from recordsafe.audit.words import action_label, detail_words, readable_when, who
from recordsafe.ui.qt import Qt, QtCore
from recordsafe.vault import VaultSession

PAGE = 200

# Qt's default "no parent" index, shared (a call in a default argument would be re-made).
_ROOT = QtCore.QModelIndex()

COLUMNS = ("When", "Who", "Action", "Client no.", "Details")


def utc_stamp(moment: datetime) -> str:
    """The audit log's own timestamp format, for range filters compared as text."""
    aware = moment if moment.tzinfo is not None else moment.astimezone()
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class AuditFilter:
    client_id: int | None = None
    action: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


class AuditLogModel(QtCore.QAbstractTableModel):
    def __init__(self, session: VaultSession, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = session
        self._filter = AuditFilter()
        self._entries: list[AuditEntry] = []
        self._offset = 0  # rows read from the query so far (a page can overlap the last)
        self._exhausted = False
        self._key_names: dict[str, str] = {}
        self.reload()

    # --- loading ----------------------------------------------------------------------

    @property
    def current_filter(self) -> AuditFilter:
        return self._filter

    def set_filter(self, audit_filter: AuditFilter) -> None:
        """Re-query from the newest entry with new filters."""
        self._filter = audit_filter
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._entries = []
        self._offset = 0
        self._exhausted = self._session is None
        session = self._session
        if session is not None and session.is_open:
            self._key_names = queries.key_names(session)
        self.endResetModel()
        if self.canFetchMore(QtCore.QModelIndex()):
            self.fetchMore(QtCore.QModelIndex())

    def _page(self) -> list[AuditEntry]:
        session = self._session
        if session is None or not session.is_open:
            return []
        f = self._filter
        return chain.query(
            session.db,
            client_id=f.client_id,
            action=f.action,
            since=utc_stamp(f.since) if f.since else None,
            until=utc_stamp(f.until) if f.until else None,
            limit=PAGE,
            offset=self._offset,
        )

    def canFetchMore(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex) -> None:
        if parent.isValid() or self._exhausted:
            return
        fresh: list[AuditEntry] = []
        while not fresh and not self._exhausted:
            page = self._page()
            self._offset += len(page)
            if len(page) < PAGE:
                self._exhausted = True
            # Entries written since the first page (this viewing, a setting) push older
            # ones down, so a page may repeat rows already shown: keep only older ones.
            floor = self._entries[-1].seq if self._entries else None
            fresh = [e for e in page if floor is None or e.seq < floor]
        if not fresh:
            return
        first = len(self._entries)
        self.beginInsertRows(QtCore.QModelIndex(), first, first + len(fresh) - 1)
        self._entries.extend(fresh)
        self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore(QtCore.QModelIndex()):
            self.fetchMore(QtCore.QModelIndex())

    def drop_session(self) -> None:
        self.beginResetModel()
        self._session = None
        self._entries = []
        self._exhausted = True
        self.endResetModel()

    # --- the table --------------------------------------------------------------------

    def entry(self, row: int) -> AuditEntry:
        return self._entries[row]

    def rowCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(
        self,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return f"{entry.at} (UTC) · entry {entry.seq}"
            # Whole, in case a narrowed column cuts it.
            return self.display_text(entry, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def display_text(self, entry: AuditEntry, column: int) -> str:
        if column == 0:
            return readable_when(entry.at)
        if column == 1:
            return who(entry.actor, entry.detail)
        if column == 2:
            return action_label(entry.action)
        if column == 3:
            return "" if entry.client_id is None else str(entry.client_id)
        if column == 4:
            return detail_words(entry.detail, self._key_names)
        return ""
