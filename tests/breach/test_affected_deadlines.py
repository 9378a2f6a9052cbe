"""The affected set (derived, reviewed with reasons), the clocks and closing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from recordsafe.breach import affected, assessment, closing, deadlines, incidents, register
from recordsafe.breach._common import BreachError
from recordsafe.breach.affected import AuditWindow
from recordsafe.breach.assessment import AssessmentForm
from recordsafe.records import cases, clients, notes
from recordsafe.wording import day_text
from tests.breach.conftest import (
    DESTROYED_ON,
    DISCOVERED,
    TODAY,
    Practice,
    backup_incident,
    destroy_old_client,
    export_incident,
)
from tests.breach.test_incidents_assessment import REPORTABLE


def test_an_export_affects_exactly_the_clients_in_it(practice: Practice) -> None:
    incident_id = export_incident(practice)
    found = affected.derive(practice.session, incident_id)
    assert {c.client_id for c in found} == practice.ids("ada", "ben", "cleo")
    assert {c.source for c in found} == {"export"}
    assert affected.keep_derived(practice.session, incident_id, found) == 3
    kept = affected.affected(practice.session, incident_id)
    assert [a.name for a in kept] == ["Ada Wren", "Ben Ortiz", "Cleo Hart"]


def test_a_lost_vault_affects_every_client(practice: Practice) -> None:
    incident_id = export_incident(practice, exposed_kind="vault", exposed_disclosure_id=None)
    found = affected.derive(practice.session, incident_id)
    assert {c.client_id for c in found} == practice.ids("ada", "ben", "cleo", "dan")
    assert {c.source for c in found} == {"vault"}


def test_a_backup_affects_the_clients_of_its_day(practice: Practice) -> None:
    incident_id = export_incident(practice, exposed_kind="backup", exposed_disclosure_id=None)
    assert len(affected.derive(practice.session, incident_id, backup_made_on=TODAY)) == 4
    before = TODAY - timedelta(days=1)
    assert affected.derive(practice.session, incident_id, backup_made_on=before) == []


def test_a_backups_date_is_read_from_its_file_name(practice: Practice) -> None:
    before = TODAY - timedelta(days=1)
    incident_id = export_incident(
        practice,
        exposed_kind="backup",
        exposed_disclosure_id=None,
        exposed_detail=f"Practice-{before:%Y%m%d}-0930.rsbackup on a USB stick",
    )
    assert affected.backup_date(f"x-{before:%Y%m%d}-0930.rsbackup") == before
    assert affected.backup_date("x-20251399-0930.rsbackup") is None
    assert affected.derive(practice.session, incident_id) == []  # no client existed yet


def test_the_audit_window_finds_views_and_releases(practice: Practice) -> None:
    clients.get_client(practice.session, practice.clients["dan"])  # a view, audited
    incident_id = export_incident(practice, exposed_kind="paper", exposed_disclosure_id=None)
    assert affected.derive(practice.session, incident_id) == []
    window = AuditWindow(TODAY, TODAY, actor="practitioner")
    found = affected.derive(practice.session, incident_id, window=window)
    assert {c.client_id for c in found} == practice.ids("ada", "ben", "cleo", "dan")
    assert {c.source for c in found} == {"audit"}
    other_actor = AuditWindow(TODAY, TODAY, actor="custodian")
    assert affected.derive(practice.session, incident_id, window=other_actor) == []
    earlier = AuditWindow(TODAY - timedelta(days=9), TODAY - timedelta(days=1))
    assert affected.derive(practice.session, incident_id, window=earlier) == []
    with pytest.raises(BreachError, match="before its start"):
        affected.derive(practice.session, incident_id, window=AuditWindow(TODAY, earlier.since))


def test_adding_and_removing_need_a_reason(practice: Practice) -> None:
    incident_id = export_incident(practice)
    affected.keep_derived(
        practice.session, incident_id, affected.derive(practice.session, incident_id)
    )
    dan, ada = practice.clients["dan"], practice.clients["ada"]
    with pytest.raises(BreachError, match="why this client is affected"):
        affected.add_client(practice.session, incident_id, dan, reason=" ")
    affected.add_client(practice.session, incident_id, dan, reason="Named in a cover note")
    with pytest.raises(BreachError, match="why this client is not affected"):
        affected.remove_client(practice.session, incident_id, ada, reason="")
    affected.remove_client(practice.session, incident_id, ada, reason="Her page was blank")
    kept = affected.affected(practice.session, incident_id, with_removed=True)
    rows = {a.name: (a.included, a.source, a.reason) for a in kept}
    assert rows["Dan Moss"] == (True, "added", "Named in a cover note")
    assert rows["Ada Wren"] == (False, "export", "Her page was blank")
    assert affected.count_affected(practice.session, incident_id) == 3
    actions = [
        r[0]
        for r in practice.session.db.execute(
            "SELECT action FROM audit_log WHERE action LIKE 'breach_affected_%' ORDER BY seq"
        )
    ]
    assert actions == [
        "breach_affected_derived",
        "breach_affected_added",
        "breach_affected_removed",
    ]


def test_no_affected_clients_needs_a_recorded_reason(practice: Practice) -> None:
    incident_id = export_incident(practice, exposed_kind="paper", exposed_disclosure_id=None)
    with pytest.raises(BreachError, match="record why no client is affected"):
        affected.check_affected_set(practice.session, incident_id)
    with pytest.raises(BreachError, match="why no client is affected"):
        affected.record_no_affected_reason(practice.session, incident_id, "  ")
    affected.record_no_affected_reason(
        practice.session, incident_id, "The papers were blank intake forms."
    )
    affected.check_affected_set(practice.session, incident_id)
    assessment.sign_assessment(practice.session, incident_id, REPORTABLE)
    assert closing.what_remains(practice.session, incident_id) == []


def test_the_clock_counts_sixty_days_from_discovery(practice: Practice) -> None:
    incident_id = export_incident(practice)
    c = deadlines.clock(practice.session, incident_id)
    assert c.notices_due == DISCOVERED + timedelta(days=60)
    assert not c.assessed
    assert deadlines.countdown(c.notices_due, DISCOVERED) == "60 days left"
    assert deadlines.countdown(DISCOVERED, DISCOVERED) == "due today"
    assert deadlines.countdown(DISCOVERED, DISCOVERED + timedelta(days=2)) == "2 days overdue"
    reminders = deadlines.reminders(practice.session, today=TODAY)
    assert [r.what for r in reminders] == ["assess the incident"]


def test_fewer_than_500_go_to_the_yearly_log(practice: Practice) -> None:
    incident_id = export_incident(practice)
    affected.keep_derived(
        practice.session, incident_id, affected.derive(practice.session, incident_id)
    )
    assessment.sign_assessment(practice.session, incident_id, REPORTABLE)
    c = deadlines.clock(practice.session, incident_id)
    assert c.reportable and c.affected == 3 and c.notices_undelivered == 3
    assert c.hhs_due is None and not c.media_flagged
    assert c.yearly_log_due == date(DISCOVERED.year, 12, 31) + timedelta(days=60)
    whats = [r.what for r in deadlines.reminders(practice.session, today=TODAY)]
    assert whats == ["notify 3 affected clients", "enter it in the yearly log to HHS"]
    assert deadlines.yearly_log_due(date(2026, 5, 1)) == date(2027, 3, 1)
    assert deadlines.yearly_log_due(date(2027, 5, 1)) == date(2028, 2, 29)
    incidents.record_report(practice.session, incident_id, "yearly_log", on=TODAY, today=TODAY)
    whats = [r.what for r in deadlines.reminders(practice.session, today=TODAY)]
    assert whats == ["notify 3 affected clients"]


def test_500_or_more_means_hhs_and_the_media(practice: Practice) -> None:
    with practice.session.bulk():
        many = [clients.create_client(practice.session, f"Client {n}") for n in range(500)]
    incident_id = export_incident(practice, exposed_kind="vault", exposed_disclosure_id=None)
    affected.keep_derived(
        practice.session, incident_id, affected.derive(practice.session, incident_id)
    )
    assessment.sign_assessment(practice.session, incident_id, REPORTABLE)
    c = deadlines.clock(practice.session, incident_id)
    assert c.affected == len(many) + 4
    assert c.hhs_due == c.notices_due and c.media_flagged and c.yearly_log_due is None
    whats = {r.what.split(" (")[0] for r in deadlines.reminders(practice.session, today=TODAY)}
    assert "notify HHS" in whats
    assert "check whether a media notice is needed" in whats


def test_a_safe_harbour_incident_closes_at_once(practice: Practice) -> None:
    incident_id = export_incident(practice, exposed_kind="backup", exposed_disclosure_id=None)
    with pytest.raises(BreachError, match="Assess the incident"):
        closing.close_incident(practice.session, incident_id, on=TODAY, today=TODAY)
    assessment.sign_assessment(
        practice.session, incident_id, AssessmentForm(was_encrypted=True, key_exposed=False)
    )
    closing.close_incident(practice.session, incident_id, on=TODAY, today=TODAY)
    assert incidents.get_incident(practice.session, incident_id).closed_on == TODAY
    assert deadlines.reminders(practice.session, today=TODAY) == []
    # Not reportable: nothing to enter in the yearly log to HHS.
    with pytest.raises(BreachError, match="Only a reportable breach"):
        incidents.record_report(practice.session, incident_id, "yearly_log", on=TODAY, today=TODAY)


def test_a_closed_incident_is_assessed_again_and_reopens_when_reportable(
    practice: Practice,
) -> None:
    """Its own reasoning says "if the key later turns out to have been exposed too,
    assess the incident again": that must be possible after closing."""
    session = practice.session
    incident_id = export_incident(practice, exposed_kind="backup", exposed_disclosure_id=None)
    harbour = AssessmentForm(was_encrypted=True, key_exposed=False)
    assessment.sign_assessment(session, incident_id, harbour)
    closing.close_incident(session, incident_id, on=TODAY, today=TODAY)
    # Assessed again, still not reportable: a new signed entry; it stays closed.
    assessment.sign_assessment(session, incident_id, harbour)
    assert incidents.get_incident(session, incident_id).is_closed
    assert len(assessment.history(session, incident_id)) == 2
    # The custodian code was in the lost bag too: reportable, open again, the clock runs.
    assessment.sign_assessment(session, incident_id, REPORTABLE)
    assert not incidents.get_incident(session, incident_id).is_closed
    assert {r.incident_id for r in deadlines.reminders(session, today=TODAY)} == {incident_id}
    incidents.record_report(session, incident_id, "yearly_log", on=TODAY, today=TODAY)


def test_closing_with_notices_unsent_is_refused_with_what_remains(practice: Practice) -> None:
    incident_id = export_incident(practice)
    affected.keep_derived(
        practice.session, incident_id, affected.derive(practice.session, incident_id)
    )
    assessment.sign_assessment(practice.session, incident_id, REPORTABLE)
    with pytest.raises(BreachError) as refused:
        closing.close_incident(practice.session, incident_id, on=TODAY, today=TODAY)
    assert refused.value.message == (
        "This incident cannot be closed yet: 3 notices are not written yet."
    )
    assert "Ada" not in refused.value.message  # an exception never names a client
    remaining = closing.what_remains(practice.session, incident_id)
    assert [r.text for r in remaining] == [
        "Write the notice to Ada Wren.",
        "Write the notice to Ben Ortiz.",
        "Write the notice to Cleo Hart.",
    ]
    assert incidents.get_incident(practice.session, incident_id).closed_on is None


def test_the_audit_window_finds_a_case_read_as_a_whole(practice: Practice) -> None:
    """Found in review: reading a couple's case notes is audited with the case, not a
    client; its participants were missed."""
    session = practice.session
    eve = clients.create_client(session, "Eve Stone")
    fay = clients.create_client(session, "Fay Stone")
    case_id = cases.create_case(session, "couple", "Couple work", [(eve, "p"), (fay, "p")])
    incident_id = export_incident(practice, exposed_kind="paper", exposed_disclosure_id=None)
    window = AuditWindow(TODAY, TODAY)
    before = {c.client_id for c in affected.derive(session, incident_id, window=window)}
    assert eve not in before and fay not in before
    notes.case_notes(session, case_id)
    after = {c.client_id for c in affected.derive(session, incident_id, window=window)}
    assert {eve, fay} <= after


def test_a_step_keeps_its_capitals() -> None:
    step = deadlines.Reminder(1, TODAY, "enter it in the yearly log to HHS", TODAY).step
    assert step == "Enter it in the yearly log to HHS"


def test_a_lost_backup_affects_the_records_destroyed_since_it_was_made(
    practice: Practice,
) -> None:
    """The vault no longer holds Olive's record; the lost backup, made before she was
    destroyed, still does: she is affected, by name, with no address left."""
    destroy_old_client(practice)
    earlier = backup_incident(practice, DESTROYED_ON - timedelta(days=20))
    later = backup_incident(practice, DESTROYED_ON + timedelta(days=1))
    (olive,) = affected.destroyed_in_backup(practice.session, earlier)
    assert olive.name == "Olive Oak" and olive.destroyed_on == DESTROYED_ON
    assert olive.why == (
        f"Record destroyed on {day_text(DESTROYED_ON)}; the lost backup still holds it"
    )
    assert affected.destroyed_in_backup(practice.session, later) == []  # made after
    assert affected.count_affected(practice.session, earlier) == 1
    with pytest.raises(BreachError, match="records destroyed since it was made"):
        affected.record_no_affected_reason(practice.session, earlier, "Nobody")
    affected.check_affected_set(practice.session, earlier)  # not empty: she is in it
    assessment.sign_assessment(practice.session, earlier, REPORTABLE)
    entry = next(e for e in register.register(practice.session) if e.incident.id == earlier)
    rows = dict(register.describe(entry, TODAY))
    assert rows["Affected clients (1)"] == f"Olive Oak \u2014 {olive.why}"
    assert rows["Notices"].startswith("Olive Oak: needs an address; no record is left")
