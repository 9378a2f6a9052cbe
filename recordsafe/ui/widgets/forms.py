"""Small pieces every form shares: message colours, inline error labels, hints, OK/Cancel.

The colours stay readable on a light theme at night; a hint is secondary but never the
much fainter "disabled" look.
"""

from __future__ import annotations

from recordsafe.ui.qt import QtWidgets

ERROR_STYLE = "QLabel { color: #9a2a00; }"
GOOD_STYLE = "QLabel { color: #1b5e20; }"
WARNING_STYLE = (
    "QLabel { background: #fff4d6; color: #5a3b00; border: 1px solid #e0b44c;"
    " border-radius: 4px; padding: 6px; }"
)
HINT_STYLE = "QLabel { color: palette(placeholder-text); }"


def error_label(name: str) -> QtWidgets.QLabel:
    """The dialog's inline message: hidden until something is wrong."""
    label = QtWidgets.QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
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
