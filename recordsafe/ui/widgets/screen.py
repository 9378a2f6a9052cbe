"""Windows sized for what they show, but never beyond the screen they open on."""

from __future__ import annotations

from typing import Final

from recordsafe.ui.qt import QtCore, QtGui, QtWidgets

SIDE_ROOM: Final = 40
TITLE_ROOM: Final = 60  # the title bar and a margin


def within(width: int, height: int, room: QtCore.QRect) -> QtCore.QSize:
    """(width, height), shrunk to fit `room` (a screen's available area) with its frame."""
    return QtCore.QSize(
        min(width, room.width() - SIDE_ROOM), min(height, room.height() - TITLE_ROOM)
    )


def resize_within_screen(widget: QtWidgets.QWidget, width: int, height: int) -> None:
    screen = widget.screen() or QtGui.QGuiApplication.primaryScreen()
    widget.resize(
        within(width, height, screen.availableGeometry()) if screen else QtCore.QSize(width, height)
    )


def grow_to_fit(window: QtWidgets.QWidget) -> None:
    """Make `window` as tall as what its layout now holds needs at its width, never beyond
    its screen. Qt does not grow a top-level window when a word-wrapped label gains lines
    (an error shown, a card filled in): it squeezes the other labels instead, and lines
    vanish. Only grows: a window the practitioner made larger keeps its size."""
    layout = window.layout()
    if layout is None:
        return
    layout.invalidate()
    layout.activate()
    width = max(window.width(), layout.totalSizeHint().width())
    needed = max(
        layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else 0,
        layout.totalSizeHint().height(),
    )
    screen = window.screen()
    if screen is not None:
        needed = min(needed, screen.availableGeometry().height() - TITLE_ROOM)
    window.resize(width, max(window.height(), needed))
