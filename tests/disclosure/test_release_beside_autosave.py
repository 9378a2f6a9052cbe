"""A release on a worker and a note's autosave on the UI thread, at the same moment
(issue 14): the autosave waits for the release's transaction instead of joining it, so a
printer that fails (and rolls the disclosure back) does not take the note with it.

The slow printer is the device: it holds the release inside its transaction until the
autosave is waiting for the connection (tests/vault/test_connection_threads.py)."""

from __future__ import annotations

import threading

from recordsafe.disclosure import release
from recordsafe.disclosure.gate import Recipient, Request, evaluate
from recordsafe.records import notes
from tests.disclosure.conftest import TODAY, World, give_consent
from tests.vault.test_connection_threads import SAFETY, Worker, meanwhile

AUTOSAVED = "Autosaved while the release printed."


def test_a_failed_release_does_not_roll_back_an_autosave_made_meanwhile(world: World) -> None:
    session = world.session
    ada = world.clients["ada"]
    give_consent(session, ada)
    printing, paper_out = threading.Event(), threading.Event()

    def slow_printer_out_of_paper(pdf: bytes) -> None:
        printing.set()
        paper_out.wait(SAFETY)
        raise OSError("The printer is out of paper.")

    request = Request(
        (world.item("ada_progress"),), Recipient("Dr Lee"), "treatment", "third_party"
    )
    plan = release.ReleasePlan(
        client_id=ada,
        decision=evaluate(session, request, today=TODAY),
        texts=release.item_texts(session, request.items, today=TODAY),
        output=release.ToPrinter(slow_printer_out_of_paper),
        client_informed=True,
    )
    draft = world.item("ada_draft").id
    releasing = Worker(lambda: release.release(session, plan))
    autosave = meanwhile(
        releasing, printing, paper_out, lambda: notes.save_draft(session, draft, body=AUTOSAVED)
    )
    assert isinstance(releasing.error, OSError)
    assert autosave.error is None
    assert int(session.db.scalar("SELECT count(*) FROM disclosures")) == 0
    assert notes.open_note(session, draft).body == AUTOSAVED
