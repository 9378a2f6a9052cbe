"""Subpoenas (NASW 1.07 j): a subpoena alone never releases anything.

    response_id = record_response(session, client_id, issued_by="...", received_on=date(...),
                                  response="object", note="...", items=3, today=date(...))
    responses_for(session, client_id) -> [SubpoenaResponse]

The gate answers a subpoena without consent or a court order with `needs_action`
("object or seek a protective order"); the release dialog records which, here. Nothing is
disclosed by recording a response; a later court order (`court_orders`) allows what it
names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from recordsafe.disclosure._common import refused_by_schema
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.records import directory
from recordsafe.records._common import clean_text, iso, now_utc, parse_day
from recordsafe.vault import VaultSession

Response = Literal["object", "protective_order"]
RESPONSES: Final[dict[str, str]] = {
    "object": "Object to the subpoena",
    "protective_order": "Seek a protective order",
}
MAX_NOTE: Final = 2000


@dataclass(frozen=True)
class SubpoenaResponse:
    id: int
    client_id: int
    received_on: date
    issued_by: str
    response: Response
    responded_on: date
    note: str
    items: int

    @property
    def label(self) -> str:
        return RESPONSES[self.response]


def record_response(
    session: VaultSession,
    client_id: int,
    *,
    issued_by: str,
    received_on: date,
    response: Response,
    note: str = "",
    items: int = 0,
    today: date,
) -> int:
    """Keep the practice's answer to a subpoena; audited (ids and the response code only)."""
    # A custodian answering legal process after closure objects too (not clinical content).
    if response not in RESPONSES:
        raise DisclosureError("Choose: object, or seek a protective order.")
    who = clean_text(" ".join((issued_by or "").split()))
    if not who:
        raise DisclosureError("Say who issued the subpoena.")
    if received_on > today:
        raise DisclosureError("The subpoena's date is in the future.")
    if len(note) > MAX_NOTE:
        raise DisclosureError("The note is too long.")
    if not directory.exists(session, client_id):
        raise DisclosureError("The client this subpoena concerns no longer exists.")
    with session.transaction(), refused_by_schema("The subpoena response is incomplete."):
        response_id = session.db.execute_returning_id(
            "INSERT INTO subpoena_responses (client_id, received_on, issued_by, response, "
            "responded_on, note, items, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                client_id,
                iso(received_on),
                who,
                response,
                iso(today),
                note.strip(),
                max(0, int(items)),
                now_utc(),
            ),
        )
        session.record(
            "subpoena_answered", client_id, subpoena=response_id, response=response, items=items
        )
    return response_id


def responses_for(session: VaultSession, client_id: int) -> list[SubpoenaResponse]:
    return [
        SubpoenaResponse(
            int(r[0]),
            int(r[1]),
            parse_day(r[2]) or date.min,
            str(r[3]),
            r[4],
            parse_day(r[5]) or date.min,
            str(r[6]),
            int(r[7]),
        )
        for r in session.db.execute(
            "SELECT id, client_id, received_on, issued_by, response, responded_on, note, items "
            "FROM subpoena_responses WHERE client_id = ? ORDER BY received_on DESC, id DESC",
            (client_id,),
        )
    ]
