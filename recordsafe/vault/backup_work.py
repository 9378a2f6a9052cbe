"""Work folders for backup, verify and restore runs, each held by its owner's lock.

A run puts everything it makes on the way (the snapshot, the half-written zip, the
unpacked copy with its key slots) in one new random-named folder and holds an OS lock
there for as long as it lives. A run killed half-way leaves the folder, but the OS drops
its lock with the process; the next run that looks in the same place takes the free
lock and removes the folder. A folder whose lock is held belongs to a live run and is
left alone, whatever its age.
"""

from __future__ import annotations

import contextlib
import glob
import secrets
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from recordsafe.vault.atomic import storage_error
from recordsafe.vault.backup_format import STALE_SECONDS
from recordsafe.vault.errors import VaultError
from recordsafe.vault.lockfile import LOCK_FILE, VaultLock


@contextlib.contextmanager
def work_folder(parent: Path, prefix: str, *, what: str) -> Iterator[Path]:
    """A new private folder `parent/<prefix><random>`, locked by this run, removed after."""
    folder = parent / f"{prefix}{secrets.token_hex(6)}"
    try:
        folder.mkdir(mode=0o700)
    except OSError as exc:
        raise storage_error(exc, what) from None
    owner = VaultLock(folder)
    try:
        owner.acquire()
    except VaultError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        yield folder
    finally:
        _remove(folder, owner)


def sweep_dead_runs(parent: Path, prefix: str) -> None:
    """Remove the work folders `parent/<prefix>*` of runs that died (their lock is free).

    A folder without a lock file is either a run between making the folder and locking
    it, or a leftover of an older RecordSafe: only one a day old goes.
    """
    cutoff = datetime.now(UTC).timestamp() - STALE_SECONDS
    with contextlib.suppress(OSError):
        for folder in parent.glob(f"{glob.escape(prefix)}*"):
            with contextlib.suppress(OSError):
                if folder.is_symlink() or not folder.is_dir():
                    continue
                if not (folder / LOCK_FILE).exists():
                    if folder.lstat().st_mtime < cutoff:
                        shutil.rmtree(folder, ignore_errors=True)
                    continue
                owner = VaultLock(folder)
                try:
                    owner.acquire()
                except VaultError:
                    continue  # a live run holds it
                _remove(folder, owner)


def _remove(folder: Path, owner: VaultLock) -> None:
    # Everything but the held lock file first (Windows cannot delete an open file), then
    # the lock, then what is left; a concurrent sweep cannot take the lock meanwhile.
    shutil.rmtree(folder, ignore_errors=True)
    owner.release()
    shutil.rmtree(folder, ignore_errors=True)
