"""Privacy mode hides names in the list and on the page; the list model fetches lazily."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.records import clients, demo_data, notes, search
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.records import client_list_model, client_page
from recordsafe.ui.records.client_list_model import ClientListModel
from recordsafe.ui.records.note_editor import NoteEditor
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.ui.widgets.names import initials
from recordsafe.vault import VaultSession


def visible_texts(widget: QtWidgets.QWidget) -> str:
    """Every piece of text a passer-by could read on the widget."""
    parts: list[str] = []
    for label in widget.findChildren(QtWidgets.QLabel):
        if label.isVisibleTo(widget):
            parts.append(label.text())
    for box in widget.findChildren(QtWidgets.QGroupBox):
        if box.isVisibleTo(widget):
            parts.append(box.title())
    for view in widget.findChildren(QtWidgets.QListWidget):
        parts += [view.item(i).text() for i in range(view.count())]
    for table in widget.findChildren(QtWidgets.QTableView):
        model = table.model()
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                parts.append(str(model.data(model.index(row, column)) or ""))
    return "\n".join(parts)


@pytest.fixture
def smiths(session: VaultSession) -> int:
    """The demo practice; returns Mr Smith's id."""
    demo_data.populate(session, "small")
    return next(h.client_id for h in search.search(session, "Mr Smith").clients
                if h.name == "Mr Smith")  # fmt: skip


def test_privacy_mode_hides_names_in_list_and_page(
    qtbot: QtBot, page: RecordsPage, session: VaultSession, smiths: int
) -> None:
    page.client_list.reload()
    page.open_client(smiths)
    assert "Mr Smith" in visible_texts(page)
    with qtbot.waitSignal(page.privacy_mode_changed) as signal:
        page.privacy_action.trigger()
    assert signal.args == [True] and page.privacy_mode
    shown = visible_texts(page)
    assert "Smith" not in shown  # names, case titles and the agreement's text
    assert "M. S." in shown
    assert "1966" not in shown  # no date of birth either
    # Note text is hidden until the row is clicked.
    assert page.page is not None
    notes_list = page.page.progress_list
    first = notes_list.item(0)
    assert "hidden" in first.text()
    notes_list.itemClicked.emit(first)
    assert "hidden" not in first.text()
    # The note editor hides the body until asked.
    notes_list.itemActivated.emit(first)  # a double-click or Enter
    editor = page.dialog
    assert isinstance(editor, NoteEditor)
    assert not editor.body_edit.isVisibleTo(editor) and editor.reveal_button.isVisibleTo(editor)
    editor.reveal_button.click()
    assert editor.body_edit.isVisibleTo(editor)
    editor.reject()
    # Search results follow the mode too.
    page.client_list.search_edit.setText("Smith")
    page.client_list.run_search()
    assert "Smith" not in "\n".join(page.client_list.hit_texts())
    page.set_privacy_mode(False)
    assert "Mr Smith" in visible_texts(page)


def test_privacy_mode_repaints_every_column_of_the_list(
    qtbot: QtBot, page: RecordsPage, smiths: int
) -> None:
    """The view repaints what the model says changed: dates of birth too, not names only."""
    page.client_list.reload()
    model = page.client_list.model
    with qtbot.waitSignal(model.dataChanged) as changed:
        page.privacy_action.trigger()
    top_left, bottom_right = changed.args[0], changed.args[1]
    assert (top_left.row(), top_left.column()) == (0, 0)
    assert bottom_right.row() == model.rowCount() - 1
    assert bottom_right.column() == model.columnCount() - 1


def test_initials() -> None:
    assert initials("Ada  Wren") == "A. W."
    assert initials("Zoë Lark-Finch") == "Z. L. F."
    assert initials("") == "?"


def test_list_model_fetches_lazily(
    qtbot: QtBot, session: VaultSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_data.populate(session, "small")
    monkeypatch.setattr(client_list_model, "PAGE_SIZE", 20)
    model = ClientListModel(session)
    model.set_status(None)
    total = clients.count_clients(session)
    assert total >= 60 and model.total == total
    assert model.rowCount() == 20 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 40
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total
    names = [model.data(model.index(r, 0)) for r in range(total)]
    assert len(set(model.client_id(r) for r in range(total))) == total
    assert names == sorted(names, key=lambda n: clients.name_key(str(n)))
    model.set_status("deceased")
    assert model.rowCount() == clients.count_clients(session, status="deceased") >= 1
    assert model.data(model.index(0, 1)) == "Deceased"


def test_table_view_fetches_as_it_scrolls(
    qtbot: QtBot, page: RecordsPage, session: VaultSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_data.populate(session, "small")
    monkeypatch.setattr(client_list_model, "PAGE_SIZE", 20)
    page.client_list.set_status_filter(None)
    model = page.client_list.model
    assert model.loaded < model.total
    table = page.client_list.table
    qtbot.waitExposed(page)
    for _ in range(10):
        table.scrollToBottom()
        QtWidgets.QApplication.processEvents()
    assert model.loaded > 20
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole)


def test_client_page_pages_older_notes(
    qtbot: QtBot, page: RecordsPage, session: VaultSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_data.populate(session, "small")
    monkeypatch.setattr(client_page, "NOTES_PAGE", 5)
    busiest = max(
        clients.list_clients(session, status=None, limit=1000),
        key=lambda c: notes.count_client_notes(session, c.id),
    )
    total = notes.count_client_notes(session, busiest.id)
    assert total > 10
    opened = page.open_client(busiest.id)
    assert opened is not None
    listed = opened.progress_list
    assert listed.count() == 5 and listed.more_button.isVisibleTo(opened)
    while listed.more_button.isVisibleTo(opened):
        listed.more_button.click()
    assert listed.count() == total
    assert len(set(listed.note_ids())) == total
