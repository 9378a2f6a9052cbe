"""create_backup: the file, its members, the snapshot, the audit entry, its failures."""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import os
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from recordsafe.vault import (
    TEST_PARAMS,
    StorageError,
    VaultError,
    VaultSession,
    open_vault,
)
from recordsafe.vault.backup import (
    LAST_BACKUP_KEY,
    create_backup,
    read_manifest,
    verify_backup,
)
from tests.backup.helpers import audit, fill, members, rows
from tests.conftest import PASSPHRASE

NOW = datetime(2026, 3, 14, 9, 26, 53, tzinfo=UTC)


def local_stamp(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y%m%d-%H%M")


def test_backup_file_is_named_after_vault_and_time(filled: VaultSession, backup_dir: Path) -> None:
    first = create_backup(filled, backup_dir, now=NOW)
    second = create_backup(filled, backup_dir, now=NOW)
    third = create_backup(filled, backup_dir, now=NOW)
    stem = f"Practice-{local_stamp(NOW)}"
    assert [first.name, second.name, third.name] == [
        f"{stem}.rsbackup",
        f"{stem}-2.rsbackup",
        f"{stem}-3.rsbackup",
    ]
    # Nothing else is left in the folder: no snapshot, no partial zip.
    assert sorted(p.name for p in backup_dir.iterdir()) == sorted(
        p.name for p in (first, second, third)
    )


def test_backup_is_a_stored_zip_with_summed_members(filled: VaultSession, backup_dir: Path) -> None:
    key_file = (filled.folder / "keyslots.json").read_bytes()
    backup_file = create_backup(filled, backup_dir)
    with zipfile.ZipFile(backup_file) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["vault.db", "keyslots.json", "manifest.json"]
        assert all(i.compress_type == zipfile.ZIP_STORED for i in infos)
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read("keyslots.json") == key_file
        database = archive.read("vault.db")
    assert manifest["format"] == "recordsafe-backup"
    assert manifest["version"] == 1
    assert manifest["vault_id"] == filled.vault_id
    assert manifest["schema_version"] >= 1
    assert manifest["app_version"]
    assert manifest["created_at"].endswith("Z")
    files = members(backup_file)
    for name in ("vault.db", "keyslots.json"):
        assert manifest["files"][name] == {
            "size": len(files[name]),
            "sha256": hashlib.sha256(files[name]).hexdigest(),
        }
    # An encrypted snapshot: no SQLite header, no readable row text.
    assert not database.startswith(b"SQLite format 3")
    assert b"row 7" not in database
    assert b"Harbour" not in database
    assert read_manifest(backup_file).vault_id == filled.vault_id


def test_backup_is_recorded_with_file_name_only(filled: VaultSession, backup_dir: Path) -> None:
    made = create_backup(filled, backup_dir, now=NOW)
    entries = [(action, json.loads(detail)) for _seq, action, detail, _hash in audit(filled)]
    assert ("backup_created", {"file": made.name}) in entries
    assert str(backup_dir) not in json.dumps(entries)
    assert filled.get_setting(LAST_BACKUP_KEY) == "2026-03-14T09:26:53Z"
    assert filled.verify().ok


def test_progress_runs_from_zero_to_total(filled: VaultSession, backup_dir: Path) -> None:
    seen: list[tuple[int, int]] = []
    create_backup(filled, backup_dir, progress=lambda done, total: seen.append((done, total)))
    assert seen[0][0] == 0
    assert seen[-1][0] == seen[-1][1] > 0
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))
    assert len({total for _done, total in seen}) == 1


def test_backup_holds_rows_still_in_the_wal(
    filled: VaultSession, backup_dir: Path, tmp_path: Path
) -> None:
    """Committed rows not yet checkpointed into vault.db are in the snapshot."""
    filled.db.checkpoint()
    fill(filled, 500, start=1000)
    wal = filled.folder / "vault.db-wal"
    assert wal.stat().st_size > 0, "the rows must still be in the WAL for this test to mean much"
    expected = rows(filled)
    made = create_backup(filled, backup_dir)
    restored_db = members(made)["vault.db"]
    raw_copy = (filled.folder / "vault.db").read_bytes()
    assert restored_db != raw_copy
    # Unpack just the snapshot beside its key file and open it as a vault.
    copy = tmp_path / "Copy.rsvault"
    copy.mkdir()
    for name, data in members(made).items():
        if name != "manifest.json":
            (copy / name).write_bytes(data)
    reopened = open_vault(copy, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert rows(reopened) == expected
        assert len(expected) == 550
    finally:
        reopened.lock()


def test_locked_session_is_refused(created: Any, backup_dir: Path) -> None:
    created.session.lock()
    with pytest.raises(VaultError, match="locked"):
        create_backup(created.session, backup_dir)
    assert not list(backup_dir.iterdir())


def test_missing_folder_is_a_plain_storage_error(filled: VaultSession, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        create_backup(filled, tmp_path / "gone" / "Backups")


def test_backup_inside_the_vault_folder_is_refused(filled: VaultSession) -> None:
    inside = filled.folder / "backups-here"
    inside.mkdir()
    with pytest.raises(VaultError, match="outside the vault folder"):
        create_backup(filled, inside)
    assert not list(inside.iterdir())


# --- failure injection ------------------------------------------------------------------


def failing_after(
    real: Callable[..., Any], calls: int, code: int, *, once: bool = False
) -> Callable[..., Any]:
    """`real`, except that call number `calls` (0-based) and later (or only it) fail."""
    count = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count > calls and not (once and count > calls + 1):
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return wrapper


def counting(real: Callable[..., Any], counter: list[int]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        counter.append(1)
        return real(*args, **kwargs)

    return wrapper


def assert_vault_unaffected(session: VaultSession, before_rows: list[Any]) -> None:
    assert session.is_open
    assert rows(session) == before_rows
    assert session.verify().ok
    session.record("still_works")
    folder = session.folder
    session.lock()
    again = open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert again.integrity_findings == []
        assert again.verify().ok
        assert rows(again) == before_rows
    finally:
        again.lock()


def assert_no_partial_backup(folder: Path, session: VaultSession) -> None:
    """Either nothing at all, or (failure after the audit commit) one complete, recorded file."""
    left = sorted(folder.iterdir())
    if not left:
        return
    assert len(left) == 1 and left[0].suffix == ".rsbackup", left
    recorded = [json.loads(d)["file"] for _s, a, d, _h in audit(session) if a == "backup_created"]
    assert left[0].name in recorded
    assert verify_backup(left[0], PASSPHRASE).ok


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_write_failure_at_each_os_write(
    filled: VaultSession,
    backup_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
) -> None:
    real_write = os.write
    calls: list[int] = []
    probe = tmp_path / "probe"
    probe.mkdir()
    monkeypatch.setattr(os, "write", counting(real_write, calls))
    create_backup(filled, probe)
    monkeypatch.setattr(os, "write", real_write)
    assert len(calls) >= 2
    before = rows(filled)
    for failing_call in range(len(calls)):
        monkeypatch.setattr(os, "write", failing_after(real_write, failing_call, code))
        try:
            create_backup(filled, backup_dir)
        except StorageError as exc:
            assert "Could not" in exc.message
            assert "Traceback" not in exc.message
        else:  # pragma: no cover - every write was asked to fail
            pytest.fail(f"write {failing_call} failed but create_backup succeeded")
        finally:
            monkeypatch.setattr(os, "write", real_write)
        assert_no_partial_backup(backup_dir, filled)
        for leftover in backup_dir.iterdir():
            leftover.unlink()
    assert_vault_unaffected(filled, before)


def test_disk_full_message_is_plain(
    filled: VaultSession, backup_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "write", failing_after(os.write, 0, errno.ENOSPC))
    with pytest.raises(StorageError, match="the disk is full"):
        create_backup(filled, backup_dir)
    monkeypatch.undo()
    assert not list(backup_dir.iterdir())


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EROFS])
def test_rename_failure_leaves_nothing(
    filled: VaultSession, backup_dir: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    before = rows(filled)
    monkeypatch.setattr(os, "replace", failing_after(os.replace, 0, code))
    with pytest.raises(StorageError):
        create_backup(filled, backup_dir)
    monkeypatch.undo()
    assert not list(backup_dir.iterdir())
    assert filled.get_setting(LAST_BACKUP_KEY) is None
    assert "backup_created" not in [a for _s, a, _d, _h in audit(filled)]
    assert_vault_unaffected(filled, before)


def test_fsync_failure_leaves_nothing(
    filled: VaultSession, backup_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = rows(filled)
    monkeypatch.setattr(os, "fsync", failing_after(os.fsync, 0, errno.EIO))
    with pytest.raises(StorageError, match="input/output error"):
        create_backup(filled, backup_dir)
    monkeypatch.undo()
    assert not list(backup_dir.iterdir())
    assert_vault_unaffected(filled, before)


@pytest.mark.parametrize("method", ["writestr", "close"])
def test_zipfile_write_failure_leaves_nothing(
    filled: VaultSession, backup_dir: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    before = rows(filled)
    monkeypatch.setattr(
        zipfile.ZipFile,
        method,
        failing_after(getattr(zipfile.ZipFile, method), 0, errno.ENOSPC, once=True),
    )
    with pytest.raises(StorageError, match="the disk is full"):
        create_backup(filled, backup_dir)
    monkeypatch.undo()
    assert not list(backup_dir.iterdir())
    assert_vault_unaffected(filled, before)


def test_failed_audit_commit_removes_the_backup(
    filled: VaultSession, backup_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup that could not be recorded must not exist: every copy is accounted for."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise StorageError("The disk is full. Free some space; nothing was saved.")

    monkeypatch.setattr(filled, "set_setting", refuse)
    with pytest.raises(StorageError):
        create_backup(filled, backup_dir)
    monkeypatch.undo()
    assert not list(backup_dir.iterdir())
    assert "backup_created" not in [a for _s, a, _d, _h in audit(filled)]
