"""Follow-ups the gate creates: inform the client of a disclosure (NASW 1.07 c-d).

open_followups(session, today=date(...)) -> [Followup]   (due first)
complete(session, followup_id, on=date(...))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from recordsafe.disclosure.errors import DisclosureError
from recordsafe.records._common import iso, parse_day
from recordsafe.vault import VaultSession

REASONS: Final[dict[str, str]] = {
    "inform_client": "Inform the client of a disclosure",
    "inform_client_emergency": "Inform the client of an emergency disclosure",
}


@dataclass(frozen=True)
class Followup:
    id: int
    client_id: int
    due_on: date
    reason: str
    disclosure_id: int | None
    done_on: date | None

    @property
    def label(self) -> str:
        return REASONS.get(self.reason, self.reason)


def _followups(session: VaultSession, where: str, params: tuple[object, ...]) -> list[Followup]:
    return [
        Followup(
            int(r[0]), int(r[1]), parse_day(r[2]) or date.min, str(r[3]), r[4], parse_day(r[5])
        )
        for r in session.db.execute(
            "SELECT id, client_id, due_on, reason, disclosure_id, done_on FROM followups "  # noqa: S608
            f"WHERE {where} ORDER BY due_on, id",
            params,
        )
    ]


def open_followups(session: VaultSession) -> list[Followup]:
    return _followups(session, "done_on IS NULL", ())


def client_followups(session: VaultSession, client_id: int) -> list[Followup]:
    return _followups(session, "client_id = ?", (client_id,))


def complete(session: VaultSession, followup_id: int, *, on: date) -> None:
    rows = _followups(session, "id = ?", (followup_id,))
    if not rows:
        raise DisclosureError("That follow-up no longer exists.")
    if rows[0].done_on is not None:
        raise DisclosureError("That follow-up is already done.")
    with session.transaction():
        session.db.execute("UPDATE followups SET done_on = ? WHERE id = ?", (iso(on), followup_id))
        session.record("followup_done", rows[0].client_id, followup=followup_id)
