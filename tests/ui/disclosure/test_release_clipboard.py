"""Copy note text (audited, cleared after 30 s or on lock) and the ways into the release
dialog: a note's Release… button, the client page's button with selected notes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.disclosure.gate import Item
from recordsafe.ui.disclosure import clipboard
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.ui.qt import Qt, QtGui, QtWidgets
from recordsafe.ui.records.note_editor import NoteEditor
from recordsafe.ui.records.records_page import RecordsPage
from tests.ui.disclosure.conftest import World

SHORT_MS = 60


@pytest.fixture(autouse=True)
def short_clipboard_delay() -> Iterator[clipboard.ClipboardGuard]:
    guard = clipboard.guard()
    guard.clear_now()
    guard.delay_ms = SHORT_MS
    yield guard
    guard.clear_now()
    guard.delay_ms = clipboard.CLEAR_AFTER_MS
    QtWidgets.QApplication.clipboard().clear()


@pytest.fixture
def records(qtbot: QtBot, world: World) -> Iterator[RecordsPage]:
    page = RecordsPage(world.session)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    yield page
    for dialog in page.findChildren(QtWidgets.QDialog):
        dialog.reject()


def board() -> str:
    return QtWidgets.QApplication.clipboard().text()


def copies(world: World) -> int:
    return int(
        world.session.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'note_copied'")
    )


def open_note(records: RecordsPage, world: World, key: str) -> NoteEditor:
    page = records.open_client(world.clients["ada"])
    assert page is not None
    note_id = world.note_id(key)
    case_id = int(world.session.db.scalar("SELECT case_id FROM notes WHERE id = ?", (note_id,)))
    editor = records.open_note(case_id, note_id)
    assert isinstance(editor, NoteEditor)
    return editor


def test_copy_is_audited_and_cleared_after_the_delay(
    qtbot: QtBot, records: RecordsPage, world: World
) -> None:
    editor = open_note(records, world, "ada_progress")
    assert editor.copy_button.isVisible()
    qtbot.mouseClick(editor.copy_button, Qt.MouseButton.LeftButton)
    assert board() == "Session content."
    # Clipboard managers are asked not to keep it in their history.
    mime = QtWidgets.QApplication.clipboard().mimeData()
    assert mime is not None and bytes(mime.data("x-kde-passwordManagerHint").data()) == b"secret"
    assert copies(world) == 1
    assert "cleared in 30 seconds" in editor.state_label.text()
    qtbot.waitUntil(lambda: board() == "", timeout=3000)
    assert not clipboard.guard().holding


def test_someone_elses_copy_is_left_alone(qtbot: QtBot, world: World) -> None:
    clipboard.copy_note_text(world.session, world.clients["ada"], world.note_id("ada_progress"),
                             "Session content.")  # fmt: skip
    guard = clipboard.guard()
    own_check = guard.owns
    guard.owns = lambda _board, _mode: False  # another program copies now
    try:
        QtWidgets.QApplication.clipboard().setText("a shopping list")
        qtbot.wait(SHORT_MS * 3)
        assert not guard.holding
        assert board() == "a shopping list"
    finally:
        guard.owns = own_check


def test_lock_clears_the_clipboard_at_once(world: World) -> None:
    clipboard.guard().delay_ms = 60_000
    clipboard.copy_note_text(world.session, None, world.note_id("ada_progress"), "Session content.")
    assert board() == "Session content."
    clipboard.clear_now()  # what the app does on lock and quit (AppController._lock_session)
    assert board() == ""


def test_a_signed_note_opens_the_release_dialog_for_itself(
    qtbot: QtBot, records: RecordsPage, world: World
) -> None:
    editor = open_note(records, world, "ada_progress")
    assert editor.release_button.isVisible()
    qtbot.mouseClick(editor.release_button, Qt.MouseButton.LeftButton)
    dialog = editor.release_dialog
    assert isinstance(dialog, ReleaseDialog)
    assert dialog.build_request().items == (world.item("ada_progress"),)
    dialog.reject()


def test_a_draft_cannot_be_released_from_the_editor(records: RecordsPage, world: World) -> None:
    editor = open_note(records, world, "ada_draft")
    assert not editor.release_button.isVisible()
    assert editor.open_release() is None


def test_client_page_releases_the_selected_notes(
    qtbot: QtBot, records: RecordsPage, world: World
) -> None:
    page = records.open_client(world.clients["ada"])
    assert page is not None
    notes_list = page.progress_list
    qtbot.waitUntil(lambda: notes_list.count() >= 2)
    wanted = {world.note_id("ada_progress"), world.note_id("ada_progress_2")}
    for row in range(notes_list.count()):
        item = notes_list.item(row)
        item.setSelected(int(item.data(Qt.ItemDataRole.UserRole + 1)) in wanted)
    qtbot.mouseClick(page.release_button, Qt.MouseButton.LeftButton)
    dialog = records.dialog
    assert isinstance(dialog, ReleaseDialog)
    assert set(dialog.build_request().items) == {Item("note", n) for n in wanted}
    dialog.reject()
    # Nothing selected: the whole record, from the Clients menu too.
    notes_list.clearSelection()
    records.release_action.trigger()
    dialog = records.dialog
    assert isinstance(dialog, ReleaseDialog)
    assert Item("summary", world.clients["ada"]) in dialog.build_request().items


def test_ctrl_c_in_a_note_is_audited_and_cleared_too(
    qtbot: QtBot, records: RecordsPage, world: World
) -> None:
    editor = open_note(records, world, "ada_progress")
    editor.body_edit.selectAll()
    editor.body_edit.setFocus()
    qtbot.keySequence(editor.body_edit, QtGui.QKeySequence.StandardKey.Copy)
    assert board() == "Session content."
    assert clipboard.guard().holding
    others = "SELECT count(*) FROM audit_log WHERE action = 'text_copied'"
    assert int(world.session.db.scalar(others)) == 1
    qtbot.waitUntil(lambda: board() == "", timeout=3000)


def test_after_lock_copies_are_no_longer_audited(records: RecordsPage) -> None:
    assert clipboard.guard().on_other_copy is not None
    records.drop_session()
    assert clipboard.guard().on_other_copy is None


def test_a_copy_after_the_vault_locked_is_still_cleared(qtbot: QtBot, world: World) -> None:
    clipboard.audit_other_copies(world.session)
    world.session.lock()  # a window that forgot to let go of the session
    QtWidgets.QApplication.clipboard().setText("Session content.")
    assert clipboard.guard().on_other_copy is None
    qtbot.waitUntil(lambda: board() == "", timeout=3000)
