"""Colours that carry meaning (error, warning, success), readable in light and dark palettes.

Set on the widget itself (the house rule: nothing may depend on the style sheet being
found), yet a widget's own style sheet overrides app-dark.qss, so the dark variant is
chosen here, from the palette the widget has when it is made.
"""

from __future__ import annotations

from recordsafe.ui.qt import QtGui, QtWidgets

# meaning: (on a light window, on a dark window)
COLOURS = {
    "error": ("#b3261e", "#ff8a80"),
    "warning": ("#9a2a00", "#ffab91"),
    "ok": ("#1b5e20", "#a5d6a7"),
}


def is_dark(widget: QtWidgets.QWidget) -> bool:
    palette = widget.palette()
    window = palette.color(QtGui.QPalette.ColorRole.Window).lightness()
    return window < palette.color(QtGui.QPalette.ColorRole.WindowText).lightness()


def label_style(widget: QtWidgets.QWidget, meaning: str, *, bold: bool = False) -> str:
    light, dark = COLOURS[meaning]
    weight = " font-weight: 600;" if bold else ""
    return f"QLabel {{ color: {dark if is_dark(widget) else light};{weight} }}"
