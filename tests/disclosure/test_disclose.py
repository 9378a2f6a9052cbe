"""disclose(): one transaction for the record, its items, the audit entry, the follow-ups
and the output; nothing at all when the output cannot be written."""

from __future__ import annotations

from datetime import date

import pytest

from recordsafe.disclosure import consents, court_orders, deidentify, followups, known_names
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.gate import Item, Recipient, Request, disclose, evaluate
from recordsafe.vault import VaultSession
from tests.disclosure.conftest import TODAY, World, give_consent

LEE = Recipient("Dr Lee", "City Clinic", "1 Main St")


def counts(session: VaultSession) -> dict[str, int]:
    tables = ("disclosures", "disclosure_items", "disclosure_consents", "followups")
    found = {t: int(session.db.scalar(f"SELECT count(*) FROM {t}")) for t in tables}  # noqa: S608
    found["disclosure_made"] = int(
        session.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'disclosure_made'")
    )
    return found


def treatment(world: World, *keys: str) -> Request:
    return Request(
        items=tuple(world.item(k) for k in keys),
        recipient=LEE,
        purpose="treatment",
        requested_by="third_party",
    )


def test_writes_exactly_one_record_and_one_audit_entry(world: World) -> None:
    session = world.session
    mr, mrs = world.clients["mr"], world.clients["mrs"]
    c_mr = give_consent(session, mr)
    c_mrs = give_consent(session, mrs)
    request = treatment(world, "joint", "mrs_alone")
    decision = evaluate(session, request, today=TODAY)
    calls: list[int] = []
    disclosure_id = disclose(
        session,
        request,
        decision,
        write_output=lambda: calls.append(counts(session)["disclosures"]),
        client_informed=True,
    )
    assert calls == [1]  # the output is written inside the transaction, after the rows
    assert counts(session) == {
        "disclosures": 1,
        "disclosure_items": 3,  # the joint note for each of its subjects, and hers
        "disclosure_consents": 2,
        "followups": 0,
        "disclosure_made": 1,
    }
    row = session.db.execute(
        "SELECT disclosed_on, recipient_name, recipient_organisation, recipient_address, "
        "purpose, basis, client_informed, accounting_excluded, exclusion_code "
        "FROM disclosures WHERE id = ?",
        (disclosure_id,),
    )[0]
    assert tuple(row) == (
        "2025-06-01", "Dr Lee", "City Clinic", "1 Main St", "treatment", "consent", 1, 1,
        "authorization",
    )  # fmt: skip
    items = session.db.execute(
        "SELECT item_kind, item_id, client_id FROM disclosure_items ORDER BY item_id, client_id"
    )
    assert sorted(map(tuple, items)) == sorted(
        [
            ("note", world.note_id("joint"), mr),
            ("note", world.note_id("joint"), mrs),
            ("note", world.note_id("mrs_alone"), mrs),
        ]
    )
    linked = {r[0] for r in session.db.execute("SELECT consent_id FROM disclosure_consents")}
    assert linked == {c_mr, c_mrs}
    detail = session.db.scalar("SELECT detail FROM audit_log WHERE action = 'disclosure_made'")
    for name in ("Smith", "Lee", "Clinic", "Main"):
        assert name not in detail
    assert f'"disclosure": {disclosure_id}' in detail.replace('":', '": ').replace("  ", " ")


def test_nothing_is_recorded_when_the_output_fails(world: World) -> None:
    session = world.session
    give_consent(session, world.clients["ada"])
    request = treatment(world, "ada_progress")
    decision = evaluate(session, request, today=TODAY)
    before = counts(session)
    discarded: list[bool] = []

    def failing_write() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        disclose(
            session,
            request,
            decision,
            write_output=failing_write,
            discard_output=lambda: discarded.append(True),
            client_informed=False,
            not_informed_reason="Will tell her at the next session.",
        )
    assert counts(session) == before
    assert discarded == []  # nothing was written, so nothing to remove
    # The vault still works and the same disclosure can be made afterwards.
    disclose(session, request, decision, client_informed=True)
    assert counts(session)["disclosures"] == before["disclosures"] + 1


def test_refuses_unless_every_item_is_allowed(world: World) -> None:
    session = world.session
    give_consent(session, world.clients["ada"])
    request = treatment(world, "ada_progress", "ada_psycho")
    decision = evaluate(session, request, today=TODAY)
    assert not decision.all_allowed
    with pytest.raises(DisclosureError, match="Only allowed items"):
        disclose(session, request, decision, client_informed=True)
    kept = decision.allowed_request()
    with pytest.raises(DisclosureError, match="another request"):
        disclose(session, kept, decision, client_informed=True)
    disclose(session, kept, evaluate(session, kept, today=TODAY), client_informed=True)
    assert counts(session)["disclosure_items"] == 1


def test_needs_action_is_not_allowed(world: World) -> None:
    session = world.session
    request = Request(
        items=(world.item("ada_progress"),),
        recipient=Recipient("County Court"),
        purpose="legal",
        requested_by="court",
        subpoena=True,
    )
    decision = evaluate(session, request, today=TODAY)
    assert decision.items[0].status == "needs_action"
    with pytest.raises(DisclosureError):
        disclose(session, request, decision, client_informed=True)
    assert counts(session)["disclosures"] == 0


def test_a_revocation_after_the_check_stops_the_disclosure(world: World) -> None:
    session = world.session
    consent_id = give_consent(session, world.clients["ada"])
    request = treatment(world, "ada_progress")
    decision = evaluate(session, request, today=TODAY)
    consents.revoke(session, consent_id, on=TODAY, received_how="phone call")
    with pytest.raises(DisclosureError, match="changed since the check"):
        disclose(session, request, decision, write_output=pytest.fail, client_informed=True)
    assert counts(session)["disclosures"] == 0


def test_not_informed_needs_a_reason_and_creates_follow_ups(world: World) -> None:
    session = world.session
    give_consent(session, world.clients["mr"])
    give_consent(session, world.clients["mrs"])
    request = treatment(world, "joint")
    decision = evaluate(session, request, today=TODAY)
    with pytest.raises(DisclosureError, match="why the client was not informed"):
        disclose(session, request, decision, client_informed=False, not_informed_reason=" ")
    disclosure_id = disclose(
        session, request, decision, client_informed=False, not_informed_reason="Away until July."
    )
    open_items = followups.open_followups(session)
    assert {(f.client_id, f.reason, f.disclosure_id) for f in open_items} == {
        (world.clients["mr"], "inform_client", disclosure_id),
        (world.clients["mrs"], "inform_client", disclosure_id),
    }
    followups.complete(session, open_items[0].id, on=date(2025, 6, 2))
    assert len(followups.open_followups(session)) == 1
    with pytest.raises(DisclosureError, match="already done"):
        followups.complete(session, open_items[0].id, on=date(2025, 6, 2))


def test_emergency_creates_a_follow_up_to_inform(world: World) -> None:
    session = world.session
    request = Request(
        items=(world.item("ada_progress"),),
        recipient=Recipient("Crisis team"),
        purpose="emergency",
        requested_by="third_party",
        emergency_attested=True,
        emergency_justification="Stated a plan and means tonight.",
    )
    decision = evaluate(session, request, today=TODAY)
    disclosure_id = disclose(session, request, decision, client_informed=True)
    ada = world.clients["ada"]
    found = [(f.client_id, f.reason) for f in followups.client_followups(session, ada)]
    assert found == [(ada, "inform_client_emergency")]
    row = session.db.execute(
        "SELECT basis, emergency_attested, emergency_justification, accounting_excluded "
        "FROM disclosures WHERE id = ?",
        (disclosure_id,),
    )[0]
    assert tuple(row) == ("emergency", 1, "Stated a plan and means tonight.", 0)
    detail = session.db.scalar("SELECT detail FROM audit_log WHERE action = 'disclosure_made'")
    assert "plan" not in detail


def test_court_order_basis_is_recorded(world: World) -> None:
    session = world.session
    order_id = court_orders.record_court_order(
        session,
        world.clients["ada"],
        court="County Court",
        ordered_on=TODAY,
        items=[("note", world.note_id("ada_progress"))],
        today=TODAY,
    )
    request = Request(
        items=(world.item("ada_progress"),),
        recipient=Recipient("County Court"),
        purpose="legal",
        requested_by="court",
        court_order_id=order_id,
    )
    disclosure_id = disclose(
        session, request, evaluate(session, request, today=TODAY), client_informed=True
    )
    assert tuple(
        session.db.execute(
            "SELECT basis, court_order_id, accounting_excluded FROM disclosures WHERE id = ?",
            (disclosure_id,),
        )[0]
    ) == ("court_order", order_id, 0)


def test_disclosures_are_never_changed_or_deleted(world: World) -> None:
    session = world.session
    give_consent(session, world.clients["ada"])
    request = treatment(world, "ada_progress")
    disclose(session, request, evaluate(session, request, today=TODAY), client_informed=True)
    for sql in (
        "DELETE FROM disclosures",
        "UPDATE disclosures SET purpose = 'other'",
        "DELETE FROM disclosure_items",
        "DELETE FROM disclosure_consents",
    ):
        with pytest.raises(Exception, match="never"):
            session.db.execute(sql)
    assert counts(session)["disclosures"] == 1


def test_malformed_requests_are_refused(world: World) -> None:
    session = world.session
    bad = [
        Request(items=(), recipient=LEE, purpose="treatment", requested_by="third_party"),
        Request(
            items=(world.item("ada_progress"),) * 2,
            recipient=LEE,
            purpose="treatment",
            requested_by="third_party",
        ),
        Request(
            items=(Item("poem", 1),),  # type: ignore[arg-type]
            recipient=LEE,
            purpose="treatment",
            requested_by="third_party",
        ),
        Request(
            items=(world.item("ada_progress"),),
            recipient=LEE,
            purpose="gossip",  # type: ignore[arg-type]
            requested_by="third_party",
        ),
        Request(
            items=(world.item("ada_progress"),),
            recipient=Recipient(" "),
            purpose="treatment",
            requested_by="third_party",
        ),
    ]
    for request in bad:
        with pytest.raises(DisclosureError):
            evaluate(session, request, today=TODAY)


def test_a_failed_commit_after_the_output_discards_the_output(world: World) -> None:
    """The output was written, then COMMIT fails: no record, and the file is removed."""
    session = world.session
    give_consent(session, world.clients["ada"])
    request = treatment(world, "ada_progress")
    decision = evaluate(session, request, today=TODAY)
    before = counts(session)
    events: list[str] = []

    def write_then_poison_the_commit() -> None:
        events.append("written")
        # A deferred foreign-key violation makes the real COMMIT fail.
        session.db.execute("PRAGMA defer_foreign_keys = ON")
        session.db.execute(
            "INSERT INTO followups (client_id, due_on, reason, created_at) "
            "VALUES (999999, '2025-06-01', 'inform_client', 'x')"
        )

    with pytest.raises(Exception, match=r"(?i)foreign key"):
        disclose(
            session,
            request,
            decision,
            write_output=write_then_poison_the_commit,
            discard_output=lambda: events.append("discarded"),
            client_informed=True,
        )
    assert events == ["written", "discarded"]
    assert counts(session) == before
    session.db.execute("PRAGMA defer_foreign_keys = OFF")
    disclose(session, request, decision, client_informed=True)
    assert counts(session)["disclosures"] == before["disclosures"] + 1


def _seminar(world: World) -> Request:
    return Request(
        items=(world.item("ada_progress"),),
        recipient=Recipient("Peer seminar"),
        purpose="training",
        requested_by="practice",
        deidentified=True,
    )


@pytest.mark.parametrize(
    "texts",
    [
        None,  # the caller says nothing about what it writes
        ["Ada Wren was seen."],  # the subject's name
        ["Bob Dale came up in the session."],  # another client the vault knows
        ["Dr Lee will call on 12 March 2025."],  # a consent's recipient and a date
        ["Moved to 12 Birch Street, Salem, OR 97301."],  # the Safe Harbor address
    ],
    ids=["no texts", "subject", "other client", "recipient and date", "address"],
)
def test_the_gate_refuses_raw_text_marked_de_identified(
    world: World, texts: list[str] | None
) -> None:
    """Issue 14: disclose() itself checks that de-identified output is de-identified."""
    session = world.session
    give_consent(session, world.clients["ada"])  # names "Dr Lee"
    request = _seminar(world)
    decision = evaluate(session, request, today=TODAY)
    before = counts(session)
    with pytest.raises(DisclosureError, match="still identifies someone"):
        disclose(session, request, decision, client_informed=True, output_texts=texts)
    assert counts(session) == before


def test_the_gate_records_de_identified_text(world: World) -> None:
    session = world.session
    request = _seminar(world)
    decision = evaluate(session, request, today=TODAY)
    clean = ["Progress note", "2025", "[name] was seen in [date]; mood 6/10."]
    disclose(session, request, decision, client_informed=True, output_texts=clean)
    basis = session.db.scalar("SELECT basis FROM disclosures ORDER BY id DESC LIMIT 1")
    assert basis == "deidentified"


def test_the_gate_accepts_what_one_de_identification_pass_gives(world: World) -> None:
    """Overlapping findings (a date touching a phone number) used to leave the number for
    the gate's second look, which refused with nothing left to tick on the review screen."""
    session = world.session
    request = _seminar(world)
    decision = evaluate(session, request, today=TODAY)
    names = deidentify.index_names(known_names.vault_names(session))
    raw = "Ada Wren seen 2025-03-04 555-0147; MRN 2025/03/14; 2025-01-02 2025-01-02 2025-01-02."
    clean = deidentify.deidentify(raw, names=names, extra_terms=[]).text
    disclose(session, request, decision, client_informed=True, output_texts=[clean])
    basis = session.db.scalar("SELECT basis FROM disclosures ORDER BY id DESC LIMIT 1")
    assert basis == "deidentified"
