"""Edge cases: the full schema (FTS included) survives, odd names, pending heads, leftovers."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from recordsafe.vault import TEST_PARAMS, VaultSession, create_vault, open_vault
from recordsafe.vault.backup import (
    STALE_SECONDS,
    create_backup,
    prune_backups,
    restore_backup,
    verify_backup,
)
from tests.conftest import PASSPHRASE

BACKUP_RECORDS = {"last_backup_at", "last_backup_file"}


def dump(session: VaultSession) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (FTS shadow tables included), audit log aside."""
    names = [
        str(row[0])
        for row in session.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name != 'audit_log' ORDER BY name"
        )
    ]
    return {name: sorted(session.db.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names}  # noqa: S608


def test_demo_practice_round_trip_with_search_index(
    session: VaultSession, backup_dir: Path, tmp_path: Path
) -> None:
    demo_data = pytest.importorskip("recordsafe.records.demo_data")
    demo_data.populate(session, "small", seed=3)
    before = dump(session)
    fts = [
        str(r[0])
        for r in session.db.execute(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"
        )
    ]
    queries = {
        name: session.db.execute(
            f'SELECT rowid FROM "{name}" WHERE "{name}" MATCH \'session\' ORDER BY rowid'  # noqa: S608
        )
        for name in fts
    }
    assert any(queries.values()), "the search index must hold something to compare"
    file = create_backup(session, backup_dir)
    session.lock()
    assert verify_backup(file, PASSPHRASE).ok
    target = tmp_path / "Restored.rsvault"
    restore_backup(file, target, PASSPHRASE)
    restored = open_vault(target, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        # A restored vault records when and from where its backup came; the rest is equal.
        after = dump(restored)
        after["meta"] = [r for r in after["meta"] if r[0] not in BACKUP_RECORDS]
        assert after == before
        assert sum(len(rows) for rows in before.values()) > 1000
        for name, expected in queries.items():
            got = restored.db.execute(
                f'SELECT rowid FROM "{name}" WHERE "{name}" MATCH \'session\' ORDER BY rowid'  # noqa: S608
            )
            assert got == expected
        assert restored.verify().ok
    finally:
        restored.lock()


def test_odd_vault_names(tmp_path: Path) -> None:
    backups = tmp_path / "Backups [*]"
    backups.mkdir()
    name = "Dr. O'Brien [2026] *practice* é"
    made = create_vault(tmp_path / f"{name}.rsvault", PASSPHRASE, kdf=TEST_PARAMS)
    try:
        files = [create_backup(made.session, backups) for _ in range(3)]
        assert all(f.name.startswith(f"{name}-") for f in files)
        assert len(prune_backups(backups, name, keep=1)) == 2
        assert verify_backup(files[-1], PASSPHRASE).ok
    finally:
        made.session.lock()


def test_backup_while_the_key_file_head_is_pending(session: VaultSession, backup_dir: Path) -> None:
    """Inside `bulk()` the key file's head lags the log; the backup must still verify."""
    with session.bulk():
        for i in range(5):
            session.record("client_viewed", client_id=i)
        file = create_backup(session, backup_dir)
    assert verify_backup(file, PASSPHRASE).ok


def test_stale_leftovers_of_a_crash_are_swept(session: VaultSession, backup_dir: Path) -> None:
    old = time.time() - STALE_SECONDS - 60
    stale = [
        backup_dir / ".Practice.snapshot-aaaa.db",
        backup_dir / ".Practice.snapshot-aaaa.db-journal",
        backup_dir / ".Practice.partial-aaaa.rsbackup",
    ]
    young = backup_dir / ".Practice.partial-bbbb.rsbackup"
    unrelated = backup_dir / ".Other.partial-cccc.rsbackup"
    for path in (*stale, young, unrelated):
        path.write_bytes(b"encrypted leftovers")
        os.utime(path, (old, old))
    os.utime(young, None)
    create_backup(session, backup_dir)
    assert not any(p.exists() for p in stale)
    assert young.exists() and unrelated.exists()


def test_restore_into_a_new_parent_folder(
    backup_dir: Path, session: VaultSession, tmp_path: Path
) -> None:
    file = create_backup(session, backup_dir)
    target = tmp_path / "a" / "b" / "Practice.rsvault"
    restore_backup(file, target, PASSPHRASE)
    open_vault(target, PASSPHRASE, kdf=TEST_PARAMS).lock()


def test_stale_restore_staging_is_swept(
    backup_dir: Path, session: VaultSession, tmp_path: Path
) -> None:
    file = create_backup(session, backup_dir)
    target = tmp_path / "New.rsvault"
    leftover = tmp_path / ".New.rsvault.restoring-dead"
    leftover.mkdir()
    (leftover / "vault.db").write_bytes(b"half")
    old = time.time() - STALE_SECONDS - 60
    os.utime(leftover, (old, old))
    restore_backup(file, target, PASSPHRASE)
    assert not leftover.exists()
