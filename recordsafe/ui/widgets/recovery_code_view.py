"""Showing a recovery code once, large and grouped, and checking it was written down.

The code is never put on the clipboard by the app: it belongs on paper (the Emergency
Kit), not in a clipboard history.
"""

from __future__ import annotations

import secrets

from recordsafe.ui.qt import QtCore, QtGui, QtWidgets, Signal
from recordsafe.vault import codes


def code_groups(code: str) -> list[str]:
    cleaned = codes.clean(code)
    size = codes.GROUP_SIZE
    return [cleaned[i : i + size] for i in range(0, len(cleaned), size)]


def monospace_font(point_size: int) -> QtGui.QFont:
    font = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(point_size)
    font.setStyleHint(QtGui.QFont.StyleHint.Monospace)
    return font


def group_number_label(text: str, parent: QtWidgets.QWidget | None = None) -> QtWidgets.QLabel:
    number = QtWidgets.QLabel(text, parent)
    number.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
    number.setObjectName("codeGroupNumber")
    return number


def group_label(text: str, parent: QtWidgets.QWidget | None = None) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text, parent)
    label.setFont(monospace_font(20))
    label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
    return label


class RecoveryCodeView(QtWidgets.QWidget):
    """The code in numbered groups of four, in a large monospace font."""

    def __init__(self, code: str = "", parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryCodeView")
        self._grid = QtWidgets.QGridLayout(self)
        self._grid.setHorizontalSpacing(18)
        self._grid.setVerticalSpacing(2)
        self._group_labels: list[QtWidgets.QLabel] = []
        self.setMinimumSize(self._code_size())  # a page laid out before the code fits it
        self.set_code(code)

    def _code_size(self) -> QtCore.QSize:
        """The room a whole code takes: a row of numbers over a row of groups."""
        number = group_number_label("7").sizeHint()
        group = group_label("W" * codes.GROUP_SIZE).sizeHint()
        margins = self._grid.contentsMargins()
        columns = max(number.width(), group.width())
        return QtCore.QSize(
            codes.GROUPS * columns
            + (codes.GROUPS - 1) * self._grid.horizontalSpacing()
            + margins.left()
            + margins.right(),
            number.height()
            + group.height()
            + self._grid.verticalSpacing()
            + margins.top()
            + margins.bottom(),
        )

    def set_code(self, code: str) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._group_labels = []
        self._code = code
        groups = code_groups(code)
        for index, group in enumerate(groups):
            number = group_number_label(str(index + 1), self)
            label = group_label(group, self)
            label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(f"Group {index + 1}: {' '.join(group)}")
            self._grid.addWidget(number, 0, index)
            self._grid.addWidget(label, 1, index)
            self._group_labels.append(label)
        self.setAccessibleName("Recovery code")

    def code(self) -> str:
        return self._code

    def shown_groups(self) -> list[str]:
        return [label.text() for label in self._group_labels]


class RecoveryCodeCheck(QtWidgets.QWidget):
    """Asks for two groups of the code back; `is_correct()` once both match."""

    changed = Signal()

    def __init__(
        self,
        code: str = "",
        parent: QtWidgets.QWidget | None = None,
        *,
        groups: tuple[int, int] | None = None,
        what: str = "recovery code",
    ) -> None:
        super().__init__(parent)
        self._what = what  # the code's name in messages: a custodian's code is no recovery code
        self._form = QtWidgets.QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)
        self.inputs: list[QtWidgets.QLineEdit] = []
        self.status = QtWidgets.QLabel(self)
        self.status.setObjectName("codeCheckStatus")
        self.status.setWordWrap(True)
        self.groups: tuple[int, int] = (2, 5)
        self._expected: list[str] = []
        self.set_code(code, groups=groups)

    def set_code(self, code: str, *, groups: tuple[int, int] | None = None) -> None:
        all_groups = code_groups(code)
        if groups is None:
            # Which groups to ask for is picked at random so the user reads the paper.
            count = max(len(all_groups), 2)
            first = secrets.randbelow(count - 1) + 1
            second = first + 1 + secrets.randbelow(count - first)
            groups = (first, second) if count > 2 else (1, 2)
        self.groups = groups
        self._expected = [
            all_groups[g - 1] if 0 < g <= len(all_groups) else "" for g in self.groups
        ]
        while self._form.rowCount():
            self._form.removeRow(0)
        self.inputs = []
        font = monospace_font(16)
        for group in self.groups:
            line = QtWidgets.QLineEdit()
            line.setFont(font)
            line.setMaxLength(codes.GROUP_SIZE + 1)
            line.setFixedWidth(QtGui.QFontMetrics(font).horizontalAdvance("MMMMMM") + 16)
            line.setAccessibleName(f"Group {group} of the {self._what}")
            line.textChanged.connect(self._on_text)
            self._form.addRow(f"Group {group}:", line)
            self.inputs.append(line)
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("codeCheckStatus")
        self.status.setWordWrap(True)
        self._form.addRow(self.status)
        if len(self.inputs) == 2:
            QtWidgets.QWidget.setTabOrder(self.inputs[0], self.inputs[1])
        self._on_text()

    def is_correct(self) -> bool:
        return bool(self._expected) and all(
            expected and codes.clean(line.text()) == expected
            for line, expected in zip(self.inputs, self._expected, strict=True)
        )

    def _on_text(self, _text: str = "") -> None:
        complete = all(len(codes.clean(line.text())) >= codes.GROUP_SIZE for line in self.inputs)
        if self.is_correct():
            self.status.setText("✓ Both groups match.")
            self.status.setProperty("state", "ok")
        elif complete:
            self.status.setText(f"That does not match the {self._what}. Check what you wrote down.")
            self.status.setProperty("state", "error")
        else:
            self.status.setText("")
            self.status.setProperty("state", "")
        # Re-apply the style sheet so the [state=...] selectors follow.
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.changed.emit()
