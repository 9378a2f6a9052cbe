"""No client name, address or incident text reaches an audit entry, an error or a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from recordsafe.breach import affected, assessment, closing, notices, register
from recordsafe.breach.assessment import AssessmentForm
from recordsafe.disclosure.practice_info import PracticeInfo, save_practice_info
from recordsafe.records import clients
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError
from tests.breach.conftest import TODAY, Practice, export_incident, release_summaries
from tests.canary_strings import CANARY_BODY as CANARY_TEXT
from tests.canary_strings import CANARY_NAME as CANARY


def test_no_canary_in_audit_errors_or_files(session: VaultSession, tmp_path: Path) -> None:
    save_practice_info(session, PracticeInfo("Practice", "Sam", "1 Quay St"))
    cid = clients.create_client(session, CANARY, contact=f"12 {CANARY_TEXT} street, Springfield")
    other = clients.create_client(session, f"{CANARY} Two")
    p = Practice(session, {"canary": cid, "other": other})
    p.release_id = release_summaries(session, [cid], f"{CANARY} Recipient")
    incident_id = export_incident(
        p, what_happened=f"Sent {CANARY_TEXT}", received_by=f"{CANARY} Recipient"
    )
    errors: list[str] = []

    def refused(action: object) -> None:
        assert callable(action)
        with pytest.raises(VaultError) as caught:
            action()
        errors.append(caught.value.message)

    affected.keep_derived(session, incident_id, affected.derive(session, incident_id))
    refused(lambda: affected.remove_client(session, incident_id, cid, reason=""))
    affected.add_client(session, incident_id, other, reason=f"{CANARY_TEXT} reason")
    affected.remove_client(session, incident_id, other, reason=f"{CANARY_TEXT} why")
    form = AssessmentForm(
        was_encrypted=True,
        key_exposed=True,
        identifiers=CANARY_TEXT,
        sensitivity=CANARY_TEXT,
        unauthorized_person=CANARY,
        acquired="yes",
        mitigation=CANARY_TEXT,
    )
    assessment.sign_assessment(session, incident_id, form)
    refused(lambda: closing.close_incident(session, incident_id, on=TODAY, today=TODAY))
    notices.write_notices(
        session, incident_id, notices.default_content(session, incident_id), today=TODAY
    )
    refused(lambda: closing.close_incident(session, incident_id, on=TODAY, today=TODAY))
    target = tmp_path / "notice.pdf"
    notices.produce_notice(session, incident_id, cid, today=TODAY, target=target)
    notices.record_delivery(session, incident_id, cid, how="email", on=TODAY, today=TODAY)
    register.save_register(
        session, tmp_path / "register.pdf", password="PW-PW-PW", practice_name="P", today=TODAY
    )
    closing.close_incident(session, incident_id, on=TODAY, today=TODAY)

    details = [str(r[0]) for r in session.db.execute("SELECT detail FROM audit_log")]
    assert details and not [d for d in details if CANARY in d or CANARY_TEXT in d]
    assert len(errors) == 3
    assert not [e for e in errors if CANARY in e or CANARY_TEXT in e]
    for path in [*tmp_path.rglob("*"), *session.folder.rglob("*")]:
        if path.is_file():
            data = path.read_bytes()
            assert CANARY.encode() not in data and CANARY_TEXT.encode() not in data, path
