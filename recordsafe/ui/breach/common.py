"""Pieces the breach pages share: the wizard's page ids, a bold headline, a text box, a
short list of names."""

from __future__ import annotations

from recordsafe.ui.qt import QtWidgets

REPORT, ASSESS, RESULT, AFFECTED, NOTICES = range(5)
SHOWN_NAMES = 5
RESULT_STYLES = {
    True: "QLabel { background: #fde8e4; color: #6b1a0e; border: 1px solid #d9826f;"
    " border-radius: 4px; padding: 8px; font-weight: 600; }",
    False: "QLabel { background: #e6f4ea; color: #174d2a; border: 1px solid #7cb98f;"
    " border-radius: 4px; padding: 8px; font-weight: 600; }",
}


def text_box(name: str, placeholder: str, lines: int = 3) -> QtWidgets.QPlainTextEdit:
    """A short multi-line field; Tab moves on (it never types a tab)."""
    box = QtWidgets.QPlainTextEdit()
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    metrics = box.fontMetrics()
    box.setFixedHeight(metrics.lineSpacing() * lines + 14)
    return box


def plain(box: QtWidgets.QPlainTextEdit) -> str:
    return box.toPlainText().strip()


def some_names(names: list[str], shown: int = SHOWN_NAMES) -> str:
    """'Ada, Ben, Cleo, Dan, Eve and 58 more': a message stays a few lines long, so the
    list beside it keeps its room (the list itself names everyone)."""
    if len(names) <= shown:
        return ", ".join(names)
    return ", ".join(names[:shown]) + f" and {len(names) - shown} more"
