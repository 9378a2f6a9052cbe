"""Pieces the breach pages share: the wizard's page ids, a bold headline, a text box, a
short list of names."""

from __future__ import annotations

from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.meaning_colours import box_style

REPORT, ASSESS, RESULT, AFFECTED, NOTICES = range(5)
SHOWN_NAMES = 5


def result_style(notify: bool) -> str:
    """The assessment's verdict: a red box when notices are owed, a green one when not."""
    return box_style("error" if notify else "ok", padding=8, bold=True)


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
