"""No drag and drop out of the app: a drag would carry client content past the gate and
the audited, self-clearing clipboard into any other program.

Qt's text views (QTextEdit, QPlainTextEdit, QTextBrowser, selectable QLabels) start a drag
when a press lands on selected text and the mouse moves. One filter on the application
sees every press first: on a text view it drops the selection before the view sees the
press, so the press starts a new selection and never a drag. Line edits and item views
have their drag turned off as they are pressed (Qt's default is off; this keeps it so).
Copying stays possible, through the audited clipboard (Ctrl+C, Copy text).
"""

from __future__ import annotations

from recordsafe.ui.qt import QObject, QtCore, QtWidgets

_TEXT_VIEWS = (QtWidgets.QTextEdit, QtWidgets.QPlainTextEdit)


def _drop_selection(target: QObject) -> None:
    if isinstance(target, QtWidgets.QLabel):
        if target.hasSelectedText():
            target.setSelection(0, 0)
        return
    if isinstance(target, QtWidgets.QLineEdit | QtWidgets.QAbstractItemView):
        target.setDragEnabled(False)
        return
    view = target.parent() if isinstance(target, QtWidgets.QWidget) else None
    if isinstance(view, _TEXT_VIEWS) and target is view.viewport():
        cursor = view.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            view.setTextCursor(cursor)
    elif isinstance(view, QtWidgets.QAbstractItemView) and target is view.viewport():
        view.setDragEnabled(False)


class _NoDragOut(QObject):
    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.MouseButtonPress:
            _drop_selection(watched)
        return False


_filter: _NoDragOut | None = None


def forbid_drag_out() -> None:
    """Install the filter on the application, once (the workspace calls it on unlock)."""
    global _filter  # noqa: PLW0603 (one filter per application)
    app = QtCore.QCoreApplication.instance()
    if _filter is None and app is not None:
        _filter = _NoDragOut(app)
        app.installEventFilter(_filter)
