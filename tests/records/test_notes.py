from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlcipher3

from recordsafe.records import cases, clients, notes
from recordsafe.records.errors import (
    AgreementNeeded,
    NeedsIntake,
    RecordError,
    SignedNoteLocked,
)
from recordsafe.vault import ReadOnlyVault, VaultSession
from tests.records.conftest import DAY, audit_actions, reopen_as_custodian


def test_note_without_intake_is_refused_unless_allowed(session: VaultSession) -> None:
    cid = clients.create_client(session, "Lark Fern")
    case_id = cases.create_case(session, "individual", "Work", [cid])
    with pytest.raises(NeedsIntake):
        notes.create_note(session, case_id, body="First session")
    assert session.db.scalar("SELECT count(*) FROM notes") == 0
    note_id = notes.create_note(session, case_id, body="First session", allow_without_intake=True)
    assert notes.open_note(session, note_id).subjects == (cid,)
    # An intake note itself is how the intake is written up.
    notes.create_note(session, case_id, kind="intake", body="Intake")


def test_joint_note_without_agreement_is_refused(
    session: VaultSession, smiths: tuple[int, int]
) -> None:
    mr, mrs = smiths
    case_id = cases.create_case(session, "couple", "Couple", [mr, mrs])
    with pytest.raises(AgreementNeeded):
        notes.create_note(session, case_id, body="Joint session")
    with pytest.raises(AgreementNeeded):
        notes.create_note(session, case_id, body="Individual session", subjects=[mr])
    cases.record_agreement(
        session, case_id, policy="individual_private", text="Kept private.", agreed_on={mr: DAY}
    )
    with pytest.raises(AgreementNeeded):
        notes.create_note(session, case_id, body="Joint session")
    cases.record_agreement(
        session, case_id, policy="individual_private", text="Kept private.", agreed_on={mrs: DAY}
    )
    assert notes.create_note(session, case_id, body="Joint session") > 0


def test_body_over_one_megabyte_is_refused(session: VaultSession, individual_case: int) -> None:
    with pytest.raises(RecordError, match="1 MB"):
        notes.create_note(session, individual_case, body="x" * (notes.MAX_BODY_BYTES + 1))
    # Multi-byte characters count as bytes.
    with pytest.raises(RecordError, match="1 MB"):
        notes.create_note(session, individual_case, body="é" * (notes.MAX_BODY_BYTES // 2 + 1))
    note_id = notes.create_note(session, individual_case, body="x" * notes.MAX_BODY_BYTES)
    with pytest.raises(RecordError, match="1 MB"):
        notes.save_draft(session, note_id, body="y" * (notes.MAX_BODY_BYTES + 1))


def test_subject_who_is_not_a_participant_is_refused(
    session: VaultSession,
    couple_case: int,
    client_id: int,
    individual_case: int,
    smiths: tuple[int, int],
) -> None:
    with pytest.raises(RecordError, match="participant"):
        notes.create_note(session, couple_case, body="x", subjects=[client_id])
    with pytest.raises(RecordError, match="at least one"):
        notes.create_note(session, couple_case, body="x", subjects=[])
    note_id = notes.create_note(session, couple_case, body="x", subjects=[smiths[0]])
    with pytest.raises(RecordError, match="participant"):
        notes.save_draft(session, note_id, subjects=[smiths[0], client_id])
    # The schema refuses it too: a participant of another case is not one of this case.
    other = session.db.scalar(
        "SELECT id FROM case_participants WHERE case_id = ?", (individual_case,)
    )
    with pytest.raises(sqlcipher3.dbapi2.IntegrityError, match="participant of the case"):
        session.db.execute(
            "INSERT INTO note_subjects (note_id, participant_id, client_id) VALUES (?, ?, ?)",
            (note_id, other, client_id),
        )


def test_future_note_date_refused(session: VaultSession, individual_case: int) -> None:
    with pytest.raises(RecordError, match="future"):
        notes.create_note(session, individual_case, note_date=date.today() + timedelta(days=2))


def test_psychotherapy_notes_are_listed_apart(
    session: VaultSession, individual_case: int, client_id: int
) -> None:
    progress = notes.create_note(session, individual_case, body="Progress", note_date=DAY)
    contact = notes.create_note(session, individual_case, kind="contact", body="Phoned")
    psycho = notes.create_note(session, individual_case, kind="psychotherapy", body="Process")
    listed = notes.client_notes(session, client_id, kind_group="progress")
    assert {n.id for n in listed} == {progress, contact}
    listed_psy = notes.client_notes(session, client_id, kind_group="psychotherapy")
    assert [(n.id, n.kind) for n in listed_psy] == [(psycho, "psychotherapy")]
    assert notes.count_client_notes(session, client_id, kind_group="progress") == 2
    assert notes.count_client_notes(session, client_id, kind_group="psychotherapy") == 1
    stored = session.db.scalar("SELECT kind FROM notes WHERE id = ?", (psycho,))
    assert stored == "psychotherapy"
    assert audit_actions(session)[-1] == "client_notes_viewed"
    with pytest.raises(RecordError):
        notes.client_notes(session, client_id, kind_group="all")  # type: ignore[arg-type]


def test_client_notes_are_paged_newest_first(
    session: VaultSession, individual_case: int, client_id: int
) -> None:
    ids = [
        notes.create_note(session, individual_case, body=f"n{i}", note_date=DAY + timedelta(i))
        for i in range(5)
    ]
    page = notes.client_notes(session, client_id, offset=1, limit=2)
    assert [n.id for n in page] == [ids[3], ids[2]]
    assert page[0].preview == "n3"


def test_drafts_autosave_then_signing_locks_the_note(
    session: VaultSession, individual_case: int
) -> None:
    note_id = notes.create_note(session, individual_case, body="")
    with pytest.raises(RecordError, match="empty"):
        notes.sign_note(session, note_id)
    notes.save_draft(session, note_id, body="Draft one")
    entries = len(audit_actions(session))
    notes.save_draft(session, note_id, body="Draft one")  # autosave with nothing new
    assert len(audit_actions(session)) == entries
    notes.save_draft(session, note_id, body="Draft two", note_date=DAY, kind="collateral")
    note = notes.open_note(session, note_id)
    assert (note.body, note.note_date, note.kind, note.status) == (
        "Draft two",
        DAY,
        "collateral",
        "draft",
    )
    notes.sign_note(session, note_id)
    note = notes.open_note(session, note_id)
    assert note.is_signed
    assert note.signed_at
    with pytest.raises(SignedNoteLocked):
        notes.save_draft(session, note_id, body="changed")
    with pytest.raises(SignedNoteLocked):
        notes.sign_note(session, note_id)
    with pytest.raises(SignedNoteLocked):
        notes.delete_draft(session, note_id)
    assert notes.open_note(session, note_id).body == "Draft two"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE notes SET body = 'tampered' WHERE id = ?",
        "UPDATE notes SET note_date = '2020-01-01' WHERE id = ?",
        "UPDATE notes SET status = 'draft', signed_at = NULL WHERE id = ?",
        "DELETE FROM notes WHERE id = ?",
        "DELETE FROM note_subjects WHERE note_id = ?",
        "UPDATE note_subjects SET client_id = client_id WHERE note_id = ?",
    ],
)
def test_signed_note_refused_by_trigger_on_raw_sql(
    session: VaultSession, couple_case: int, sql: str
) -> None:
    note_id = notes.create_note(session, couple_case, body="Joint session")
    notes.sign_note(session, note_id)
    with pytest.raises(sqlcipher3.dbapi2.IntegrityError, match="signed note"):
        session.db.execute(sql, (note_id,))
    assert notes.open_note(session, note_id).body == "Joint session"
    assert len(notes.open_note(session, note_id).subjects) == 2


def test_adding_a_subject_to_a_signed_note_refused_by_trigger(
    session: VaultSession, individual_case: int, client_id: int
) -> None:
    note_id = notes.create_note(session, individual_case, body="Session")
    notes.sign_note(session, note_id)
    participant = session.db.scalar(
        "SELECT id FROM case_participants WHERE client_id = ?", (client_id,)
    )
    with pytest.raises(sqlcipher3.dbapi2.IntegrityError, match="signed note"):
        session.db.execute(
            "INSERT OR REPLACE INTO note_subjects (note_id, participant_id, client_id) "
            "VALUES (?, ?, ?)",
            (note_id, participant, client_id),
        )


def test_addendum_links_to_signed_note_and_is_signable(
    session: VaultSession, couple_case: int, smiths: tuple[int, int]
) -> None:
    note_id = notes.create_note(session, couple_case, body="Joint session")
    with pytest.raises(RecordError, match="Only a signed note"):
        notes.add_addendum(session, note_id, body="Correction")
    notes.sign_note(session, note_id)
    addendum = notes.add_addendum(session, note_id, body="Correction: date was Tuesday")
    opened = notes.open_note(session, addendum)
    assert opened.addendum_of == note_id
    assert opened.status == "draft"
    assert set(opened.subjects) == set(smiths)
    assert notes.open_note(session, note_id).addenda == (addendum,)
    notes.save_draft(session, addendum, body="Correction: the date was Tuesday")
    notes.sign_note(session, addendum)
    assert notes.open_note(session, addendum).is_signed
    assert "note_addendum_created" in audit_actions(session)


def test_individual_session_in_couple_work_is_only_in_that_clients_record(
    session: VaultSession, couple_case: int, smiths: tuple[int, int]
) -> None:
    mr, mrs = smiths
    joint = notes.create_note(session, couple_case, body="Joint")
    solo = notes.create_note(session, couple_case, body="Mr alone", subjects=[mr])
    assert {n.id for n in notes.client_notes(session, mr)} == {joint, solo}
    assert {n.id for n in notes.client_notes(session, mrs)} == {joint}
    assert notes.open_note(session, solo).subjects == (mr,)
    assert {n.id for n in notes.case_notes(session, couple_case)} == {joint, solo}


def test_a_note_about_the_other_partner_is_filed_under_them(
    session: VaultSession, couple_case: int, smiths: tuple[int, int]
) -> None:
    """Written from Mrs Smith's page (client_id=mrs) about Mr Smith alone: his record."""
    mr, mrs = smiths
    solo = notes.create_note(session, couple_case, body="Mr alone", subjects=[mr], client_id=mrs)
    assert notes.open_note(session, solo).client_id == mr
    # A joint draft narrowed to one partner moves to that partner's record with it.
    joint = notes.create_note(session, couple_case, body="Joint", client_id=mrs)
    notes.save_draft(session, joint, subjects=[mr])
    assert notes.open_note(session, joint).client_id == mr
    assert {n.id for n in notes.client_notes(session, mrs)} == set()


def test_delete_draft(session: VaultSession, individual_case: int) -> None:
    note_id = notes.create_note(session, individual_case, body="oops")
    notes.delete_draft(session, note_id)
    assert session.db.scalar("SELECT count(*) FROM notes") == 0
    assert session.db.scalar("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'oops'") == 0


def test_custodian_cannot_write_notes(session: VaultSession, individual_case: int) -> None:
    note_id = notes.create_note(session, individual_case, body="Draft")
    custodian = reopen_as_custodian(session)
    try:
        assert notes.open_note(custodian, note_id).body == "Draft"
        with pytest.raises(ReadOnlyVault):
            notes.create_note(custodian, individual_case, body="x")
        with pytest.raises(ReadOnlyVault):
            notes.save_draft(custodian, note_id, body="x")
        with pytest.raises(ReadOnlyVault):
            notes.sign_note(custodian, note_id)
    finally:
        custodian.lock()
