"""The accounting of disclosures (HIPAA 164.528): what left the vault about a client.

    accounting_for(session, client_id, today=date(...)) -> [AccountingEntry]
    where_recorded(session, disclosure_id) -> str   (in the accounting, or why not, in words)

Six-year window: disclosures made on or after the same day six years ago. Every
disclosure is kept in the vault for ever (the schema refuses deletion); the exclusions of
164.528(a)(1) (to the client, under an authorization, not PHI) are *marked* here, and
`accountable` is what the printed accounting for the client lists. Reading it is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

from recordsafe.disclosure import court_orders
from recordsafe.disclosure._common import PURPOSES, add_years
from recordsafe.outputs.pdf_layout import long_date
from recordsafe.records import directory
from recordsafe.records._common import iso, parse_day
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
    what: str  # "Progress note of", "Summary of the record" (no content)
    on: date | None = None  # the note's (document's, letter's) day, after `what`

    @property
    def description(self) -> str:
        """'Progress note of 4 March 2025': the long date the client's accounting uses."""
        return self.described(long_date)

    def described(self, day: Callable[[date], str]) -> str:
        """With the day written by `day` (a window writes its one date format)."""
        return f"{self.what} {day(self.on)}" if self.on is not None else self.what


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
    cited_order: court_orders.Citation | None = None  # the same, its day kept apart

    def purpose_described(self, day: Callable[[date], str]) -> str:
        """The purpose, with the court order cited and its day written by `day` (a window
        writes its one date format; `purpose_label` is the PDF's long form)."""
        purpose = PURPOSES.get(self.purpose, self.purpose)
        if self.cited_order is None:
            return purpose
        return f"{purpose} (court order: {self.cited_order.text(day)})"

    @property
    def accountable(self) -> bool:
        return not self.excluded

    @property
    def exclusion_label(self) -> str | None:
        code = self.exclusion_code
        return EXCLUSION_LABELS.get(code, code) if code else None


# Why an excluded disclosure is not listed, finishing "…not listed in the accounting of
# disclosures, because" (the done page says what is true, not "recorded in the accounting").
EXCLUSION_REASONS: Final[dict[str, str]] = {
    "to_individual": "it went to the client themselves",
    "authorization": "it was made under the client's signed authorization",
    "not_phi": "it was de-identified: it no longer identifies the client",
}


def where_recorded(session: VaultSession, disclosure_id: int) -> str:
    """Where a new disclosure is kept, in words: listed in the accounting the client can
    ask for, or recorded but left out of it and why (164.528(a)(1)); kept either way."""
    code = session.db.scalar(
        "SELECT exclusion_code FROM disclosures WHERE id = ? AND accounting_excluded = 1",
        (disclosure_id,),
    )
    if code is None:
        return "The disclosure is recorded in the accounting of disclosures."
    because = EXCLUSION_REASONS.get(str(code), "HIPAA leaves it out")
    return (
        "The disclosure is recorded; it is not listed in the accounting of disclosures, "
        f"because {because} (HIPAA 164.528(a)(1))."
    )


def window_start(today: date) -> date:
    return add_years(today, -WINDOW_YEARS)


_OTHER_ITEMS: Final = {
    "summary": "Summary of the record",
    "accounting": "Accounting of disclosures",
    "audit": "Audit extract of the record",
}


def _descriptions(
    session: VaultSession, rows: list[tuple[int, str, int, object, object]]
) -> dict[tuple[str, int], DisclosedItem]:
    """What each (kind, id) was, in words without content: notes and documents in one
    look-up each for all the items (a letter's title and date come with its row)."""
    note = directory.note_facts(session, (i for _, k, i, *_ in rows if k == "note"))
    doc = directory.document_facts(session, (i for _, k, i, *_ in rows if k == "document"))
    said: dict[tuple[str, int], DisclosedItem] = {}
    for _, kind, item_id, title, written_on in rows:
        what, on = _OTHER_ITEMS.get(kind, "Summary of the record"), None
        if kind == "note":
            n = note.get(item_id)
            what, on = (f"{KINDS.get(n.kind, 'Note')} of", n.note_date) if n else ("A note", None)
        elif kind == "document":
            d = doc.get(item_id)
            what, on = ("Document added", d.added_on) if d else ("A document", None)
        elif kind == "letter":
            what = f"Letter “{title}”" if title is not None else "A letter"
            on = parse_day(written_on)
            what += " of" if on is not None else ""
        said[(kind, item_id)] = DisclosedItem(kind, item_id, what, on)
    return said


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
    # Each item of those disclosures, the letters' titles with them: one query, whatever
    # the number of items (the accounting of a long record stays quick).
    listed = [
        (int(r[0]), str(r[1]), int(r[2]), r[3], r[4])
        for r in session.db.execute(
            "SELECT DISTINCT i.disclosure_id, i.item_kind, i.item_id, l.title, l.written_on "
            "FROM disclosure_items i JOIN disclosures d ON d.id = i.disclosure_id "
            "LEFT JOIN letters l ON i.item_kind = 'letter' AND l.id = i.item_id "
            "WHERE i.client_id = ? AND d.disclosed_on >= ? AND d.disclosed_on <= ? "
            "ORDER BY i.disclosure_id, i.item_kind, i.item_id",
            (client_id, iso(window_start(today)), iso(today)),
        )
    ]
    said = _descriptions(session, listed)
    for disclosure_id, kind, item_id, *_ in listed:
        items[disclosure_id].append(said[(kind, item_id)])
    cited = court_orders.citations(session, (int(r[9]) for r in rows if r[9] is not None))
    entries = []
    for r in rows:
        cited_order = cited.get(int(r[9])) if r[9] is not None else None
        order = cited_order.text() if cited_order is not None else None
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
                cited_order=cited_order,
            )
        )
    session.record(
        "accounting_viewed",
        client_id,
        entries=len(entries),
        accountable=sum(e.accountable for e in entries),
    )
    return entries
