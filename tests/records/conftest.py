"""Fixtures for the records tests: a vault with a client who has an intake, a couple."""

from __future__ import annotations

from datetime import date

import pytest

from recordsafe.records import cases, clients, intake
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault

DAY = date(2025, 3, 4)


@pytest.fixture
def client_id(session: VaultSession) -> int:
    """An active client with an intake recorded."""
    cid = clients.create_client(session, "Ada Wren", dob=date(1980, 5, 6))
    intake.record_intake(session, cid, explained_on=DAY, method="in_person")
    return cid


@pytest.fixture
def individual_case(session: VaultSession, client_id: int) -> int:
    return cases.create_case(session, "individual", "Individual work", [client_id])


@pytest.fixture
def smiths(session: VaultSession) -> tuple[int, int]:
    """Mr and Mrs Smith, both with an intake."""
    mr = clients.create_client(session, "Mr Smith")
    mrs = clients.create_client(session, "Mrs Smith")
    for cid in (mr, mrs):
        intake.record_intake(session, cid, explained_on=DAY, method="video")
    return mr, mrs


@pytest.fixture
def couple_case(session: VaultSession, smiths: tuple[int, int]) -> int:
    """The Smiths' couple case with a complete confidentiality agreement."""
    mr, mrs = smiths
    case_id = cases.create_case(
        session, "couple", "Couple work", [(mr, "partner"), (mrs, "partner")]
    )
    cases.record_agreement(
        session,
        case_id,
        policy="limited_secrets",
        text="What is said in an individual session may be shared if needed.",
        agreed_on={mr: DAY, mrs: DAY},
    )
    return case_id


def reopen_as_custodian(session: VaultSession) -> VaultSession:
    """Lock `session` and open the same vault with a new custodian code (caller locks it)."""
    _, code = session.add_code_slot("custodian", "Custodian")
    folder = session.folder
    session.lock()
    return open_vault(folder, code, kinds=("custodian",), kdf=TEST_PARAMS)


def audit_actions(session: VaultSession) -> list[str]:
    return [str(r[0]) for r in session.db.execute("SELECT action FROM audit_log ORDER BY seq")]
