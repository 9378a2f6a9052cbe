"""Pieces the breach pages share: the wizard's page ids, a bold headline, a text box."""

from __future__ import annotations

from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.meaning_colours import box_style

REPORT, ASSESS, RESULT, AFFECTED, NOTICES = range(5)


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
