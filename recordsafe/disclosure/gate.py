"""The disclosure gate: `evaluate` decides item by item, `disclose` records (DESIGN §4).

    request = Request(items=(Item("note", 12),), recipient=Recipient("Dr Lee"),
                      purpose="treatment", requested_by="third_party")
    decision = evaluate(session, request, today=date(...))    # reads only; audited (counts)
    for item in decision.items: item.status, item.reason       # allowed/blocked/needs_action
    kept = decision.allowed_request()                          # minimum necessary
    disclose(session, kept, evaluate(session, kept, today=...),
             write_output=..., client_informed=True, not_informed_reason=None)

The rules, per purpose (DESIGN §4's table):

- client's own request (164.524): items the requester is a subject of; every other
  subject must have consented (an item the requester is not a subject of needs the
  consent of all its subjects); psychotherapy notes wait for the clinician's decision;
- consent (treatment, custodian transfer, media, other, and the fallbacks below): for
  EACH subject of EACH item, a signed, unexpired, unrevoked consent naming this recipient
  and this purpose and covering the item (kind and date range, or the specific note);
- payment (1.07 h): consent naming that payer for payment; psychotherapy notes never;
- legal (1.07 j): a court order naming the item, or consent; a subpoena alone gives
  `needs_action` ("object or seek a protective order"), never `allowed`;
- emergency (1.07 c): an attestation of serious, foreseeable, imminent harm and a
  written justification; only the items chosen; `disclose` adds a follow-up to inform;
- training / consultation (1.07 u-v): de-identified output, or consent;
- notice (a closure or breach letter, the practice's own duty): only letters, each only to
  the addressee written on it (the client, or a deceased client's representative); a
  letter never goes out for any other purpose.

Items besides notes and documents: a `summary` of a client, a client's `accounting` of
disclosures and their `audit` extract (each id = the client's id, subject = that client;
a consent covers them as "summary"), and a `letter` (id = letter id).

A deceased client keeps full protection; their personal representative's consent counts
for them (1.07 w). De-identifying never replaces a subject's consent for an identified
release. Reasons name people (they are for the practitioner's screen); exceptions and
audit entries never do.

`disclose` and the output module (the contract): `write_output()` is called inside the
transaction, after the disclosure rows and the audit entry are written. If it raises,
the transaction rolls back: no record of a disclosure that did not happen. The output
module writes its file atomically (temporary name, then rename), so a failed write
leaves no file. If the commit fails after `write_output()` returned, `disclose` calls
`discard_output()` (the output module deletes the file it wrote) and re-raises: no file
without a record. A crash (SIGKILL, power loss) between `write_output()` and COMMIT runs
no handler, so the file must not carry its real name yet: use
`outputs.StagedRelease(target, data, session)` (`write` stages a hidden encrypted file;
the session renames it once the outermost transaction commits, or removes it on
rollback). The only window left is COMMIT to that rename: a record whose file did not
appear, never a file without a record (tests/reliability/test_crash.py kills inside it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final, Literal

from recordsafe.disclosure import consents as consent_store
from recordsafe.disclosure import court_orders, known_names
from recordsafe.disclosure._common import (
    ITEM_KINDS,
    PURPOSES,
    SCOPE_KINDS,
    SCOPE_LABELS,
    ItemKind,
    Purpose,
)
from recordsafe.disclosure.consents import Consent
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.records import directory
from recordsafe.records._common import clean_text, iso, name_key, now_utc, placeholders
from recordsafe.vault import VaultSession
from recordsafe.wording import day_text

RequestedBy = Literal["client", "representative", "third_party", "court", "practice"]
REQUESTERS: Final = ("client", "representative", "third_party", "court", "practice")
Status = Literal["allowed", "blocked", "needs_action"]
Basis = Literal["consent", "court_order", "emergency", "client_request", "deidentified", "notice"]
# 164.528(a)(1) exclusions the gate can tell from the basis; the rest stay accountable.
EXCLUSIONS: Final[dict[str, str]] = {
    "client_request": "to_individual",  # (a)(1)(ii)
    "consent": "authorization",  # (a)(1)(iv)
    "deidentified": "not_phi",  # de-identified information is not PHI (164.514)
    "notice": "to_individual",  # a letter to the client (or for a deceased client, their
    # representative, who stands in their place): (a)(1)(ii)
}
MAX_JUSTIFICATION: Final = 10_000


@dataclass(frozen=True)
class Item:
    """A note, a document, or a summary of a client (`id` is then the client's id)."""

    kind: ItemKind
    id: int


@dataclass(frozen=True)
class Recipient:
    name: str
    organisation: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Request:
    items: tuple[Item, ...]
    recipient: Recipient
    purpose: Purpose
    requested_by: RequestedBy
    # The client asking (own request), or whose representative asks.
    requester_client_id: int | None = None
    court_order_id: int | None = None
    subpoena: bool = False
    emergency_attested: bool = False
    emergency_justification: str | None = None
    deidentified: bool = False
    # The clinician decided to release psychotherapy notes to the client (164.524).
    psychotherapy_release_decided: bool = False

    def narrowed_to(self, items: Iterable[Item]) -> Request:
        keep = set(items)
        return replace(self, items=tuple(i for i in self.items if i in keep))


@dataclass(frozen=True)
class ItemDecision:
    item: Item
    status: Status
    reason: str  # plain words for the practitioner; may name people
    subjects: tuple[int, ...] = ()  # client ids the item is about
    basis: Basis | None = None  # set when allowed
    consent_ids: tuple[int, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.status == "allowed"


@dataclass(frozen=True)
class Decision:
    request: Request
    items: tuple[ItemDecision, ...]
    evaluated_on: date
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def all_allowed(self) -> bool:
        return bool(self.items) and all(d.allowed for d in self.items)

    def for_item(self, item: Item) -> ItemDecision:
        return next(d for d in self.items if d.item == item)

    def allowed_request(self) -> Request:
        """The request narrowed to its allowed items (the minimum the user may keep)."""
        return self.request.narrowed_to(d.item for d in self.items if d.allowed)


# --- facts read from the vault -------------------------------------------------------


_NOUNS: Final = {"accounting": "accounting of disclosures", "audit": "audit extract"}


@dataclass(frozen=True)
class _Facts:
    """What the rules need to know about one item."""

    item: Item
    scope_kind: str  # a note kind, 'documents' or 'summary'
    day: date  # the note's date, the document's date; a summary: the day of the request
    subjects: tuple[int, ...]
    is_draft: bool = False
    addressee: str | None = None  # a letter's

    @property
    def noun(self) -> str:
        if self.item.kind == "note":
            return "psychotherapy note" if self.scope_kind == "psychotherapy" else "note"
        return _NOUNS.get(self.item.kind, self.item.kind)

    @property
    def is_psychotherapy(self) -> bool:
        return self.scope_kind == "psychotherapy"


@dataclass(frozen=True)
class _Person:
    name: str
    deceased: bool
    representative: str | None
    died_on: date | None = None


def _load_facts(session: VaultSession, items: Sequence[Item], today: date) -> dict[Item, _Facts]:
    facts: dict[Item, _Facts] = {}
    notes = directory.note_facts(session, (i.id for i in items if i.kind == "note"))
    for note in notes.values():
        item = Item("note", note.id)
        facts[item] = _Facts(
            item, note.kind, note.note_date, note.subjects, is_draft=not note.signed
        )
    documents = directory.document_facts(session, (i.id for i in items if i.kind == "document"))
    for doc in documents.values():
        item = Item("document", doc.id)
        facts[item] = _Facts(item, "documents", doc.added_on, (doc.client_id,))
    # A summary, an accounting and an audit extract are about one client: id = client id.
    about_client = [i for i in items if i.kind in ("summary", "accounting", "audit")]
    if about_client:
        existing = set(directory.people(session, sorted({i.id for i in about_client})))
        for item in about_client:
            if item.id in existing:
                facts[item] = _Facts(item, "summary", today, (item.id,))
    letter_ids = [i.id for i in items if i.kind == "letter"]
    if letter_ids:
        for letter_id, client_id, written_on, addressee in session.db.execute(
            "SELECT id, client_id, written_on, addressee_name FROM letters "  # noqa: S608
            f"WHERE id IN ({placeholders(len(letter_ids))})",
            letter_ids,
        ):
            item = Item("letter", int(letter_id))
            facts[item] = _Facts(
                item,
                "letter",
                date.fromisoformat(str(written_on)),
                (int(client_id),),
                addressee=str(addressee),
            )
    return facts


def _load_people(session: VaultSession, client_ids: Iterable[int]) -> dict[int, _Person]:
    return {
        pid: _Person(p.name, p.deceased, p.representative_name, p.died_on)
        for pid, p in directory.people(session, client_ids).items()
    }


@dataclass
class _Context:
    request: Request
    today: date
    people: dict[int, _Person]
    consents: dict[int, list[Consent]]
    order_items: set[tuple[str, int]]


# --- consent matching ----------------------------------------------------------------


def _names_recipient(consent: Consent, recipient: Recipient) -> bool:
    if name_key(consent.recipient_name) != name_key(recipient.name):
        return False
    # When both name an organisation, it must be the same one.
    if consent.recipient_organisation and recipient.organisation:
        return name_key(consent.recipient_organisation) == name_key(recipient.organisation)
    return True


def _covers(consent: Consent, facts: _Facts) -> bool:
    if facts.item.kind == "note" and facts.item.id in consent.note_ids:
        return True
    if facts.scope_kind not in consent.kinds:
        return False
    if consent.date_from and facts.day < consent.date_from:
        return False
    return not (consent.date_to and facts.day > consent.date_to)


def _scope_gap(consent: Consent, facts: _Facts) -> str:
    """What the consent's scope lacks for this item, as its form's tick boxes say it."""
    if facts.scope_kind not in consent.kinds:
        ticked = ", ".join(SCOPE_LABELS[k] for k in SCOPE_KINDS if k in consent.kinds)
        covers = f" (it covers: {ticked})" if ticked else ""
        return f"\u201c{SCOPE_LABELS[facts.scope_kind]}\u201d is not ticked on it{covers}"
    since = day_text(consent.date_from) if consent.date_from else "the start"
    until = day_text(consent.date_to) if consent.date_to else "now"
    return f"it covers only what is dated from {since} to {until}"


def _problems(consent: Consent, facts: _Facts, ctx: _Context, person: _Person | None) -> list[str]:
    """Why this consent does not allow this item (empty: it does), most basic first."""
    problems = []
    if person is not None and person.deceased:
        # After death, only the recorded personal representative consents (1.07 w).
        died = person.died_on or date.min
        problem = consent_store.after_death_problem(
            consent, died_on=died, representative=person.representative
        )
        if problem:
            problems.append(problem + _representative_hint(person))
    if consent.signed_on > ctx.today:
        problems.append("is not signed yet")
    if consent.is_revoked_on(ctx.today):
        problems.append("was revoked")
    elif consent.is_expired_on(ctx.today):
        problems.append("has expired")
    if not _names_recipient(consent, ctx.request.recipient):
        problems.append("does not name this recipient")
    if ctx.request.purpose not in consent.purposes:
        problems.append("does not cover this purpose")
    if facts.is_psychotherapy and not consent.is_psychotherapy_authorization:
        problems.append(
            "is not a psychotherapy-notes authorization (psychotherapy notes need their own)"
        )
    elif not _covers(consent, facts):
        problems.append(f"does not cover this {facts.noun}: {_scope_gap(consent, facts)}")
    return problems


def _subject_consent(subject: int, facts: _Facts, ctx: _Context) -> tuple[int | None, str]:
    """(consent id, '') when a consent allows it, else (None, the reason naming the person)."""
    person = ctx.people.get(subject)
    name = person.name if person else "a participant"
    candidates = ctx.consents.get(subject, [])
    best: list[str] | None = None
    for consent in sorted(candidates, key=lambda c: (c.signed_on, c.id), reverse=True):
        problems = _problems(consent, facts, ctx, person)
        if not problems:
            return consent.id, ""
        if best is None or len(problems) < len(best):
            best = problems
    if best is not None:
        return None, f"{name}'s consent {best[0]}."
    if person and person.deceased:
        who = (
            f"{person.representative}, {name}'s personal representative"
            if person.representative
            else f"{name}'s personal representative (none is recorded yet)"
        )
        return None, (
            f"Needs the consent of {who}: {name} has died and is a subject of this {facts.noun}."
        )
    return None, f"Needs {name}'s consent: {name} is a subject of this {facts.noun}."


def _representative_hint(person: _Person) -> str:
    if person.representative:
        return f" (only {person.representative}, the personal representative, can consent now)"
    return " (record the personal representative on the client's page first)"


def _by_consent(facts: _Facts, ctx: _Context, subjects: Sequence[int]) -> ItemDecision:
    """Every listed subject must have a consent that allows this item."""
    ids: list[int] = []
    reasons: list[str] = []
    for subject in subjects:
        consent_id, reason = _subject_consent(subject, facts, ctx)
        if consent_id is None:
            reasons.append(reason)
        else:
            ids.append(consent_id)
    if reasons:
        return _blocked(facts, " ".join(reasons))
    return ItemDecision(
        facts.item,
        "allowed",
        "Allowed: consent given by every subject.",
        facts.subjects,
        "consent",
        tuple(dict.fromkeys(ids)),
    )


def _blocked(facts: _Facts, reason: str) -> ItemDecision:
    return ItemDecision(facts.item, "blocked", reason, facts.subjects)


def _needs(facts: _Facts, reason: str) -> ItemDecision:
    return ItemDecision(facts.item, "needs_action", reason, facts.subjects)


# --- the rules per purpose -----------------------------------------------------------


def _own_request(facts: _Facts, ctx: _Context) -> ItemDecision:
    requester = ctx.request.requester_client_id
    person = ctx.people.get(requester) if requester is not None else None
    if requester is None or person is None:
        return _blocked(facts, "Choose the client who is asking for their records.")
    if ctx.request.requested_by == "client" and person.deceased:
        return _blocked(
            facts,
            f"{person.name} has died: only their personal representative can ask for the "
            "records now.",
        )
    if ctx.request.requested_by == "representative" and not person.representative:
        return _blocked(
            facts, f"No personal representative is recorded for {person.name}; record one first."
        )
    # The copy goes to whoever asked: the client, or their recorded representative. Sent
    # anywhere else it is not "to the individual": that needs the client's authorization.
    receiver = (
        person.representative if ctx.request.requested_by == "representative" else person.name
    )
    if name_key(ctx.request.recipient.name) != name_key(receiver or ""):
        return _blocked(
            facts,
            f"A client's own request goes to {receiver}. To send records to someone else, "
            "use the purpose the client authorized, with their signed consent.",
        )
    if requester not in facts.subjects:
        # Not their own record: a release to them, needing every subject's consent (a wife
        # asking for her husband's individual session waits for *his* consent).
        return _by_consent(facts, ctx, facts.subjects)
    others = [s for s in facts.subjects if s != requester]
    decided = _by_consent(facts, ctx, others)
    if not decided.allowed:
        return decided
    if facts.is_psychotherapy and not ctx.request.psychotherapy_release_decided:
        return _needs(facts, "Decide whether to release psychotherapy notes to the client.")
    return replace(decided, basis="client_request", reason="Allowed: the client's own request.")


def _legal(facts: _Facts, ctx: _Context) -> ItemDecision:
    if (facts.item.kind, facts.item.id) in ctx.order_items:
        return ItemDecision(
            facts.item,
            "allowed",
            "Allowed: the court order names this item.",
            facts.subjects,
            "court_order",
        )
    decided = _by_consent(facts, ctx, facts.subjects)
    if decided.allowed:
        return decided
    if ctx.request.court_order_id is not None:
        return _blocked(facts, f"The court order does not name this {facts.noun}. {decided.reason}")
    if ctx.request.subpoena:
        return _needs(facts, "Object or seek a protective order: a subpoena alone is not enough.")
    return decided


def _emergency(facts: _Facts, ctx: _Context) -> ItemDecision:
    request = ctx.request
    if not request.emergency_attested or not clean_text(request.emergency_justification):
        return _blocked(
            facts,
            "An emergency release needs your attestation of serious, foreseeable and imminent "
            "harm and a written justification.",
        )
    return ItemDecision(
        facts.item,
        "allowed",
        "Allowed for the emergency; the client will need to be informed.",
        facts.subjects,
        "emergency",
    )


def _payment(facts: _Facts, ctx: _Context) -> ItemDecision:
    if facts.is_psychotherapy:
        return _blocked(facts, "Psychotherapy notes are never released to a payer.")
    return _by_consent(facts, ctx, facts.subjects)


def _teaching(facts: _Facts, ctx: _Context) -> ItemDecision:
    if ctx.request.deidentified and facts.item.kind in ("accounting", "audit"):
        # Lists of recipients, dates and actions: nothing is left once de-identified.
        return _blocked(facts, f"An {facts.noun} cannot be de-identified.")
    if ctx.request.deidentified:
        return ItemDecision(
            facts.item,
            "allowed",
            "Allowed as de-identified output only.",
            facts.subjects,
            "deidentified",
        )
    return _by_consent(facts, ctx, facts.subjects)


def _notice(facts: _Facts, ctx: _Context) -> ItemDecision:
    if facts.item.kind != "letter":
        return _blocked(facts, "Only a letter can be sent as a notice.")
    if name_key(facts.addressee or "") != name_key(ctx.request.recipient.name):
        return _blocked(facts, f"This letter is addressed to {facts.addressee}, no one else.")
    return ItemDecision(
        facts.item, "allowed", "Allowed: a notice to its addressee.", facts.subjects, "notice"
    )


def _decide_item(facts: _Facts, ctx: _Context) -> ItemDecision:
    purpose = ctx.request.purpose
    if not facts.subjects:
        # Whose consent is needed is unknown: never read that as "nobody's".
        return _blocked(facts, f"No subject is recorded for this {facts.noun}; record one first.")
    if purpose == "notice" or facts.item.kind == "letter":
        if purpose != "notice":
            return _blocked(facts, "A letter goes only to its addressee, as a notice.")
        decided = _notice(facts, ctx)
    elif purpose == "client_request":
        decided = _own_request(facts, ctx)
    elif purpose == "legal":
        decided = _legal(facts, ctx)
    elif purpose == "emergency":
        decided = _emergency(facts, ctx)
    elif purpose == "payment":
        decided = _payment(facts, ctx)
    elif purpose in ("training", "consultation"):
        decided = _teaching(facts, ctx)
    else:
        decided = _by_consent(facts, ctx, facts.subjects)
    # Only signed notes are part of the record that leaves the practice.
    if decided.allowed and facts.is_draft:
        return _needs(facts, f"Sign this {facts.noun} before releasing it.")
    return decided


def _check_request(request: Request) -> None:
    if not request.items:
        raise DisclosureError("Choose at least one item to release.")
    if len(set(request.items)) != len(request.items):
        raise DisclosureError("An item is listed twice.")
    if any(item.kind not in ITEM_KINDS for item in request.items):
        raise DisclosureError("An item is of an unknown kind.")
    if request.purpose not in PURPOSES:
        raise DisclosureError("Choose the purpose of the disclosure.")
    if request.requested_by not in REQUESTERS:
        raise DisclosureError("Say who is asking for the records.")
    if not clean_text(request.recipient.name):
        raise DisclosureError("Say who receives the records.")
    if len(request.emergency_justification or "") > MAX_JUSTIFICATION:
        raise DisclosureError("The justification is too long.")


def decide(session: VaultSession, request: Request, *, today: date) -> Decision:
    """The decision without an audit entry (`evaluate` audits; `disclose` re-checks)."""
    _check_request(request)
    facts = _load_facts(session, request.items, today)
    subjects = {s for f in facts.values() for s in f.subjects}
    people = _load_people(
        session,
        [*subjects, *([request.requester_client_id] if request.requester_client_id else [])],
    )
    order_items: set[tuple[str, int]] = set()
    if request.purpose == "legal" and request.court_order_id is not None:
        order_items = court_orders.order_items(session, request.court_order_id)
    ctx = _Context(
        request,
        today,
        people,
        consent_store.consents_for(session, sorted(subjects)),
        order_items,
    )
    decided: list[ItemDecision] = []
    for item in request.items:
        item_facts = facts.get(item)
        if item_facts is None:
            decided.append(ItemDecision(item, "blocked", "This item no longer exists."))
        elif request.purpose == "client_request" and request.requested_by not in (
            "client",
            "representative",
        ):
            decided.append(
                _blocked(
                    item_facts,
                    "Only the client or their personal representative can ask for the "
                    "client's own records.",
                )
            )
        else:
            decided.append(_decide_item(item_facts, ctx))
    counts = {
        status: sum(d.status == status for d in decided)
        for status in ("allowed", "blocked", "needs_action")
    }
    return Decision(request, tuple(decided), today, counts)


def evaluate(
    session: VaultSession, request: Request, *, today: date, client_id: int | None = None
) -> Decision:
    """Decide every item of `request`; reads only, and audits the counts (never names),
    filed under `client_id` (whose records are asked for) or else the one subject."""
    decision = decide(session, request, today=today)
    subjects = sorted({s for d in decision.items for s in d.subjects})
    if client_id is None:
        client_id = subjects[0] if len(subjects) == 1 else request.requester_client_id
    session.record(
        "disclosure_evaluated",
        client_id,
        items=len(decision.items),
        clients=subjects,
        **decision.counts,
    )
    return decision


# --- disclose ------------------------------------------------------------------------


# A mixed release is recorded under its most exceptional basis.
_BASIS_ORDER: Final[tuple[Basis, ...]] = (
    "emergency",
    "court_order",
    "client_request",
    "consent",
    "notice",
    "deidentified",
)


def _basis(decision: Decision) -> Basis:
    bases = {d.basis for d in decision.items}
    for basis in _BASIS_ORDER:
        if basis in bases:
            return basis
    raise DisclosureError("The decision gives no basis for this disclosure.")


def disclose(
    session: VaultSession,
    request: Request,
    decision: Decision,
    *,
    write_output: Callable[[], None] | None = None,
    discard_output: Callable[[], None] | None = None,
    client_informed: bool,
    not_informed_reason: str | None = None,
    output_texts: Sequence[str] | None = None,
) -> int:
    """Record the disclosure, its items, follow-ups and audit entry, and write the output,
    all in one transaction; returns the disclosure id. See the module doc for the contract.

    Refuses unless `decision` is for exactly `request` and every item is allowed: the
    caller narrows the request to the allowed items (minimum necessary) and evaluates it.
    A de-identified release also hands over `output_texts`, every text it writes, and is
    refused if any still holds what de-identification removes (a name the vault knows, a
    date, a town, a number): no caller can record raw text as de-identified, and so leave
    it off the accounting.
    """
    if decision.request != request:
        raise DisclosureError("This decision is for another request: check the items again.")
    if not decision.all_allowed:
        raise DisclosureError(
            "Only allowed items can be released: remove the blocked items and those that "
            "need an action first."
        )
    if any(d.basis == "deidentified" for d in decision.items) and (
        output_texts is None or known_names.still_identifying(session, output_texts)
    ):
        raise DisclosureError(
            "The text still identifies someone: run the de-identification again and review "
            "it before releasing."
        )
    reason = clean_text(not_informed_reason)
    if not client_informed and not reason:
        raise DisclosureError("Say why the client was not informed before the disclosure.")
    today = decision.evaluated_on
    basis = _basis(decision)
    written = False
    disclosure_id: int | None = None
    try:
        with session.transaction():
            # Nothing may have changed since the check (a revocation acts at once).
            fresh = decide(session, request, today=today)
            if fresh.items != decision.items:
                raise DisclosureError(
                    "Something changed since the check (a consent or an item): check again."
                )
            disclosure_id = _insert(
                session, request, decision, basis, today, client_informed, reason
            )
            if write_output is not None:
                write_output()
                written = True
    except BaseException:
        if written and discard_output is not None and not _exists(session, disclosure_id):
            discard_output()
        raise
    return disclosure_id


def _exists(session: VaultSession, disclosure_id: int | None) -> bool:
    """Whether the record was committed (a failure after COMMIT must keep the output)."""
    try:
        return disclosure_id is not None and bool(
            session.db.scalar("SELECT 1 FROM disclosures WHERE id = ?", (disclosure_id,))
        )
    except Exception:  # the vault may be unusable now: assume nothing was committed
        return False


def _insert(
    session: VaultSession,
    request: Request,
    decision: Decision,
    basis: Basis,
    today: date,
    client_informed: bool,
    not_informed_reason: str | None,
) -> int:
    exclusion = EXCLUSIONS.get(basis)
    recipient = request.recipient
    disclosure_id = session.db.execute_returning_id(
        "INSERT INTO disclosures (disclosed_on, recipient_name, recipient_organisation, "
        "recipient_address, purpose, requested_by, basis, court_order_id, emergency_attested, "
        "emergency_justification, client_informed, not_informed_reason, accounting_excluded, "
        "exclusion_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            iso(today),
            clean_text(recipient.name),
            clean_text(recipient.organisation),
            clean_text(recipient.address),
            request.purpose,
            request.requested_by,
            basis,
            request.court_order_id if basis == "court_order" else None,
            int(basis == "emergency"),
            clean_text(request.emergency_justification) if basis == "emergency" else None,
            int(client_informed),
            None if client_informed else not_informed_reason,
            int(exclusion is not None),
            exclusion,
            now_utc(),
        ),
    )
    rows = [
        (disclosure_id, d.item.kind, d.item.id, subject)
        for d in decision.items
        for subject in dict.fromkeys(d.subjects)
    ]
    session.db.executemany(
        "INSERT INTO disclosure_items (disclosure_id, item_kind, item_id, client_id) "
        "VALUES (?, ?, ?, ?)",
        rows,
    )
    consent_ids = sorted({c for d in decision.items for c in d.consent_ids})
    session.db.executemany(
        "INSERT INTO disclosure_consents (disclosure_id, consent_id) VALUES (?, ?)",
        [(disclosure_id, c) for c in consent_ids],
    )
    clients = sorted({subject for *_, subject in rows})
    followups = 0
    if basis == "emergency" or (not client_informed and basis != "deidentified"):
        code = "inform_client_emergency" if basis == "emergency" else "inform_client"
        session.db.executemany(
            "INSERT INTO followups (client_id, due_on, reason, disclosure_id, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(c, iso(today), code, disclosure_id, now_utc()) for c in clients],
        )
        followups = len(clients)
    session.record(
        "disclosure_made",
        clients[0] if len(clients) == 1 else None,
        disclosure=disclosure_id,
        purpose=request.purpose,
        basis=basis,
        items=len(decision.items),
        clients=clients,
        consents=consent_ids,
        followups=followups,
        client_informed=client_informed,
    )
    return disclosure_id
