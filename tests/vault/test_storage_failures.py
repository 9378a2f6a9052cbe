"""A read-only folder or a full disk: StorageError in plain words, the old files intact."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from recordsafe.vault import CreatedVault, StorageError, VaultSession, WrongSecret
from tests.vault.helpers import audit_actions, reopen

NEW_PASSPHRASE = "copper meadow violin 77 tundra"
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _inside(folder: Path, path: Any) -> bool:
    try:
        return Path(os.fsdecode(path)).resolve().is_relative_to(folder.resolve())
    except (TypeError, ValueError):
        return False


class Fault:
    """A storage fault that a test switches on and off (its own MonkeyPatch, so turning
    it off never undoes the autouse fixtures' patches)."""

    def __init__(self, folder: Path, switch_on: Callable[[Fault], None]) -> None:
        self.folder = folder
        self.patch = pytest.MonkeyPatch()
        self._switch_on = switch_on

    def on(self) -> None:
        self._switch_on(self)

    def off(self) -> None:
        self.patch.undo()
        self.folder.chmod(0o700)


def _make_read_only(fault: Fault) -> None:
    """chmod 0o500; root ignores it, so then the Python-level writes into the folder
    fail with EROFS, as on a read-only mount."""
    folder = fault.folder
    folder.chmod(0o500)
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return
    probe.unlink()  # running as root: chmod does not stop us
    real_open, real_replace = os.open, os.replace

    def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & WRITE_FLAGS and _inside(folder, path):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    def refusing_replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if _inside(folder, dst):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(dst))
        real_replace(src, dst, *args, **kwargs)

    fault.patch.setattr(os, "open", refusing_open)
    fault.patch.setattr(os, "replace", refusing_replace)


def _fill_disk(fault: Fault) -> None:
    """Every os.write into the vault folder fails with ENOSPC."""
    real_write = os.write

    def full_write(fd: int, data: Any) -> int:
        if _inside(fault.folder, os.readlink(f"/proc/self/fd/{fd}")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    fault.patch.setattr(os, "write", full_write)


@pytest.fixture
def read_only(vault_path: Path) -> Iterator[Fault]:
    fault = Fault(vault_path, _make_read_only)
    yield fault
    fault.off()


@pytest.fixture
def disk_full(vault_path: Path) -> Iterator[Fault]:
    fault = Fault(vault_path, _fill_disk)
    yield fault
    fault.off()


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if ".tmp-" in p.name]


def test_read_only_change_passphrase(
    session: VaultSession, vault_path: Path, read_only: Fault
) -> None:
    before = (vault_path / "keyslots.json").read_bytes()
    read_only.on()
    with pytest.raises(StorageError, match="read-only"):
        session.change_passphrase(NEW_PASSPHRASE)
    assert (vault_path / "keyslots.json").read_bytes() == before
    assert no_temp_files(vault_path)
    session.lock()
    read_only.off()
    with pytest.raises(WrongSecret):
        reopen(vault_path, NEW_PASSPHRASE)
    reopen(vault_path).lock()


def test_read_only_wrong_passphrase_is_still_wrong_secret(
    created: CreatedVault, vault_path: Path, read_only: Fault
) -> None:
    created.session.lock()
    read_only.on()
    with pytest.raises(WrongSecret):
        reopen(vault_path, "not the passphrase at all")


def test_read_only_open_is_refused_clearly_or_works(
    created: CreatedVault, vault_path: Path, read_only: Fault
) -> None:
    created.session.set_setting("practice_name", "Kept")
    created.session.lock()
    before = (vault_path / "keyslots.json").read_bytes()
    read_only.on()
    with pytest.raises(StorageError):
        reopen(vault_path)
    assert (vault_path / "keyslots.json").read_bytes() == before
    read_only.off()
    session = reopen(vault_path)
    try:
        assert session.get_setting("practice_name") == "Kept"
    finally:
        session.lock()


def test_disk_full_while_rewriting_keyslots(
    session: VaultSession, vault_path: Path, disk_full: Fault
) -> None:
    before = (vault_path / "keyslots.json").read_bytes()
    disk_full.on()
    with pytest.raises(StorageError, match="disk is full"):
        session.change_passphrase(NEW_PASSPHRASE)
    with pytest.raises(StorageError, match="disk is full"):
        session.new_recovery_code()
    assert (vault_path / "keyslots.json").read_bytes() == before
    assert no_temp_files(vault_path)
    disk_full.off()
    session.record("after_disk_full")  # the session goes on once space is back
    session.lock()
    with pytest.raises(WrongSecret):
        reopen(vault_path, NEW_PASSPHRASE)
    again = reopen(vault_path)
    try:
        assert again.integrity_findings == []
        assert "after_disk_full" in audit_actions(again)
    finally:
        again.lock()


def test_disk_full_after_commit_leaves_a_lagging_head_not_a_finding(
    session: VaultSession, vault_path: Path, disk_full: Fault
) -> None:
    disk_full.on()
    # The entry commits in vault.db; only the head in keyslots.json could not follow.
    with pytest.raises(StorageError, match="disk is full"):
        session.record("viewed")
    disk_full.off()
    session._head_dirty = False  # simulate the crash: the head is never written
    session.lock()
    again = reopen(vault_path)
    try:
        assert again.integrity_findings == []
        assert "viewed" in audit_actions(again)
        assert again.verify().ok
    finally:
        again.lock()
