"""Requests with clocks: a client's own records (164.524) and an accounting (164.528).

    request_id = receive(session, client_id, "own_records", received_on=date(...))
    extend(session, request_id, reason="...", on=date(...))    # once, +30 days, in writing
    releases_since(session, request)   -> [DisclosureFacts]      (what can have answered it)
    items_released(session, ids)       -> {id: {item kind: count}}   (what each one held)
    answers(request, release, held)    -> bool      (a release to the client of that kind)
    fulfil(session, request_id, on=date(...), disclosure_id=...)   # the release that did
    fulfil(session, request_id, on=date(...), no_release_reason="...")   # or why none
    due_list(session, today=date(...))   -> [RecordRequest]     (open, soonest first)

Own records are due in 30 days, an accounting in 60. Either may be extended once by 30
days with a written reason given before the original due date (164.524(b)(2)(iii),
164.528(c)(1)(ii)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from recordsafe.disclosure import history
from recordsafe.disclosure._common import add_days
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.history import DisclosureFacts
from recordsafe.records import directory
from recordsafe.records._common import clean_text, iso, now_utc, parse_day
from recordsafe.vault import VaultSession

RequestKind = Literal["own_records", "accounting"]
DAYS_TO_ANSWER: Final[dict[str, int]] = {"own_records": 30, "accounting": 60}
EXTENSION_DAYS: Final = 30
MAX_REASON: Final = 2000


@dataclass(frozen=True)
class RecordRequest:
    id: int
    client_id: int
    kind: RequestKind
    received_on: date
    due_on: date
    extended_to: date | None
    extension_reason: str | None
    fulfilled_on: date | None
    disclosure_id: int | None = None  # the release that answered it
    no_release_reason: str | None = None  # or why nothing was released

    @property
    def deadline(self) -> date:
        return self.extended_to or self.due_on

    def is_overdue(self, today: date) -> bool:
        return self.fulfilled_on is None and today > self.deadline

    def days_left(self, today: date) -> int:
        return (self.deadline - today).days


_COLUMNS: Final = (
    "id, client_id, kind, received_on, due_on, extended_to, extension_reason, fulfilled_on, "
    "disclosure_id, no_release_reason"
)


def _request(row: tuple[object, ...]) -> RecordRequest:
    return RecordRequest(
        id=int(str(row[0])),
        client_id=int(str(row[1])),
        kind=str(row[2]),  # type: ignore[arg-type]
        received_on=parse_day(row[3]) or date.min,
        due_on=parse_day(row[4]) or date.min,
        extended_to=parse_day(row[5]),
        extension_reason=None if row[6] is None else str(row[6]),
        fulfilled_on=parse_day(row[7]),
        disclosure_id=None if row[8] is None else int(str(row[8])),
        no_release_reason=None if row[9] is None else str(row[9]),
    )


def get_request(session: VaultSession, request_id: int) -> RecordRequest:
    rows = session.db.execute(
        f"SELECT {_COLUMNS} FROM record_requests WHERE id = ?",  # noqa: S608
        (request_id,),
    )
    if not rows:
        raise DisclosureError("That request no longer exists.")
    return _request(rows[0])


def receive(
    session: VaultSession, client_id: int, kind: RequestKind, *, received_on: date, today: date
) -> int:
    """Log a request as received; its clock starts on `received_on`."""
    if kind not in DAYS_TO_ANSWER:
        raise DisclosureError("Unknown kind of request.")
    if received_on > today:
        raise DisclosureError("The request's date is in the future.")
    if not directory.exists(session, client_id):
        raise DisclosureError("That client no longer exists.")
    due = add_days(received_on, DAYS_TO_ANSWER[kind])
    stamp = now_utc()
    with session.transaction():
        request_id = session.db.execute_returning_id(
            "INSERT INTO record_requests (client_id, kind, received_on, due_on, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            (client_id, kind, iso(received_on), iso(due), stamp, stamp),
        )
        session.record("record_request_received", client_id, request=request_id, kind=kind)
    return request_id


def extend(session: VaultSession, request_id: int, *, reason: str, on: date) -> date:
    """The one 30-day extension, with the written reason given to the client; new deadline."""
    request = get_request(session, request_id)
    text = clean_text(reason)
    if not text:
        raise DisclosureError("An extension needs a written reason for the client.")
    if len(text) > MAX_REASON:
        raise DisclosureError("The reason for the extension is too long.")
    if request.fulfilled_on is not None:
        raise DisclosureError("This request is already fulfilled.")
    if request.extended_to is not None:
        raise DisclosureError("This request was already extended once; only one is allowed.")
    if on > request.due_on:
        raise DisclosureError("An extension must be given before the original due date.")
    new_due = add_days(request.due_on, EXTENSION_DAYS)
    with session.transaction():
        session.db.execute(
            "UPDATE record_requests SET extended_to = ?, extension_reason = ?, updated_at = ? "
            "WHERE id = ?",
            (iso(new_due), text, now_utc(), request_id),
        )
        session.record("record_request_extended", request.client_id, request=request_id)
    return new_due


def releases_since(session: VaultSession, request: RecordRequest) -> list[DisclosureFacts]:
    """The client's releases from the day the request came, newest first: what can have
    answered it (a copy of their records, or their accounting, released to them)."""
    return history.about_client(session, request.client_id, since=request.received_on)


def items_released(session: VaultSession, disclosure_ids: list[int]) -> dict[int, dict[str, int]]:
    """How many items of each kind each release held (no content): what an entry in the
    fulfilment's list says it released."""
    held: dict[int, dict[str, int]] = {one: {} for one in disclosure_ids}
    if not disclosure_ids:
        return held
    marks = ", ".join("?" * len(disclosure_ids))
    for disclosure_id, kind, count in session.db.execute(
        "SELECT disclosure_id, item_kind, count(DISTINCT item_id) FROM disclosure_items "  # noqa: S608
        f"WHERE disclosure_id IN ({marks}) GROUP BY disclosure_id, item_kind",
        tuple(disclosure_ids),
    ):
        held[int(disclosure_id)][str(kind)] = int(count)
    return held


def answers(request: RecordRequest, release: DisclosureFacts, held: dict[str, int]) -> bool:
    """Whether the release is the kind that answers the request: released at the
    client's request, holding their accounting (an accounting request) or their records
    (a request for their own records; an accounting alone is not a copy of them)."""
    if release.purpose != "client_request":
        return False
    if request.kind == "accounting":
        return "accounting" in held
    return any(kind != "accounting" for kind in held)


def fulfil(
    session: VaultSession,
    request_id: int,
    *,
    on: date,
    disclosure_id: int | None = None,
    no_release_reason: str | None = None,
) -> None:
    """Answered on `on`: by the release `disclosure_id`, or nothing released and why."""
    request = get_request(session, request_id)
    if request.fulfilled_on is not None:
        raise DisclosureError("This request is already fulfilled.")
    if on < request.received_on:
        raise DisclosureError("A request cannot be fulfilled before it was received.")
    reason = clean_text(no_release_reason)
    if (disclosure_id is None) == (reason is None):
        raise DisclosureError(
            "Say which release answered the request, or why nothing was released."
        )
    if reason is not None and len(reason) > MAX_REASON:
        raise DisclosureError("The reason nothing was released is too long.")
    if disclosure_id is not None and disclosure_id not in {
        r.id for r in releases_since(session, request)
    }:
        raise DisclosureError("That release is not one of this client's since the request came.")
    with session.transaction():
        session.db.execute(
            "UPDATE record_requests SET fulfilled_on = ?, disclosure_id = ?, "
            "no_release_reason = ?, updated_at = ? WHERE id = ?",
            (iso(on), disclosure_id, reason, now_utc(), request_id),
        )
        session.record(
            "record_request_fulfilled",
            request.client_id,
            request=request_id,
            disclosure=disclosure_id,
            late=on > request.deadline,
        )


def due_list(session: VaultSession, *, today: date) -> list[RecordRequest]:
    """Open requests, the nearest deadline first (overdue ones lead)."""
    del today  # the deadline order does not depend on it; kept for the callers' symmetry
    rows = session.db.execute(
        f"SELECT {_COLUMNS} FROM record_requests WHERE fulfilled_on IS NULL",  # noqa: S608
    )
    return sorted((_request(r) for r in rows), key=lambda r: (r.deadline, r.id))
