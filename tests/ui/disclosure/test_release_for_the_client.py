""" "Print for the client…" (the accounting) starts the release filled in: to the client,
at the client's request, already checked at the gate (issue 16). The psychotherapy-notes
decision is offered only when a psychotherapy note is among the items."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.disclosure.gate import Item
from recordsafe.ui.disclosure.consents_tab import ConsentsTab
from recordsafe.ui.disclosure.release import ReleaseDialog
from tests.ui.disclosure.conftest import World, open_dialog


def test_print_for_the_client_opens_at_the_items_already_filled_in(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    window = tab.open_accounting()
    assert window is not None
    window.print_button.click()
    dialog = window.dialog
    assert isinstance(dialog, ReleaseDialog) and dialog.isVisible()
    assert dialog.stack.currentWidget() is dialog.items_page
    assert dialog.decision is not None
    request = dialog.decision.request
    assert request.purpose == "client_request" and request.requested_by == "client"
    assert request.recipient.name == "Ada Wren"
    ada = world.clients["ada"]
    assert [(d.item, d.status) for d in dialog.decision.items] == [
        (Item("accounting", ada), "allowed")
    ]
    assert dialog.items_page.informed_yes.isChecked()
    # Back shows what was filled in, without the psychotherapy-notes decision.
    dialog.back()
    page = dialog.request_page
    assert page.recipient_name.text() == "Ada Wren"
    assert not page.psychotherapy_check.isVisible()


def test_the_psychotherapy_decision_is_offered_only_for_psychotherapy_notes(
    qtbot: QtBot, world: World
) -> None:
    without = open_dialog(qtbot, world, "ada", "ada_progress")
    without.set_purpose("client_request")
    assert not without.request_page.psychotherapy_check.isVisible()
    with_note = open_dialog(qtbot, world, "ada", "ada_progress", "ada_psycho")
    with_note.set_purpose("client_request")
    assert with_note.request_page.psychotherapy_check.isVisible()
    with_note.set_purpose("treatment")
    assert not with_note.request_page.psychotherapy_check.isVisible()
