"""Pieces the breach pages share: the wizard's page ids, a bold headline, a text box, a
Yes/No question that starts unanswered, a short list of names."""

from __future__ import annotations

from recordsafe.ui.qt import QtCore, QtWidgets
from recordsafe.ui.widgets.meaning_colours import box_style

REPORT, ASSESS, RESULT, AFFECTED, NOTICES = range(5)


def result_style(notify: bool) -> str:
    """The assessment's verdict: a red box when notices are owed, a green one when not."""
    return box_style("error" if notify else "ok", padding=8, bold=True)


def text_box(name: str, placeholder: str, lines: int = 3) -> QtWidgets.QPlainTextEdit:
    """A short multi-line field; Tab moves on (it never types a tab)."""
    box = QtWidgets.QPlainTextEdit()
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    metrics = box.fontMetrics()
    box.setFixedHeight(metrics.lineSpacing() * lines + 14)
    return box


class YesNo(QtWidgets.QWidget):
    """A question answered Yes or No; neither is checked until the user answers (an
    assessment presumes nothing). `changed` fires on every answer."""

    changed = QtCore.Signal()

    def __init__(self, name: str, yes: str, no: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.yes = QtWidgets.QRadioButton(yes)
        self.yes.setObjectName(f"{name}Yes")
        self.no = QtWidgets.QRadioButton(no)
        self.no.setObjectName(f"{name}No")
        self._group = QtWidgets.QButtonGroup(self)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.yes, self.no):
            self._group.addButton(button)
            layout.addWidget(button)
        layout.addStretch(1)
        self._group.buttonToggled.connect(self._toggled)

    def _toggled(self, _button: QtWidgets.QAbstractButton, checked: bool) -> None:
        if checked:  # once per answer, not for the button let go
            self.changed.emit()

    def value(self) -> bool | None:
        if self.yes.isChecked():
            return True
        return False if self.no.isChecked() else None

    def set_value(self, value: bool | None) -> None:
        if value is None:
            # An exclusive group keeps one button checked: let go of it to clear the answer.
            self._group.setExclusive(False)
            self.yes.setChecked(False)
            self.no.setChecked(False)
            self._group.setExclusive(True)
            self.changed.emit()
        else:
            (self.yes if value else self.no).setChecked(True)


def plain(box: QtWidgets.QPlainTextEdit) -> str:
    return box.toPlainText().strip()
