"""Tampering with the audit log through the raw key: every kind is reported, in plain
words naming the entry, by chain.verify, session.verify() and the next unlock."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from recordsafe.audit import chain
from recordsafe.vault import VaultSession
from tests.audit.conftest import ENTRIES
from tests.vault.helpers import raw_db, reopen


def tamper(folder: Path, key: bytes, *statements: str) -> None:
    """Run SQL on vault.db with the append-only triggers dropped, as a keyholder could."""
    with raw_db(folder, key) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        for statement in statements:
            conn.execute(statement)


def rehash_all(folder: Path, key: bytes) -> None:
    """Recompute every hash, as a careful forger would; only the head can catch this."""
    with raw_db(folder, key) as conn:
        rows = conn.execute(
            "SELECT seq, at, actor, action, client_id, detail FROM audit_log ORDER BY seq"
        ).fetchall()
        prev = chain.GENESIS_HASH
        for seq, at, actor, action, client_id, detail in rows:
            prev = chain.entry_hash(prev, seq, at, actor, action, client_id, detail)
            conn.execute("UPDATE audit_log SET hash = ? WHERE seq = ?", (prev, seq))


def verify_raw(folder: Path, key: bytes, count: int, digest: str) -> list[str]:
    class Raw:
        def __init__(self, conn: Any) -> None:
            self.conn = conn

        def execute(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
            return list(self.conn.execute(sql, params).fetchall())

    with raw_db(folder, key) as conn:
        return chain.verify(Raw(conn), count, digest)


CASES: dict[str, tuple[Callable[[Path, bytes], None], str]] = {
    "edit-detail": (
        lambda f, k: tamper(
            f, k, 'UPDATE audit_log SET detail = \'{"reason":"other"}\' WHERE seq = 5'
        ),
        "Audit entry 5 (viewed",
    ),
    "edit-action": (
        lambda f, k: tamper(f, k, "UPDATE audit_log SET action = 'searched' WHERE seq = 4"),
        "Audit entry 4 (searched",
    ),
    "edit-client": (
        lambda f, k: tamper(f, k, "UPDATE audit_log SET client_id = 99 WHERE seq = 6"),
        "Audit entry 6",
    ),
    "delete-middle": (
        lambda f, k: tamper(f, k, "DELETE FROM audit_log WHERE seq = 7"),
        "Audit entry 7 is missing",
    ),
    "delete-first": (
        lambda f, k: tamper(f, k, "DELETE FROM audit_log WHERE seq = 1"),
        "Audit entry 1 is missing",
    ),
    "reorder": (
        lambda f, k: tamper(
            f,
            k,
            "UPDATE audit_log SET seq = -1 WHERE seq = 5",
            "UPDATE audit_log SET seq = 5 WHERE seq = 6",
            "UPDATE audit_log SET seq = 6 WHERE seq = -1",
        ),
        "Audit entry 5",
    ),
    "truncate": (
        lambda f, k: tamper(f, k, "DELETE FROM audit_log WHERE seq > 8"),
        "but the vault last recorded",
    ),
    "edit-and-rehash": (
        lambda f, k: (
            (
                tamper(f, k, "UPDATE audit_log SET client_id = 99 WHERE seq = 6"),
                rehash_all(f, k),
            )
            and None
        ),
        "does not match the one the vault last recorded",
    ),
    "truncate-and-rehash": (
        lambda f, k: (
            (tamper(f, k, "DELETE FROM audit_log WHERE seq > 8"), rehash_all(f, k)) and None
        ),
        "but the vault last recorded",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampering_is_reported(filled: tuple[bytes, int, str], vault_path: Path, case: str) -> None:
    key, count, digest = filled
    assert verify_raw(vault_path, key, count, digest) == []
    damage, expected = CASES[case]
    damage(vault_path, key)

    findings = verify_raw(vault_path, key, count, digest)
    assert findings and any(expected in f for f in findings), findings
    assert all(f.endswith(".") and "Traceback" not in f for f in findings)

    session = reopen(vault_path)
    try:
        assert any(expected in f for f in session.integrity_findings)
        report = session.verify()
        assert not report.ok
        assert report.checks["key file"] == []
        seen = report.checks["audit chain"] + report.checks["found at unlock"]
        assert any(expected in p for p in seen), report.lines()
        assert "found at unlock: FAILED" in report.lines()
        actions = [e.action for e in chain.query(session.db, action="integrity_problem")]
        assert actions == ["integrity_problem"]
    finally:
        session.lock()


def test_an_intact_chain_has_no_findings(filled: tuple[bytes, int, str], vault_path: Path) -> None:
    key, count, digest = filled
    assert count >= ENTRIES
    assert verify_raw(vault_path, key, count, digest) == []
    session = reopen(vault_path)
    try:
        assert session.integrity_findings == []
        assert session.verify().ok
    finally:
        session.lock()


def test_triggers_keep_the_log_append_only(session: VaultSession) -> None:
    session.record("viewed", client_id=1)
    with pytest.raises(Exception, match="append-only"):
        session.db.execute("UPDATE audit_log SET action = 'x' WHERE seq = 1")
    with pytest.raises(Exception, match="append-only"):
        session.db.execute("DELETE FROM audit_log WHERE seq = 1")
    assert session.verify().ok


def test_many_problems_are_capped(filled: tuple[bytes, int, str], vault_path: Path) -> None:
    key, count, digest = filled
    session = reopen(vault_path)
    for i in range(40):
        session.record("viewed", client_id=i)
    key = session.key_for_backup()
    count, digest = chain.last_entry(session.db)
    session.lock()
    tamper(vault_path, key, "UPDATE audit_log SET actor = 'someone'")
    findings = verify_raw(vault_path, key, count, digest)
    assert findings[-1] == "Further problems were not listed."
    assert len(findings) <= 23


def test_entry_hash_is_stable() -> None:
    """The bytes docs/vault-format.md documents; a change here breaks every vault."""
    digest = chain.entry_hash(
        chain.GENESIS_HASH,
        1,
        "2026-01-01T00:00:00.000000Z",
        "practitioner",
        "vault_created",
        None,
        '{"format":1}',
    )
    body = (
        '[1,"2026-01-01T00:00:00.000000Z","practitioner","vault_created",null,"{\\"format\\":1}"]'
    )
    assert digest == hashlib.sha256(f"{'0' * 64}|{body}".encode()).hexdigest()


def test_query_by_client(session: VaultSession) -> None:
    session.record("viewed", client_id=3)
    assert [e.client_id for e in chain.query(session.db, client_id=3)] == [3]
