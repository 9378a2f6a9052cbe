"""The vault's lock file: one RecordSafe session per vault, across windows and processes.

An OS advisory lock (flock on POSIX, msvcrt on Windows) rather than "file exists", so a
crash never leaves a stale lock: the OS drops it with the process.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
from pathlib import Path
from typing import IO

from recordsafe.vault.errors import StorageError, VaultInUse

LOCK_FILE = "vault.lock"


class VaultLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_FILE
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        try:
            handle = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise StorageError(
                f"Could not open the vault folder for writing: {exc.strerror}. "
                "Is it on a read-only or removed drive?"
            ) from None
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise VaultInUse(
                "This vault is already open in another RecordSafe window or program. "
                "Close it there first (a vault must only be open once, so no change is lost)."
            ) from None
        # Who holds it, for support; the OS lock is what counts.
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid={os.getpid()} host={platform.node()}\n")
            handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            _unlock(self._handle)
        # Closing flushes the "pid=… host=…" note; on a full disk that fails, and the
        # note is only for support: the lock is released either way.
        with contextlib.suppress(OSError):
            self._handle.close()
        self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
