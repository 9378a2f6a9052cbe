"""Privacy mode reaches the release dialog (issue 16): opened from a page in privacy mode it
names people by their initials in every text on screen, through every page, while the
release it writes keeps their full names."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.disclosure.gate import Item
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.records.note_editor import NoteEditor
from recordsafe.ui.records.records_page import RecordsPage
from tests.ui.disclosure.conftest import World, fill_request, save_and_read
from tests.ui.disclosure.test_release_clipboard import records  # noqa: F401 - the fixture
from tests.ui.disclosure.test_release_output import signed_note

FULL_NAMES = ("Mrs Smith", "Mr Smith", "Ada Wren", "Couple work")


@pytest.fixture
def private(records: RecordsPage) -> RecordsPage:  # noqa: F811 - the fixture
    """The records page with privacy mode turned on, as the user does."""
    records.privacy_action.trigger()
    assert records.privacy_mode
    return records


def screen_texts(dialog: QtWidgets.QDialog) -> list[str]:
    """Every text the dialog can show: its title, labels, buttons, boxes, fields, and each
    cell (and tooltip) of its tables."""
    texts = [dialog.windowTitle()]
    for label in dialog.findChildren(QtWidgets.QLabel):
        texts += [label.text(), label.toolTip()]
    for button in dialog.findChildren(QtWidgets.QAbstractButton):
        texts.append(button.text())
    for box in dialog.findChildren(QtWidgets.QGroupBox):
        texts.append(box.title())
    for field in dialog.findChildren(QtWidgets.QLineEdit):
        texts += [field.text(), field.placeholderText()]
    for edit in dialog.findChildren(QtWidgets.QPlainTextEdit):
        texts.append(edit.toPlainText())
    for view in dialog.findChildren(QtWidgets.QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    texts.append(str(model.data(index, role) or ""))
    return texts


def names_shown(dialog: QtWidgets.QDialog) -> set[str]:
    return {name for name in FULL_NAMES for text in screen_texts(dialog) if name in text}


def test_a_clients_own_release_in_privacy_mode_shows_initials_only(
    qtbot: QtBot, private: RecordsPage, world: World, tmp_path: Path
) -> None:
    """Mrs Smith asks for her whole record: the joint note needs Mr Smith's consent, his
    own note is 'not listed': all said by initials; the PDF names her in full."""
    assert private.open_client(world.clients["mrs"]) is not None
    dialog = private.release_records()
    assert isinstance(dialog, ReleaseDialog)
    assert dialog.windowTitle() == "Release records — M. S., couple case"
    assert names_shown(dialog) == set()
    dialog.set_purpose("client_request")
    dialog.set_requester("client")
    # The field stays empty (the client by initials); the request names her in full.
    assert dialog.request_page.recipient_name.text() == ""
    assert dialog.build_request().recipient.name == "Mrs Smith"
    assert names_shown(dialog) == set()
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.items_page
    assert dialog.items_page.not_listed_label.isVisible()
    assert "M. S." in dialog.items_page.not_listed_label.text()
    assert dialog.decision is not None and not dialog.decision.all_allowed
    assert names_shown(dialog) == set()
    assert dialog.model is not None
    dialog.model.set_checked(dialog.model.row_of(world.item("mrs_alone")), True)
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.output_page
    assert names_shown(dialog) == set()
    assert "M. S.. " not in dialog.output_page.output_summary.text()  # initials end a sentence
    cover = save_and_read(qtbot, dialog, tmp_path / "out.pdf")[0]
    assert dialog.stack.currentWidget() is dialog.done_page
    assert names_shown(dialog) == set()
    assert "Mrs Smith" in cover


def test_a_case_release_and_its_deidentification_show_initials_only(
    qtbot: QtBot, private: RecordsPage, world: World, tmp_path: Path
) -> None:
    """A note of Ada's naming Mrs Smith, released for training from its own window: the
    names the review lists as removed are shown by their initials too."""
    body = "Ada Wren spoke about Mrs Smith at length."
    note_id = signed_note(world.session, world, "ada_progress", body)
    assert private.open_client(world.clients["ada"]) is not None
    dialog = private.release_records([note_id])
    assert isinstance(dialog, ReleaseDialog)
    assert dialog.build_request().items == (Item("note", note_id),)
    fill_request(dialog, recipient="Peer group", purpose="training")
    dialog.next()
    assert dialog.model is not None and dialog.model.set_checked(0, True)
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.review
    removed = {dialog.review.table.item(r, 2).text() for r in range(dialog.review.table.rowCount())}
    assert {"A. W.", "M. S."} <= removed
    assert names_shown(dialog) == set()
    dialog.next()
    save_and_read(qtbot, dialog, tmp_path / "t.pdf")
    assert names_shown(dialog) == set()


def test_without_privacy_mode_the_dialog_names_people_in_full(
    records: RecordsPage,  # noqa: F811 - the fixture
    world: World,
) -> None:
    assert records.open_client(world.clients["mrs"]) is not None
    dialog = records.release_records()
    assert isinstance(dialog, ReleaseDialog)
    fill_request(dialog, recipient="Mrs Smith", purpose="client_request", requested_by="client")
    dialog.next()
    assert {"Mrs Smith", "Mr Smith", "Couple work"} <= names_shown(dialog)
    dialog.reject()


def test_a_notes_release_button_keeps_privacy_mode(private: RecordsPage, world: World) -> None:
    assert private.open_client(world.clients["mrs"]) is not None
    note_id = world.note_id("joint")
    case_id = int(world.session.db.scalar("SELECT case_id FROM notes WHERE id = ?", (note_id,)))
    editor = private.open_note(case_id, note_id)
    assert isinstance(editor, NoteEditor)
    dialog = editor.open_release()
    assert isinstance(dialog, ReleaseDialog)
    assert dialog.windowTitle() == "Release records — M. S., couple case"
    fill_request(dialog)
    dialog.next()
    assert names_shown(dialog) == set()
    dialog.reject()
