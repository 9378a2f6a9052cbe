"""ENOSPC and EIO at each OS call that writes keyslots.json, and at migration time.

`atomic_write` makes a temp file, writes, fsyncs, closes, renames it over the key file
and fsyncs the folder. Each of those calls fails in turn (monkeypatched `os` functions)
with "disk full" and with an I/O error, under a passphrase change, a recorded audit
entry (the key file's head) and a new vault. Afterwards: a `StorageError` in plain
words, the old state intact and openable with the old passphrase, no temp file left.
Migration: the pre-migration backup and a migration step fail with the same errors.
(Backups have their own failure tests in tests/backup/; they are not repeated here.)
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from recordsafe.vault import (
    TEST_PARAMS,
    StorageError,
    VaultError,
    VaultSession,
    WrongSecret,
    create_vault,
    is_vault_folder,
    open_vault,
    schema,
)
from recordsafe.vault.database import Database
from tests.conftest import PASSPHRASE
from tests.vault.helpers import audit_actions

NEW_PASSPHRASE = "copper meadow violin 77 tundra"
WRAPPED = ("open", "write", "fsync", "close", "replace", "rename")
ERRORS = {errno.ENOSPC: "disk is full", errno.EIO: "input/output error"}


@dataclass
class Injector:
    """Counts the wrapped os calls while armed; the call numbered `fail_at` raises `err`."""

    fail_at: int | None = None
    err: int = errno.ENOSPC
    armed: bool = False
    calls: list[str] = field(default_factory=list)

    def wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def fake(*args: Any, **kwargs: Any) -> Any:
            if not self.armed:
                return real(*args, **kwargs)
            index = len(self.calls)
            self.calls.append(name)
            if index == self.fail_at:
                if name == "close":
                    real(*args, **kwargs)  # Linux closes the descriptor even when it reports EIO
                raise OSError(self.err, os.strerror(self.err))
            return real(*args, **kwargs)

        return fake

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        self.armed = True
        try:
            yield
        finally:
            self.armed = False


@pytest.fixture
def injector(monkeypatch: pytest.MonkeyPatch) -> Injector:
    inj = Injector()
    for name in WRAPPED:
        monkeypatch.setattr(os, name, inj.wrap(name, getattr(os, name)))
    return inj


def temp_files(folder: Path) -> list[str]:
    """Temp files in the vault folder, and half-made vault folders beside it."""
    inside = [p.name for p in folder.iterdir() if ".tmp-" in p.name] if folder.exists() else []
    return inside + [p.name for p in folder.parent.glob(".*.creating-*")]


def new_vault(folder: Path) -> VaultSession:
    session = create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS).session
    session.set_setting("practice_name", "Kept")
    return session


@dataclass(frozen=True)
class Operation:
    run: Callable[[VaultSession], object]
    opens_after: frozenset[str]  # the passphrases that open the vault once it took effect


OPERATIONS: dict[str, Operation] = {
    "change_passphrase": Operation(
        lambda s: s.change_passphrase(NEW_PASSPHRASE), frozenset({NEW_PASSPHRASE})
    ),
    "add_passphrase": Operation(
        lambda s: s.add_passphrase(NEW_PASSPHRASE), frozenset({PASSPHRASE, NEW_PASSPHRASE})
    ),
    "record (audit head)": Operation(
        lambda s: s.record("client_viewed", client_id=7), frozenset({PASSPHRASE})
    ),
}


def calls_of(operation: Operation, tmp_path: Path, inj: Injector) -> list[str]:
    """The os calls the operation makes when nothing fails."""
    session = new_vault(tmp_path / "dry.rsvault")
    try:
        inj.fail_at, inj.calls = None, []
        with inj.active():
            operation.run(session)
        return list(inj.calls)
    finally:
        session.lock()


def opening(folder: Path) -> frozenset[str]:
    """Which of the two passphrases open the vault (each open checked in full)."""
    opened = set()
    for secret in (PASSPHRASE, NEW_PASSPHRASE):
        try:
            session = open_vault(folder, secret, kdf=TEST_PARAMS)
        except WrongSecret:
            continue
        try:
            assert session.integrity_findings == []
            assert session.verify().ok
            assert session.get_setting("practice_name") == "Kept"
            assert "after_failure" in audit_actions(session)
        finally:
            session.lock()
        opened.add(secret)
    return frozenset(opened)


@pytest.mark.parametrize("err", sorted(ERRORS), ids=lambda e: errno.errorcode[e])
@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_key_file_write_failing_at_each_call(
    tmp_path: Path, injector: Injector, name: str, err: int
) -> None:
    """Each atomic_write is: open, write, fsync, close, replace (the commit point), then
    the folder's open, fsync, close. A slot change writes twice: the slots, then the
    audit head of its entry.

    Before the first rename: StorageError, the key file byte for byte as it was, the
    old passphrase opens. After a rename, only the folder fsync can fail: it is ignored
    (see atomic_write), the change stands. A failure in the head write after a slot
    change (the narrow window where the disk fills or fails between the two writes):
    no error (the change took effect and `slot_change_started` records it; saying "could
    not change" would be false), and the lagging head is accepted at unlock.
    """
    operation = OPERATIONS[name]
    calls = calls_of(operation, tmp_path, injector)
    renames = [i for i, call in enumerate(calls) if call == "replace"]
    assert renames and "fsync" in calls, calls  # atomic_write really ran
    for index, call in enumerate(calls):
        folder = tmp_path / f"v{index}.rsvault"
        session = new_vault(folder)
        before = (folder / "keyslots.json").read_bytes()
        injector.fail_at, injector.err, injector.calls = index, err, []
        where = f"{name}: {call} (call {index + 1} of {len(calls)})"
        try:
            with injector.active():
                operation.run(session)
            raised: StorageError | None = None
        except StorageError as exc:
            raised = exc
        finally:
            injector.fail_at = None
        assert (raised is not None) == (index <= renames[0]), where
        if raised is not None:
            assert ERRORS[err] in raised.message, where
            assert "Errno" not in raised.message and "Traceback" not in raised.message
        assert temp_files(folder) == [], where
        took_effect = index > renames[0]
        if not took_effect:
            assert (folder / "keyslots.json").read_bytes() == before, where
        # Space is back: the same session carries on, then the vault opens.
        session.record("after_failure")
        session.lock()
        expected = operation.opens_after if took_effect else frozenset({PASSPHRASE})
        assert opening(folder) == expected, where


@pytest.mark.parametrize("err", sorted(ERRORS), ids=lambda e: errno.errorcode[e])
def test_new_vault_key_file_failing_at_each_call(
    tmp_path: Path, injector: Injector, err: int
) -> None:
    """The first key file write fails: a plain error, no half vault that looks whole."""
    injector.fail_at, injector.calls = None, []
    with injector.active():
        create_vault(tmp_path / "dry.rsvault", PASSPHRASE, kdf=TEST_PARAMS).session.lock()
    calls = list(injector.calls)
    # After the key file's rename only folder fsyncs (ignored) and the rename of the
    # finished vault folder to its name (create's commit point) are left.
    key_file_written = calls.index("replace")
    for index, call in enumerate(calls):
        folder = tmp_path / f"new{index}.rsvault"
        injector.fail_at, injector.err, injector.calls = index, err, []
        if index > key_file_written and call != "rename":  # ignored: the vault exists
            with injector.active():
                create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS).session.lock()
            open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS).lock()
            continue
        with injector.active(), pytest.raises(StorageError) as info:
            create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
        assert ERRORS[err] in info.value.message, call
        assert not (folder / "keyslots.json").exists(), call
        assert not is_vault_folder(folder)
        assert temp_files(folder) == [], call
        # Space is back: trying again in the same place works.
        create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS).session.lock()


# --- migrations -----------------------------------------------------------------------

NEXT_STEP = "CREATE TABLE reliability_extra (id INTEGER PRIMARY KEY) STRICT;"


@pytest.fixture
def patch() -> Iterator[pytest.MonkeyPatch]:
    """Patches of this test's own: undoing them leaves the autouse fixtures' in place."""
    with pytest.MonkeyPatch.context() as own:
        yield own


@pytest.fixture
def older_vault(tmp_path: Path, patch: pytest.MonkeyPatch) -> Path:
    """A vault at today's schema, about to be opened by an app with one more migration."""
    folder = tmp_path / "Older.rsvault"
    new_vault(folder).lock()
    patch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, NEXT_STEP])
    patch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    return folder


def opens_as_before(folder: Path, patch: pytest.MonkeyPatch) -> None:
    patch.undo()
    session = open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert schema.current_version(session.db) == schema.SCHEMA_VERSION
        assert session.get_setting("practice_name") == "Kept"
        assert session.integrity_findings == []
        assert session.verify().ok
    finally:
        session.lock()


@pytest.mark.parametrize("err", sorted(ERRORS), ids=lambda e: errno.errorcode[e])
def test_pre_migration_backup_folder_cannot_be_made(
    older_vault: Path, patch: pytest.MonkeyPatch, err: int
) -> None:
    before = (older_vault / "vault.db").read_bytes()

    def failing_mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
        raise OSError(err, os.strerror(err))

    patch.setattr(Path, "mkdir", failing_mkdir)
    with pytest.raises(VaultError) as info:
        open_vault(older_vault, PASSPHRASE, kdf=TEST_PARAMS)
    assert ERRORS[err] in info.value.message
    assert (older_vault / "vault.db").read_bytes() == before
    opens_as_before(older_vault, patch)


@pytest.mark.parametrize(
    "error",
    [
        StorageError("The disk is full. Free some space; nothing was saved."),
        StorageError(
            "The disk could not read or write the vault's database (was a drive removed?)."
        ),
    ],
    ids=["full", "io"],
)
def test_pre_migration_backup_export_fails(
    older_vault: Path, patch: pytest.MonkeyPatch, error: StorageError
) -> None:
    """SQLite's own writes cannot be patched from Python: the export raises what
    `translated_errors` makes of SQLITE_FULL / SQLITE_IOERR."""
    real_export = Database.export_to

    def failing_export(self: Database, target: Path, key: bytes | bytearray) -> None:
        real_export(self, target, key)  # half a backup on disk, then the failure
        raise error

    patch.setattr(Database, "export_to", failing_export)
    with pytest.raises(StorageError):
        open_vault(older_vault, PASSPHRASE, kdf=TEST_PARAMS)
    opens_as_before(older_vault, patch)


@pytest.mark.parametrize("failing_call", [0, 1], ids=["begin", "commit"])
def test_migration_step_fails_with_a_storage_error(
    older_vault: Path, patch: pytest.MonkeyPatch, failing_call: int
) -> None:
    """The step's script fails as SQLITE_FULL would, before or after its statements ran."""
    real_script = Database.executescript

    def failing_script(self: Database, script: str) -> None:
        if NEXT_STEP not in script:
            real_script(self, script)
            return
        if failing_call == 1:
            # Everything but the COMMIT ran: the open transaction must roll back.
            real_script(self, script.replace("COMMIT;", ""))
        raise StorageError("The disk is full. Free some space; nothing was saved.")

    patch.setattr(Database, "executescript", failing_script)
    with pytest.raises(StorageError, match="disk is full"):
        open_vault(older_vault, PASSPHRASE, kdf=TEST_PARAMS)
    opens_as_before(older_vault, patch)


def test_temp_files_a_crash_left_are_removed_at_unlock(tmp_path: Path) -> None:
    """A kill inside atomic_write leaves `.keyslots.json.tmp-PID` (the crash benchmark saw
    it in about one kill in eight); it may hold an older key file, so unlock removes it."""
    folder = tmp_path / "Crashed.rsvault"
    session = new_vault(folder)
    old_key_file = (folder / "keyslots.json").read_bytes()
    session.change_passphrase(NEW_PASSPHRASE)
    session.lock()
    for name in (".keyslots.json.tmp-4242", ".failed_unlocks.json.tmp-4243"):
        (folder / name).write_bytes(old_key_file)
    open_vault(folder, NEW_PASSPHRASE, kdf=TEST_PARAMS).lock()
    assert temp_files(folder) == []
