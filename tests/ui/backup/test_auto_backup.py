"""The lock-time backup: one backup and rotation when enabled, plain words otherwise."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from recordsafe.ui.backup.auto_backup import FOLDER_MISSING, maybe_backup_on_lock
from recordsafe.vault import StorageError, VaultSession, backup_policy
from recordsafe.vault.backup import BACKUP_SUFFIX, create_backup, set_backup_dir, verify_backup
from recordsafe.vault.backup_policy import KEEP_KEY, ON_LOCK_KEY
from tests.conftest import PASSPHRASE


def backups(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(BACKUP_SUFFIX))


def test_enabled_makes_one_backup_and_prunes(session: VaultSession, backup_dir: Path) -> None:
    session.set_setting(KEEP_KEY, "3")
    long_ago = datetime.now(UTC) - timedelta(days=30)
    for i in range(4):
        create_backup(session, backup_dir, now=long_ago + timedelta(days=i))
    set_backup_dir(session, backup_dir)
    before = set(backups(backup_dir))

    status = maybe_backup_on_lock(session)

    after = backups(backup_dir)
    [new] = set(after) - before
    assert len(after) == 3
    assert status == f"Backed up automatically to {new.name}."
    assert verify_backup(new, PASSPHRASE).ok


def test_off_does_nothing(session: VaultSession, backup_dir: Path) -> None:
    set_backup_dir(session, backup_dir)
    session.set_setting(ON_LOCK_KEY, "0")
    assert maybe_backup_on_lock(session) is None
    assert backups(backup_dir) == []


def test_no_folder_chosen_does_nothing(session: VaultSession) -> None:
    assert maybe_backup_on_lock(session) is None


def test_missing_drive_is_a_plain_status(session: VaultSession, backup_dir: Path) -> None:
    set_backup_dir(session, backup_dir)
    shutil.rmtree(backup_dir)  # the drive was unplugged
    assert maybe_backup_on_lock(session) == FOLDER_MISSING


def test_a_failed_backup_never_raises(
    session: VaultSession, backup_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_backup_dir(session, backup_dir)

    def full_disk(*_args: object, **_kwargs: object) -> Path:
        raise StorageError("Could not write the backup: the disk is full.")

    monkeypatch.setattr(backup_policy, "create_backup", full_disk)
    status = maybe_backup_on_lock(session)
    assert status == "Automatic backup failed: Could not write the backup: the disk is full."
    assert backups(backup_dir) == []


def test_a_locked_vault_is_skipped(session: VaultSession, backup_dir: Path) -> None:
    set_backup_dir(session, backup_dir)
    session.lock()
    assert maybe_backup_on_lock(session) is None


def test_a_bug_never_raises_either(
    session: VaultSession, backup_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_backup_dir(session, backup_dir)

    def bug(*_args: object, **_kwargs: object) -> Path:
        raise KeyError("client Jane Doe")  # content must not reach the status or the log

    monkeypatch.setattr(backup_policy, "create_backup", bug)
    status = maybe_backup_on_lock(session)
    assert status is not None and "unexpected problem" in status
    assert "Jane" not in status
