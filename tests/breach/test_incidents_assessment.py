"""Reporting and assessing an incident: dates, exposure, the safe harbour, signatures."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import sqlcipher3

from recordsafe.breach import assessment, incidents
from recordsafe.breach._common import BreachError
from recordsafe.breach.assessment import AssessmentForm
from tests.breach.conftest import DISCOVERED, OCCURRED, TODAY, Practice, export_incident

REPORTABLE = AssessmentForm(
    was_encrypted=True,
    key_exposed=True,
    identifiers="Names and dates of birth",
    sensitivity="Session summaries",
    unauthorized_person="Another clinician, not bound to keep it confidential for us",
    acquired="yes",
    mitigation="Asked the recipient to delete it; no confirmation yet",
)


def test_an_incident_is_recorded_and_audited(practice: Practice) -> None:
    incident_id = export_incident(practice)
    got = incidents.get_incident(practice.session, incident_id)
    assert got.exposed_kind == "export"
    assert got.exposed_disclosure_id == practice.release_id
    assert got.occurred_on == OCCURRED and got.discovered_on == DISCOVERED
    assert not got.is_closed
    actions = [r[0] for r in practice.session.db.execute("SELECT action FROM audit_log")]
    assert "breach_reported" in actions


def test_discovery_before_the_incident_is_refused(practice: Practice) -> None:
    with pytest.raises(BreachError, match="discovered is before"):
        export_incident(practice, discovered_on=OCCURRED - timedelta(days=1))
    assert not incidents.list_incidents(practice.session)


def test_discovery_in_the_future_is_refused(practice: Practice) -> None:
    with pytest.raises(BreachError, match="discovered is in the future"):
        export_incident(practice, discovered_on=TODAY + timedelta(days=1))


def test_an_incident_in_the_future_is_refused(practice: Practice) -> None:
    with pytest.raises(BreachError, match="happened is in the future"):
        export_incident(
            practice,
            occurred_on=TODAY + timedelta(days=2),
            discovered_on=TODAY + timedelta(days=3),
        )


def test_a_string_date_is_refused(practice: Practice) -> None:
    with pytest.raises(BreachError, match="not a valid date"):
        export_incident(practice, occurred_on="2025-01-01")


def test_an_export_needs_a_recorded_release(practice: Practice) -> None:
    with pytest.raises(BreachError, match="Choose the release"):
        export_incident(practice, exposed_disclosure_id=None)
    with pytest.raises(BreachError, match="not in the vault"):
        export_incident(practice, exposed_disclosure_id=9999)


def test_what_happened_is_required(practice: Practice) -> None:
    with pytest.raises(BreachError, match="what happened"):
        export_incident(practice, what_happened="   ")


def test_releases_are_offered_with_their_client_counts(practice: Practice) -> None:
    choices = incidents.exposable_disclosures(practice.session)
    assert [(c.id, c.clients, c.recipient) for c in choices] == [
        (practice.release_id, 3, "Dr Wrong")
    ]


def test_a_wrong_recipient_with_the_password_is_reportable(practice: Practice) -> None:
    incident_id = export_incident(practice)
    incident = incidents.get_incident(practice.session, incident_id)
    outcome = assessment.evaluate(incident, REPORTABLE)
    assert outcome.reportable and outcome.reason_code == "presumed"
    assert "safe harbour does not apply" in outcome.reasoning
    assessment_id = assessment.sign_assessment(practice.session, incident_id, REPORTABLE)
    kept = assessment.latest(practice.session, incident_id)
    assert kept is not None and kept.id == assessment_id
    assert kept.outcome == outcome
    assert kept.signed_by == "practitioner" and kept.signed_on == TODAY
    assert kept.form == REPORTABLE


def test_a_lost_encrypted_backup_is_under_the_safe_harbour(practice: Practice) -> None:
    incident_id = export_incident(
        practice,
        exposed_kind="backup",
        exposed_disclosure_id=None,
        exposed_detail="Practice-20250101-0900.rsbackup on a USB stick",
        what_happened="The backup drive was lost on the train.",
    )
    form = AssessmentForm(was_encrypted=True, key_exposed=False)
    assessment.sign_assessment(practice.session, incident_id, form)
    kept = assessment.latest(practice.session, incident_id)
    assert kept is not None
    assert kept.outcome.result == "not_reportable"
    assert kept.outcome.reason_code == "safe_harbour"
    assert "an encrypted backup was exposed" in kept.outcome.reasoning
    assert "74 FR 42740" in kept.outcome.reasoning


def test_paper_is_never_under_the_safe_harbour(practice: Practice) -> None:
    incident_id = export_incident(practice, exposed_kind="paper", exposed_disclosure_id=None)
    incident = incidents.get_incident(practice.session, incident_id)
    with pytest.raises(BreachError, match="which identifiers"):
        assessment.evaluate(incident, AssessmentForm(was_encrypted=True, key_exposed=False))


def test_nothing_is_presumed_about_encryption(practice: Practice) -> None:
    """Unanswered is not 'encrypted': no result until each question that applies is
    answered; paper never asks it."""
    backup = incidents.get_incident(
        practice.session,
        export_incident(practice, exposed_kind="backup", exposed_disclosure_id=None),
    )
    with pytest.raises(BreachError, match="was encrypted"):
        assessment.evaluate(backup, AssessmentForm(was_encrypted=None, key_exposed=None))
    with pytest.raises(BreachError, match="secret that opens it"):
        assessment.evaluate(backup, AssessmentForm(was_encrypted=True, key_exposed=None))
    factors = AssessmentForm(**{**REPORTABLE.__dict__, "was_encrypted": None, "acquired": None})
    paper = incidents.get_incident(
        practice.session,
        export_incident(practice, exposed_kind="paper", exposed_disclosure_id=None),
    )
    with pytest.raises(BreachError, match="viewed or taken"):
        assessment.evaluate(paper, factors)
    outcome = assessment.evaluate(paper, replace(factors, acquired="unknown"))
    assert outcome.reason_code == "presumed"
    assert "safe harbour" not in outcome.reasoning


def test_the_key_exposed_too_means_no_safe_harbour(practice: Practice) -> None:
    incident_id = export_incident(practice, exposed_kind="vault", exposed_disclosure_id=None)
    incident = incidents.get_incident(practice.session, incident_id)
    outcome = assessment.evaluate(incident, REPORTABLE)
    assert outcome.reportable


def test_an_exception_needs_its_reason_and_is_not_reportable(practice: Practice) -> None:
    incident = incidents.get_incident(practice.session, export_incident(practice))
    form = AssessmentForm(**{**REPORTABLE.__dict__, "exception": "not_retained"})
    with pytest.raises(BreachError, match="why the exception applies"):
        assessment.evaluate(incident, form)
    form = AssessmentForm(
        **{**form.__dict__, "exception_detail": "The fax failed before printing."}
    )
    outcome = assessment.evaluate(incident, form)
    assert outcome.result == "not_reportable" and outcome.reason_code == "exception"


def test_low_probability_is_refused_when_it_was_viewed(practice: Practice) -> None:
    incident = incidents.get_incident(practice.session, export_incident(practice))
    viewed = AssessmentForm(**{**REPORTABLE.__dict__, "low_probability": True})
    with pytest.raises(BreachError, match="low probability"):
        assessment.evaluate(incident, viewed)
    unseen = AssessmentForm(**{**viewed.__dict__, "acquired": "no"})
    assert assessment.evaluate(incident, unseen).reason_code == "low_probability"


def test_a_signed_assessment_is_never_changed(practice: Practice) -> None:
    incident_id = export_incident(practice)
    assessment.sign_assessment(practice.session, incident_id, REPORTABLE)
    with pytest.raises(sqlcipher3.dbapi2.IntegrityError, match="never"):
        practice.session.db.execute("UPDATE breach_assessments SET result = 'not_reportable'")
    with pytest.raises(sqlcipher3.dbapi2.IntegrityError, match="never"):
        practice.session.db.execute("DELETE FROM breach_assessments")
    # A re-assessment is a new entry; the latest one counts, the first one is kept.
    later = AssessmentForm(**{**REPORTABLE.__dict__, "acquired": "no", "low_probability": True})
    assessment.sign_assessment(practice.session, incident_id, later)
    kept = assessment.history(practice.session, incident_id)
    assert [a.outcome.result for a in kept] == ["reportable", "not_reportable"]
    latest = assessment.latest(practice.session, incident_id)
    assert latest is not None and latest.outcome.result == "not_reportable"


def test_the_reasoning_names_the_secret_that_was_exposed(practice: Practice) -> None:
    """A lost handoff backup with its custodian kit: the reasoning says a custodian code,
    not 'the key or password'; kept with the assessment for the next one to start from."""
    incident_id = export_incident(
        practice, exposed_kind="backup", exposed_disclosure_id=None, exposed_detail="Handoff"
    )
    form = replace(REPORTABLE, secret="custodian_code")
    assessment.sign_assessment(practice.session, incident_id, form)
    kept = assessment.latest(practice.session, incident_id)
    assert kept is not None and kept.form.secret == "custodian_code"
    reasoning = kept.outcome.reasoning
    assert "a custodian code or a custodian's passphrase was, or may have been, exposed" in (
        reasoning
    )
    assert "the key or password" not in reasoning
    incident = incidents.get_incident(practice.session, incident_id)
    unknown = assessment.evaluate(incident, replace(REPORTABLE, secret=None))
    assert "not known which" in unknown.reasoning
    with pytest.raises(BreachError, match="does not open"):
        assessment.evaluate(incident, replace(REPORTABLE, secret="release_password"))
