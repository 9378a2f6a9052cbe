"""The scripted day: client -> intake -> couple case -> notes -> sign -> addendum -> search
-> lock/unlock, with the audit log checked for what it holds (ids) and never holds."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from recordsafe.records import cases, clients, intake, notes, search
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault
from tests.conftest import PASSPHRASE

DAY = date(2025, 4, 1)


def test_scripted_flow_survives_lock_and_unlock(session: VaultSession, vault_path: Path) -> None:
    mr = clients.create_client(session, "Mr Smith", contact="mr@example.invalid")
    mrs = clients.create_client(session, "Mrs Smith")
    for cid in (mr, mrs):
        intake.record_intake(session, cid, explained_on=DAY, method="in_person")
    case_id = cases.create_case(session, "couple", "Smith couple work", [mr, mrs])
    assert cases.agreement_needed(cases.get_case(session, case_id))
    cases.record_agreement(
        session,
        case_id,
        policy="individual_private",
        text="Individual sessions stay private.",
        agreed_on={mr: DAY, mrs: DAY},
    )
    joint = notes.create_note(
        session, case_id, note_date=DAY, body="Joint session about the allotment quarrel."
    )
    solo = notes.create_note(
        session,
        case_id,
        note_date=DAY,
        body="Mr Smith alone: the greenhouse secret.",
        subjects=[mr],
    )
    notes.sign_note(session, joint)
    notes.sign_note(session, solo)
    addendum = notes.add_addendum(session, joint, body="Addendum: the quarrel began in May.")
    notes.sign_note(session, addendum)

    hits = search.search(session, "greenhouse").notes
    assert [h.note_id for h in hits] == [solo]
    assert f"{search.MARK_START}greenhouse{search.MARK_END}" in hits[0].snippet
    assert hits[0].client_name == "Mr Smith"

    session.lock()
    reopened = open_vault(vault_path, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert reopened.integrity_findings == []
        assert reopened.verify().ok
        assert clients.get_client(reopened, mr).contact == "mr@example.invalid"
        assert not cases.agreement_needed(cases.get_case(reopened, case_id))
        assert {n.id for n in notes.client_notes(reopened, mr)} == {joint, solo, addendum}
        assert {n.id for n in notes.client_notes(reopened, mrs)} == {joint, addendum}
        opened = notes.open_note(reopened, joint)
        assert opened.is_signed
        assert opened.addenda == (addendum,)
        assert notes.open_note(reopened, addendum).addendum_of == joint
        assert [h.note_id for h in search.search(reopened, "QUARREL").notes] != []
        assert search.search(reopened, "greenhouse").notes[0].note_id == solo

        rows = reopened.db.execute("SELECT action, client_id, detail FROM audit_log ORDER BY seq")
        actions = [r[0] for r in rows]
        for expected in (
            "client_created",
            "intake_recorded",
            "case_opened",
            "case_agreement_recorded",
            "note_created",
            "note_signed",
            "note_addendum_created",
            "search",
            "client_viewed",
            "client_notes_viewed",
            "note_viewed",
        ):
            assert expected in actions, expected
        viewed = [(r[1], json.loads(r[2])) for r in rows if r[0] == "note_viewed"]
        assert (mr, {"note": joint}) in viewed
        dump = json.dumps([list(r) for r in rows], ensure_ascii=False)
        for secret in ("Smith", "greenhouse", "quarrel", "allotment", "example.invalid"):
            assert secret not in dump
    finally:
        reopened.lock()
