"""rotate_key interrupted at each step: the vault opens afterwards with the right key and
no data lost (a hard crash in a subprocess, and failures raised in process)."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from recordsafe.vault import (
    TEST_PARAMS,
    CreatedVault,
    StorageError,
    VaultSession,
    WrongSecret,
    open_with_device,
    rotate_key,
)
from recordsafe.vault.session import VaultSession as SessionClass
from tests.conftest import PASSPHRASE
from tests.vault.helpers import audit_actions, crash_rotation, key_opens_db, reopen

# Up to and including "commit" the old key must rule afterwards; from "after_commit" on,
# the new one.
BEFORE_COMMIT = ["write_pending_doc", "mid_export", "export", "commit"]
AFTER_COMMIT = ["after_commit", "swap_db", "after_swap"]


@pytest.fixture
def prepared(created: CreatedVault, vault_path: Path) -> tuple[CreatedVault, bytes, int]:
    session = created.session
    session.set_setting("practice_name", "Kept")
    for i in range(20):
        session.record("viewed", client_id=i)
    key = session.key_for_backup()
    entries = len(audit_actions(session))
    session.lock()
    return created, key, entries


def check_intact(vault_path: Path, entries: int) -> VaultSession:
    session = reopen(vault_path)
    assert session.get_setting("practice_name") == "Kept"
    assert len(audit_actions(session)) > entries
    assert session.integrity_findings == []
    report = session.verify()
    assert report.ok, report.lines()
    assert not list(vault_path.glob("*.rotating*"))  # journals of a killed export too
    return session


@pytest.mark.parametrize("point", BEFORE_COMMIT + AFTER_COMMIT)
def test_hard_crash_during_rotation(
    prepared: tuple[CreatedVault, bytes, int], vault_path: Path, point: str
) -> None:
    created, old_key, entries = prepared
    crash_rotation(vault_path, point)
    session = check_intact(vault_path, entries)
    try:
        new_key = session.key_for_backup()
    finally:
        session.lock()
    old_code_opens = True
    try:
        reopen(vault_path, created.recovery_code, kinds=("recovery",)).lock()
    except WrongSecret:
        old_code_opens = False
    if point in BEFORE_COMMIT:
        assert new_key == old_key and old_code_opens
    else:
        assert new_key != old_key and not old_code_opens
        assert not key_opens_db(vault_path, old_key)


def _failing_replace(monkeypatch: pytest.MonkeyPatch, suffix: str, *, on_src: bool) -> None:
    real_replace = os.replace

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        name = os.fspath(src if on_src else dst)
        if name.endswith(suffix):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize(
    ("suffix", "on_src", "new_key_rules"),
    [
        ("keyslots.json.rotating", False, False),  # writing the pending key file
        ("keyslots.json.rotating", True, False),  # the commit rename
        ("vault.db.rotating", True, True),  # the database swap after the commit
    ],
    ids=["pending-doc", "commit", "swap-db"],
)
def test_rotation_failing_in_process(
    prepared: tuple[CreatedVault, bytes, int],
    vault_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
    on_src: bool,
    new_key_rules: bool,
) -> None:
    _, old_key, entries = prepared
    session = reopen(vault_path)
    assert session.remember_on_device("This laptop")
    patch = pytest.MonkeyPatch()
    _failing_replace(patch, suffix, on_src=on_src)
    try:
        with pytest.raises(StorageError, match="disk reported an input/output error"):
            rotate_key(session, PASSPHRASE)
    finally:
        patch.undo()
    session.lock()  # whatever state rotate_key left, this must release the vault
    # The device slot was rewrapped with the same keyring secret: it must open too,
    # and finish the rotation if the crash came after the commit point.
    device = open_with_device(vault_path, kdf=TEST_PARAMS)
    assert device is not None
    try:
        assert (device.key_for_backup() != old_key) is new_key_rules
    finally:
        device.lock()
    check_intact(vault_path, entries).lock()


def test_export_failing_leaves_the_session_open(
    prepared: tuple[CreatedVault, bytes, int], vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, old_key, entries = prepared
    session = reopen(vault_path)

    def failing_export(self: SessionClass, target: Path, key: Any = None) -> None:
        target.write_bytes(b"partial")
        raise StorageError("The disk is full. Free some space; nothing was saved.")

    patch = pytest.MonkeyPatch()
    patch.setattr(SessionClass, "export_database", failing_export)
    try:
        with pytest.raises(StorageError, match="disk is full"):
            rotate_key(session, PASSPHRASE)
    finally:
        patch.undo()
    assert session.is_open and session.key_for_backup() == old_key
    assert not list(vault_path.glob("*.rotating*"))  # journals of a killed export too
    session.record("still_working")
    session.lock()
    check_intact(vault_path, entries).lock()


def test_leftover_pending_files_built_by_hand(
    prepared: tuple[CreatedVault, bytes, int], vault_path: Path
) -> None:
    """A pending key file beside the real one means: the rotation never committed."""
    _, old_key, entries = prepared
    (vault_path / "keyslots.json.rotating").write_bytes(b'{"half": ')
    (vault_path / "vault.db.rotating").write_bytes(os.urandom(5000))
    session = check_intact(vault_path, entries)
    try:
        assert session.key_for_backup() == old_key
    finally:
        session.lock()
