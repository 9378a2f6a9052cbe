"""Rotation (prune_backups), the reminder (backup_due) and the backup folder setting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from recordsafe.vault import TEST_PARAMS, VaultError, VaultSession, create_vault, open_vault
from recordsafe.vault.backup import (
    backup_due,
    create_backup,
    get_backup_dir,
    last_backup_at,
    prune_backups,
    read_manifest,
    set_backup_dir,
)
from tests.conftest import PASSPHRASE

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def make_backups(session: VaultSession, folder: Path, count: int, hours: int = 0) -> list[Path]:
    return [
        create_backup(session, folder, now=START + timedelta(days=i, hours=hours))
        for i in range(count)
    ]


@pytest.fixture
def twin(tmp_path: Path) -> Iterator[VaultSession]:
    """Another vault with the same name (a second practice folder, or a re-created vault)."""
    made = create_vault(tmp_path / "elsewhere" / "Practice.rsvault", PASSPHRASE, kdf=TEST_PARAMS)
    yield made.session
    made.session.lock()


def test_prune_keeps_the_newest_of_this_vault(
    session: VaultSession, twin: VaultSession, backup_dir: Path
) -> None:
    mine = make_backups(session, backup_dir, 13)
    theirs = make_backups(twin, backup_dir, 4, hours=1)
    (backup_dir / "notes.txt").write_text("not a backup")
    removed = prune_backups(backup_dir, session.vault_id, keep=10)
    assert removed == mine[:3]
    left = sorted(p for p in backup_dir.iterdir() if p.suffix == ".rsbackup")
    assert left == sorted(mine[3:] + theirs)
    assert (backup_dir / "notes.txt").exists()
    assert prune_backups(backup_dir, session.vault_id, keep=10) == []


def test_prune_by_name_never_mixes_two_vaults(
    session: VaultSession, twin: VaultSession, backup_dir: Path
) -> None:
    mine = make_backups(session, backup_dir, 5)
    theirs = make_backups(twin, backup_dir, 5, hours=1)
    assert all(p.name.startswith("Practice-") for p in mine + theirs)
    removed = prune_backups(backup_dir, "Practice", keep=2)
    assert sorted(removed) == sorted(mine[:3] + theirs[:3])
    for kept in (*mine[3:], *theirs[3:]):
        assert kept.exists()
    # Another name matches nothing.
    assert prune_backups(backup_dir, "Prac", keep=1) == []


def test_prune_trusts_the_manifest_not_the_name(
    session: VaultSession, twin: VaultSession, backup_dir: Path
) -> None:
    mine = make_backups(session, backup_dir, 3)
    disguised = make_backups(twin, backup_dir, 1, hours=5)[0]
    # A file of the other vault renamed to look like the oldest of ours.
    fake = disguised.rename(backup_dir / "Practice-20200101-0000.rsbackup")
    # Our newest renamed to look old: its manifest says it is the newest, so it stays.
    newest = mine[-1].rename(backup_dir / "Practice-20200101-0001.rsbackup")
    removed = prune_backups(backup_dir, session.vault_id, keep=1)
    assert sorted(removed) == sorted(mine[:2])
    assert fake.exists() and newest.exists()
    assert read_manifest(fake).vault_id == twin.vault_id


def test_damaged_backups_are_never_pruned(session: VaultSession, backup_dir: Path) -> None:
    make_backups(session, backup_dir, 3)
    broken = backup_dir / "Practice-20000101-0000.rsbackup"
    broken.write_bytes(b"PK\x03\x04 half a zip")
    (backup_dir / "Practice-20000101-0001.rsbackup").mkdir()
    prune_backups(backup_dir, "Practice", keep=1)
    prune_backups(backup_dir, session.vault_id, keep=1)
    assert broken.exists()
    assert len([p for p in backup_dir.iterdir() if p.is_file()]) == 2


def test_prune_keeps_at_least_one(session: VaultSession, backup_dir: Path) -> None:
    with pytest.raises(ValueError):
        prune_backups(backup_dir, session.vault_id, keep=0)


def test_backup_due(session: VaultSession, backup_dir: Path) -> None:
    assert last_backup_at(session) is None
    assert backup_due(session, now=START)
    create_backup(session, backup_dir, now=START)
    assert last_backup_at(session) == START
    assert not backup_due(session, now=START + timedelta(days=6, hours=23))
    assert backup_due(session, now=START + timedelta(days=7))
    assert not backup_due(session, days=30, now=START + timedelta(days=29))
    assert backup_due(session, days=1, now=START + timedelta(days=1))
    # A last backup "in the future": the clock was wrong; remind rather than stay silent.
    assert backup_due(session, now=START - timedelta(days=3))
    session.set_setting("last_backup_at", "garbage")
    assert backup_due(session, now=START)


def test_backup_due_survives_reopening(session: VaultSession, backup_dir: Path) -> None:
    create_backup(session, backup_dir)
    folder = session.folder
    session.lock()
    again = open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert not backup_due(again)
    finally:
        again.lock()


def test_backup_dir_setting(session: VaultSession, backup_dir: Path) -> None:
    assert get_backup_dir(session) is None
    set_backup_dir(session, backup_dir)
    assert get_backup_dir(session) == backup_dir
    with pytest.raises(VaultError, match="outside the vault folder"):
        set_backup_dir(session, session.folder / "backups")
    assert get_backup_dir(session) == backup_dir
    folder = session.folder
    session.lock()
    again = open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert get_backup_dir(again) == backup_dir
        set_backup_dir(again, None)
        assert get_backup_dir(again) is None
    finally:
        again.lock()


def test_relative_backup_dir_is_made_absolute(
    session: VaultSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    set_backup_dir(session, Path("Backups"))
    assert get_backup_dir(session) == tmp_path / "Backups"
