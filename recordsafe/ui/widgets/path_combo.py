"""A drop-down of folder paths that keeps the end of a long path in sight.

Qt cuts a combo box's text at the right end, which hides the one part that matters: the
vault's own folder name ("…/Demo practice.rsv"). This one leaves out the middle instead
("/home/…/RecordSafe/Demo practice.rsvault") and gives the whole path in the tooltip; the
list that drops down shows every path whole.
"""

from __future__ import annotations

from recordsafe.ui.qt import Qt, QtGui, QtWidgets

_Style = QtWidgets.QStyle


class PathCombo(QtWidgets.QComboBox):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentTextChanged.connect(self.setToolTip)

    def _text_room(self, option: QtWidgets.QStyleOptionComboBox) -> int:
        field = _Style.SubControl.SC_ComboBoxEditField
        rect = self.style().subControlRect(_Style.ComplexControl.CC_ComboBox, option, field, self)
        # The style draws the label a pixel or two inside that field: keep clear of it.
        return rect.width() - 4

    def shown_text(self) -> str:
        """The text as drawn now: the middle left out when the whole path does not fit."""
        option = QtWidgets.QStyleOptionComboBox()
        self.initStyleOption(option)
        return self.fontMetrics().elidedText(
            self.currentText(), Qt.TextElideMode.ElideMiddle, self._text_room(option)
        )

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        painter = QtWidgets.QStylePainter(self)
        option = QtWidgets.QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(_Style.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(_Style.ControlElement.CE_ComboBoxLabel, option)
