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
