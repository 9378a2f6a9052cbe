""" "Release checked at the gate" audit entries carry the client number, so the audit log
can be filtered by client (issue 16)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.audit import chain
from recordsafe.disclosure.gate import Recipient, Request, evaluate
from tests.disclosure.conftest import TODAY, give_consent
from tests.ui.disclosure.conftest import World, fill_request, open_dialog


def checked_at_the_gate(world: World, client_id: int) -> list[chain.AuditEntry]:
    return chain.query(world.session.db, client_id=client_id, action="disclosure_evaluated")


def test_each_check_in_the_release_dialog_is_filed_under_its_client(
    qtbot: QtBot, world: World
) -> None:
    give_consent(world.session, world.clients["ada"])
    dialog = open_dialog(qtbot, world, "ada", "ada_progress", "ada_progress_2")
    fill_request(dialog)
    dialog.next()  # the check of the request
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()  # the check of the narrowed request
    entries = checked_at_the_gate(world, world.clients["ada"])
    assert len(entries) == 2
    assert all(e.detail["clients"] == [world.clients["ada"]] for e in entries)


def test_a_joint_note_is_filed_under_the_client_it_was_released_from(
    qtbot: QtBot, world: World
) -> None:
    """A couple's joint note is about both; the release began on Mrs Smith's page."""
    mr, mrs = world.clients["mr"], world.clients["mrs"]
    dialog = open_dialog(qtbot, world, "mrs", "joint")
    fill_request(dialog)
    dialog.next()
    [entry] = checked_at_the_gate(world, mrs)
    assert sorted(entry.detail["clients"]) == sorted([mr, mrs])


def test_a_check_without_a_window_is_filed_under_its_one_subject(world: World) -> None:
    bob = world.clients["bob"]
    request = Request(
        (world.item("bob_progress"),), Recipient("Dr Lee"), "treatment", "third_party"
    )
    evaluate(world.session, request, today=TODAY)
    assert len(checked_at_the_gate(world, bob)) == 1
