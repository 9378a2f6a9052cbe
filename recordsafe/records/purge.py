"""Removing a client's clinical record, for destruction (closure/destruction.py).

Destruction runs these inside its one transaction, in the order the foreign keys need
(closure/destruction.py says the order). Signed notes can be deleted only while
destruction's authority row for their case exists (a trigger checks it): nothing here
works outside a destruction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from recordsafe.records._common import name_key, placeholders
from recordsafe.vault import VaultSession


def remove_case_notes(session: VaultSession, case_ids: Sequence[int]) -> None:
    """The cases' notes (signed too), their subjects, addenda first."""
    if not case_ids:
        return
    marks = placeholders(len(case_ids))
    session.db.execute(
        "DELETE FROM note_subjects WHERE note_id IN "  # noqa: S608
        f"(SELECT id FROM notes WHERE case_id IN ({marks}))",
        case_ids,
    )
    # Addenda first: they point at the note they correct.
    session.db.execute(
        f"DELETE FROM notes WHERE case_id IN ({marks}) AND addendum_of IS NOT NULL",  # noqa: S608
        case_ids,
    )
    session.db.execute(f"DELETE FROM notes WHERE case_id IN ({marks})", case_ids)  # noqa: S608


def remove_cases(session: VaultSession, case_ids: Sequence[int]) -> None:
    """The cases and their participants (their notes are gone by now)."""
    if not case_ids:
        return
    marks = placeholders(len(case_ids))
    session.db.execute(
        f"DELETE FROM case_participants WHERE case_id IN ({marks})",  # noqa: S608
        case_ids,
    )
    session.db.execute(f"DELETE FROM cases WHERE id IN ({marks})", case_ids)  # noqa: S608


def count_documents(session: VaultSession, client_id: int, *, keep: Collection[int]) -> int:
    """How many of the client's documents `remove_client_details` would remove."""
    return sum(
        1
        for (doc_id,) in session.db.execute(
            "SELECT id FROM documents WHERE client_id = ?", (client_id,)
        )
        if int(doc_id) not in keep
    )


def remove_client_details(session: VaultSession, client_id: int, *, keep: Collection[int]) -> None:
    """The client's documents (except those in `keep`), intake records and optional fields."""
    session.db.executemany(
        "DELETE FROM documents WHERE id = ?",
        [
            (int(doc_id),)
            for (doc_id,) in session.db.execute(
                "SELECT id FROM documents WHERE client_id = ?", (client_id,)
            )
            if int(doc_id) not in keep
        ],
    )
    session.db.execute("DELETE FROM intake_records WHERE client_id = ?", (client_id,))
    session.db.execute("DELETE FROM client_field_values WHERE client_id = ?", (client_id,))


def tombstone_client(
    session: VaultSession, client_id: int, *, name: str, closed_on: str, stamp: str
) -> None:
    """Keep the client row (kept records still name its number) with nothing identifying."""
    session.db.execute(
        "UPDATE clients SET name = ?, name_key = ?, contact = NULL, dob = NULL, "
        "representative_name = NULL, representative_authority = NULL, "
        "status = CASE status WHEN 'active' THEN 'closed' ELSE status END, "
        "closed_on = coalesce(closed_on, ?), updated_at = ? WHERE id = ?",
        (name, name_key(name), closed_on, stamp, client_id),
    )


def delete_client(session: VaultSession, client_id: int) -> None:
    session.db.execute("DELETE FROM clients WHERE id = ?", (client_id,))


def compact_search_index(session: VaultSession) -> None:
    """FTS5 deletes by adding "delete" markers: the destroyed words would stay in older
    index segments until a merge. 'optimize' rewrites each index without them."""
    for table in ("notes_fts", "clients_fts"):
        session.db.execute(
            f"INSERT INTO {table} ({table}) VALUES ('optimize')"  # noqa: S608 (fixed names)
        )
