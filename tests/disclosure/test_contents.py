"""What each released item says: notes with their addenda, documents attached inside the
PDF, summaries naming no one else, the accounting owed, the audit extract."""

from __future__ import annotations

import io

import pikepdf

from recordsafe.disclosure import contents
from recordsafe.disclosure.gate import Item, Recipient, Request, disclose, evaluate
from recordsafe.disclosure.release_pdf import CoverInfo, render_release_pdf
from recordsafe.outputs.encryption import encrypt_pdf
from recordsafe.records import notes
from tests.disclosure.conftest import TODAY, World, give_consent


def test_a_note_travels_with_its_addenda(world: World) -> None:
    session = world.session
    note_id = world.note_id("ada_progress")
    notes.add_addendum(session, note_id, body="Correction: the date was Tuesday.")
    [item] = contents.release_items(session, [Item("note", note_id)], today=TODAY)
    assert item.title == "Progress note"
    assert "Session content." in item.body
    assert "Addendum of" in item.body and "Correction: the date was Tuesday." in item.body


def test_a_document_is_attached_inside_the_encrypted_pdf(world: World) -> None:
    [item] = contents.release_items(world.session, [world.item("ada_doc")], today=TODAY)
    assert item.attachment == b"%PDF-1.4 form" and item.attachment_name == "form.pdf"
    cover = CoverInfo("Dr Lee", "", "Treatment", "Practice", "Jo", TODAY, "Ada Wren")
    data = encrypt_pdf(render_release_pdf([item], cover), "pw-123456789")
    with pikepdf.open(io.BytesIO(data), password="pw-123456789") as pdf:
        [(name, spec)] = list(pdf.attachments.items())
        assert name.endswith("form.pdf")
        assert spec.get_file().read_bytes() == b"%PDF-1.4 form"


def test_a_summary_names_no_other_participant(world: World) -> None:
    [item] = contents.release_items(
        world.session, [Item("summary", world.clients["mr"])], today=TODAY
    )
    assert "Mr Smith" in item.body
    assert "Mrs" not in item.body and "partner" not in item.body
    assert "Couple work: " in item.body  # the kind of work and its dates only


def test_the_accounting_lists_what_is_owed_and_says_what_is_left_out(world: World) -> None:
    session = world.session
    ada = world.clients["ada"]
    give_consent(session, ada)
    by_consent = Request(
        (world.item("ada_progress"),), Recipient("Dr Lee"), "treatment", "third_party"
    )
    disclose(session, by_consent, evaluate(session, by_consent, today=TODAY), client_informed=True)
    emergency = Request(
        (world.item("ada_progress_2"),),
        Recipient("Crisis team", address="3 Hill Rd"),
        "emergency",
        "third_party",
        emergency_attested=True,
        emergency_justification="Imminent risk.",
    )
    disclose(session, emergency, evaluate(session, emergency, today=TODAY), client_informed=True)
    [item] = contents.release_items(session, [Item("accounting", ada)], today=TODAY)
    assert "Crisis team, 3 Hill Rd" in item.body and "Purpose: Emergency" in item.body
    assert "Dr Lee" not in item.body  # under her own authorization: excluded (a)(1)(iv)
    assert "authorization" in item.body


def test_the_audit_extract_lists_actions_without_details(world: World) -> None:
    session = world.session
    notes.open_note(session, world.note_id("ada_progress"))
    [item] = contents.release_items(session, [Item("audit", world.clients["ada"])], today=TODAY)
    assert "viewed a note" in item.body and "practitioner" in item.body
    assert "Session content" not in item.body
