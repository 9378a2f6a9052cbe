"""What destruction asks of the disclosure records: links to destroyed notes go, quickly."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pytest

from recordsafe.disclosure import consents, court_orders, purge
from recordsafe.vault import VaultSession
from tests.disclosure.conftest import NOTE_DAY, TODAY, World, give_consent


def _traced(session: VaultSession, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """(statement, parameters) for each statement the database runs from now on."""
    seen: list[tuple[str, Any]] = []
    real_execute, real_many = session.db.execute, session.db.executemany

    def execute(sql: str, params: Any = ()) -> Any:
        seen.append((sql, params))
        return real_execute(sql, params)

    def executemany(sql: str, rows: Iterable[Sequence[Any]]) -> None:
        listed = list(rows)
        seen.extend((sql, row) for row in listed)
        real_many(sql, listed)

    monkeypatch.setattr(session.db, "execute", execute)
    monkeypatch.setattr(session.db, "executemany", executemany)
    return seen


def test_forgetting_notes_is_one_indexed_statement_per_table(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = world.session
    ada = world.clients["ada"]
    doomed = [world.note_id(k) for k in ("ada_progress", "ada_progress_2", "ada_draft")]
    consent_id = give_consent(session, ada, note_ids=doomed[:2])
    kept = give_consent(session, world.clients["mr"], note_ids=[world.note_id("mr_alone")])
    order_id = court_orders.record_court_order(
        session, ada, court="County Court", ordered_on=NOTE_DAY, today=TODAY,
        items=[("note", doomed[0]), ("summary", ada)],
    )  # fmt: skip

    seen = _traced(session, monkeypatch)
    with session.transaction():
        purge.forget_notes(session, doomed)
    monkeypatch.undo()

    # One statement per table for all the notes (a chunk), not one per note.
    assert len(seen) == 2, seen
    assert consents.get_consent(session, consent_id).note_ids == frozenset()
    assert consents.get_consent(session, kept).note_ids == {world.note_id("mr_alone")}
    assert court_orders.order_items(session, order_id) == {("summary", ada)}
    # Each delete from consent_notes finds its rows through the index (no full scan).
    [(sql, params)] = [(s, p) for s, p in seen if "consent_notes" in s]
    plan = " ".join(str(r[3]) for r in session.db.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "consent_notes_by_note" in plan, plan


def test_forgetting_no_notes_runs_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _traced(world.session, monkeypatch)
    purge.forget_notes(world.session, [])
    assert seen == []
