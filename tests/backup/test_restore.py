"""restore_backup: verify first, never overwrite, keep the old vault aside, fail cleanly."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from recordsafe.vault import (
    TEST_PARAMS,
    StorageError,
    VaultDamaged,
    VaultError,
    VaultInUse,
    VaultSession,
    WrongSecret,
    create_vault,
    is_vault_folder,
    open_vault,
)
from recordsafe.vault.backup import create_backup, read_manifest, restore_backup, verify_backup
from tests.backup.helpers import audit, fill, flip, members, rebuilt, rows
from tests.conftest import PASSPHRASE

OTHER_PASSPHRASE = "copper meadow sailing 77 violet"


def reopen(folder: Path, secret: str = PASSPHRASE) -> VaultSession:
    return open_vault(folder, secret, kdf=TEST_PARAMS)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (except lock files, which the OS lock rewrites)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "vault.lock"
    }


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


def test_round_trip(filled: VaultSession, backup_dir: Path, tmp_path: Path) -> None:
    expected_rows = rows(filled)
    expected_chain = audit(filled)
    expected_setting = filled.get_setting("practice_name")
    file = create_backup(filled, backup_dir)
    filled.lock()
    assert verify_backup(file, PASSPHRASE).ok
    target = tmp_path / "Restored" / "Practice.rsvault"
    assert restore_backup(file, target, PASSPHRASE) == target
    assert is_vault_folder(target)
    restored = reopen(target)
    try:
        assert restored.vault_id == filled.vault_id
        assert rows(restored) == expected_rows
        assert restored.get_setting("practice_name") == expected_setting
        chain = audit(restored)
        assert chain[: len(expected_chain)] == expected_chain
        actions = [action for _seq, action, _detail, _hash in chain[len(expected_chain) :]]
        assert "restored_from_backup" in actions
        entry = next(json.loads(d) for _s, a, d, _h in chain if a == "restored_from_backup")
        assert entry == {"backup": file.name, "created_at": read_manifest(file).created_at}
        assert restored.integrity_findings == []
        assert restored.verify().ok
    finally:
        restored.lock()
    # Nothing but the vault is left beside it (no staging folder).
    assert siblings(target) == ["Practice.rsvault"]


def test_restore_into_empty_folder(backup_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "Empty.rsvault"
    target.mkdir()
    restore_backup(backup_file, target, PASSPHRASE)
    reopen(target).lock()


def test_restore_with_recovery_code(created: Any, backup_dir: Path, tmp_path: Path) -> None:
    file = create_backup(created.session, backup_dir)
    target = tmp_path / "R.rsvault"
    restore_backup(file, target, created.recovery_code, kinds=("recovery",))
    reopen(target).lock()


def test_non_empty_target_is_refused(backup_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "Documents"
    target.mkdir()
    (target / "letter.txt").write_text("mine")
    for replace in (False, True):
        with pytest.raises(VaultError, match="not empty") as caught:
            restore_backup(backup_file, target, PASSPHRASE, replace_existing=replace)
        assert "Nothing was restored" in caught.value.message
    assert tree(target) == {"letter.txt": b"mine"}
    assert not any(name.startswith(".Documents") for name in siblings(target))
    a_file = tmp_path / "file.rsvault"
    a_file.write_text("x")
    with pytest.raises(VaultError, match="not empty"):
        restore_backup(backup_file, a_file, PASSPHRASE, replace_existing=True)
    assert a_file.read_text() == "x"


def test_existing_vault_is_kept_unless_replace(
    filled: VaultSession, backup_dir: Path, tmp_path: Path
) -> None:
    file = create_backup(filled, backup_dir)
    other = create_vault(tmp_path / "Other.rsvault", OTHER_PASSPHRASE, kdf=TEST_PARAMS)
    other_id = other.session.vault_id
    fill(other.session, 5)
    other.session.lock()
    target = other.session.folder
    before = tree(target)
    with pytest.raises(VaultError) as caught:
        restore_backup(file, target, PASSPHRASE)
    assert other_id in caught.value.message and filled.vault_id in caught.value.message
    assert tree(target) == before

    restore_backup(file, target, PASSPHRASE, replace_existing=True)
    asides = [p for p in tmp_path.iterdir() if p.name.startswith("Other.rsvault.before-restore-")]
    assert len(asides) == 1
    aside = asides[0]
    assert tree(aside) == before
    kept = reopen(aside, OTHER_PASSPHRASE)
    try:
        assert kept.vault_id == other_id
        assert len(rows(kept)) == 5
    finally:
        kept.lock()
    restored = reopen(target)
    try:
        assert restored.vault_id == filled.vault_id
        entry = next(
            json.loads(d) for _s, a, d, _h in audit(restored) if a == "restored_from_backup"
        )
        assert entry["kept_aside"] == aside.name
    finally:
        restored.lock()


def test_restore_over_the_same_vault(filled: VaultSession, backup_dir: Path) -> None:
    expected = rows(filled)
    file = create_backup(filled, backup_dir)
    fill(filled, 10, start=5000)  # changes made after the backup
    folder = filled.folder
    with pytest.raises(VaultError, match="already holds this vault"):
        restore_backup(file, folder, PASSPHRASE)
    # While it is open it cannot be set aside.
    before = tree(folder)
    with pytest.raises(VaultInUse):
        restore_backup(file, folder, PASSPHRASE, replace_existing=True)
    assert tree(folder) == before
    assert not [n for n in siblings(folder) if "before-restore" in n or "restore-run" in n]
    filled.lock()
    restore_backup(file, folder, PASSPHRASE, replace_existing=True)
    restored = reopen(folder)
    try:
        assert rows(restored) == expected
    finally:
        restored.lock()
    aside = next(p for p in folder.parent.iterdir() if "before-restore" in p.name)
    kept = reopen(aside)
    try:
        assert len(rows(kept)) == len(expected) + 10
    finally:
        kept.lock()


def test_wrong_secret_restores_nothing(backup_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "New.rsvault"
    with pytest.raises(WrongSecret):
        restore_backup(backup_file, target, "not the passphrase at all")
    assert not target.exists()
    assert not [n for n in siblings(target) if "New.rsvault" in n]


def test_damaged_backup_restores_nothing(backup_file: Path, tmp_path: Path) -> None:
    database = members(backup_file)["vault.db"]
    target = tmp_path / "New.rsvault"
    for page in range(1, len(database) // 4096):
        damaged = flip(database, page * 4096 + 100)
        file = rebuilt(backup_file, tmp_path / "bad.rsbackup", {"vault.db": damaged})
        with pytest.raises(VaultDamaged, match=r"damaged|integrity"):
            restore_backup(file, target, PASSPHRASE)
        assert not os.path.lexists(target)
        assert not [n for n in siblings(target) if "New.rsvault" in n]
    truncated = tmp_path / "cut.rsbackup"
    truncated.write_bytes(backup_file.read_bytes()[:5000])
    with pytest.raises(VaultDamaged):
        restore_backup(truncated, target, PASSPHRASE)
    assert not os.path.lexists(target)


def failing_after(real: Callable[..., Any], calls: int, code: int) -> Callable[..., Any]:
    count = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count > calls:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return wrapper


def count_calls(monkeypatch: pytest.MonkeyPatch, name: str, action: Callable[[], object]) -> int:
    real = getattr(os, name)
    calls: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, counting)
    try:
        action()
    finally:
        monkeypatch.setattr(os, name, real)
    return len(calls)


@pytest.mark.parametrize("name", ["write", "replace", "fsync"])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_failures_during_restore_leave_the_target_untouched(
    filled: VaultSession,
    backup_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    code: int,
) -> None:
    file = create_backup(filled, backup_dir)
    filled.lock()
    other = create_vault(tmp_path / "Target.rsvault", OTHER_PASSPHRASE, kdf=TEST_PARAMS)
    other.session.lock()
    target = other.session.folder
    probe = tmp_path / "probe" / "Probe.rsvault"
    calls = count_calls(monkeypatch, name, lambda: restore_backup(file, probe, PASSPHRASE))
    assert calls >= 1
    before = tree(target)
    real = getattr(os, name)
    for failing_call in range(calls):
        monkeypatch.setattr(os, name, failing_after(real, failing_call, code))
        try:
            with pytest.raises(StorageError, match=r"Could not|disk"):
                restore_backup(file, target, PASSPHRASE, replace_existing=True)
        finally:
            monkeypatch.setattr(os, name, real)
        assert tree(target) == before, (name, failing_call)
        assert not [n for n in siblings(target) if "restore-run" in n or "before-restore" in n]
    kept = reopen(target, OTHER_PASSPHRASE)
    kept.lock()
