"""Retention rule and schedule; legal holds; destruction with its log and certificate."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pikepdf
import pytest
import sqlcipher3

from recordsafe.closure import custodian, destruction, retention
from recordsafe.closure.errors import ClosureError
from recordsafe.disclosure import consents, letters, requests
from recordsafe.outputs import encryption
from recordsafe.outputs.staged import write_release
from recordsafe.records import clients, documents, intake
from recordsafe.vault import VaultSession
from tests.closure.conftest import CUSTODIAN_FORM, OLD_DAY, TODAY, Practice, as_custodian

RULE = retention.RetentionRule(years=7, minor_years=3, majority_age=18)


def test_no_rule_means_nothing_is_due(practice: Practice) -> None:
    assert retention.get_rule(practice.session) is None
    assert retention.due(practice.session, today=TODAY) == []
    assert any(
        "retention rule" in b
        for b in destruction.blockers(practice.session, practice.clients["ada"], today=TODAY)
    )


def test_schedule_after_last_contact_and_for_minors(practice: Practice) -> None:
    s = practice.session
    retention.set_rule(s, RULE, today=TODAY)
    by_id = {r.client_id: r for r in retention.schedule(s, today=TODAY)}
    ada = by_id[practice.clients["ada"]]
    assert ada.last_contact == OLD_DAY and ada.destroy_after == date(2019, 3, 4)
    ben = by_id[practice.clients["ben"]]
    assert ben.destroy_after == date(2033, 9, 1) and not ben.is_due(TODAY)
    due_ids = [r.client_id for r in retention.due(s, today=TODAY)]
    assert practice.clients["ada"] in due_ids and practice.clients["ben"] not in due_ids


def test_minor_kept_until_majority_plus_years(session: VaultSession) -> None:
    from recordsafe.records import clients, intake  # noqa: PLC0415

    child = clients.create_client(session, "Kit Young", dob=date(2008, 5, 1))
    intake.record_intake(session, child, explained_on=date(2010, 6, 1), method="in_person")
    retention.set_rule(session, RULE, today=TODAY)
    entry = retention.for_client(session, child)
    assert entry is not None and entry.minor_rule
    # 18 + 3 years after birth beats 7 years after the last contact (2017).
    assert entry.destroy_after == date(2029, 5, 1)


def test_rule_that_makes_a_recent_client_due_is_refused(practice: Practice) -> None:
    # Ben was seen in September: a rule of 0 years would make his record due today.
    with pytest.raises(ClosureError, match="records of 1 client seen within the past year"):
        retention.set_rule(practice.session, retention.RetentionRule(years=0), today=TODAY)
    with pytest.raises(ClosureError, match="between 1 and 100"):
        retention.set_rule(practice.session, retention.RetentionRule(years=-1), today=TODAY)
    assert retention.get_rule(practice.session) is None


def test_a_zero_year_rule_is_refused_on_an_empty_vault(session: VaultSession) -> None:
    with pytest.raises(ClosureError, match="as soon as they are written"):
        retention.set_rule(session, retention.RetentionRule(years=0), today=TODAY)


def test_destroy_a_due_record(practice: Practice, tmp_path: Path) -> None:
    s = practice.session
    ada = practice.clients["ada"]
    documents.add_document_bytes(s, ada, "form.pdf", b"%PDF-1.4 form")
    retention.set_rule(s, RULE, today=TODAY)
    with pytest.raises(ClosureError, match="full name"):
        destruction.destroy(s, ada, typed_name="Ada", today=TODAY)
    entry = destruction.destroy(s, ada, typed_name="  ada wren ", today=TODAY)
    assert (entry.client_name, entry.notes, entry.documents, entry.cases) == ("Ada Wren", 2, 1, 1)
    assert entry.destroyed_by == "practitioner" and "7 years" in entry.rule
    assert s.db.scalar("SELECT count(*) FROM notes WHERE id = ?", (practice.notes["ada"],)) == 0
    assert s.db.scalar("SELECT count(*) FROM documents WHERE client_id = ?", (ada,)) == 0
    assert s.db.scalar("SELECT count(*) FROM clients WHERE id = ?", (ada,)) == 0
    assert s.db.scalar("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'content'") == 2
    assert destruction.destruction_log(s) == [entry]
    actions = [
        r[0] for r in s.db.execute("SELECT action FROM audit_log WHERE client_id = ?", (ada,))
    ]
    assert actions[-1] == "record_destroyed"
    assert s.verify().ok
    # Not destroyed twice; and its schedule is gone.
    assert ada not in [r.client_id for r in retention.due(s, today=TODAY)]
    # A certificate: encrypted through the disclosure outputs writers.
    pdf = destruction.render_certificate(entry, practice_name="Practice")
    password = encryption.generate_password()
    target = tmp_path / "certificate.pdf"
    write_release(target, encryption.encrypt_pdf(pdf, password))
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    with pikepdf.open(target, password=password) as opened:
        assert len(opened.pages) == 1


def test_the_log_is_never_changed(practice: Practice) -> None:
    s = practice.session
    retention.set_rule(s, RULE, today=TODAY)
    destruction.destroy(s, practice.clients["ada"], typed_name="Ada Wren", today=TODAY)
    with pytest.raises(sqlcipher3.dbapi2.IntegrityError, match="never changed"):
        s.db.execute("DELETE FROM destruction_log")


def test_signed_notes_stay_undeletable_outside_a_destruction(practice: Practice) -> None:
    with pytest.raises(sqlcipher3.dbapi2.IntegrityError, match="cannot be deleted"):
        practice.session.db.execute("DELETE FROM notes WHERE id = ?", (practice.notes["ada"],))


def test_legal_hold_refuses_destruction(practice: Practice) -> None:
    s = practice.session
    ada = practice.clients["ada"]
    retention.set_rule(s, RULE, today=TODAY)
    with pytest.raises(ClosureError, match="why"):
        destruction.place_hold(s, ada, reason=" ", on=TODAY)
    hold = destruction.place_hold(s, ada, reason="Subpoena in a custody matter", on=TODAY)
    with pytest.raises(ClosureError, match="legal hold") as refused:
        destruction.destroy(s, ada, typed_name="Ada Wren", today=TODAY)
    assert "Subpoena" not in refused.value.message
    destruction.release_hold(s, hold, on=TODAY)
    destruction.destroy(s, ada, typed_name="Ada Wren", today=TODAY)


def test_open_request_refuses_destruction_and_keeps_a_tombstone(practice: Practice) -> None:
    s = practice.session
    ada = practice.clients["ada"]
    retention.set_rule(s, RULE, today=TODAY)
    request = requests.receive(s, ada, "own_records", received_on=TODAY, today=TODAY)
    with pytest.raises(ClosureError, match="open request for their records"):
        destruction.destroy(s, ada, typed_name="Ada Wren", today=TODAY)
    requests.fulfil(s, request, on=TODAY, no_release_reason="Withdrawn by the client.")
    destruction.destroy(s, ada, typed_name="Ada Wren", today=TODAY)
    # The answered request is kept (it names the client), so the row stays, anonymised.
    row = s.db.execute("SELECT name, dob, contact FROM clients WHERE id = ?", (ada,))
    assert row == [(destruction.TOMBSTONE_NAME, None, None)]


def test_not_due_and_shared_cases_are_refused(practice: Practice) -> None:
    s = practice.session
    retention.set_rule(s, RULE, today=TODAY)
    with pytest.raises(ClosureError, match="Not due yet"):
        destruction.destroy(s, practice.clients["ben"], typed_name="Ben Ode", today=TODAY)
    with pytest.raises(ClosureError, match="shares 1 case"):
        destruction.destroy(s, practice.clients["mr"], typed_name="Mr Smith", today=TODAY)


def test_custodian_destroys_and_is_named_in_the_log(practice: Practice) -> None:
    s = practice.session
    retention.set_rule(s, RULE, today=TODAY)
    made = custodian.designate(s, CUSTODIAN_FORM)
    cust = as_custodian(s, made.code)
    try:
        entry = destruction.destroy(
            cust, practice.clients["ada"], typed_name="Ada Wren", today=TODAY
        )
        assert entry.destroyed_by == "custodian"
        assert entry.destroyed_by_name == "Records custodian Dr Rosa Vega"
        actor = cust.db.scalar(
            "SELECT actor FROM audit_log WHERE action = 'record_destroyed' ORDER BY seq DESC"
        )
        assert actor == "custodian"
    finally:
        cust.lock()


def test_destroyed_words_leave_the_search_index(practice: Practice) -> None:
    from recordsafe.records import cases, notes  # noqa: PLC0415

    s = practice.session
    ada = practice.clients["ada"]
    case_id = cases.client_cases(s, ada)[0].id
    note = notes.create_note(
        s, case_id, note_date=OLD_DAY, body="Zanzibarquux dreams.", subjects=[ada]
    )
    notes.sign_note(s, note)
    # Many small writes leave several index segments behind, as real use does.
    for n in range(3):
        notes.create_note(s, case_id, note_date=OLD_DAY, body=f"Filler {n}.", subjects=[ada])

    def raw_hits() -> int:
        return int(
            s.db.scalar(
                "SELECT count(*) FROM notes_fts_data "
                "WHERE instr(block, CAST('zanzibarquux' AS BLOB)) > 0"
            )
        )

    assert raw_hits() > 0
    retention.set_rule(s, RULE, today=TODAY)
    destruction.destroy(s, ada, typed_name="Ada Wren", today=TODAY)
    assert raw_hits() == 0
    assert (
        s.db.scalar(
            "SELECT count(*) FROM clients_fts_data WHERE instr(block, CAST('wren' AS BLOB)) > 0"
        )
        == 0
    )


def test_a_couple_is_destroyed_together(practice: Practice) -> None:
    s = practice.session
    mr, mrs = practice.clients["mr"], practice.clients["mrs"]
    retention.set_rule(s, RULE, today=TODAY)
    assert destruction.partners(s, mr) == [(mrs, "Mrs Smith")]
    assert destruction.blockers(s, mr, today=TODAY, together=[mr, mrs]) == []
    entry = destruction.destroy(s, mr, typed_name="Mr Smith", today=TODAY, together=[mrs])
    assert entry.client_name == "Mr Smith" and entry.cases == 1 and entry.notes == 1
    names = [e.client_name for e in destruction.destruction_log(s)]
    assert sorted(names) == ["Mr Smith", "Mrs Smith"]
    assert s.db.scalar("SELECT count(*) FROM notes WHERE id = ?", (practice.notes["joint"],)) == 0
    assert s.db.scalar("SELECT count(*) FROM clients WHERE id IN (?, ?)", (mr, mrs)) == 0


def test_a_partner_with_a_hold_stops_the_pair(practice: Practice) -> None:
    s = practice.session
    mr, mrs = practice.clients["mr"], practice.clients["mrs"]
    retention.set_rule(s, RULE, today=TODAY)
    destruction.place_hold(s, mrs, reason="Custody dispute", on=TODAY)
    with pytest.raises(ClosureError, match="A record to destroy with it cannot be destroyed"):
        destruction.destroy(s, mr, typed_name="Mr Smith", today=TODAY, together=[mrs])
    assert s.db.scalar("SELECT count(*) FROM destruction_log") == 0


def test_destroyable_with(practice: Practice) -> None:
    s = practice.session
    retention.set_rule(s, RULE, today=TODAY)
    assert destruction.destroyable_with(s, practice.clients["ada"], today=TODAY) == []
    assert destruction.destroyable_with(s, practice.clients["mr"], today=TODAY) == [
        practice.clients["mrs"]
    ]
    assert destruction.destroyable_with(s, practice.clients["ben"], today=TODAY) is None


def test_a_breach_notice_outlives_the_record_it_was_about(practice: Practice) -> None:
    """The breach register is kept six years (164.530(j)), whatever retention destroys:
    destroying a client keeps the letter a breach notice points to."""
    s = practice.session
    ada = practice.clients["ada"]
    letter_id = letters.compose(
        s,
        client_id=ada,
        kind="breach_notice",
        template="own-records-ready",
        fields={"requested_on": "1 May", "how_delivered": "by post"},
        addressee_name="Ada Wren",
        addressee_address="1 Quay Street",
        today=TODAY,
    )
    with s.transaction():
        incident = s.db.execute_returning_id(
            "INSERT INTO breach_incidents (what_happened, occurred_on, discovered_on, found_by, "
            "exposed_kind, created_at) VALUES ('Lost', '2026-01-01', '2026-01-02', 'Me', "
            "'paper', '2026-01-02T00:00:00Z')"
        )
        s.db.execute(
            "INSERT INTO breach_notices (incident_id, client_id, letter_id, addressee_name, "
            "created_at) VALUES (?, ?, ?, 'Ada Wren', '2026-01-02T00:00:00Z')",
            (incident, ada, letter_id),
        )
    retention.set_rule(s, RULE, today=TODAY)
    destruction.destroy(s, ada, typed_name="Ada Wren", today=TODAY)
    assert s.db.scalar("SELECT count(*) FROM notes WHERE id = ?", (practice.notes["ada"],)) == 0
    assert s.db.scalar("SELECT count(*) FROM letters WHERE id = ?", (letter_id,)) == 1
    assert s.db.scalar("SELECT name FROM clients WHERE id = ?", (ada,)) != "Ada Wren"


def test_an_unexpected_reference_stops_the_destruction_whole(practice: Practice) -> None:
    """A safety net for a table added later that points at what destruction deletes."""
    s = practice.session
    ada, note = practice.clients["ada"], practice.notes["ada"]
    with s.transaction():
        s.db.execute("CREATE TABLE later_feature (note_id INTEGER REFERENCES notes (id))")
        s.db.execute("INSERT INTO later_feature VALUES (?)", (note,))
    retention.set_rule(s, RULE, today=TODAY)
    with pytest.raises(ClosureError, match="Nothing was changed"):
        destruction.destroy(s, ada, typed_name="Ada Wren", today=TODAY)
    assert s.db.scalar("SELECT count(*) FROM notes WHERE id = ?", (note,)) == 1
    assert s.db.scalar("SELECT name FROM clients WHERE id = ?", (ada,)) == "Ada Wren"
    assert destruction.destruction_log(s) == []


def test_a_destroyed_record_number_is_never_given_to_someone_new(practice: Practice) -> None:
    """Found in review: a new client took the destroyed one's id, and with it their audit
    history, their 'already destroyed' state and any affected-client derivation."""
    s = practice.session
    retention.set_rule(s, RULE, today=TODAY)
    newest = clients.create_client(s, "Zed Last")
    intake.record_intake(s, newest, explained_on=OLD_DAY, method="in_person")
    destruction.destroy(s, newest, typed_name="Zed Last", today=TODAY)
    assert s.db.scalar("SELECT count(*) FROM clients WHERE id = ?", (newest,)) == 0
    after = clients.create_client(s, "Bob New")
    assert after > newest
    assert destruction.blockers(s, after, today=TODAY) != ["This record was already destroyed."]


def test_a_signed_authorization_form_outlives_the_destroyed_record(practice: Practice) -> None:
    """Found in review: destruction deleted the scanned consent form a kept consent (and
    the disclosures resting on it) still needs (164.530(j): kept six years)."""
    s = practice.session
    ada = practice.clients["ada"]
    form_doc = documents.add_document_bytes(s, ada, "authorization.pdf", b"%PDF-1.4 signed")
    documents.add_document_bytes(s, ada, "letter.pdf", b"%PDF-1.4 other")
    consent_id = consents.record_consent(
        s,
        consents.ConsentForm(
            client_id=ada,
            recipient_name="Dr Lee",
            purposes=("treatment",),
            signed_on=OLD_DAY,
            disclosing_party="The practice",
            kinds=("progress",),
            expires_on=date(2013, 3, 4),
            states_right_to_revoke=True,
            states_conditioning=True,
            states_redisclosure=True,
            form_document_id=form_doc,
        ),
        today=OLD_DAY,
    )
    retention.set_rule(s, RULE, today=TODAY)
    entry = destruction.destroy(s, ada, typed_name="Ada Wren", today=TODAY)
    assert entry.documents == 1  # the other document
    assert consents.get_consent(s, consent_id).form_document_id == form_doc
    assert s.db.scalar("SELECT count(*) FROM documents WHERE id = ?", (form_doc,)) == 1
