"""Drag and drop is not a way out (issue 14): no view that shows client content lets its
text or rows be dragged into another program. Walks every widget of the main window with
a client and a signed note open, and of the dialogs that show client content."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.records import cases, clients, documents, intake, notes
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import Qt, QtCore, QtGui, QtWidgets
from recordsafe.ui.records.document_view import DocumentView
from recordsafe.ui.records.note_editor import NoteEditor
from recordsafe.vault import VaultSession

LEFT = Qt.MouseButton.LeftButton


def png() -> bytes:
    image = QtGui.QImage(40, 30, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    data = QtCore.QByteArray()
    buffer = QtCore.QBuffer(data)
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def press_on_selection(qtbot: QtBot, widget: QtWidgets.QWidget) -> bool:
    """Select the widget's text, press on it: is the selection still there to drag?"""
    if isinstance(widget, QtWidgets.QLabel):
        widget.setSelection(0, len(widget.text()))
        assert widget.hasSelectedText()
        where = QtCore.QPoint(4, widget.height() // 2)
        qtbot.mousePress(widget, LEFT, pos=where)
        kept = widget.hasSelectedText()
        qtbot.mouseRelease(widget, LEFT, pos=where)
        return kept
    assert isinstance(widget, QtWidgets.QTextEdit | QtWidgets.QPlainTextEdit)
    cursor = widget.textCursor()
    cursor.select(QtGui.QTextCursor.SelectionType.Document)
    widget.setTextCursor(cursor)
    where = widget.cursorRect(cursor).center()
    start = QtGui.QTextCursor(widget.document())
    where = widget.cursorRect(start).center() + QtCore.QPoint(2, 0)
    qtbot.mousePress(widget.viewport(), LEFT, pos=where)
    kept = widget.textCursor().hasSelection()
    qtbot.mouseRelease(widget.viewport(), LEFT, pos=where)
    return kept


def content_views(window: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    found: list[QtWidgets.QWidget] = []
    for widget in window.findChildren(QtWidgets.QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QtWidgets.QLabel):
            selectable = (
                widget.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
            )
            if selectable and widget.text().strip():
                found.append(widget)
        elif isinstance(widget, QtWidgets.QTextEdit | QtWidgets.QPlainTextEdit):
            if widget.toPlainText().strip():
                found.append(widget)
        elif isinstance(widget, QtWidgets.QLineEdit | QtWidgets.QAbstractItemView):
            found.append(widget)
    return found


def assert_no_drag(qtbot: QtBot, window: QtWidgets.QWidget) -> int:
    views = content_views(window)
    for view in views:
        if isinstance(view, QtWidgets.QLineEdit | QtWidgets.QAbstractItemView):
            qtbot.mouseClick(
                view if isinstance(view, QtWidgets.QLineEdit) else view.viewport(),
                LEFT,
                pos=QtCore.QPoint(2, 2),
            )
            assert not view.dragEnabled(), view.objectName()
        else:
            assert not press_on_selection(qtbot, view), (type(view).__name__, view.objectName())
    return len(views)


def test_no_view_of_client_content_can_be_dragged_from(
    qtbot: QtBot, session: VaultSession, config: AppConfig
) -> None:
    ada = clients.create_client(session, "Ada Wren", dob=date(1980, 5, 6), contact="555-0101")
    intake.record_intake(session, ada, explained_on=date(2025, 1, 6), method="in_person")
    case_id = cases.create_case(session, "individual", "Individual work", [ada])
    note_id = notes.create_note(session, case_id, body="Sleep diary reviewed with Ada.")
    notes.sign_note(session, note_id)
    doc_id = documents.add_document_bytes(session, ada, "scan.png", png())
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    records = window.records_page
    records.client_list.reload()
    page = records.open_client(ada)
    assert page is not None
    # The name on the page is selectable (to read, and to copy through the audited
    # clipboard), so it is one of the views walked.
    assert page.name_label in content_views(window)
    text_views = [
        v
        for v in content_views(window)
        if not isinstance(v, QtWidgets.QLineEdit | QtWidgets.QAbstractItemView)
    ]
    assert text_views
    assert_no_drag(qtbot, window)

    editor = records.open_note(case_id, note_id)
    assert isinstance(editor, NoteEditor) and editor.is_signed
    assert editor.body_edit in content_views(editor)
    assert_no_drag(qtbot, editor)
    editor.reject()

    viewer = records.open_document(doc_id)
    assert isinstance(viewer, DocumentView)
    assert_no_drag(qtbot, viewer)
    viewer.reject()

    # Search results (names and note snippets) too.
    records.client_list.search_edit.setText("sleep")
    records.client_list.run_search()
    assert records.client_list.results_list.isVisible()
    assert_no_drag(qtbot, window)
