"""Court orders (NASW 1.07 j): a court order allows the items it names, nothing more.

    order_id = record_court_order(session, client_id, court="...", ordered_on=date(...),
                                  scope="...", items=[("note", 12), ("document", 3)])
    order_items(session, order_id) -> {("note", 12), ...}
    citation(session, order_id) -> "County Court, 3 May 2025: “what it says”"
    citations(session, [order_id, ...]) -> {order_id: Citation, ...}   (.text(day) per reader)

A subpoena is not a court order and is never recorded here: the gate answers a
subpoena with "object or seek a protective order".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from recordsafe.disclosure._common import COURT_ORDER_KINDS, ItemKind, refused_by_schema
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.outputs.pdf_layout import long_date
from recordsafe.records import directory
from recordsafe.records._common import clean_text, id_chunks, iso, now_utc, placeholders
from recordsafe.vault import VaultSession


def record_court_order(
    session: VaultSession,
    client_id: int,
    *,
    court: str,
    ordered_on: date,
    items: Sequence[tuple[ItemKind, int]],
    scope: str = "",
    case_id: int | None = None,
    today: date,
) -> int:
    """Store an order and the items it names (minimum necessary: never 'the whole record')."""
    # Not clinical content: a custodian answering legal process after closure records it too.
    if not clean_text(court):
        raise DisclosureError("The court order does not say which court made it.")
    if ordered_on > today:
        raise DisclosureError("The court order's date is in the future.")
    if not items:
        raise DisclosureError("The court order does not name any item to release.")
    if any(kind not in COURT_ORDER_KINDS for kind, _ in items) or len(set(items)) != len(items):
        raise DisclosureError("The court order names an unknown or repeated item.")
    if not directory.exists(session, client_id):
        raise DisclosureError("The client this order concerns no longer exists.")
    if not all(_is_about(session, client_id, kind, item_id) for kind, item_id in items):
        raise DisclosureError("An item named in the court order is not about this client.")
    with session.transaction(), refused_by_schema("The court order is incomplete."):
        order_id = session.db.execute_returning_id(
            "INSERT INTO court_orders (client_id, case_id, court, ordered_on, scope, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (client_id, case_id, clean_text(court), iso(ordered_on), scope.strip(), now_utc()),
        )
        session.db.executemany(
            "INSERT INTO court_order_items (court_order_id, item_kind, item_id) VALUES (?, ?, ?)",
            [(order_id, kind, item_id) for kind, item_id in items],
        )
        session.record("court_order_recorded", client_id, court_order=order_id, items=len(items))
    return order_id


def order_items(session: VaultSession, order_id: int) -> set[tuple[str, int]]:
    if session.db.scalar("SELECT 1 FROM court_orders WHERE id = ?", (order_id,)) is None:
        raise DisclosureError("That court order no longer exists.")
    return {
        (str(kind), int(item_id))
        for kind, item_id in session.db.execute(
            "SELECT item_kind, item_id FROM court_order_items WHERE court_order_id = ?",
            (order_id,),
        )
    }


@dataclass(frozen=True)
class Citation:
    """An order as a release cites it, its day kept apart: a PDF writes it long ("20
    November 2026"), a window in its one format ("20 Nov 2026"), each through `day`."""

    court: str
    ordered_on: date
    scope: str | None

    def text(self, day: Callable[[date], str] = long_date) -> str:
        cited = f"{self.court}, {day(self.ordered_on)}"
        return f"{cited}: \u201c{self.scope}\u201d" if self.scope else cited


def citation(session: VaultSession, order_id: int) -> str:
    """The order as a release's cover sheet cites it: court, long date, what it says."""
    cited = citations(session, [order_id])
    if order_id not in cited:
        raise DisclosureError("That court order no longer exists.")
    return cited[order_id].text()


def citations(session: VaultSession, order_ids: Iterable[int]) -> dict[int, Citation]:
    """Each order that exists, one query a chunk (the accounting cites many)."""
    found: dict[int, Citation] = {}
    for chunk in id_chunks(order_ids):
        for order_id, court, ordered_on, scope in session.db.execute(
            "SELECT id, court, ordered_on, scope FROM court_orders "  # noqa: S608
            f"WHERE id IN ({placeholders(len(chunk))})",
            chunk,
        ):
            found[int(order_id)] = Citation(
                str(court), date.fromisoformat(str(ordered_on)), str(scope) if scope else None
            )
    return found


def _is_about(session: VaultSession, client_id: int, kind: str, item_id: int) -> bool:
    if kind == "note":
        note = directory.note_facts(session, [item_id]).get(item_id)
        return note is not None and client_id in note.subjects
    if kind == "document":
        doc = directory.document_facts(session, [item_id]).get(item_id)
        return doc is not None and doc.client_id == client_id
    return item_id == client_id and directory.exists(session, client_id)
