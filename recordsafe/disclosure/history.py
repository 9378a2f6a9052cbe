"""Questions other packages ask of the disclosure records (breach: what a lost release held).

Read only; the gate writes these records (disclosure/gate.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recordsafe.vault import VaultSession


@dataclass(frozen=True)
class DisclosureFacts:
    """A recorded release without its content: when, to whom, why, about how many."""

    id: int
    disclosed_on: date
    recipient_name: str
    purpose: str  # the code (see disclosure._common.PURPOSES)
    clients: int


def disclosure_exists(session: VaultSession, disclosure_id: int) -> bool:
    return session.db.scalar("SELECT 1 FROM disclosures WHERE id = ?", (disclosure_id,)) is not None


def clients_in(session: VaultSession, disclosure_id: int) -> list[int]:
    """The clients a release was about, by number."""
    return [
        int(r[0])
        for r in session.db.execute(
            "SELECT DISTINCT client_id FROM disclosure_items WHERE disclosure_id = ? "
            "ORDER BY client_id",
            (disclosure_id,),
        )
    ]


_FACTS = (
    "SELECT d.id, d.disclosed_on, d.recipient_name, d.purpose, "
    "(SELECT count(DISTINCT client_id) FROM disclosure_items WHERE disclosure_id = d.id) "
    "FROM disclosures d"
)
_NEWEST_FIRST = " ORDER BY d.disclosed_on DESC, d.id DESC"


def _facts(rows: list[tuple[object, ...]]) -> list[DisclosureFacts]:
    return [
        DisclosureFacts(
            int(str(r[0])), date.fromisoformat(str(r[1])), str(r[2]), str(r[3]), int(str(r[4]))
        )
        for r in rows
    ]


def recent(session: VaultSession, *, limit: int) -> list[DisclosureFacts]:
    """Recorded releases, newest first."""
    return _facts(session.db.execute(f"{_FACTS}{_NEWEST_FIRST} LIMIT ?", (limit,)))


def about_client(session: VaultSession, client_id: int, *, since: date) -> list[DisclosureFacts]:
    """Releases about the client made on or after `since`, newest first."""
    return _facts(
        session.db.execute(
            f"{_FACTS} WHERE d.disclosed_on >= ? AND d.id IN "  # noqa: S608 (constants)
            f"(SELECT disclosure_id FROM disclosure_items WHERE client_id = ?){_NEWEST_FIRST}",
            (since.isoformat(), client_id),
        )
    )
