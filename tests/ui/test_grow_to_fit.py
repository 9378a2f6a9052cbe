"""A window grows when a wrapped label gains lines, instead of squeezing its other labels
(on X11 the unlock window's demo box lost its second line under a two-line error)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.screen import grow_to_fit


def test_a_window_grows_to_what_its_wrapped_labels_need(qtbot: QtBot) -> None:
    window = QtWidgets.QDialog()
    qtbot.addWidget(window)
    layout = QtWidgets.QVBoxLayout(window)
    first = QtWidgets.QLabel("Two lines,<br>kept whole")
    wrapped = QtWidgets.QLabel("")
    wrapped.setWordWrap(True)
    layout.addWidget(first)
    layout.addWidget(wrapped)
    window.resize(300, 80)
    window.show()
    wrapped.setText("A long message that wraps onto several lines at this width. " * 4)
    layout.activate()
    needed = layout.totalHeightForWidth(window.width())
    assert window.height() < needed  # as Qt leaves it

    grow_to_fit(window)

    assert window.width() >= 300
    assert window.height() >= layout.totalHeightForWidth(window.width())
    taller = window.height()
    wrapped.setText("Short.")
    grow_to_fit(window)
    assert window.height() == taller  # never shrinks what is there
