"""Small pieces every form shares: inline error labels, hints, OK/Cancel.

Colours that carry meaning come from ui/widgets/meaning_colours.py; a hint is secondary
but never the much fainter "disabled" look.
"""

from __future__ import annotations

from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.meaning_colours import text_style

HINT_STYLE = "QLabel { color: palette(placeholder-text); }"


def error_label(name: str) -> QtWidgets.QLabel:
    """The dialog's inline message: hidden until something is wrong."""
    label = QtWidgets.QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(text_style("error"))
    label.hide()
    return label


def show_error(label: QtWidgets.QLabel, text: str) -> None:
    label.setText(text)
    label.show()


def hint(text: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def ok_cancel(ok_text: str) -> QtWidgets.QDialogButtonBox:
    buttons = QtWidgets.QDialogButtonBox(
        QtWidgets.QDialogButtonBox.StandardButton.Ok
        | QtWidgets.QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    return buttons
