from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from recordsafe import demo
from recordsafe.disclosure.letters import is_postal
from recordsafe.records import cases, clients, demo_data, fields, intake, notes, search
from recordsafe.vault import TEST_PARAMS, VaultSession, create_vault, open_vault
from tests.conftest import PASSPHRASE
from tests.records.conftest import audit_actions


@pytest.fixture
def demo_session(session: VaultSession) -> VaultSession:
    demo_data.populate(session, "small", seed=7)
    return session


def test_small_practice_has_everything_the_demo_promises(demo_session: VaultSession) -> None:
    s = demo_session
    db = s.db
    assert clients.count_clients(s) >= 60
    assert db.scalar("SELECT count(*) FROM notes") >= 1000
    kinds = {r[0] for r in db.execute("SELECT DISTINCT kind FROM cases")}
    assert kinds == set(cases.KINDS)
    assert {r[0] for r in db.execute("SELECT DISTINCT kind FROM notes")} == set(notes.KINDS)
    assert db.scalar("SELECT count(*) FROM notes WHERE status = 'signed'") > 900
    assert db.scalar("SELECT count(*) FROM notes WHERE status = 'draft'") > 0
    # Signed addenda linked to signed notes.
    assert (
        db.scalar(
            "SELECT count(*) FROM notes a JOIN notes n ON n.id = a.addendum_of "
            "WHERE n.status = 'signed' AND a.status = 'signed'"
        )
        > 0
    )
    # A deceased client with a representative and their authority.
    deceased = db.execute(
        "SELECT representative_name, representative_authority FROM clients "
        "WHERE status = 'deceased' AND representative_name IS NOT NULL"
    )
    assert deceased and all(authority for _, authority in deceased)
    # Most clients have an intake; a couple do not.
    without = [c.id for c in clients.list_clients(s, limit=1000) if intake.needs_intake(s, c.id)]
    assert len(without) == 2
    # Every joint case with notes has a complete agreement; one group is still pending.
    for (case_id,) in db.execute("SELECT id FROM cases WHERE kind != 'individual'"):
        case = cases.get_case(s, case_id)
        has_notes = db.scalar("SELECT count(*) FROM notes WHERE case_id = ?", (case_id,))
        assert not (has_notes and cases.agreement_needed(case))
    assert db.scalar("SELECT count(*) FROM cases WHERE agreement_status = 'pending'") >= 1
    # Every subject is a participant of the note's case (the trigger held in bulk too).
    assert (
        db.scalar(
            "SELECT count(*) FROM note_subjects s JOIN notes n ON n.id = s.note_id "
            "JOIN case_participants p ON p.id = s.participant_id WHERE p.case_id != n.case_id"
        )
        == 0
    )


def test_the_smiths(demo_session: VaultSession) -> None:
    s = demo_session
    (mr,) = clients.find_possible_duplicates(s, "Mr Smith")
    (mrs,) = clients.find_possible_duplicates(s, "Mrs Smith")
    (couple,) = [c for c in cases.client_cases(s, mr.id) if c.kind == "couple"]
    assert {p.client_id for p in couple.participants} == {mr.id, mrs.id}
    assert not cases.agreement_needed(couple)
    subject_sets = [
        set(notes.open_note(s, n.id).subjects) for n in notes.case_notes(s, couple.id, limit=100)
    ]
    assert {mr.id, mrs.id} in subject_sets  # joint notes
    assert {mr.id} in subject_sets  # his individual session inside the couple work
    mine = {n.id for n in notes.client_notes(s, mr.id, limit=1000)}
    hers = {n.id for n in notes.client_notes(s, mrs.id, limit=1000)}
    assert hers < mine


def test_intake_comes_before_the_first_case_and_note(demo_session: VaultSession) -> None:
    """Limits of confidentiality are explained before any work: for every client with an
    intake, its date is on or before their first case's opening and their first note."""
    rows = demo_session.db.execute(
        "SELECT i.client_id, min(i.explained_on), "
        "  (SELECT min(k.opened_on) FROM case_participants p JOIN cases k ON k.id = p.case_id"
        "   WHERE p.client_id = i.client_id), "
        "  (SELECT min(n.note_date) FROM note_subjects s JOIN notes n ON n.id = s.note_id"
        "   WHERE s.client_id = i.client_id) "
        "FROM intake_records i GROUP BY i.client_id"
    )
    assert len(rows) >= 60
    late = [
        cid
        for cid, explained, opened, first_note in rows
        if (opened is not None and explained > opened)
        or (first_note is not None and explained > first_note)
    ]
    assert late == []
    # Every client with an intake has work to come after it (the check above means something).
    assert all(opened is not None for _, _, opened, _ in rows)


def test_search_index_is_complete_and_one_audit_entry(demo_session: VaultSession) -> None:
    s = demo_session
    s.db.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)")
    s.db.execute("INSERT INTO clients_fts (clients_fts, rank) VALUES ('integrity-check', 1)")
    trigger = s.db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'notes_fts_insert'")
    assert trigger == 1  # put back after the bulk load
    assert search.search(s, "zoe").clients
    assert search.search(s, "anxiety").notes
    assert audit_actions(s).count("demo_populated") == 1
    assert len(audit_actions(s)) < 10
    assert s.verify().ok


def test_same_seed_same_practice(session: VaultSession, tmp_path: Path) -> None:
    other = create_vault(tmp_path / "Other.rsvault", PASSPHRASE, kdf=TEST_PARAMS).session
    try:
        listings = []
        for s in (session, other):
            demo_data.populate(s, "small", seed=3)
            listings.append(
                [(c.name, c.status) for c in clients.list_clients(s, limit=1000, order="created")]
            )
        assert listings[0] == listings[1]
        assert listings[0][:2] == [("Mr Smith", "active"), ("Mrs Smith", "active")]
    finally:
        other.lock()


def test_demo_vault_entry_point_uses_the_small_practice() -> None:
    folder = demo.ensure_demo_vault(kdf=TEST_PARAMS)
    session = open_vault(folder, demo.DEMO_PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert clients.count_clients(session) >= 60
    finally:
        session.lock()


def test_no_note_after_its_client_closed_or_died(demo_session: VaultSession) -> None:
    late = demo_session.db.scalar(
        "SELECT count(*) FROM note_subjects s JOIN notes n ON n.id = s.note_id "
        "JOIN clients c ON c.id = s.client_id "
        "WHERE n.note_date > coalesce(c.died_on, c.closed_on, '9999-12-31')"
    )
    assert late == 0
    # Their cases are closed too, on that day at the latest.
    open_cases = demo_session.db.scalar(
        "SELECT count(*) FROM case_participants p JOIN cases k ON k.id = p.case_id "
        "JOIN clients c ON c.id = p.client_id WHERE c.status != 'active' "
        "AND (k.closed_on IS NULL OR k.closed_on > coalesce(c.died_on, c.closed_on))"
    )
    assert open_cases == 0


def test_joint_notes_speak_of_who_was_in_the_room(demo_session: VaultSession) -> None:
    rows = demo_session.db.execute(
        "SELECT k.kind, n.body FROM notes n JOIN cases k ON k.id = n.case_id "
        "WHERE k.kind != 'individual'"
    )
    words = {
        "couple": ("Group members", "The group", "family"),
        "family": ("Group", "partners"),
        "group": ("partners", "family"),
    }
    for kind, body in rows:
        assert not any(w in body for w in words[kind]), (kind, body)


def test_the_demo_has_a_long_closed_record_due_for_destruction() -> None:
    from recordsafe.closure import retention  # noqa: PLC0415
    from recordsafe.records._common import today  # noqa: PLC0415

    folder = demo.ensure_demo_vault(kdf=TEST_PARAMS)
    session = open_vault(folder, demo.DEMO_PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert retention.get_rule(session) is not None
        due = retention.due(session, today=today())
        assert [r.name for r in due] == [demo_data.LONG_CLOSED_NAME]
    finally:
        session.lock()


def test_note_texts_read_like_notes(demo_session: VaultSession) -> None:
    """No note says the same sentence twice, and a note about several people names who
    (first names, "both partners"…) instead of saying "Client"."""
    rows = demo_session.db.execute(
        "SELECT n.id, n.body, count(s.client_id) FROM notes n "
        "JOIN note_subjects s ON s.note_id = n.id GROUP BY n.id"
    )
    repeated = []
    nameless = []
    for note_id, body, subjects in rows:
        sentences = [s.strip() for s in re.split(r"(?<=[.;])\s+", body) if s.strip()]
        if len(sentences) != len(set(sentences)):
            repeated.append(body)
        if subjects > 1 and re.search(r"\bclient\b", body, re.IGNORECASE):
            nameless.append(note_id)
    assert repeated == []
    assert nameless == []
    (mr,) = clients.find_possible_duplicates(demo_session, "Mr Smith")
    joint = [
        notes.open_note(demo_session, n.id).body
        for n in notes.client_notes(demo_session, mr.id, limit=100)
        if len(notes.open_note(demo_session, n.id).subjects) == 2
    ]
    assert any("Mrs Smith" in body or "oth partners" in body for body in joint)


def test_each_intake_was_given_the_handout_of_its_year(demo_session: VaultSession) -> None:
    rows = demo_session.db.execute("SELECT explained_on, handout_version FROM intake_records")
    assert rows
    for explained_on, version in rows:
        # an edition of that year, or this year's for an intake made this year
        assert version == demo_data.handout_of(date.fromisoformat(str(explained_on)))
        assert str(version).startswith(str(explained_on)[:4]) or (
            version == intake.CURRENT_HANDOUT_VERSION
        )


def test_most_clients_have_a_postal_address_and_some_do_not(demo_session: VaultSession) -> None:
    assert "address" in {f.field for f in fields.enabled_fields(demo_session)}
    ids = [int(r[0]) for r in demo_session.db.execute("SELECT id FROM clients")]
    addresses = [fields.client_field_values(demo_session, cid).get("address") for cid in ids]
    given = [a for a in addresses if a]
    assert len(ids) // 2 < len(given) < len(ids)  # the "needs an address" path is there too
    assert all(is_postal(a) for a in given)
