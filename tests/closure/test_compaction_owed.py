"""A destruction whose compaction fails afterwards (a full disk during VACUUM) is still a
destruction: the record is gone and reported so; the compaction is owed, and the next
unlock (or destruction) does it (issue 14)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from recordsafe.closure import destruction, retention
from recordsafe.vault import StorageError, VaultSession, open_vault
from recordsafe.vault.database import Database
from tests.closure.conftest import TODAY, Practice
from tests.conftest import PASSPHRASE

RULE = retention.RetentionRule(years=7)
FULL_DISK = "The disk is full. Free some space; nothing was saved."


def vacuum_fails_once(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fault: the disk fills up during the next VACUUM (and only that one)."""
    real = db.execute
    failed: list[bool] = []

    def execute(sql: str, params: Any = ()) -> Any:
        if sql == "VACUUM" and not failed:
            failed.append(True)
            raise StorageError(FULL_DISK)
        return real(sql, params)

    monkeypatch.setattr(db, "execute", execute)


def test_a_failed_compaction_is_not_a_failed_destruction(
    practice: Practice, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    s, ada = practice.session, practice.clients["ada"]
    retention.set_rule(s, RULE, today=TODAY)
    vacuum_fails_once(s.db, monkeypatch)
    with caplog.at_level(logging.WARNING):
        entry = destruction.destroy(s, ada, typed_name="Ada Wren", today=TODAY)
    assert entry.client_name == "Ada Wren"
    assert s.db.scalar("SELECT count(*) FROM clients WHERE id = ?", (ada,)) == 0
    assert destruction.destruction_log(s) == [entry]
    assert s.owes(destruction.COMPACTION)
    assert "StorageError" in caplog.text and "Ada" not in caplog.text
    assert destruction.compact_if_owed(s)
    assert not s.owes(destruction.COMPACTION)
    assert not destruction.compact_if_owed(s)  # nothing owed: nothing done
    assert s.verify().ok


def test_what_is_owed_survives_a_lock(
    practice: Practice, monkeypatch: pytest.MonkeyPatch, vault_path: Path
) -> None:
    s = practice.session
    retention.set_rule(s, RULE, today=TODAY)
    vacuum_fails_once(s.db, monkeypatch)
    destruction.destroy(s, practice.clients["ada"], typed_name="Ada Wren", today=TODAY)
    s.lock()
    reopened = open_vault(vault_path, PASSPHRASE)
    try:
        assert reopened.owes(destruction.COMPACTION)
        assert destruction.compact_if_owed(reopened)
        assert not reopened.owes(destruction.COMPACTION)
    finally:
        reopened.lock()


def test_a_compaction_that_succeeds_leaves_nothing_owed(practice: Practice) -> None:
    s = practice.session
    retention.set_rule(s, RULE, today=TODAY)
    destruction.destroy(s, practice.clients["ada"], typed_name="Ada Wren", today=TODAY)
    assert not s.owes(destruction.COMPACTION)


def test_owing_is_not_audited(session: VaultSession) -> None:
    before = session.db.scalar("SELECT count(*) FROM audit_log")
    session.owe("compaction")
    session.paid("compaction")
    assert session.db.scalar("SELECT count(*) FROM audit_log") == before
