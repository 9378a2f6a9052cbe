"""The release names whose records it holds (issue 16): the client, and the case for a
release from a joint case, in the title, on every page and on the confirmation."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.ui.disclosure.release import ReleaseDialog
from tests.disclosure.conftest import give_consent
from tests.ui.disclosure.conftest import World, fill_request, open_dialog


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
    dialog.output_page.path_field.set_path(tmp_path / "out.pdf")
    dialog.next()
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
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
