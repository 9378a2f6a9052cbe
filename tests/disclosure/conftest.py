"""A small practice for the gate's tests: Ada (individual work), the Smiths (a couple),
and Bob, who has died and whose personal representative is Carol Bloggs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from recordsafe.disclosure import consents, letters
from recordsafe.disclosure.gate import Item
from recordsafe.records import cases, clients, documents, intake, notes
from recordsafe.vault import VaultSession

NOTE_DAY = date(2025, 3, 4)
SIGNED = date(2025, 4, 1)
TODAY = date(2025, 6, 1)
EXPIRES = date(2026, 4, 1)


@dataclass
class World:
    session: VaultSession
    clients: dict[str, int] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)

    def item(self, key: str) -> Item:
        return self.items[key]

    def note_id(self, key: str) -> int:
        return self.items[key].id


def _signed_note(session: VaultSession, case_id: int, kind: str, subjects: list[int]) -> int:
    note_id = notes.create_note(
        session,
        case_id,
        kind=kind,  # type: ignore[arg-type]
        note_date=NOTE_DAY,
        body="Session content.",
        subjects=subjects,
    )
    notes.sign_note(session, note_id)
    return note_id


@pytest.fixture
def world(session: VaultSession) -> World:
    w = World(session)
    for key, name in (
        ("ada", "Ada Wren"),
        ("mr", "Mr Smith"),
        ("mrs", "Mrs Smith"),
        ("bob", "Bob Dale"),
    ):
        cid = clients.create_client(session, name)
        intake.record_intake(session, cid, explained_on=NOTE_DAY, method="in_person")
        w.clients[key] = cid
    ada, mr, mrs, bob = (w.clients[k] for k in ("ada", "mr", "mrs", "bob"))

    ada_case = cases.create_case(session, "individual", "Individual work", [ada])
    w.items["ada_progress"] = Item("note", _signed_note(session, ada_case, "progress", [ada]))
    w.items["ada_progress_2"] = Item("note", _signed_note(session, ada_case, "progress", [ada]))
    w.items["ada_psycho"] = Item("note", _signed_note(session, ada_case, "psychotherapy", [ada]))
    w.items["ada_draft"] = Item(
        "note", notes.create_note(session, ada_case, note_date=NOTE_DAY, body="Draft.")
    )
    w.items["ada_doc"] = Item(
        "document", documents.add_document_bytes(session, ada, "form.pdf", b"%PDF-1.4 form")
    )
    w.items["ada_summary"] = Item("summary", ada)

    couple = cases.create_case(
        session, "couple", "Couple work", [(mr, "partner"), (mrs, "partner")]
    )
    cases.record_agreement(
        session,
        couple,
        policy="limited_secrets",
        text="Policy.",
        agreed_on={mr: NOTE_DAY, mrs: NOTE_DAY},
    )
    w.items["joint"] = Item("note", _signed_note(session, couple, "progress", [mr, mrs]))
    w.items["mr_alone"] = Item("note", _signed_note(session, couple, "progress", [mr]))
    w.items["mrs_alone"] = Item("note", _signed_note(session, couple, "progress", [mrs]))

    bob_case = cases.create_case(session, "individual", "Work with Bob", [bob])
    w.items["bob_progress"] = Item("note", _signed_note(session, bob_case, "progress", [bob]))
    clients.mark_deceased(
        session,
        bob,
        died_on=date(2025, 5, 1),
        representative_name="Carol Bloggs",
        representative_authority="Executor of the estate",
    )
    w.items["ada_accounting"] = Item("accounting", ada)
    w.items["ada_audit"] = Item("audit", ada)
    w.items["ada_letter"] = Item("letter", write_letter(session, ada, "Ada Wren"))
    # A deceased client's notice goes to their representative (1.07 w).
    w.items["bob_letter"] = Item("letter", write_letter(session, bob, "Carol Bloggs"))
    return w


def write_letter(session: VaultSession, client_id: int, addressee: str) -> int:
    return letters.compose(
        session,
        client_id=client_id,
        kind="records_ready",
        template="own-records-ready",
        fields={"requested_on": "1 May 2025", "how_delivered": "by post"},
        addressee_name=addressee,
        addressee_address="1 Quay Street, Harbourtown",
        today=TODAY,
    )


def consent_form(client_id: int, **overrides: Any) -> consents.ConsentForm:
    """A complete consent (every 164.508(c) element); `overrides` change or remove one."""
    values: dict[str, Any] = {
        "client_id": client_id,
        "recipient_name": "Dr Lee",
        "purposes": ("treatment",),
        "signed_on": SIGNED,
        "disclosing_party": "The practice",
        "kinds": ("progress",),
        "expires_on": EXPIRES,
        "states_right_to_revoke": True,
        "states_conditioning": True,
        "states_redisclosure": True,
    }
    values.update(overrides)
    return consents.ConsentForm(**values)


def give_consent(session: VaultSession, client_id: int, **overrides: Any) -> int:
    return consents.record_consent(session, consent_form(client_id, **overrides), today=TODAY)
