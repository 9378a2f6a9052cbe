"""The unlock check (head and tail, bounded) and the full check right after unlock.

With a tail of 3 entries, every tampering of tests/audit/test_chain_tamper.py is still
found: the head and numbering ones at unlock, the rest by `full_chain_check`, which
`report_chain_findings` then keeps in the session and records in the audit log.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from recordsafe.audit import chain
from recordsafe.vault import VaultSession
from recordsafe.vault import session as session_module
from tests.audit.conftest import ENTRIES
from tests.audit.test_chain_tamper import CASES
from tests.vault.helpers import raw_db, reopen

TAIL = 3
# Tampering at or near the head: seen by the unlock check itself.
SEEN_AT_UNLOCK = {
    "edit-and-rehash",
    "truncate",
    "truncate-and-rehash",
}


class CountingDb:
    """A raw connection that counts the audit rows it hands out."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.rows = 0

    def execute(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        rows = list(self.conn.execute(sql, params).fetchall())
        if "FROM audit_log WHERE seq >" in sql:
            self.rows += len(rows)
        return rows


@pytest.fixture
def small_tail(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chain, "UNLOCK_TAIL", TAIL)


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_tampering_is_found_at_unlock_or_right_after(
    filled: tuple[bytes, int, str], vault_path: Path, small_tail: None, case: str
) -> None:
    key, _count, _digest = filled
    damage, expected = CASES[case]
    damage(vault_path, key)

    session = reopen(vault_path)
    try:
        at_unlock = bool(session.integrity_findings)
        assert at_unlock == (case in SEEN_AT_UNLOCK), session.integrity_findings
        full = session.full_chain_check()()  # as the worker thread runs it
        new = session.report_chain_findings(full)
        assert any(expected in f for f in session.integrity_findings), (full, new)
        if not at_unlock:
            assert new and any(expected in f for f in new)
            details = [e.detail for e in chain.query(session.db, action="integrity_problem")]
            assert {"findings": len(new), "check": "full_chain"} in details
        assert not session.verify().ok
    finally:
        session.lock()


def test_an_intact_vault_has_no_findings_either_way(
    filled: tuple[bytes, int, str], vault_path: Path, small_tail: None
) -> None:
    session = reopen(vault_path)
    try:
        assert session.integrity_findings == []
        assert session.full_chain_check()() == []
        assert session.report_chain_findings([]) == []
        assert chain.query(session.db, action="integrity_problem") == []
    finally:
        session.lock()


def test_the_unlock_check_reads_only_the_tail(
    filled: tuple[bytes, int, str], vault_path: Path
) -> None:
    key, count, digest = filled
    assert count > ENTRIES
    with raw_db(vault_path, key) as conn:
        db = CountingDb(conn)
        assert chain.check_at_unlock(db, count, digest, tail=TAIL) == []
        assert db.rows == TAIL  # the entries after the anchor, up to the head
        db.rows = 0
        assert chain.verify(db, count, digest) == []
        assert db.rows == count


def test_the_full_check_runs_on_another_thread_and_zeroes_its_key(
    session: VaultSession,
) -> None:
    for i in range(20):
        session.record("client_viewed", client_id=i)
    check = session.full_chain_check()
    key_cell = next(
        c.cell_contents for c in check.__closure__ or () if isinstance(c.cell_contents, bytearray)
    )
    assert any(key_cell)
    found: list[list[str]] = []
    worker = threading.Thread(target=lambda: found.append(check()))
    worker.start()
    session.record("client_viewed", client_id=99)  # the session keeps working meanwhile
    worker.join()
    assert found == [[]]
    assert not any(key_cell)
    assert session.verify().ok


def test_lock_stops_a_running_full_check(
    session: VaultSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lock (and key rotation) stop the check and wait for its connection to close: it
    must not outlive the vault.db it reads (see `stop_background_readers`)."""
    for i in range(10):
        session.record("client_viewed", client_id=i)
    monkeypatch.setattr(chain, "STOP_EVERY", 1)
    started, go = threading.Event(), threading.Event()
    real_verify = chain.verify

    def held_verify(*args: Any, **kwargs: Any) -> list[str]:
        started.set()
        go.wait(10)
        return real_verify(*args, **kwargs)

    monkeypatch.setattr(chain, "verify", held_verify)
    check = session.full_chain_check()
    found: list[list[str]] = []
    worker = threading.Thread(target=lambda: found.append(check()))
    worker.start()
    assert started.wait(10)
    session._stop_readers = True  # what stop_background_readers sets first
    go.set()
    worker.join(10)
    assert found == [[]]  # stopped after one entry, no finding
    session.lock()  # the readers' lock is free: lock does not wait
    assert not session.is_open


def test_a_check_started_after_lock_reads_nothing(
    session: VaultSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check still queued when the vault locks never opens vault.db."""
    check = session.full_chain_check()
    session.lock()
    opened: list[object] = []
    monkeypatch.setattr(session_module, "Database", lambda *a, **k: opened.append(a))
    assert check() == []
    assert opened == []
