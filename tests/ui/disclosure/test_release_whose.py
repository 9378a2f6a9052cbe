"""The release names whose records it holds (issue 16): the client, and the case for a
release from a joint case, in the title, on every page and on the confirmation."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.ui.disclosure.release import ReleaseDialog
from tests.disclosure.conftest import give_consent
from tests.ui.disclosure.conftest import World, fill_request, open_dialog, save_and_read


def named_on_screen(dialog: ReleaseDialog, *words: str) -> bool:
    label = dialog.whose_label
    return label.isVisible() and all(w in label.text() for w in words)


def test_a_case_release_names_the_client_and_the_case_everywhere(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, world, "mrs", "mr_alone", "joint", "mrs_alone")
    assert "Mrs Smith" in dialog.windowTitle() and "Couple work" in dialog.windowTitle()
    assert named_on_screen(dialog, "Mrs Smith", "Couple work")
    fill_request(dialog, recipient="Mrs Smith", purpose="client_request", requested_by="client")
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.items_page
    assert named_on_screen(dialog, "Mrs Smith", "Couple work")
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.output_page
    assert named_on_screen(dialog, "Mrs Smith", "Couple work")
    assert "Mrs Smith" in dialog.output_page.output_summary.text()
    cover = save_and_read(qtbot, dialog, tmp_path / "out.pdf")[0]
    assert "Mrs Smith" in cover
    assert dialog.stack.currentWidget() is dialog.done_page
    assert named_on_screen(dialog, "Mrs Smith")
    assert "Mrs Smith" in dialog.done_page.done_label.text()


def test_a_release_of_one_clients_record_names_the_client(qtbot: QtBot, world: World) -> None:
    give_consent(world.session, world.clients["ada"])
    dialog = open_dialog(qtbot, world, "ada", whole_record=True)
    assert dialog.windowTitle() == "Release records — Ada Wren"
    assert named_on_screen(dialog, "Ada Wren")
    fill_request(dialog)
    dialog.next()
    assert named_on_screen(dialog, "Ada Wren")


def test_a_partners_notes_are_not_listed_but_said_to_exist(qtbot: QtBot, world: World) -> None:
    """Mrs Smith asks for her whole record: Mr Smith's individual note is not part of it
    (not a row she could be given), yet the practitioner sees that it exists, and about
    whom, never what it says (issue 14)."""
    dialog = open_dialog(qtbot, world, "mrs", whole_record=True)
    fill_request(dialog, recipient="Mrs Smith", purpose="client_request", requested_by="client")
    dialog.next()
    assert dialog.decision is not None
    listed = [d.item for d in dialog.decision.items]
    assert world.item("mr_alone") not in listed
    assert world.item("joint") in listed and world.item("mrs_alone") in listed
    line = dialog.items_page.not_listed_label
    assert line.isVisible()
    text = line.text()
    assert "1 signed note" in text and "Mr Smith only" in text and "Couple work" in text
    assert "Session content" not in text


def test_nothing_is_said_when_no_note_is_about_others_only(qtbot: QtBot, world: World) -> None:
    dialog = open_dialog(qtbot, world, "ada", whole_record=True)
    fill_request(dialog)
    dialog.next()
    assert not dialog.items_page.not_listed_label.isVisible()
