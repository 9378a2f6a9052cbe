"""The accounting of disclosures (HIPAA 164.528): what left the vault about a client.

    accounting_for(session, client_id, today=date(...)) -> [AccountingEntry]

Six-year window: disclosures made on or after the same day six years ago. Every
disclosure is kept in the vault for ever (the schema refuses deletion); the exclusions of
164.528(a)(1) (to the client, under an authorization, not PHI) are *marked* here, and
`accountable` is what the printed accounting for the client lists. Reading it is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from recordsafe.disclosure import court_orders
from recordsafe.disclosure._common import PURPOSES, add_years
from recordsafe.records import directory
from recordsafe.records._common import iso, placeholders
from recordsafe.records.notes import KINDS
from recordsafe.vault import VaultSession

WINDOW_YEARS: Final = 6
EXCLUSION_LABELS: Final[dict[str, str]] = {
    "to_individual": "Disclosed to the client",
    "authorization": "Disclosed under the client's authorization",
    "not_phi": "De-identified information",
}


@dataclass(frozen=True)
class DisclosedItem:
    kind: str  # note, document, summary, letter, accounting, audit
    id: int
    description: str  # "Progress note of 2025-03-04" (no content)


@dataclass(frozen=True)
class AccountingEntry:
    disclosure_id: int
    disclosed_on: date
    recipient_name: str
    recipient_organisation: str | None
    recipient_address: str | None
    purpose: str
    purpose_label: str
    basis: str
    items: tuple[DisclosedItem, ...]
    excluded: bool
    exclusion_code: str | None
    court_order: str | None = None  # the order a court-ordered release rests on, cited

    @property
    def accountable(self) -> bool:
        return not self.excluded

    @property
    def exclusion_label(self) -> str | None:
        code = self.exclusion_code
        return EXCLUSION_LABELS.get(code, code) if code else None


def window_start(today: date) -> date:
    return add_years(today, -WINDOW_YEARS)


_OTHER_ITEMS: Final = {
    "summary": "Summary of the record",
    "accounting": "Accounting of disclosures",
    "audit": "Audit extract of the record",
}


def _describe(session: VaultSession, kind: str, item_id: int) -> str:
    if kind == "note":
        note = directory.note_facts(session, [item_id]).get(item_id)
        return (
            f"{KINDS.get(note.kind, 'Note')} of {note.note_date.isoformat()}" if note else "A note"
        )
    if kind == "document":
        doc = directory.document_facts(session, [item_id]).get(item_id)
        return f"Document added {doc.added_on.isoformat()}" if doc else "A document"
    if kind == "letter":
        row = session.db.execute("SELECT title, written_on FROM letters WHERE id = ?", (item_id,))
        return f"Letter “{row[0][0]}” of {row[0][1]}" if row else "A letter"
    return _OTHER_ITEMS.get(kind, "Summary of the record")


def accounting_for(session: VaultSession, client_id: int, *, today: date) -> list[AccountingEntry]:
    """Every disclosure about this client in the last six years, oldest first."""
    rows = session.db.execute(
        "SELECT d.id, d.disclosed_on, d.recipient_name, d.recipient_organisation, "
        "d.recipient_address, d.purpose, d.basis, d.accounting_excluded, d.exclusion_code, "
        "d.court_order_id "
        "FROM disclosures d WHERE d.disclosed_on >= ? AND d.disclosed_on <= ? AND d.id IN "
        "(SELECT disclosure_id FROM disclosure_items WHERE client_id = ?) "
        "ORDER BY d.disclosed_on, d.id",
        (iso(window_start(today)), iso(today), client_id),
    )
    items: dict[int, list[DisclosedItem]] = {int(r[0]): [] for r in rows}
    if items:
        ids = list(items)
        for disclosure_id, kind, item_id in session.db.execute(
            "SELECT DISTINCT disclosure_id, item_kind, item_id FROM disclosure_items "  # noqa: S608
            f"WHERE client_id = ? AND disclosure_id IN ({placeholders(len(ids))}) "
            "ORDER BY disclosure_id, item_kind, item_id",
            (client_id, *ids),
        ):
            items[int(disclosure_id)].append(
                DisclosedItem(str(kind), int(item_id), _describe(session, str(kind), int(item_id)))
            )
    entries = []
    for r in rows:
        order = court_orders.citation(session, int(r[9])) if r[9] is not None else None
        purpose = PURPOSES.get(str(r[5]), str(r[5]))
        entries.append(
            AccountingEntry(
                disclosure_id=int(r[0]),
                disclosed_on=date.fromisoformat(str(r[1])),
                recipient_name=str(r[2]),
                recipient_organisation=r[3],
                recipient_address=r[4],
                purpose=str(r[5]),
                purpose_label=f"{purpose} (court order: {order})" if order else purpose,
                basis=str(r[6]),
                items=tuple(items[int(r[0])]),
                excluded=bool(r[7]),
                exclusion_code=r[8],
                court_order=order,
            )
        )
    session.record(
        "accounting_viewed",
        client_id,
        entries=len(entries),
        accountable=sum(e.accountable for e in entries),
    )
    return entries
