"""The search box and its results by keyboard (walk finding): Down goes from the box into
the results, the first one highlighted, not opened (the client list's rule: arrows
highlight, Enter opens); Up from the first result goes back to the box."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from recordsafe.records import cases, clients, intake, notes
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.records.note_editor import NoteEditor
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.vault import VaultSession
from tests.ui.records.test_views_audited_once import audit_since, last_seq


def focused() -> QtWidgets.QWidget | None:
    return QtWidgets.QApplication.focusWidget()


def searched(qtbot: QtBot, page: RecordsPage, words: str) -> None:
    qtbot.waitExposed(page)
    page.activateWindow()
    page.focus_search()
    qtbot.waitUntil(page.client_list.search_edit.hasFocus)
    qtbot.keyClicks(page.client_list.search_edit, words)
    qtbot.keyClick(page.client_list.search_edit, Qt.Key.Key_Return)  # search now
    assert page.client_list.stack.currentWidget() is page.client_list.results_list


def test_down_and_up_move_between_the_box_and_the_results(
    qtbot: QtBot, page: RecordsPage, session: VaultSession
) -> None:
    ada = clients.create_client(session, "Ada Heron")
    intake.record_intake(session, ada, explained_on=date(2025, 1, 6), method="in_person")
    case_id = cases.create_case(session, "individual", "Individual work", [ada])
    note_id = notes.create_note(session, case_id, body="Talked about herons at the lake.")
    searched(qtbot, page, "heron")
    box, results = page.client_list.search_edit, page.client_list.results_list
    assert results.count() == 2  # the client, then the note
    start = last_seq(session)

    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert focused() is results
    assert results.currentRow() == 0 and results.currentItem().isSelected()
    assert page.page is None and page.dialog is None  # highlighted, not opened
    qtbot.keyClick(results, Qt.Key.Key_Down)
    assert results.currentRow() == 1 and page.dialog is None
    qtbot.keyClick(results, Qt.Key.Key_Up)
    assert results.currentRow() == 0 and focused() is results
    qtbot.keyClick(results, Qt.Key.Key_Up)  # from the first result: back to the box
    assert focused() is box
    assert box.text() == "heron"  # the words kept, to go on typing
    assert [a for a, _ in audit_since(session, start)].count("client_viewed") == 0

    # Down again lands on the first result; Enter opens what is highlighted.
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(results, Qt.Key.Key_Down)
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert isinstance(page.dialog, NoteEditor) and page.dialog.note_id == note_id


def test_down_into_no_results_stays_in_the_box(
    qtbot: QtBot, page: RecordsPage, session: VaultSession
) -> None:
    clients.create_client(session, "Ada Heron")
    searched(qtbot, page, "zzzz")
    box = page.client_list.search_edit
    qtbot.keyClick(box, Qt.Key.Key_Down)  # "Nothing found" is not a result to go to
    assert focused() is box


def test_down_from_the_empty_box_goes_to_the_client_list(
    qtbot: QtBot, page: RecordsPage, session: VaultSession
) -> None:
    for name in ("Ada Heron", "Bea Wren"):
        clients.create_client(session, name)
    page.client_list.reload()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.focus_search()
    qtbot.waitUntil(page.client_list.search_edit.hasFocus)
    table = page.client_list.table
    qtbot.keyClick(page.client_list.search_edit, Qt.Key.Key_Down)
    assert focused() is table and table.currentIndex().row() == 0
    assert page.page is None  # highlighted, not opened
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert focused() is page.client_list.search_edit
