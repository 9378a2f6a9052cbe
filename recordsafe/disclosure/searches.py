"""Online searches about a client (NASW 1.07 p-q): recorded only with a compelling
professional reason and the client's consent they rest on; refused otherwise.

    search_id = record_search(session, client_id, searched_on=date(...),
                              reason="...", consent_id=..., today=date(...))
    list_searches(session, client_id) -> [OnlineSearch]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from recordsafe.disclosure import consents
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.records._common import clean_text, iso, now_utc, parse_day
from recordsafe.vault import VaultSession

MAX_REASON: Final = 2000


@dataclass(frozen=True)
class OnlineSearch:
    id: int
    client_id: int
    searched_on: date
    reason: str
    consent_id: int


def record_search(
    session: VaultSession,
    client_id: int,
    *,
    searched_on: date,
    reason: str | None,
    consent_id: int | None,
    today: date,
) -> int:
    session.require_practitioner("record online searches")
    text = clean_text(reason)
    if not text:
        raise DisclosureError("An online search needs a compelling professional reason.")
    if len(text) > MAX_REASON:
        raise DisclosureError("The reason for the search is too long.")
    if consent_id is None:
        raise DisclosureError("An online search needs the client's consent; record it first.")
    if searched_on > today:
        raise DisclosureError("The search's date is in the future.")
    consent = consents.get_consent(session, consent_id)
    if consent.client_id != client_id:
        raise DisclosureError("That consent is not about this client.")
    if not consent.is_valid_on(searched_on):
        raise DisclosureError("That consent was not valid on the day of the search.")
    with session.transaction():
        search_id = session.db.execute_returning_id(
            "INSERT INTO online_searches (client_id, searched_on, reason, consent_id, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (client_id, iso(searched_on), text, consent_id, now_utc()),
        )
        session.record("online_search_recorded", client_id, search=search_id, consent=consent_id)
    return search_id


def list_searches(session: VaultSession, client_id: int) -> list[OnlineSearch]:
    return [
        OnlineSearch(int(r[0]), int(r[1]), parse_day(r[2]) or date.min, str(r[3]), int(r[4]))
        for r in session.db.execute(
            "SELECT id, client_id, searched_on, reason, consent_id FROM online_searches "
            "WHERE client_id = ? ORDER BY searched_on, id",
            (client_id,),
        )
    ]
