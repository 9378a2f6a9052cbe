"""A small practice for the breach tests: four clients, a release of three of them made
through the real gate (an emergency release needs no consent), and today's date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from recordsafe.breach import incidents
from recordsafe.closure import destruction, retention
from recordsafe.disclosure import gate
from recordsafe.records import clients, intake
from recordsafe.vault import VaultSession

TODAY = date.today()
OCCURRED = date(TODAY.year, 1, 1) if TODAY.month > 2 else date(TODAY.year - 1, 11, 1)
DISCOVERED = TODAY


@dataclass
class Practice:
    session: VaultSession
    clients: dict[str, int] = field(default_factory=dict)
    release_id: int = 0

    def ids(self, *keys: str) -> set[int]:
        return {self.clients[k] for k in keys}


def release_summaries(session: VaultSession, client_ids: list[int], recipient: str) -> int:
    """A release of the clients' summaries through the gate; returns the disclosure id."""
    request = gate.Request(
        items=tuple(gate.Item("summary", cid) for cid in client_ids),
        recipient=gate.Recipient(recipient),
        purpose="emergency",
        requested_by="third_party",
        emergency_attested=True,
        emergency_justification="Imminent risk reported by the client's partner.",
    )
    decision = gate.evaluate(session, request, today=TODAY)
    assert decision.all_allowed
    return gate.disclose(
        session, request, decision, client_informed=False, not_informed_reason="Emergency."
    )


def make_practice(session: VaultSession) -> Practice:
    p = Practice(session)
    for key, name, contact in (
        ("ada", "Ada Wren", "12 Elm Street, Springfield"),
        ("ben", "Ben Ortiz", "4 Pine Road, Shelbyville"),
        ("cleo", "Cleo Hart", "555-0167"),  # a phone number is not an address
        ("dan", "Dan Moss", "9 Oak Lane, Ogdenville"),
    ):
        p.clients[key] = clients.create_client(session, name, contact=contact)
    p.release_id = release_summaries(
        session, [p.clients["ada"], p.clients["ben"], p.clients["cleo"]], "Dr Wrong"
    )
    return p


@pytest.fixture
def practice(session: VaultSession) -> Practice:
    return make_practice(session)


def export_incident(p: Practice, **overrides: object) -> int:
    values: dict[str, object] = {
        "what_happened": "The release was emailed to the wrong Dr Lee.",
        "occurred_on": OCCURRED,
        "discovered_on": DISCOVERED,
        "found_by": "The practitioner",
        "exposed_kind": "export",
        "exposed_disclosure_id": p.release_id,
        "received_by": "Dr Wrong",
    }
    values.update(overrides)
    return incidents.report_incident(
        p.session,
        incidents.IncidentForm(**values),  # type: ignore[arg-type]
        today=TODAY,
    )


OLD_CONTACT = date(2012, 3, 4)
DESTROYED_ON = OCCURRED - timedelta(days=10)


def destroy_old_client(p: Practice) -> None:
    """Olive Oak, last seen in 2012, destroyed under a 7-year rule ten days before the
    incident (closure's real destruction: her name and the day stay in its log)."""
    olive = clients.create_client(p.session, "Olive Oak", contact="7 Mill Lane, Springfield")
    intake.record_intake(p.session, olive, explained_on=OLD_CONTACT, method="in_person")
    retention.set_rule(p.session, retention.RetentionRule(years=7), today=DESTROYED_ON)
    destruction.destroy(p.session, olive, typed_name="Olive Oak", today=DESTROYED_ON)


def backup_incident(p: Practice, made: date) -> int:
    """A lost backup made on `made` (its file name says so)."""
    return export_incident(
        p,
        exposed_kind="backup",
        exposed_disclosure_id=None,
        exposed_detail=f"Practice-{made:%Y%m%d}-0900.rsbackup on a USB stick",
    )
