"""What destruction (closure/destruction.py) asks of the disclosure records.

Disclosure records, the consents and court orders they rest on, record requests and
follow-ups are kept (the accounting of 164.528, six years and more); what goes is each
link to a destroyed note or case, and letters other than breach notices.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from recordsafe.records._common import id_chunks, placeholders
from recordsafe.vault import VaultSession

# A breach notice's letter is part of the breach register, kept six years whatever
# retention says (164.530(j)); breach/notices.py writes letters of this kind.
KEPT_LETTER_KINDS: Final = ("breach_notice",)


def consent_form_documents(session: VaultSession, client_id: int) -> set[int]:
    """The client's scanned consent forms: kept with their consent (164.530(j))."""
    return {
        int(r[0])
        for r in session.db.execute(
            "SELECT form_document_id FROM consents WHERE client_id = ? "
            "AND form_document_id IS NOT NULL",
            (client_id,),
        )
    }


def open_requests(session: VaultSession, client_id: int) -> list[tuple[int, str, str]]:
    """(id, kind, received on) of the client's requests not yet answered."""
    return [
        (int(r[0]), str(r[1]), str(r[2]))
        for r in session.db.execute(
            "SELECT id, kind, received_on FROM record_requests WHERE client_id = ? "
            "AND fulfilled_on IS NULL ORDER BY id",
            (client_id,),
        )
    ]


def forget_notes(session: VaultSession, note_ids: Sequence[int]) -> None:
    """Before the notes are deleted: consents and court orders stop naming them.

    One statement per table for each chunk of ids (a client's record can hold hundreds of
    notes); consent_notes_by_note finds the consents' links without a scan."""
    for chunk in id_chunks(note_ids):
        marks = placeholders(len(chunk))
        session.db.execute(f"DELETE FROM consent_notes WHERE note_id IN ({marks})", chunk)  # noqa: S608
        session.db.execute(
            "DELETE FROM court_order_items "  # noqa: S608
            f"WHERE item_kind = 'note' AND item_id IN ({marks})",
            chunk,
        )


def detach_cases(session: VaultSession, case_ids: Sequence[int]) -> None:
    """Before the cases are deleted: a kept court order no longer points at them."""
    if case_ids:
        session.db.execute(
            "UPDATE court_orders SET case_id = NULL "  # noqa: S608
            f"WHERE case_id IN ({placeholders(len(case_ids))})",
            list(case_ids),
        )


def remove_letters(session: VaultSession, client_id: int) -> None:
    """The client's letters (closure notices and the like), breach notices excepted."""
    session.db.execute(
        "DELETE FROM letters WHERE client_id = ? "  # noqa: S608
        f"AND kind NOT IN ({placeholders(len(KEPT_LETTER_KINDS))})",
        (client_id, *KEPT_LETTER_KINDS),
    )
