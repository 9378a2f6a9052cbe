"""What the consent dialog needs from the domain: every missing element at once, the kinds
a purpose usually needs, and a signed form attached after the consent was recorded."""

from __future__ import annotations

import dataclasses

import pytest

from recordsafe.disclosure import consents
from recordsafe.disclosure._common import CONSENT_PURPOSES
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.records import documents
from tests.disclosure.conftest import TODAY, World, consent_form, give_consent


def test_every_missing_element_is_named_at_once(world: World) -> None:
    """Issue 14: the dialog reported one missing element per click on Save."""
    empty = dataclasses.replace(
        consent_form(world.clients["ada"]),
        authorized_by="representative",
        representative_name=" ",
        representative_authority=None,
        kinds=(),
        note_ids=(),
        disclosing_party="",
        recipient_name="",
        purposes=(),
        expires_on=None,
        expiry_event=None,
        states_right_to_revoke=False,
        states_conditioning=False,
        states_redisclosure=False,
    )
    missing = consents.missing_elements(empty)
    assert list(missing) == [
        "kinds",
        "representative_name",
        "representative_authority",
        "disclosing_party",
        "recipient_name",
        "purposes",
        "expires_on",
        "states_right_to_revoke",
        "states_conditioning",
        "states_redisclosure",
    ]
    # record_consent refuses with the first of them, in the same words.
    with pytest.raises(DisclosureError) as refused:
        consents.record_consent(world.session, empty, today=TODAY)
    assert refused.value.message == missing["kinds"]
    assert consents.missing_elements(consent_form(world.clients["ada"])) == {}


def test_each_purpose_suggests_kinds_but_never_psychotherapy_notes() -> None:
    assert consents.suggested_kinds("treatment")[0] == "summary"
    for purpose in CONSENT_PURPOSES:
        assert "psychotherapy" not in consents.suggested_kinds(purpose)
    assert consents.suggested_kinds("media") == ()


def test_a_signed_form_attached_later(world: World) -> None:
    """Issue 16: a consent can be saved before the scan is at hand, and linked later."""
    session, ada = world.session, world.clients["ada"]
    consent_id = give_consent(session, ada)
    assert consents.get_consent(session, consent_id).form_document_id is None
    bobs = documents.add_document_bytes(session, world.clients["bob"], "x.pdf", b"%PDF-1.4")
    with pytest.raises(DisclosureError, match="not a document of this client"):
        consents.attach_form(session, consent_id, bobs)
    consents.attach_form(session, consent_id, world.items["ada_doc"].id)
    assert consents.get_consent(session, consent_id).form_document_id == world.items["ada_doc"].id
    with pytest.raises(DisclosureError, match="already has its signed form"):
        consents.attach_form(session, consent_id, world.items["ada_doc"].id)
    actions = [r[0] for r in session.db.execute("SELECT action FROM audit_log")]
    assert "consent_form_attached" in actions
