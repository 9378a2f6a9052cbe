"""Online searches about a client (NASW 1.07 p-q): recorded only with a compelling
professional reason and the client's consent to searching they rest on; refused otherwise.

    search_consents(session, client_id) -> [Consent]   (those that name online searching)
    search_id = record_search(session, client_id, searched_on=date(...),
                              reason="...", consent_id=..., today=date(...))
    list_searches(session, client_id) -> [OnlineSearch]

Only a consent whose purposes include "Searching online about the client" counts: a
consent to release records to a doctor says nothing about searching for the client. After
the client's death the gate's rule applies (`consents.after_death_problem`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from recordsafe.disclosure import consents
from recordsafe.disclosure._common import CONSENT_PURPOSES, ONLINE_SEARCH
from recordsafe.disclosure.consents import Consent
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.records._common import clean_text, iso, now_utc, parse_day
from recordsafe.vault import VaultSession

MAX_REASON: Final = 2000
SEARCH_PURPOSE_LABEL: Final = CONSENT_PURPOSES[ONLINE_SEARCH]


@dataclass(frozen=True)
class OnlineSearch:
    id: int
    client_id: int
    searched_on: date
    reason: str
    consent_id: int


def covers_searching(consent: Consent) -> bool:
    return ONLINE_SEARCH in consent.purposes


def search_consents(session: VaultSession, client_id: int) -> list[Consent]:
    """The client's consents that name online searching, valid or not (oldest first)."""
    return [c for c in consents.list_consents(session, client_id) if covers_searching(c)]


def consent_problem(session: VaultSession, consent: Consent, day: date) -> str | None:
    """Why this consent does not allow a search on `day` (None: it does), in plain words."""
    if not covers_searching(consent):
        return (
            "That consent does not cover searching online about the client: record one with "
            f"the purpose '{SEARCH_PURPOSE_LABEL}'."
        )
    if not consent.is_valid_on(day):
        return "That consent was not valid on the day of the search."
    died_on, representative = consents.death_facts(session, consent.client_id)
    if consents.after_death_problem(consent, died_on=died_on, representative=representative):
        return (
            "After the client's death only their personal representative's consent counts, "
            "and that consent is not one."
        )
    return None


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
        raise DisclosureError(
            "An online search needs the client's consent to searching; record it first."
        )
    if searched_on > today:
        raise DisclosureError("The search's date is in the future.")
    consent = consents.get_consent(session, consent_id)
    if consent.client_id != client_id:
        raise DisclosureError("That consent is not about this client.")
    problem = consent_problem(session, consent, searched_on)
    if problem:
        raise DisclosureError(problem)
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
