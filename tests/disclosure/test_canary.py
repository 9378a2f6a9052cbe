"""No client name or content reaches an audit entry or an exception of the gate."""

from __future__ import annotations

from datetime import date

import pytest

from recordsafe.disclosure import accounting, consents, requests, searches
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.gate import Item, Recipient, Request, disclose, evaluate
from recordsafe.records import cases, clients, intake, notes
from recordsafe.vault import VaultSession
from tests.canary_strings import CANARY_BODY as CANARY_TEXT
from tests.canary_strings import CANARY_NAME as CANARY
from tests.canary_strings import FIRST_NAME, SURNAME
from tests.disclosure.conftest import TODAY, give_consent


def test_no_canary_in_audit_details_or_errors(session: VaultSession) -> None:
    cid = clients.create_client(session, CANARY)
    partner = clients.create_client(session, f"{CANARY} Partner")
    for who in (cid, partner):
        intake.record_intake(session, who, explained_on=date(2025, 1, 2), method="phone")
    case_id = cases.create_case(session, "couple", "Work", [(cid, "p"), (partner, "p")])
    cases.record_agreement(
        session, case_id, policy="no_secrets", text="x",
        agreed_on={cid: date(2025, 1, 2), partner: date(2025, 1, 2)},
    )  # fmt: skip
    note_id = notes.create_note(
        session, case_id, note_date=date(2025, 3, 4), body=f"Said {CANARY_TEXT}."
    )
    notes.sign_note(session, note_id)
    consent_id = give_consent(
        session,
        cid,
        recipient_name=f"{CANARY} Clinic",
        recipient_address=CANARY_TEXT,
        expiry_event=CANARY_TEXT,
        purposes=("treatment", "other", "online_search"),
    )
    errors: list[str] = []
    request = Request(
        items=(Item("note", note_id),),
        recipient=Recipient(f"{CANARY} Clinic", address=CANARY_TEXT),
        purpose="treatment",
        requested_by="third_party",
    )
    decision = evaluate(session, request, today=TODAY)
    assert CANARY in decision.items[0].reason  # the partner is named on screen ...
    try:
        disclose(session, request, decision, client_informed=True)
    except DisclosureError as exc:  # ... but never in an exception
        errors.append(exc.message)
    emergency = Request(
        items=(Item("note", note_id),),
        recipient=Recipient(f"{CANARY} Crisis", address=CANARY_TEXT),
        purpose="emergency",
        requested_by="third_party",
        emergency_attested=True,
        emergency_justification=CANARY_TEXT,
    )
    disclose(
        session,
        emergency,
        evaluate(session, emergency, today=TODAY),
        client_informed=False,
        not_informed_reason=CANARY_TEXT,
    )
    accounting.accounting_for(session, cid, today=TODAY)
    request_id = requests.receive(session, cid, "own_records", received_on=TODAY, today=TODAY)
    requests.extend(session, request_id, reason=CANARY_TEXT, on=TODAY)
    searches.record_search(
        session, cid, searched_on=TODAY, reason=CANARY_TEXT, consent_id=consent_id, today=TODAY
    )
    consents.revoke(session, consent_id, on=TODAY, received_how=CANARY_TEXT)
    for attempt in (
        lambda: give_consent(session, cid, recipient_name=CANARY, states_redisclosure=False),
        lambda: consents.revoke(session, consent_id, on=TODAY, received_how=CANARY_TEXT),
        lambda: requests.extend(session, request_id, reason=CANARY_TEXT, on=TODAY),
    ):
        with pytest.raises(DisclosureError) as caught:
            attempt()
        errors.append(caught.value.message)

    assert len(errors) == 4
    for message in errors:
        assert FIRST_NAME not in message and CANARY_TEXT not in message
    details = [str(r[0]) for r in session.db.execute("SELECT detail FROM audit_log")]
    assert any("disclosure_made" in str(r[0]) for r in session.db.execute(
        "SELECT action FROM audit_log"))  # fmt: skip
    for detail in details:
        assert FIRST_NAME not in detail and SURNAME not in detail
        assert CANARY_TEXT not in detail
