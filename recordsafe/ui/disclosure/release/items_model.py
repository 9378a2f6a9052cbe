"""The release dialog's item table: exactly the gate's decision, one row per item.

Allowed items can be checked and unchecked (the user narrows to the minimum necessary);
blocked items and those needing an action cannot be checked at all: the model refuses
the check, not only the view.
"""

from __future__ import annotations

from typing import Any, Final

from recordsafe.disclosure.gate import Decision, Item
from recordsafe.ui.qt import Qt, QtCore
from recordsafe.ui.widgets.meaning_colours import Meaning, brush
from recordsafe.ui.widgets.names import ShownNames

COLUMNS: Final = ("Release", "Item", "About", "Decision")
STATUS_WORDS: Final = {
    "allowed": "Allowed",
    "blocked": "Blocked",
    "needs_action": "Needs an action",
}
STATUS_COLOURS: Final[dict[str, Meaning]] = {
    "allowed": "ok",
    "blocked": "error",
    "needs_action": "caution",
}
_ROOT = QtCore.QModelIndex()
_Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex


class ReleaseItemsModel(QtCore.QAbstractTableModel):
    def __init__(
        self,
        decision: Decision,
        labels: dict[Item, str],
        names: dict[int, str],
        shown: ShownNames | None = None,
        *,
        checked: bool,
    ) -> None:
        super().__init__()
        self.decision = decision
        # As the screen shows them: initials in privacy mode, also inside the reasons.
        self._shown = shown or ShownNames()
        self._labels = {item: self._shown.text(label) for item, label in labels.items()}
        self._names = {cid: self._shown.name(name) for cid, name in names.items()}
        self._checked = [checked and d.allowed for d in decision.items]

    # --- what the dialog asks ------------------------------------------------------------

    def chosen(self) -> list[Item]:
        return [d.item for d, on in zip(self.decision.items, self._checked, strict=True) if on]

    def set_all(self, on: bool) -> None:
        self._checked = [on and d.allowed for d in self.decision.items]
        if self._checked:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._checked) - 1, 0))

    def set_checked(self, row: int, on: bool) -> bool:
        return self.setData(
            self.index(row, 0),
            (Qt.CheckState.Checked if on else Qt.CheckState.Unchecked).value,
            Qt.ItemDataRole.CheckStateRole,
        )

    def row_of(self, item: Item) -> int:
        return next(n for n, d in enumerate(self.decision.items) if d.item == item)

    # --- the model -----------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.decision.items)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.decision.items[index.row()].allowed:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        decided = self.decision.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            if not decided.allowed:
                return None
            on = self._checked[index.row()]
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return "" if decided.allowed else "—"
            if column == 1:
                return self._labels.get(decided.item, "")
            if column == 2:
                return ", ".join(self._names.get(s, "a participant") for s in decided.subjects)
            if column == 3:
                reason = self._shown.text(_reason(decided.reason))
                return f"{STATUS_WORDS[decided.status]}: {reason}"
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return brush(STATUS_COLOURS[decided.status])
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            return "Release this item" if decided.allowed else "Cannot be released"
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if not self.decision.items[index.row()].allowed:
            return False  # blocked and needs-action items are never released
        state = value if isinstance(value, int) else getattr(value, "value", value)
        self._checked[index.row()] = state == Qt.CheckState.Checked.value
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


def _reason(reason: str) -> str:
    """The gate's sentence without a repeated "Allowed:" prefix."""
    return reason.removeprefix("Allowed: ").removeprefix("Allowed ")
