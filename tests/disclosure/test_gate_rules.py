"""The gate's rules, one row per case of DESIGN §4's table (and its edges).

Each row sets up consents (and a court order), asks for items with a purpose, and names
what the gate must answer for each item: the status and words the reason must contain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from recordsafe.disclosure import consents, court_orders
from recordsafe.disclosure._common import PURPOSES
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.gate import Item, Recipient, Request, evaluate
from recordsafe.records import clients
from tests.disclosure.conftest import EXPIRES, TODAY, World, give_consent

LEE = Recipient("Dr Lee")
PAYER = Recipient("Acme Health")
MRS = Recipient("Mrs Smith")
CAROL = Recipient("Carol Bloggs")
PSYCHO_AUTH: dict[str, Any] = {"kinds": ("psychotherapy",), "is_psychotherapy_authorization": True}
EMERGENCY = {"emergency_attested": True, "emergency_justification": "Imminent risk described."}


@dataclass(frozen=True)
class Row:
    id: str
    purpose: str
    items: tuple[str, ...]
    expect: tuple[tuple[str, str, str], ...]  # (item key, status, words in the reason)
    consents: tuple[dict[str, Any], ...] = ()  # {"who": client key, ...ConsentForm overrides}
    recipient: Recipient = LEE
    requested_by: str = "third_party"
    requester: str | None = None
    court_order: tuple[str, ...] = ()
    today: date = TODAY
    extra: dict[str, Any] = field(default_factory=dict)


def c(who: str, **overrides: Any) -> dict[str, Any]:
    return {"who": who, **overrides}


ROWS = [
    # --- a recipient with consent ------------------------------------------------------
    Row("no consent", "treatment", ("ada_progress",),
        (("ada_progress", "blocked", "Needs Ada Wren's consent"),)),
    Row("valid consent", "treatment", ("ada_progress",),
        (("ada_progress", "allowed", "consent"),), (c("ada"),)),
    Row("expired on its date", "treatment", ("ada_progress",),
        (("ada_progress", "blocked", "Ada Wren's consent has expired"),), (c("ada"),),
        today=EXPIRES),
    Row("valid the day before expiry", "treatment", ("ada_progress",),
        (("ada_progress", "allowed", ""),), (c("ada"),), today=date(2026, 3, 31)),
    Row("revoked", "treatment", ("ada_progress",),
        (("ada_progress", "blocked", "Ada Wren's consent was revoked"),),
        (c("ada", revoke_on=date(2025, 5, 1)),)),
    Row("revoked later: valid before", "treatment", ("ada_progress",),
        (("ada_progress", "allowed", ""),), (c("ada", revoke_on=date(2025, 7, 1)),)),
    Row("wrong recipient", "treatment", ("ada_progress",),
        (("ada_progress", "blocked", "does not name this recipient"),), (c("ada"),),
        recipient=Recipient("Dr Park")),
    Row("wrong organisation", "treatment", ("ada_progress",),
        (("ada_progress", "blocked", "does not name this recipient"),),
        (c("ada", recipient_organisation="City Clinic"),),
        recipient=Recipient("Dr Lee", "Harbour Clinic")),
    Row("recipient matched without case or spacing", "treatment", ("ada_progress",),
        (("ada_progress", "allowed", ""),), (c("ada"),), recipient=Recipient("dr  LEE")),
    Row("wrong purpose", "media", ("ada_progress",),
        (("ada_progress", "blocked", "does not cover this purpose"),), (c("ada"),)),
    Row("kind outside the scope", "treatment", ("ada_progress",),
        (("ada_progress", "blocked", "does not cover this note"),),
        (c("ada", kinds=("intake",)),)),
    Row("date outside the range", "treatment", ("ada_progress",),
        (("ada_progress", "blocked", "does not cover this note"),),
        (c("ada", date_from=date(2025, 3, 5)),)),
    Row("date inside the range", "treatment", ("ada_progress",),
        (("ada_progress", "allowed", ""),),
        (c("ada", date_from=date(2025, 3, 4), date_to=date(2025, 3, 4)),)),
    Row("specific note only", "treatment", ("ada_progress", "ada_progress_2"),
        (("ada_progress", "allowed", ""),
         ("ada_progress_2", "blocked", "does not cover this note")),
        (c("ada", kinds=(), notes=("ada_progress",)),)),
    Row("documents and summaries are kinds of their own", "treatment",
        ("ada_doc", "ada_summary", "ada_progress"),
        (("ada_doc", "allowed", ""), ("ada_summary", "blocked", "does not cover this summary"),
         ("ada_progress", "blocked", "does not cover this note")),
        (c("ada", kinds=("documents",)),)),
    Row("psychotherapy note under a general consent", "treatment", ("ada_psycho",),
        (("ada_psycho", "blocked", "psychotherapy-notes authorization"),), (c("ada"),)),
    Row("psychotherapy authorization covers only them", "treatment",
        ("ada_psycho", "ada_progress"),
        (("ada_psycho", "allowed", ""), ("ada_progress", "blocked", "does not cover this note")),
        (c("ada", **PSYCHO_AUTH),)),
    Row("draft note", "treatment", ("ada_draft",),
        (("ada_draft", "needs_action", "Sign this note"),), (c("ada"),)),
    Row("missing item", "treatment", ("missing",),
        (("missing", "blocked", "no longer exists"),)),
    Row("de-identifying does not replace consent", "treatment", ("ada_progress",),
        (("ada_progress", "blocked", "Needs Ada Wren's consent"),),
        extra={"deidentified": True}),
    # --- every subject of every item ------------------------------------------------------
    Row("joint note: one subject's consent is not enough", "treatment", ("joint",),
        (("joint", "blocked", "Needs Mr Smith's consent: Mr Smith is a subject of this note"),),
        (c("mrs"),)),
    Row("joint note: both consented", "treatment", ("joint",),
        (("joint", "allowed", ""),), (c("mrs"), c("mr"))),
    # --- the client's own request (164.524) ---------------------------------------------
    Row("wife asks for her husband's individual note", "client_request", ("mr_alone",),
        (("mr_alone", "blocked", "Needs Mr Smith's consent"),),
        recipient=MRS, requested_by="client", requester="mrs"),
    Row("... after his consent", "client_request", ("mr_alone",),
        (("mr_alone", "allowed", ""),),
        (c("mr", recipient_name="Mrs Smith", purposes=("client_request",)),),
        recipient=MRS, requested_by="client", requester="mrs"),
    Row("her consent for his note does not count", "client_request", ("mr_alone",),
        (("mr_alone", "blocked", "Needs Mr Smith's consent"),),
        (c("mrs", recipient_name="Mrs Smith", purposes=("client_request",)),),
        recipient=MRS, requested_by="client", requester="mrs"),
    Row("her own individual note", "client_request", ("mrs_alone",),
        (("mrs_alone", "allowed", "own request"),),
        recipient=MRS, requested_by="client", requester="mrs"),
    Row("joint note without his consent", "client_request", ("joint",),
        (("joint", "blocked", "Needs Mr Smith's consent"),),
        recipient=MRS, requested_by="client", requester="mrs"),
    Row("joint note with his consent", "client_request", ("joint",),
        (("joint", "allowed", "own request"),),
        (c("mr", recipient_name="Mrs Smith", purposes=("client_request",)),),
        recipient=MRS, requested_by="client", requester="mrs"),
    Row("own psychotherapy notes wait for the clinician", "client_request", ("ada_psycho",),
        (("ada_psycho", "needs_action", "Decide whether to release psychotherapy notes"),),
        recipient=Recipient("Ada Wren"), requested_by="client", requester="ada"),
    Row("own psychotherapy notes after the clinician decided", "client_request", ("ada_psycho",),
        (("ada_psycho", "allowed", ""),),
        recipient=Recipient("Ada Wren"), requested_by="client", requester="ada",
        extra={"psychotherapy_release_decided": True}),
    Row("a third party cannot make the client's own request", "client_request",
        ("ada_progress",),
        (("ada_progress", "blocked", "Only the client or their personal representative"),),
        requester="ada"),
    Row("no representative recorded", "client_request", ("ada_progress",),
        (("ada_progress", "blocked", "No personal representative is recorded for Ada Wren"),),
        requested_by="representative", requester="ada"),
    Row("a deceased client's representative asks", "client_request", ("bob_progress",),
        (("bob_progress", "allowed", ""),),
        recipient=CAROL, requested_by="representative", requester="bob"),
    Row("the client's own request sent to someone else", "client_request",
        ("ada_progress", "ada_psycho"),
        (("ada_progress", "blocked", "goes to Ada Wren"), ("ada_psycho", "blocked", "consent")),
        recipient=Recipient("Ada's employer"), requested_by="client", requester="ada",
        extra={"psychotherapy_release_decided": True}),
    Row("a representative's request sent to someone else", "client_request", ("bob_progress",),
        (("bob_progress", "blocked", "goes to Carol Bloggs"),),
        recipient=LEE, requested_by="representative", requester="bob"),
    # --- third-party payer (1.07 h) -------------------------------------------------------
    Row("payer with the payer's authorization", "payment", ("ada_progress",),
        (("ada_progress", "allowed", ""),),
        (c("ada", recipient_name="Acme Health", purposes=("payment",)),), recipient=PAYER),
    Row("payer without", "payment", ("ada_progress",),
        (("ada_progress", "blocked", "Needs Ada Wren's consent"),), recipient=PAYER),
    Row("consent names another payer", "payment", ("ada_progress",),
        (("ada_progress", "blocked", "does not name this recipient"),),
        (c("ada", recipient_name="Other Health", purposes=("payment",)),), recipient=PAYER),
    Row("payer and psychotherapy notes: never", "payment", ("ada_psycho",),
        (("ada_psycho", "blocked", "never released to a payer"),),
        (c("ada", recipient_name="Acme Health", purposes=("payment",), **PSYCHO_AUTH),),
        recipient=PAYER),
    # --- legal proceedings (1.07 j) -------------------------------------------------------
    Row("subpoena alone", "legal", ("ada_progress",),
        (("ada_progress", "needs_action", "Object or seek a protective order"),),
        recipient=Recipient("County Court"), requested_by="court", extra={"subpoena": True}),
    Row("legal without anything", "legal", ("ada_progress",),
        (("ada_progress", "blocked", "Needs Ada Wren's consent"),),
        recipient=Recipient("Counsel")),
    Row("court order allows the items it names only", "legal",
        ("ada_progress", "ada_progress_2"),
        (("ada_progress", "allowed", "court order"),
         ("ada_progress_2", "blocked", "court order does not name this note")),
        recipient=Recipient("County Court"), requested_by="court",
        court_order=("ada_progress",)),
    Row("legal with consent", "legal", ("ada_progress",),
        (("ada_progress", "allowed", ""),),
        (c("ada", recipient_name="Counsel", purposes=("legal",)),), recipient=Recipient("Counsel"),
        extra={"subpoena": True}),
    # --- emergency (1.07 c) ---------------------------------------------------------------
    Row("emergency without attestation", "emergency", ("ada_progress",),
        (("ada_progress", "blocked", "attestation of serious, foreseeable and imminent harm"),),
        recipient=Recipient("Crisis team")),
    Row("emergency attested without justification", "emergency", ("ada_progress",),
        (("ada_progress", "blocked", "written justification"),),
        recipient=Recipient("Crisis team"),
        extra={"emergency_attested": True, "emergency_justification": "  "}),
    Row("emergency attested and justified", "emergency", ("ada_progress", "joint"),
        (("ada_progress", "allowed", "emergency"), ("joint", "allowed", "emergency")),
        recipient=Recipient("Crisis team"), extra=EMERGENCY),
    # --- training / consultation (1.07 u-v) ---------------------------------------------
    Row("training, de-identified", "training", ("ada_progress", "joint"),
        (("ada_progress", "allowed", "de-identified"), ("joint", "allowed", "de-identified")),
        recipient=Recipient("Seminar"), extra={"deidentified": True}),
    Row("training, identified, no consent", "training", ("ada_progress",),
        (("ada_progress", "blocked", "Needs Ada Wren's consent"),), recipient=Recipient("Seminar")),
    Row("training, identified, with consent", "training", ("ada_progress",),
        (("ada_progress", "allowed", ""),),
        (c("ada", recipient_name="Seminar", purposes=("training",)),),
        recipient=Recipient("Seminar")),
    Row("consultation, de-identified", "consultation", ("ada_progress",),
        (("ada_progress", "allowed", "de-identified"),), extra={"deidentified": True}),
    Row("consultation, identified, no consent", "consultation", ("ada_progress",),
        (("ada_progress", "blocked", "Needs Ada Wren's consent"),)),
    # --- custodian handoff, media, other ------------------------------------------------
    *[
        row
        for purpose in ("custodian_transfer", "media", "other")
        for row in (
            Row(f"{purpose} without consent", purpose, ("ada_progress",),
                (("ada_progress", "blocked", "Needs Ada Wren's consent"),)),
            Row(f"{purpose} with consent", purpose, ("ada_progress",),
                (("ada_progress", "allowed", ""),), (c("ada", purposes=(purpose,)),)),
        )
    ],
    # --- a deceased client (1.07 w) -------------------------------------------------------
    Row("deceased, no consent", "treatment", ("bob_progress",),
        (("bob_progress", "blocked",
          "Needs the consent of Carol Bloggs, Bob Dale's personal representative"),)),
    Row("deceased, the representative consented", "treatment", ("bob_progress",),
        (("bob_progress", "allowed", ""),),
        (c("bob", authorized_by="representative", representative_name="Carol Bloggs",
           representative_authority="Executor of the estate"),)),
    Row("deceased, the client's own consent is still valid", "treatment", ("bob_progress",),
        (("bob_progress", "allowed", ""),), (c("bob"),)),
    # --- notices: a letter, only to its addressee ----------------------------------------
    Row("notice to the letter's addressee", "notice", ("ada_letter",),
        (("ada_letter", "allowed", "notice"),), recipient=Recipient("Ada Wren"),
        requested_by="practice"),
    Row("notice to someone else", "notice", ("ada_letter",),
        (("ada_letter", "blocked", "addressed to Ada Wren"),), recipient=LEE,
        requested_by="practice"),
    Row("notice to a deceased client's representative", "notice", ("bob_letter",),
        (("bob_letter", "allowed", "notice"),), recipient=CAROL, requested_by="practice"),
    Row("a note is never a notice", "notice", ("ada_progress",),
        (("ada_progress", "blocked", "Only a letter"),), recipient=Recipient("Ada Wren"),
        requested_by="practice"),
    Row("a letter never goes out with consent", "treatment", ("ada_letter",),
        (("ada_letter", "blocked", "only to its addressee"),), (c("ada", kinds=("summary",)),)),
    # --- a client's accounting and audit extract ----------------------------------------
    Row("own accounting and audit extract", "client_request", ("ada_accounting", "ada_audit"),
        (("ada_accounting", "allowed", "own request"), ("ada_audit", "allowed", "own request")),
        recipient=Recipient("Ada Wren"), requested_by="client", requester="ada"),
    Row("someone else's accounting without consent", "client_request", ("ada_accounting",),
        (("ada_accounting", "blocked", "Needs Ada Wren's consent"),),
        recipient=MRS, requested_by="client", requester="mrs"),
]  # fmt: skip


def _setup(world: World, row: Row) -> Request:
    session = world.session
    for spec in row.consents:
        overrides = {k: v for k, v in spec.items() if k not in ("who", "notes", "revoke_on")}
        if "notes" in spec:
            overrides["note_ids"] = tuple(world.note_id(k) for k in spec["notes"])
        consent_id = give_consent(session, world.clients[spec["who"]], **overrides)
        if "revoke_on" in spec:
            consents.revoke(session, consent_id, on=spec["revoke_on"], received_how="letter")
    order_id = None
    if row.court_order:
        order_id = court_orders.record_court_order(
            session,
            world.clients["ada"],
            court="County Court",
            ordered_on=TODAY,
            items=[(world.item(k).kind, world.item(k).id) for k in row.court_order],
            today=TODAY,
        )
    return Request(
        items=tuple(world.item(k) for k in row.items),
        recipient=row.recipient,
        purpose=row.purpose,  # type: ignore[arg-type]
        requested_by=row.requested_by,  # type: ignore[arg-type]
        requester_client_id=world.clients[row.requester] if row.requester else None,
        court_order_id=order_id,
        **row.extra,
    )


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_gate_rule(world: World, row: Row) -> None:
    world.items["missing"] = Item("note", 999_999)
    request = _setup(world, row)
    decision = evaluate(world.session, request, today=row.today)
    assert [d.item for d in decision.items] == list(request.items)
    for key, status, words in row.expect:
        item = decision.for_item(world.item(key))
        assert (item.status, key) == (status, key), item.reason
        assert words.lower() in item.reason.lower(), item.reason
        assert item.allowed == (status == "allowed")
        if item.allowed:
            assert item.basis is not None
    assert decision.all_allowed == all(s == "allowed" for _, s, _ in row.expect)


def test_every_purpose_has_rows() -> None:
    assert {row.purpose for row in ROWS} == set(PURPOSES)


def test_narrowing_keeps_only_allowed_items(world: World) -> None:
    give_consent(
        world.session, world.clients["ada"], kinds=(), note_ids=(world.note_id("ada_progress"),)
    )
    request = Request(
        items=(world.item("ada_progress"), world.item("ada_progress_2"), world.item("ada_psycho")),
        recipient=LEE,
        purpose="treatment",
        requested_by="third_party",
    )
    decision = evaluate(world.session, request, today=TODAY)
    kept = decision.allowed_request()
    assert kept.items == (world.item("ada_progress"),)
    assert evaluate(world.session, kept, today=TODAY).all_allowed


def test_evaluate_reads_only_and_audits_counts(world: World) -> None:
    session = world.session

    def count(table: str) -> int:
        return int(session.db.scalar(f"SELECT count(*) FROM {table}"))  # noqa: S608

    before = {t: count(t) for t in ("disclosures", "followups", "audit_log")}
    request = Request(
        items=(world.item("joint"), world.item("ada_progress")),
        recipient=LEE,
        purpose="treatment",
        requested_by="third_party",
    )
    evaluate(session, request, today=TODAY)
    assert count("disclosures") == before["disclosures"]
    assert count("followups") == before["followups"]
    assert count("audit_log") == before["audit_log"] + 1
    action, client_id, detail = session.db.execute(
        "SELECT action, client_id, detail FROM audit_log ORDER BY seq DESC LIMIT 1"
    )[0]
    assert (action, client_id) == ("disclosure_evaluated", None)
    assert "Smith" not in detail and "Wren" not in detail and "Lee" not in detail
    assert '"blocked": 2' in detail.replace(" ", "").replace(":", ": ")


def test_an_item_without_subjects_is_never_released(world: World) -> None:
    """No recorded subject must not read as 'nobody needs to consent'."""
    session = world.session
    draft = world.item("ada_draft")
    session.db.execute("DELETE FROM note_subjects WHERE note_id = ?", (draft.id,))
    for purpose, extra in (("treatment", {}), ("emergency", EMERGENCY)):
        request = Request(
            items=(draft,), recipient=LEE, purpose=purpose, requested_by="third_party", **extra
        )
        decided = evaluate(session, request, today=TODAY).items[0]
        assert decided.status == "blocked"
        assert "No subject is recorded" in decided.reason


# --- after a client's death: whose consent counts (1.07 w; 164.502(g)(4)) --------------

DIED = date(2025, 5, 1)
REP = {"representative_authority": "Executor of the estate"}


def _bob_consent(world: World, *, died_until_recorded: date, rep: str, **form: Any) -> None:
    """Record Bob's consent while the vault still shows another date of death or another
    representative, then correct the record to the real ones (Carol, 1 May)."""
    session, bob = world.session, world.clients["bob"]
    clients.mark_deceased(session, bob, died_on=died_until_recorded, representative_name=rep, **REP)
    give_consent(session, bob, **form)
    clients.mark_deceased(session, bob, died_on=DIED, representative_name="Carol Bloggs", **REP)


AFTER_DEATH = [
    # (id, how the consent was given, status, words in the reason)
    ("the client's consent signed before death still counts",
     {"died_until_recorded": DIED, "rep": "Carol Bloggs"}, "allowed", ""),
    ("a consent 'by the client' dated after death does not count",
     {"died_until_recorded": date(2025, 5, 20), "rep": "Carol Bloggs",
      "signed_on": date(2025, 5, 10)},
     "blocked", "dated after their death"),
    ("another family member's consent does not count",
     {"died_until_recorded": DIED, "rep": "Dan Dale", "authorized_by": "representative",
      "representative_name": "Dan Dale", "representative_authority": "Brother"},
     "blocked", "not given by the recorded personal representative (only Carol Bloggs"),
    ("the recorded representative's consent counts",
     {"died_until_recorded": DIED, "rep": "Carol Bloggs", "authorized_by": "representative",
      "representative_name": "carol  bloggs", "representative_authority": "Executor"},
     "allowed", ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("given", "status", "words"),
    [row[1:] for row in AFTER_DEATH],
    ids=[row[0] for row in AFTER_DEATH],
)
def test_after_death_only_the_representative_consents(
    world: World, given: dict[str, Any], status: str, words: str
) -> None:
    _bob_consent(world, **given)
    request = Request(
        items=(world.item("bob_progress"),), recipient=LEE, purpose="treatment",
        requested_by="third_party",
    )  # fmt: skip
    decided = evaluate(world.session, request, today=TODAY).items[0]
    assert decided.status == status, decided.reason
    assert words in decided.reason


def test_after_death_a_representative_consent_needs_a_recorded_representative(
    world: World,
) -> None:
    session, bob = world.session, world.clients["bob"]
    _bob_consent(
        world,
        died_until_recorded=DIED,
        rep="Dan Dale",
        authorized_by="representative",
        representative_name="Dan Dale",
        representative_authority="Brother",
    )
    session.db.execute(
        "UPDATE clients SET representative_name = NULL, representative_authority = NULL "
        "WHERE id = ?",
        (bob,),
    )
    request = Request(
        items=(world.item("bob_progress"),), recipient=LEE, purpose="treatment",
        requested_by="third_party",
    )  # fmt: skip
    decided = evaluate(session, request, today=TODAY).items[0]
    assert decided.status == "blocked"
    assert "no personal representative is recorded" in decided.reason


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({"signed_on": date(2025, 5, 10)}, "had died before this signature date"),
        (
            {"authorized_by": "representative", "representative_name": "Dan Dale",
             "representative_authority": "Brother"},
            "only the personal representative recorded",
        ),
    ],
    ids=["by the client after death", "by someone other than the representative"],
)  # fmt: skip
def test_after_death_recording_refuses_a_consent_that_would_never_count(
    world: World, form: dict[str, Any], words: str
) -> None:
    with pytest.raises(DisclosureError, match=words):
        give_consent(world.session, world.clients["bob"], **form)


def test_after_death_the_client_no_longer_asks_for_their_own_records(world: World) -> None:
    request = Request(
        items=(world.item("bob_progress"),), recipient=Recipient("Bob Dale"),
        purpose="client_request", requested_by="client",
        requester_client_id=world.clients["bob"],
    )  # fmt: skip
    decided = evaluate(world.session, request, today=TODAY).items[0]
    assert decided.status == "blocked"
    assert "only their personal representative can ask" in decided.reason
