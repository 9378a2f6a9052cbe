"""Consents: every 164.508(c) element is checked; revocation and expiry act at once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from recordsafe.disclosure import consents, court_orders
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.records import documents
from recordsafe.vault import VaultError
from tests.disclosure.conftest import EXPIRES, SIGNED, TODAY, World, consent_form, give_consent

MISSING_ELEMENTS: list[tuple[str, dict[str, Any], str]] = [
    ("what information", {"kinds": ()}, "what information"),
    ("who may disclose", {"disclosing_party": "  "}, "who may disclose"),
    ("recipient", {"recipient_name": ""}, "who receives"),
    ("purpose", {"purposes": ()}, "purpose"),
    ("unknown purpose", {"purposes": ("gossip",)}, "unknown"),
    ("unknown kind", {"kinds": ("diary",)}, "unknown kind"),
    ("expiry", {"expires_on": None, "expiry_event": " "}, "when it expires"),
    ("right to revoke", {"states_right_to_revoke": False}, "right to revoke"),
    ("conditioning", {"states_conditioning": False}, "depends on signing"),
    ("redisclosure", {"states_redisclosure": False}, "redisclose"),
    ("signature in the future", {"signed_on": date(2025, 6, 2)}, "signature date"),
    ("expires before signed", {"expires_on": SIGNED}, "expires before"),
    ("range backwards", {"date_from": date(2025, 3, 2), "date_to": date(2025, 3, 1)}, "range"),
    (
        "representative without authority",
        {"authorized_by": "representative", "representative_name": "Carol Bloggs"},
        "authority",
    ),
    (
        "representative without a name",
        {"authorized_by": "representative", "representative_authority": "Executor"},
        "who the representative is",
    ),
    ("who authorizes", {"authorized_by": "neighbour"}, "who authorizes"),
]


@pytest.mark.parametrize(
    ("overrides", "words"),
    [(o, w) for _, o, w in MISSING_ELEMENTS],
    ids=[name for name, _, _ in MISSING_ELEMENTS],
)
def test_each_missing_element_is_named(world: World, overrides: dict[str, Any], words: str) -> None:
    session = world.session
    before = session.db.scalar("SELECT count(*) FROM consents")
    with pytest.raises(DisclosureError, match=words) as caught:
        give_consent(session, world.clients["ada"], **overrides)
    assert isinstance(caught.value, VaultError)
    assert "Ada" not in caught.value.message and "Carol" not in caught.value.message
    assert session.db.scalar("SELECT count(*) FROM consents") == before


def test_a_complete_consent_is_stored_with_its_scope(world: World) -> None:
    session = world.session
    ada = world.clients["ada"]
    form_id = documents.add_document_bytes(session, ada, "signed.pdf", b"%PDF-1.4 signed")
    consent_id = give_consent(
        session,
        ada,
        kinds=("progress", "documents"),
        note_ids=(world.note_id("ada_progress"),),
        purposes=("treatment", "consultation"),
        recipient_organisation="City Clinic",
        recipient_address="1 Main St",
        expires_on=None,
        expiry_event="End of treatment",
        form_document_id=form_id,
    )
    stored = consents.get_consent(session, consent_id)
    assert stored.kinds == {"progress", "documents"}
    assert stored.note_ids == {world.note_id("ada_progress")}
    assert stored.purposes == {"treatment", "consultation"}
    assert stored.expiry_event == "End of treatment" and stored.expires_on is None
    assert stored.form_document_id == form_id
    assert [c.id for c in consents.list_consents(session, ada)] == [consent_id]
    assert consents.list_consents(session, world.clients["mr"]) == []
    detail = session.db.scalar(
        "SELECT detail FROM audit_log WHERE action = 'consent_recorded' ORDER BY seq DESC"
    )
    assert "Clinic" not in detail and "Main" not in detail and "Lee" not in detail


@pytest.mark.parametrize(
    "overrides",
    [
        {"kinds": ("progress", "psychotherapy"), "is_psychotherapy_authorization": True},
        {"kinds": ("progress", "psychotherapy")},
        {"kinds": ("psychotherapy",)},
        {"kinds": ("progress",), "is_psychotherapy_authorization": True},
        {"kinds": ("documents",), "note_ids": "psycho"},
        {"kinds": (), "note_ids": "psycho"},
    ],
    ids=[
        "mixed kinds",
        "mixed, unflagged",
        "unflagged",
        "flag without",
        "note mixed",
        "note alone",
    ],
)
def test_psychotherapy_authorization_is_never_combined(
    world: World, overrides: dict[str, Any]
) -> None:
    if overrides.get("note_ids") == "psycho":
        overrides = {**overrides, "note_ids": (world.note_id("ada_psycho"),)}
    with pytest.raises(DisclosureError, match=r"(?i)psychotherapy"):
        give_consent(world.session, world.clients["ada"], **overrides)


def test_a_psychotherapy_authorization_alone_is_fine(world: World) -> None:
    consent_id = give_consent(
        world.session,
        world.clients["ada"],
        kinds=(),
        note_ids=(world.note_id("ada_psycho"),),
        is_psychotherapy_authorization=True,
    )
    assert consents.get_consent(world.session, consent_id).is_psychotherapy_authorization


def test_specific_notes_must_be_about_the_client(world: World) -> None:
    with pytest.raises(DisclosureError, match="not about this client"):
        give_consent(world.session, world.clients["mrs"], note_ids=(world.note_id("mr_alone"),))
    with pytest.raises(DisclosureError, match="not about this client"):
        give_consent(world.session, world.clients["ada"], note_ids=(999_999,))


def test_the_scanned_form_must_be_the_clients(world: World) -> None:
    other = documents.add_document_bytes(world.session, world.clients["mr"], "x.pdf", b"%PDF-1.4")
    with pytest.raises(DisclosureError, match="scanned form"):
        give_consent(world.session, world.clients["ada"], form_document_id=other)


def test_the_schema_refuses_a_mixed_psychotherapy_scope_too(world: World) -> None:
    consent_id = give_consent(world.session, world.clients["ada"])
    with pytest.raises(Exception, match="own authorization"):
        world.session.db.execute(
            "INSERT INTO consent_kinds (consent_id, kind) VALUES (?, 'psychotherapy')",
            (consent_id,),
        )


def test_validity_revocation_and_expiry(world: World) -> None:
    session = world.session
    consent_id = give_consent(session, world.clients["ada"])
    consent = consents.get_consent(session, consent_id)
    assert not consent.is_valid_on(date(2025, 3, 31))  # before the signature
    assert consent.is_valid_on(SIGNED)
    assert consent.is_valid_on(date(2026, 3, 31))
    assert not consent.is_valid_on(EXPIRES)  # expired on its date
    consents.revoke(session, consent_id, on=date(2025, 5, 1), received_how="phone call")
    revoked = consents.get_consent(session, consent_id)
    assert revoked.revocation_received == "phone call"
    assert revoked.is_valid_on(date(2025, 4, 30))
    assert not revoked.is_valid_on(date(2025, 5, 1))
    with pytest.raises(DisclosureError, match="already revoked"):
        consents.revoke(session, consent_id, on=date(2025, 5, 2), received_how="letter")
    actions = [r[0] for r in session.db.execute("SELECT action FROM audit_log")]
    assert actions.count("consent_revoked") == 1


def test_revocation_needs_how_and_a_sane_date(world: World) -> None:
    session = world.session
    consent_id = give_consent(session, world.clients["ada"])
    with pytest.raises(DisclosureError, match="how the revocation was received"):
        consents.revoke(session, consent_id, on=TODAY, received_how=" ")
    with pytest.raises(DisclosureError, match="before the consent was signed"):
        consents.revoke(session, consent_id, on=date(2025, 1, 1), received_how="letter")
    with pytest.raises(DisclosureError, match="no longer exists"):
        consents.revoke(session, 999_999, on=TODAY, received_how="letter")


def test_expiring_within(world: World) -> None:
    session = world.session
    ada = world.clients["ada"]
    soon = give_consent(session, ada, expires_on=date(2025, 6, 20))
    sooner = give_consent(session, ada, expires_on=date(2025, 6, 10))
    give_consent(session, ada, expires_on=date(2025, 9, 1))  # later
    give_consent(session, ada, expires_on=None, expiry_event="End of treatment")
    revoked = give_consent(session, ada, expires_on=date(2025, 6, 5))
    consents.revoke(session, revoked, on=TODAY, received_how="letter")
    assert [c.id for c in consents.expiring_within(session, 30, today=TODAY)] == [sooner, soon]
    assert consents.expiring_within(session, 0, today=TODAY) == []
    with pytest.raises(DisclosureError):
        consents.expiring_within(session, -1, today=TODAY)


def test_form_defaults_are_incomplete(world: World) -> None:
    """A form the dialog has not filled in is refused, never stored half-done."""
    bare = consents.ConsentForm(
        client_id=world.clients["ada"],
        recipient_name="Dr Lee",
        purposes=("treatment",),
        signed_on=SIGNED,
        disclosing_party="The practice",
        kinds=("progress",),
        expires_on=EXPIRES,
    )
    with pytest.raises(DisclosureError, match="right to revoke"):
        consents.record_consent(world.session, bare, today=TODAY)
    assert consent_form(world.clients["ada"]).states_redisclosure


def test_a_draft_note_cannot_be_named(world: World) -> None:
    with pytest.raises(DisclosureError, match="draft"):
        give_consent(world.session, world.clients["ada"], note_ids=(world.note_id("ada_draft"),))


def test_a_court_order_names_only_the_clients_items(world: World) -> None:
    session = world.session
    ada = world.clients["ada"]
    for items in ([("note", world.note_id("mr_alone"))], [("summary", world.clients["mr"])]):
        with pytest.raises(DisclosureError, match="not about this client"):
            court_orders.record_court_order(
                session, ada, court="County Court", ordered_on=TODAY, items=items, today=TODAY
            )
    with pytest.raises(DisclosureError, match="any item"):
        court_orders.record_court_order(
            session, ada, court="County Court", ordered_on=TODAY, items=[], today=TODAY
        )
    with pytest.raises(DisclosureError, match="which court"):
        court_orders.record_court_order(
            session, ada, court=" ", ordered_on=TODAY, items=[("summary", ada)], today=TODAY
        )
    order_id = court_orders.record_court_order(
        session,
        ada,
        court="County Court",
        ordered_on=TODAY,
        items=[("summary", ada), ("document", world.item("ada_doc").id)],
        today=TODAY,
    )
    assert court_orders.order_items(session, order_id) == {
        ("summary", ada),
        ("document", world.item("ada_doc").id),
    }


def test_overlong_text_is_refused_without_quoting_it(world: World) -> None:
    with pytest.raises(DisclosureError, match="address") as caught:
        give_consent(world.session, world.clients["ada"], recipient_address="x" * 5000)
    assert "xxx" not in caught.value.message
