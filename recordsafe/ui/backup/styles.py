"""The few colours the backup and audit windows use, readable on a light theme at night."""

from __future__ import annotations

from recordsafe.ui.qt import QtWidgets

GOOD = "QLabel { color: #1b5e20; }"
BAD = "QLabel { color: #9a2a00; }"
# A hint is secondary but must stay readable: grey, not the much fainter "disabled" look.
HINT = "QLabel { color: palette(placeholder-text); }"


def hint_label(text: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT)
    return label
