"""Make a backup: a consistent encrypted snapshot of the open vault, written as one
`.rsbackup` file, read back, renamed into place and recorded in the audit log."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
from datetime import datetime
from pathlib import Path

from recordsafe import __version__
from recordsafe.vault import schema
from recordsafe.vault.atomic import fsync_dir, storage_error
from recordsafe.vault.backup_archive import check_backup_file, write_archive
from recordsafe.vault.backup_format import (
    BACKUP_SUFFIX,
    CHUNK,
    LAST_BACKUP_FILE_KEY,
    LAST_BACKUP_KEY,
    BackupManifest,
    Meter,
    Progress,
    aware,
    damaged,
    free_path,
    inside,
    iso_utc,
    remove_quietly,
    sweep_stale,
)
from recordsafe.vault.backup_work import sweep_dead_runs, work_folder
from recordsafe.vault.database import DB_FILE
from recordsafe.vault.errors import StorageError, VaultError
from recordsafe.vault.keyslots import KEYSLOTS_FILE
from recordsafe.vault.session import VaultSession


def _stamp_name(vault_name: str, moment: datetime) -> str:
    # The name shows local time, as the user reads a clock; the manifest keeps UTC.
    return f"{vault_name}-{moment.astimezone().strftime('%Y%m%d-%H%M')}"


def _snapshot_estimate(session: VaultSession) -> int:
    """The snapshot's size at most: the database with what its WAL adds."""
    total = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            total += (session.folder / f"{DB_FILE}{suffix}").stat().st_size
    return total


def require_room(folder: Path, needed: int) -> None:
    """Refuse in plain words when `folder`'s disk has not `needed` bytes and a margin free."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # cannot tell: the writes themselves will say
    if free < needed + CHUNK:
        raise StorageError(
            f"Could not write the backup: the disk that holds '{folder}' is full (the "
            f"backup needs about {_megabytes(needed + CHUNK)} MB there, "
            f"{_megabytes(free)} MB are free). Free some space or choose another folder; "
            "no backup was written."
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def refuse_inside_vault(session: VaultSession, folder: Path) -> None:
    if inside(folder, session.folder):
        raise VaultError(
            "Choose a backup folder outside the vault folder: a backup kept inside the "
            "vault is lost with it."
        )


def create_backup(
    session: VaultSession,
    dest_dir: Path,
    *,
    progress: Progress | None = None,
    now: datetime | None = None,
    automatic: bool = False,
) -> Path:
    """Write `NAME-YYYYMMDD-HHMM.rsbackup` into `dest_dir`; returns its path.

    `automatic`: made on lock, not asked for; recorded so the windows can say so.

    Steps: read keyslots.json, export an encrypted snapshot of the database into a temp
    file in `dest_dir`, write the zip to a temp name, fsync, check it by reading it back,
    rename it into place, record it in the audit log. The key file is read before the
    snapshot is taken, so its audit head is never ahead of the snapshot's log. Any
    failure leaves no `.rsbackup` behind; `progress(done, total)` counts bytes written
    then read back.
    """
    if not session.is_open:
        raise VaultError("The vault is locked.")
    dest_dir = Path(dest_dir)
    refuse_inside_vault(session, dest_dir)
    if not dest_dir.is_dir():
        raise StorageError(
            f"Could not write the backup: the folder '{dest_dir}' does not exist "
            "(was a drive removed?)."
        )
    moment = aware(now)
    # Older versions' leftovers have no owner lock: only a day-old one goes.
    sweep_stale(dest_dir, f".{glob.escape(session.name)}.snapshot-*")
    sweep_stale(dest_dir, f".{glob.escape(session.name)}.partial-*{BACKUP_SUFFIX}")
    prefix = f".{session.name}.backup-run-"
    sweep_dead_runs(dest_dir, prefix)
    # The snapshot and the zip made from it are both on the destination for a moment.
    require_room(dest_dir, _snapshot_estimate(session))
    final: Path | None = None
    try:
        with work_folder(dest_dir, prefix, what="write the backup") as work:
            snapshot = work / "snapshot.db"
            temp_zip = work / f"partial{BACKUP_SUFFIX}"
            keyslots_bytes = (session.folder / KEYSLOTS_FILE).read_bytes()
            try:
                session.export_database(snapshot, scratch=True)  # read once into the zip
            except VaultError:
                # SQLite reports a destination that filled up as an I/O error or
                # even as damage; the vault itself was only read.
                require_room(dest_dir, 0)
                raise
            size = snapshot.stat().st_size + len(keyslots_bytes)
            require_room(dest_dir, size)
            meter = Meter(progress, 2 * size)
            meter.advance(0)
            draft = BackupManifest(
                session.vault_id,
                iso_utc(moment),
                __version__,
                schema.current_version(session.db),
                {},
            )
            written = write_archive(temp_zip, snapshot, keyslots_bytes, draft, moment, meter)
            snapshot.unlink()
            if check_backup_file(temp_zip, progress=_offset(progress, size, 2 * size)) != written:
                raise damaged("the backup just written reads back differently")
            final = free_path(dest_dir, _stamp_name(session.name, moment), BACKUP_SUFFIX)
            os.replace(temp_zip, final)
            fsync_dir(dest_dir)
    except BaseException as exc:
        if final is not None:
            remove_quietly(final)
        if isinstance(exc, OSError):
            raise storage_error(exc, "write the backup") from None
        raise
    _record_backup(session, final, written.created_at, automatic)
    return final


def _record_backup(session: VaultSession, final: Path, created_at: str, automatic: bool) -> None:
    """Audit the backup: a copy of every record must never exist unrecorded.

    If the entry cannot be committed, the backup is removed. If it was committed and
    only the key file's head could not be saved afterwards, the backup is recorded, so
    it stays, and the error still reaches the caller.
    """
    try:
        with session.transaction():
            session.record("backup_created", file=final.name, **_automatic(automatic))
            session.set_setting(LAST_BACKUP_KEY, created_at)
            session.set_setting(LAST_BACKUP_FILE_KEY, last_backup_file(final, automatic))
    except BaseException:
        committed = False
        with contextlib.suppress(Exception):
            committed = session.get_setting(LAST_BACKUP_KEY) == created_at
        if not committed:
            remove_quietly(final)
        raise


def _automatic(automatic: bool) -> dict[str, bool]:
    return {"automatic": True} if automatic else {}


def last_backup_file(path: Path, automatic: bool) -> str:
    """The LAST_BACKUP_FILE_KEY value for a backup at `path`."""
    return json.dumps({"path": str(path.absolute()), "automatic": automatic})


def _offset(progress: Progress | None, start: int, total: int) -> Progress | None:
    """A progress callback for a later phase: its (done, _) counts from `start`."""
    if progress is None:
        return None
    callback = progress
    return lambda done, _total: callback(min(start + done, total), total)
