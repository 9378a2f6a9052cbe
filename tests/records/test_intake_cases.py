from __future__ import annotations

from datetime import date, timedelta

import pytest

from recordsafe.records import cases, clients, intake
from recordsafe.records.errors import NotFound, RecordError
from recordsafe.vault import VaultSession
from tests.records.conftest import DAY


def test_intake_record_and_needs_intake(session: VaultSession) -> None:
    cid = clients.create_client(session, "Ada Wren")
    assert intake.needs_intake(session, cid)
    with pytest.raises(RecordError, match="how"):
        intake.record_intake(session, cid, explained_on=DAY, method="carrier pigeon")  # type: ignore[arg-type]
    with pytest.raises(RecordError, match="future"):
        intake.record_intake(
            session, cid, explained_on=date.today() + timedelta(days=3), method="phone"
        )
    with pytest.raises(RecordError, match="handout"):
        intake.record_intake(session, cid, explained_on=DAY, method="phone", handout_version=" ")
    with pytest.raises(NotFound):
        intake.record_intake(session, 999, explained_on=DAY, method="phone")
    with pytest.raises(RecordError, match="valid date"):
        intake.record_intake(session, cid, explained_on="2025-01-01", method="phone")  # type: ignore[arg-type]
    assert intake.needs_intake(session, cid)
    intake.record_intake(session, cid, explained_on=DAY, method="written", handout_version="v2")
    assert not intake.needs_intake(session, cid)
    (record,) = intake.intake_records(session, cid)
    assert (record.explained_on, record.method, record.handout_version) == (DAY, "written", "v2")


def test_case_participant_counts(session: VaultSession) -> None:
    a, b, c = (clients.create_client(session, n) for n in ("A Wren", "B Wren", "C Wren"))
    with pytest.raises(RecordError, match="exactly one"):
        cases.create_case(session, "individual", "x", [a, b])
    with pytest.raises(RecordError, match="exactly two"):
        cases.create_case(session, "couple", "x", [a])
    with pytest.raises(RecordError, match="at least two"):
        cases.create_case(session, "group", "x", [a])
    with pytest.raises(RecordError, match="twice"):
        cases.create_case(session, "family", "x", [a, a])
    with pytest.raises(RecordError, match="title"):
        cases.create_case(session, "family", " ", [a, b])
    with pytest.raises(RecordError):
        cases.create_case(session, "tribe", "x", [a, b])  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        cases.create_case(session, "couple", "x", [a, 999])
    case_id = cases.create_case(session, "family", "Family work", [(a, "parent"), (b, "child")])
    case = cases.get_case(session, case_id)
    assert [(p.client_id, p.role) for p in case.participants] == [(a, "parent"), (b, "child")]
    assert [k.id for k in cases.client_cases(session, a)] == [case_id]
    assert cases.client_cases(session, c) == []


def test_agreement_needed_until_every_participant_agreed(session: VaultSession) -> None:
    a, b, c = (clients.create_client(session, n) for n in ("A Wren", "B Wren", "C Wren"))
    solo = cases.create_case(session, "individual", "Solo", [a])
    assert not cases.agreement_needed(cases.get_case(session, solo))
    assert cases.get_case(session, solo).agreement_status == "not_needed"
    with pytest.raises(RecordError):
        cases.record_agreement(session, solo, policy="no_secrets", text="x", agreed_on={a: DAY})

    group = cases.create_case(session, "group", "Group", [a, b])
    assert cases.agreement_needed(cases.get_case(session, group))
    with pytest.raises(RecordError, match="not a participant"):
        cases.record_agreement(session, group, policy="no_secrets", text="t", agreed_on={c: DAY})
    with pytest.raises(RecordError, match="empty"):
        cases.record_agreement(session, group, policy="no_secrets", text=" ", agreed_on={})
    with pytest.raises(RecordError, match="policy"):
        cases.record_agreement(session, group, policy="anything", text="t", agreed_on={})  # type: ignore[arg-type]
    cases.record_agreement(
        session, group, policy="no_secrets", text="No secrets.", agreed_on={a: DAY}
    )
    assert cases.agreement_needed(cases.get_case(session, group))  # b has not agreed
    cases.record_agreement(
        session, group, policy="no_secrets", text="No secrets.", agreed_on={b: DAY}
    )
    case = cases.get_case(session, group)
    assert not cases.agreement_needed(case)
    assert case.agreement_status == "agreed"
    assert case.agreement_text == "No secrets."
    # A new member has not agreed yet: the agreement is needed again.
    cases.add_participant(session, group, c, role="member")
    case = cases.get_case(session, group)
    assert cases.agreement_needed(case)
    assert case.agreement_status == "pending"
    with pytest.raises(RecordError, match="already"):
        cases.add_participant(session, group, c)
    with pytest.raises(RecordError):
        cases.add_participant(session, solo, b)
    cases.close_case(session, group, on=DAY)
    assert cases.get_case(session, group).closed_on == DAY
