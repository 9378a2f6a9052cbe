"""A small practice for the closure tests: Ada (individual work, seen long ago), Ben (seen
recently), the Smiths (a couple); a designated custodian."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from recordsafe.closure import custodian
from recordsafe.records import cases, clients, intake, notes
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault

OLD_DAY = date(2012, 3, 4)
RECENT_DAY = date(2026, 9, 1)
TODAY = date(2026, 11, 26)
CUSTODIAN_FORM = custodian.CustodianForm(
    role="primary",
    name="Dr Rosa Vega",
    profession="Clinical psychologist",
    licence="PSY 12345",
    contact="rosa.vega@example.org, 555-0100",
    instructions="Tell every client within 30 days.\n\nKeep records 7 years.",
)


@dataclass
class Practice:
    session: VaultSession
    clients: dict[str, int] = field(default_factory=dict)
    notes: dict[str, int] = field(default_factory=dict)


def signed_note(session: VaultSession, case_id: int, day: date, subjects: list[int]) -> int:
    note_id = notes.create_note(
        session, case_id, note_date=day, body="Session content.", subjects=subjects
    )
    notes.sign_note(session, note_id)
    return note_id


@pytest.fixture
def practice(session: VaultSession) -> Practice:
    p = Practice(session)
    for key, name, dob, day in (
        ("ada", "Ada Wren", date(1970, 1, 2), OLD_DAY),
        ("ben", "Ben Ode", date(1985, 6, 7), RECENT_DAY),
        ("mr", "Mr Smith", None, OLD_DAY),
        ("mrs", "Mrs Smith", None, OLD_DAY),
    ):
        cid = clients.create_client(session, name, dob=dob)
        intake.record_intake(session, cid, explained_on=day, method="in_person")
        p.clients[key] = cid
    ada_case = cases.create_case(session, "individual", "Individual work", [p.clients["ada"]])
    p.notes["ada"] = signed_note(session, ada_case, OLD_DAY, [p.clients["ada"]])
    p.notes["ada_draft"] = notes.create_note(session, ada_case, note_date=OLD_DAY, body="Draft.")
    ben_case = cases.create_case(session, "individual", "Work with Ben", [p.clients["ben"]])
    p.notes["ben"] = signed_note(session, ben_case, RECENT_DAY, [p.clients["ben"]])
    mr, mrs = p.clients["mr"], p.clients["mrs"]
    couple = cases.create_case(session, "couple", "Couple work", [(mr, "p"), (mrs, "p")])
    cases.record_agreement(
        session, couple, policy="no_secrets", text="Policy.", agreed_on={mr: OLD_DAY, mrs: OLD_DAY}
    )
    p.notes["joint"] = signed_note(session, couple, OLD_DAY, [mr, mrs])
    return p


def as_custodian(session: VaultSession, code: str) -> VaultSession:
    folder = session.folder
    session.lock()
    return open_vault(folder, code, kinds=("custodian",), kdf=TEST_PARAMS)
