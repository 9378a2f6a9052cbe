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


def recent(session: VaultSession, *, limit: int) -> list[DisclosureFacts]:
    """Recorded releases, newest first."""
    return [
        DisclosureFacts(int(r[0]), date.fromisoformat(str(r[1])), str(r[2]), str(r[3]), int(r[4]))
        for r in session.db.execute(
            "SELECT d.id, d.disclosed_on, d.recipient_name, d.purpose, "
            "count(DISTINCT i.client_id) FROM disclosures d "
            "LEFT JOIN disclosure_items i ON i.disclosure_id = d.id "
            "GROUP BY d.id ORDER BY d.disclosed_on DESC, d.id DESC LIMIT ?",
            (limit,),
        )
    ]
