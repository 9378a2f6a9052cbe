"""A consent that lacks the item's kind says which kind is missing, in the release dialog
(issue 14: a consent for treatment without "Summary of the record" gave "0 allowed")."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from tests.disclosure.conftest import give_consent
from tests.ui.disclosure.conftest import World, fill_request, open_dialog


def reason(dialog, row: int) -> str:  # type: ignore[no-untyped-def]
    return str(dialog.model.data(dialog.model.index(row, 3)))


def test_the_reason_names_the_kind_the_consent_does_not_tick(qtbot: QtBot, world: World) -> None:
    give_consent(world.session, world.clients["ada"], kinds=("progress",))
    dialog = open_dialog(qtbot, world, "ada", "ada_summary", "ada_doc")
    fill_request(dialog)
    dialog.next()
    assert dialog.decision is not None and dialog.decision.counts.get("allowed", 0) == 0
    summary, document = reason(dialog, 0), reason(dialog, 1)
    assert "“Summary of the record” is not ticked" in summary
    assert "it covers: Progress notes" in summary
    assert "“Documents” is not ticked" in document


def test_the_reason_names_the_dates_a_consent_is_limited_to(qtbot: QtBot, world: World) -> None:
    give_consent(
        world.session,
        world.clients["ada"],
        date_from=date(2024, 1, 1),
        date_to=date(2024, 12, 31),
    )
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    fill_request(dialog)
    dialog.next()
    text = reason(dialog, 0)
    # The window's one date format (issue 16, walker 120), never the PDF's long form.
    assert "from 01 Jan 2024 to 31 Dec 2024" in text
    assert "January" not in text
