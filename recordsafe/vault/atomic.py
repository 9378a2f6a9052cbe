"""Crash-safe file replacement: temp file, fsync, rename, fsync of the folder."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from recordsafe.vault.errors import StorageError


def storage_error(exc: OSError, what: str) -> StorageError:
    """Turn an OSError into a message a practitioner can act on."""
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason = "the folder is read-only or you are not allowed to write to it"
    elif exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        reason = "the folder is gone (was a drive removed?)"
    elif exc.errno == errno.EIO:
        reason = "the disk reported an input/output error"
    else:
        reason = exc.strerror or "the system refused"
    return StorageError(f"Could not {what}: {reason}.")


def fsync_dir(folder: Path) -> None:
    """Make a rename durable. Windows cannot open folders; it journals renames itself."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, what: str = "save the file") -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file."""
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise storage_error(exc, what) from None
    # The rename is the commit point: every reader now sees the new file. A failing
    # folder fsync cannot undo that, and "could not save" would be false (a caller would
    # keep the old state in memory while the disk holds the new one, e.g. a passphrase
    # change reported as failed that already took effect). SQLite's unixSync also
    # ignores a failed directory fsync.
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)


def write_all(fd: int, data: bytes | memoryview) -> None:
    """Write every byte of `data` to `fd` (os.write may write less than it is given)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
