"""A note editor always closes (issue 14): a note about one partner can be written from
the other partner's page, and a draft the vault refuses asks once, keep or discard."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.records import cases, clients, intake, notes
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.records.note_editor import NoteEditor
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.vault import VaultSession
from tests.ui.records.conftest import couple_with_agreement


@pytest.fixture
def couple(session: VaultSession) -> tuple[int, int, int]:
    """(Mrs Smith, Mr Smith, their couple case with its agreement)."""
    ids, case_id = couple_with_agreement(session, ("Mrs Smith", "Mr Smith"))
    return ids[0], ids[1], case_id


def editor_on(page: RecordsPage, client_id: int, case_id: int) -> NoteEditor:
    page.open_client(client_id)
    editor = page.new_note_for_case(case_id)
    assert isinstance(editor, NoteEditor)
    return editor


def test_note_about_the_other_partner_is_written_and_filed_under_them(
    qtbot: QtBot, page: RecordsPage, session: VaultSession, couple: tuple[int, int, int]
) -> None:
    mrs, mr, case_id = couple
    editor = editor_on(page, mrs, case_id)
    editor.subject_checks[mrs].setChecked(False)
    assert "Mr Smith" in editor.windowTitle() and "Mrs Smith" not in editor.windowTitle()
    qtbot.keyClicks(editor.body_edit, "Individual session with Mr Smith.")
    editor.close_button.click()
    assert not editor.isVisible()
    (note_id,) = [n.id for n in notes.client_notes(session, mr)]
    note = notes.open_note(session, note_id)
    assert note.subjects == (mr,) and note.client_id == mr
    assert notes.client_notes(session, mrs) == []


def test_a_draft_that_cannot_be_saved_still_closes_after_one_question(
    qtbot: QtBot, page: RecordsPage, session: VaultSession, couple: tuple[int, int, int]
) -> None:
    mrs, mr, case_id = couple
    editor = editor_on(page, mrs, case_id)
    qtbot.keyClicks(editor.body_edit, "A joint session.")
    assert editor.save_now()
    for check in editor.subject_checks.values():
        check.setChecked(False)  # no subject at all: the vault refuses the draft

    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    box = editor.close_box
    assert box is not None and box.isVisible()
    assert "at least one subject" in box.text()
    editor.reject()  # a second Esc or Close does not stack a second question
    assert editor.findChildren(QtWidgets.QMessageBox) == [box]
    keep = next(b for b in box.buttons() if b.text() == "Keep editing")
    keep.click()
    assert editor.isVisible() and editor.close_box is None

    editor.close_button.click()
    box = editor.close_box
    assert box is not None
    discard = next(b for b in box.buttons() if b.text().startswith("Discard"))
    discard.click()
    assert not editor.isVisible()
    # What was saved last is kept: the joint draft with both partners.
    (summary,) = notes.client_notes(session, mrs)
    assert notes.open_note(session, summary.id).subjects == (mrs, mr)


def test_notes_list_shows_whom_each_note_is_about(
    page: RecordsPage, session: VaultSession, couple: tuple[int, int, int]
) -> None:
    _mrs, mr, case_id = couple
    notes.create_note(session, case_id, body="Joint session.", note_date=date(2025, 2, 1))
    notes.create_note(session, case_id, body="Alone.", subjects=[mr], note_date=date(2025, 3, 1))
    solo = clients.create_client(session, "Ada Wren")
    intake.record_intake(session, solo, explained_on=date(2025, 1, 6), method="in_person")
    own = cases.create_case(session, "individual", "Ada's work", [solo])
    notes.create_note(session, own, body="Her own session.")

    opened = page.open_client(mr)
    assert opened is not None
    rows = [opened.progress_list.item(i).text() for i in range(opened.progress_list.count())]
    assert "individual: Mr Smith" in rows[0] and "joint" not in rows[0]
    assert "joint: Mrs Smith, Mr Smith" in rows[1]
    page.set_privacy_mode(True)
    assert "joint: M. S., M. S." in opened.progress_list.item(1).text()
    page.set_privacy_mode(False)
    # An individual case's notes need no label: there is no one else they could be about.
    opened = page.open_client(solo)
    assert opened is not None
    text = opened.progress_list.item(0).text()
    assert "joint" not in text and "individual" not in text


def test_the_title_names_the_subjects_as_ticked_even_after_the_draft_is_saved(
    qtbot: QtBot, page: RecordsPage, session: VaultSession, couple: tuple[int, int, int]
) -> None:
    _mrs, mr, case_id = couple
    editor = editor_on(page, mr, case_id)
    qtbot.keyClicks(editor.body_edit, "Individual session with Mrs Smith.")
    assert editor.save_now() and editor.note_id is not None  # a saved draft now
    assert "about Mrs Smith, Mr Smith" in editor.title_label.text()  # both, as ticked
    qtbot.mouseClick(editor.subject_checks[mr], Qt.MouseButton.LeftButton)
    for title in (editor.windowTitle(), editor.title_label.text()):
        assert "Mrs Smith" in title and "Mr Smith" not in title, title
    qtbot.mouseClick(editor.subject_checks[mr], Qt.MouseButton.LeftButton)
    assert editor.windowTitle().endswith("— Mrs Smith, Mr Smith")
    editor.close_button.click()


def test_the_subjects_hint_sits_right_under_the_subjects(
    qtbot: QtBot, page: RecordsPage, couple: tuple[int, int, int]
) -> None:
    mrs, _mr, case_id = couple
    editor = editor_on(page, mrs, case_id)
    editor.show()
    qtbot.waitExposed(editor)
    check = editor.subject_checks[mrs]
    row_bottom = check.mapTo(editor, check.rect().bottomLeft()).y()
    hint_top = editor.subjects_hint.mapTo(editor, editor.subjects_hint.rect().topLeft()).y()
    text_top = hint_top + editor.subjects_hint.contentsRect().top()
    lines = editor.subjects_hint.fontMetrics().lineSpacing()
    # The hint's first line starts within a line of the row (not ~40 px below it), and
    # its label is no taller than its text.
    assert text_top - row_bottom < lines
    needed = editor.subjects_hint.heightForWidth(editor.subjects_hint.width())
    assert editor.subjects_hint.height() <= needed + lines
    editor.close_button.click()
