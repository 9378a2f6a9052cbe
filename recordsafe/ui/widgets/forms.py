"""Small pieces every form shares: message colours, inline error labels, hints, OK/Cancel.

The colours stay readable on a light theme at night; a hint is secondary but never the
much fainter "disabled" look.
"""

from __future__ import annotations

from recordsafe.ui.qt import QtGui, QtWidgets

# Light-theme colours, kept for callers that still set them directly; new code asks
# `error_style()` / `good_style()`, which read the palette in use.
ERROR_STYLE = "QLabel { color: #9a2a00; }"
GOOD_STYLE = "QLabel { color: #1b5e20; }"
# (on a light window, on a dark one): each at least 4.5:1 against its background.
_TONES = {"error": ("#9a2a00", "#ff9e80"), "good": ("#1b5e20", "#81c784")}
WARNING_STYLE = (
    "QLabel { background: #fff4d6; color: #5a3b00; border: 1px solid #e0b44c;"
    " border-radius: 4px; padding: 6px; }"
)
HINT_STYLE = "QLabel { color: palette(placeholder-text); }"


def is_dark(palette: QtGui.QPalette | None = None) -> bool:
    """Whether windows are drawn dark (a dark system theme, or a dark palette set)."""
    shown = palette or QtGui.QGuiApplication.palette()
    return shown.color(QtGui.QPalette.ColorRole.Window).lightness() < 128


def _tone(kind: str, palette: QtGui.QPalette | None) -> str:
    light, dark = _TONES[kind]
    return f"QLabel {{ color: {dark if is_dark(palette) else light}; }}"


def error_style(palette: QtGui.QPalette | None = None) -> str:
    """A message that something is wrong, readable on the palette in use."""
    return _tone("error", palette)


def good_style(palette: QtGui.QPalette | None = None) -> str:
    return _tone("good", palette)


def error_label(name: str) -> QtWidgets.QLabel:
    """The dialog's inline message: hidden until something is wrong."""
    label = QtWidgets.QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(error_style())
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
