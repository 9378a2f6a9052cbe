"""Backups: one `.rsbackup` file per backup; create, verify, restore, rotate.

A backup is a zip (stored, never compressed: the database is encrypted and would not
shrink) of three members:

- `vault.db`: a consistent encrypted snapshot made with `sqlcipher_export` through the
  open session, never a raw copy of the open file (its WAL may hold committed rows);
- `keyslots.json`: the key file's bytes, so the backup opens with the vault's own
  passphrase, recovery and custodian codes;
- `manifest.json`: format, vault id, times, versions, and each member's size and SHA-256.

Reading is strict (the file may come from anywhere): anything not of exactly this shape
is refused with a `VaultError` in plain words before a byte is extracted, and each
member's sum is checked as it is unpacked. Verification
unpacks into a private temporary folder, opens the copy with the backup's own key slots
and runs every integrity check of `VaultSession.verify`. Restore verifies first, next to
the target, and only then renames the verified copy into place.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import struct
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from recordsafe import __version__
from recordsafe.vault import keyslots, schema
from recordsafe.vault.atomic import fsync_dir, storage_error, write_all
from recordsafe.vault.database import DB_FILE
from recordsafe.vault.errors import (
    StorageError,
    VaultDamaged,
    VaultError,
    VaultFormatError,
    VaultTooNew,
)
from recordsafe.vault.keyslots import KEYSLOTS_FILE, SlotKind
from recordsafe.vault.lockfile import VaultLock
from recordsafe.vault.opener import is_vault_folder, open_vault
from recordsafe.vault.session import VaultSession, VerifyReport

BACKUP_SUFFIX = ".rsbackup"
FORMAT_NAME = "recordsafe-backup"
FORMAT_VERSION = 1
MANIFEST_FILE = "manifest.json"
MEMBERS = (DB_FILE, KEYSLOTS_FILE, MANIFEST_FILE)
SUMMED_MEMBERS = (DB_FILE, KEYSLOTS_FILE)
MAX_MANIFEST_BYTES = 64 * 1024
CHUNK = 1024 * 1024
LAST_BACKUP_KEY = "last_backup_at"
BACKUP_DIR_KEY = "backup_dir"
DEFAULT_KEEP = 10
DEFAULT_DUE_DAYS = 7
STALE_SECONDS = 24 * 3600

Progress = Callable[[int, int], None]

# What the zipfile module raises on a malformed archive. A hostile or damaged file must
# end in a `VaultError`, never in one of these.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    ValueError,  # includes UnicodeDecodeError of a member name
    struct.error,
    NotImplementedError,
    OverflowError,
    IndexError,
)
_SHA256 = re.compile(r"[0-9a-f]{64}")
_STAMPED_NAME = re.compile(r"\d{8}-\d{4}(-\d+)?" + re.escape(BACKUP_SUFFIX))


@dataclass(frozen=True)
class MemberSum:
    size: int
    sha256: str


@dataclass(frozen=True)
class BackupManifest:
    vault_id: str
    created_at: str
    app_version: str
    schema_version: int
    files: dict[str, MemberSum]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "vault_id": self.vault_id,
            "created_at": self.created_at,
            "app_version": self.app_version,
            "schema_version": self.schema_version,
            "files": {name: {"size": s.size, "sha256": s.sha256} for name, s in self.files.items()},
        }


@dataclass
class BackupVerifyReport(VerifyReport):
    """`VerifyReport` of the unpacked copy, plus what the backup says about itself."""

    manifest: BackupManifest | None = None


# --- small helpers -----------------------------------------------------------------------


def _damaged(detail: str) -> VaultDamaged:
    return VaultDamaged(f"The backup file is damaged: {detail}. Use another backup.")


def _aware(now: datetime | None) -> datetime:
    moment = now or datetime.now(UTC)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _iso(moment: datetime) -> str:
    utc = moment.astimezone(UTC).replace(microsecond=0)
    return utc.isoformat().replace("+00:00", "Z")


def _parse_iso(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _sweep_stale(folder: Path, pattern: str) -> None:
    """Remove what a crashed backup or restore left behind (encrypted, but clutter).

    Only leftovers older than a day: a younger one may belong to a run in progress.
    """
    cutoff = datetime.now(UTC).timestamp() - STALE_SECONDS
    with contextlib.suppress(OSError):
        for path in folder.glob(pattern):
            with contextlib.suppress(OSError):
                if path.lstat().st_mtime >= cutoff:
                    continue
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink()


def _remove_quietly(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


class _FdFile(io.RawIOBase):
    """A seekable raw file over a descriptor, writing through `os.write`.

    zipfile writes through it, so every byte of a backup goes through one `os.write`
    (tests inject ENOSPC and EIO there) and we keep the descriptor for `fsync`.
    """

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return os.write(self.fd, data)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return os.lseek(self.fd, offset, whence)

    def tell(self) -> int:
        return os.lseek(self.fd, 0, os.SEEK_CUR)


class _Meter:
    """Forwards (done, total) to the caller's progress callback."""

    def __init__(self, callback: Progress | None, total: int) -> None:
        self.callback = callback
        self.total = max(total, 1)
        self.done = 0

    def advance(self, amount: int) -> None:
        self.done = min(self.done + amount, self.total)
        if self.callback is not None:
            self.callback(self.done, self.total)


# --- reading a backup (strict) ---------------------------------------------------------


@contextlib.contextmanager
def _reading(file: Path) -> Iterator[None]:
    """Turn everything that can go wrong while reading a backup into a `VaultError`."""
    try:
        yield
    except VaultError:
        raise
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise VaultFormatError(f"There is no backup file at '{file}'.") from None
    except OSError as exc:
        if exc.errno == errno.EINVAL:  # a seek to an impossible offset the file claims
            raise _damaged("its table of contents points outside the file") from None
        raise storage_error(exc, "read the backup file") from None
    except _ZIP_ERRORS:
        raise _damaged(
            "it is not a complete RecordSafe backup (it may be truncated, or not a backup)"
        ) from None


def _check_members(archive: zipfile.ZipFile, archive_size: int) -> dict[str, zipfile.ZipInfo]:
    """The three expected members, each plain and of a believable size; nothing else."""
    found: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        name = info.filename
        if "/" in name or "\\" in name or ".." in name or ":" in name:
            raise _damaged("it holds a file with a folder path in its name")
        if name not in MEMBERS:
            raise _damaged(f"it holds a file that does not belong in a backup ({name[:40]!r})")
        if name in found:
            raise _damaged(f"it holds {name} twice")
        if info.flag_bits & 0x1:
            raise _damaged(f"{name} is encrypted by zip, which RecordSafe never does")
        if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
            raise _damaged(f"{name} is stored in a way RecordSafe never writes")
        # Stored members cannot be larger than the file that holds them.
        if not 0 <= info.file_size <= archive_size:
            raise _damaged(f"{name} claims an impossible size")
        found[name] = info
    for name in MEMBERS:
        if name not in found:
            raise _damaged(f"{name} is missing")
    if found[MANIFEST_FILE].file_size > MAX_MANIFEST_BYTES:
        raise _damaged("its manifest is far larger than any real one")
    if found[KEYSLOTS_FILE].file_size > keyslots.MAX_KEYSLOTS_BYTES:
        raise _damaged("its key file is far larger than any real one")
    return found


def _field(obj: dict[str, Any], name: str, kind: type) -> Any:
    value = obj.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise _damaged(f"its manifest has no valid '{name}'")
    return value


def parse_manifest(data: bytes) -> BackupManifest:
    """Strictly parse manifest.json; `VaultError` on anything not of the documented shape."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _damaged("its manifest is not valid JSON") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise VaultFormatError("This file is not a RecordSafe backup (its manifest is foreign).")
    version = _field(document, "version", int)
    if version > FORMAT_VERSION:
        raise VaultTooNew(
            f"This backup was made by a newer version of RecordSafe (backup format "
            f"{version}). Update RecordSafe to use it; the backup has not been changed."
        )
    if version < 1:
        raise _damaged("its manifest has no valid 'version'")
    vault_id = _field(document, "vault_id", str)
    if not _is_uuid(vault_id):
        raise _damaged("its manifest has no valid 'vault_id'")
    created_at = _field(document, "created_at", str)
    if _parse_iso(created_at) is None:
        raise _damaged("its manifest has no valid 'created_at'")
    app_version = _field(document, "app_version", str)
    schema_version = _field(document, "schema_version", int)
    if schema_version < 0:
        raise _damaged("its manifest has no valid 'schema_version'")
    raw_files = _field(document, "files", dict)
    if set(raw_files) != set(SUMMED_MEMBERS):
        raise _damaged("its manifest does not list exactly vault.db and keyslots.json")
    files: dict[str, MemberSum] = {}
    for name in SUMMED_MEMBERS:
        entry = raw_files[name]
        if not isinstance(entry, dict):
            raise _damaged(f"its manifest entry for {name} is malformed")
        size, digest = entry.get("size"), entry.get("sha256")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise _damaged(f"its manifest entry for {name} has no valid size")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise _damaged(f"its manifest entry for {name} has no valid checksum")
        files[name] = MemberSum(size, digest)
    return BackupManifest(vault_id, created_at, app_version, schema_version, files)


@dataclass
class _Archive:
    zip: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo]
    manifest: BackupManifest


@contextlib.contextmanager
def _open_archive(file: Path) -> Iterator[_Archive]:
    """The zip, its members checked and its manifest parsed; closed on leaving."""
    if not file.is_file():  # also keeps a pipe or a device from blocking the read
        raise VaultFormatError(f"There is no backup file at '{file}'.")
    with _reading(file), zipfile.ZipFile(file, "r") as archive:
        members = _check_members(archive, file.stat().st_size)
        manifest = parse_manifest(archive.read(MANIFEST_FILE))
        for name in SUMMED_MEMBERS:
            if manifest.files[name].size != members[name].file_size:
                raise _damaged(f"{name} does not have the size its manifest records")
        ks_bytes = archive.read(KEYSLOTS_FILE)
        try:
            doc = keyslots.parse(ks_bytes)
        except VaultTooNew:
            raise
        except VaultFormatError:
            raise _damaged("its copy of keyslots.json is unreadable") from None
        if doc.vault_id != manifest.vault_id:
            raise _damaged("its key file belongs to another vault than its manifest names")
        yield _Archive(archive, members, manifest)


def _copy_member(
    archive: _Archive, name: str, dest: Path | None, meter: _Meter, *, durable: bool = False
) -> None:
    """Stream one member (to `dest`, or nowhere) and check it against the manifest."""
    expected = archive.manifest.files[name]
    digest = hashlib.sha256()
    size = 0
    fd = -1
    try:
        if dest is not None:
            try:
                fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except OSError as exc:
                raise storage_error(exc, "unpack the backup") from None
        with archive.zip.open(name) as source:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                if fd >= 0:
                    _write_unpacked(fd, chunk)
                meter.advance(len(chunk))
        if fd >= 0 and durable:
            _sync_unpacked(fd)
    finally:
        if fd >= 0:
            os.close(fd)
    if size != expected.size or digest.hexdigest() != expected.sha256:
        raise _damaged(f"{name} does not match its checksum (it was altered or damaged)")


def _write_unpacked(fd: int, chunk: bytes) -> None:
    try:
        write_all(fd, chunk)
    except OSError as exc:
        raise storage_error(exc, "unpack the backup") from None


def _sync_unpacked(fd: int) -> None:
    try:
        os.fsync(fd)
    except OSError as exc:
        raise storage_error(exc, "unpack the backup") from None


def read_manifest(file: Path) -> BackupManifest:
    """What a backup says about itself (vault, time, versions), checked but not summed."""
    file = Path(file)
    with _open_archive(file) as archive:
        return archive.manifest


def check_backup_file(file: Path, *, progress: Progress | None = None) -> BackupManifest:
    """Every structural check and every checksum, without unpacking or a secret."""
    file = Path(file)
    with _open_archive(file) as archive:
        total = sum(archive.manifest.files[n].size for n in SUMMED_MEMBERS)
        meter = _Meter(progress, total)
        with _reading(file):
            for name in SUMMED_MEMBERS:
                _copy_member(archive, name, None, meter)
        return archive.manifest


def _unpack(file: Path, folder: Path, *, durable: bool) -> BackupManifest:
    """Check and extract the backup into `folder` (a new private folder).

    `durable` fsyncs what was written: a restore needs it, a copy verified and then
    thrown away does not.
    """
    try:
        folder.mkdir(mode=0o700)
    except OSError as exc:
        raise storage_error(exc, "prepare a folder for the backup's contents") from None
    with _open_archive(file) as archive:
        needed = sum(archive.manifest.files[n].size for n in SUMMED_MEMBERS)
        try:
            free = shutil.disk_usage(folder).free
        except OSError as exc:
            raise storage_error(exc, "prepare a folder for the backup's contents") from None
        if free < needed + CHUNK:
            raise StorageError(
                f"Could not unpack the backup: there is not enough free space in "
                f"'{folder.parent}' (it needs about {needed // (1024 * 1024) + 1} MB)."
            )
        meter = _Meter(None, needed)
        with _reading(file):
            for name in SUMMED_MEMBERS:
                _copy_member(archive, name, folder / name, meter, durable=durable)
        if durable:
            try:
                fsync_dir(folder)
            except OSError as exc:
                raise storage_error(exc, "unpack the backup") from None
        return archive.manifest


def _unpack_and_verify(
    file: Path,
    folder: Path,
    secret: str,
    kinds: tuple[SlotKind, ...],
    when_ok: Callable[[VaultSession, BackupManifest], None] | None = None,
    *,
    durable: bool = False,
) -> BackupVerifyReport:
    """Unpack into `folder`, open the copy with its own key slots, run every check.

    `when_ok` runs in the still-open copy when every check passed (restore records
    itself there, so that nothing writes to the vault after it is moved into place).
    """
    manifest = _unpack(file, folder, durable=durable)
    session = open_vault(folder, secret, kinds=kinds)
    try:
        report = BackupVerifyReport(
            checks={"backup file": [], **session.verify().checks}, manifest=manifest
        )
        if when_ok is not None and report.ok:
            when_ok(session, manifest)
    finally:
        session.lock()
    return report


# --- verify ---------------------------------------------------------------------------


def verify_backup(
    file: Path, secret: str, *, kinds: tuple[SlotKind, ...] = ("passphrase",)
) -> BackupVerifyReport:
    """Open the backup with its own key slots and run every integrity check on a copy.

    The copy lives in a private temporary folder (encrypted, as in the vault) that is
    removed afterwards, whatever happens. Opening it writes audit entries into the copy
    only. A damaged or foreign file raises a `VaultError`; a file that unpacks and opens
    but fails a check returns a report whose `ok` is False.
    """
    file = Path(file)
    try:
        work = Path(tempfile.mkdtemp(prefix="recordsafe-verify-"))
    except OSError as exc:
        raise storage_error(exc, "prepare a folder to check the backup") from None
    try:
        return _unpack_and_verify(file, work / "backup.rsvault", secret, kinds)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- create ---------------------------------------------------------------------------


def _stamp_name(vault_name: str, moment: datetime) -> str:
    # The name shows local time, as the user reads a clock; the manifest keeps UTC.
    return f"{vault_name}-{moment.astimezone().strftime('%Y%m%d-%H%M')}"


def _free_path(folder: Path, stem: str, suffix: str) -> Path:
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while os.path.lexists(candidate):
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def _zip_info(name: str, size: int, moment: datetime) -> zipfile.ZipInfo:
    stamp = moment.astimezone(UTC)
    info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.file_size = size  # known in advance: lets zipfile choose zip64 up front
    info.external_attr = 0o600 << 16
    return info


def _add_file(
    archive: zipfile.ZipFile, name: str, source: Path, moment: datetime, meter: _Meter
) -> MemberSum:
    size = source.stat().st_size
    digest = hashlib.sha256()
    with source.open("rb") as reader, archive.open(_zip_info(name, size, moment), "w") as out:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            meter.advance(len(chunk))
    return MemberSum(size, digest.hexdigest())


def _add_bytes(
    archive: zipfile.ZipFile, name: str, data: bytes, moment: datetime, meter: _Meter
) -> MemberSum:
    with archive.open(_zip_info(name, len(data), moment), "w") as out:
        out.write(data)
    meter.advance(len(data))
    return MemberSum(len(data), hashlib.sha256(data).hexdigest())


def _write_archive(
    target: Path,
    snapshot: Path,
    keyslots_bytes: bytes,
    manifest: BackupManifest,
    moment: datetime,
    meter: _Meter,
) -> BackupManifest:
    """Write the zip to `target` (a new file) and fsync it; returns the final manifest."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        buffered = io.BufferedWriter(_FdFile(fd), CHUNK)
        archive = zipfile.ZipFile(buffered, "w", zipfile.ZIP_STORED, allowZip64=True)
        try:
            files = {
                DB_FILE: _add_file(archive, DB_FILE, snapshot, moment, meter),
                KEYSLOTS_FILE: _add_bytes(archive, KEYSLOTS_FILE, keyslots_bytes, moment, meter),
            }
            final = BackupManifest(
                manifest.vault_id,
                manifest.created_at,
                manifest.app_version,
                manifest.schema_version,
                files,
            )
            body = json.dumps(final.to_json(), indent=2, sort_keys=True).encode("utf-8")
            archive.writestr(_zip_info(MANIFEST_FILE, len(body), moment), body)
            archive.close()
            buffered.close()
        except BaseException:
            # The file is being abandoned; do not let zipfile's own cleanup (which
            # writes again, and may fail again) hide the first error.
            with contextlib.suppress(Exception):
                archive.close()
            with contextlib.suppress(Exception):
                buffered.close()
            raise
        os.fsync(fd)
    finally:
        os.close(fd)
    return final


def _refuse_inside_vault(session: VaultSession, folder: Path) -> None:
    if _inside(folder, session.folder):
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
) -> Path:
    """Write `NAME-YYYYMMDD-HHMM.rsbackup` into `dest_dir`; returns its path.

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
    _refuse_inside_vault(session, dest_dir)
    if not dest_dir.is_dir():
        raise StorageError(
            f"Could not write the backup: the folder '{dest_dir}' does not exist "
            "(was a drive removed?)."
        )
    moment = _aware(now)
    _sweep_stale(dest_dir, f".{glob.escape(session.name)}.snapshot-*")
    _sweep_stale(dest_dir, f".{glob.escape(session.name)}.partial-*{BACKUP_SUFFIX}")
    token = secrets.token_hex(6)
    snapshot = dest_dir / f".{session.name}.snapshot-{token}.db"
    temp_zip = dest_dir / f".{session.name}.partial-{token}{BACKUP_SUFFIX}"
    leftovers = [snapshot, *(Path(f"{snapshot}{s}") for s in ("-journal", "-wal", "-shm"))]
    final: Path | None = None
    try:
        keyslots_bytes = (session.folder / KEYSLOTS_FILE).read_bytes()
        session.export_database(snapshot, scratch=True)  # read once into the zip
        size = snapshot.stat().st_size + len(keyslots_bytes)
        meter = _Meter(progress, 2 * size)
        meter.advance(0)
        draft = BackupManifest(
            session.vault_id,
            _iso(moment),
            __version__,
            schema.current_version(session.db),
            {},
        )
        written = _write_archive(temp_zip, snapshot, keyslots_bytes, draft, moment, meter)
        _remove_quietly(*leftovers)
        if check_backup_file(temp_zip, progress=_offset(progress, size, 2 * size)) != written:
            raise _damaged("the backup just written reads back differently")
        final = _free_path(dest_dir, _stamp_name(session.name, moment), BACKUP_SUFFIX)
        os.replace(temp_zip, final)
        fsync_dir(dest_dir)
    except BaseException as exc:
        _remove_quietly(temp_zip, *leftovers)
        if final is not None:
            _remove_quietly(final)
        if isinstance(exc, OSError):
            raise storage_error(exc, "write the backup") from None
        raise
    _record_backup(session, final, written.created_at)
    return final


def _record_backup(session: VaultSession, final: Path, created_at: str) -> None:
    """Audit the backup: a copy of every record must never exist unrecorded.

    If the entry cannot be committed, the backup is removed. If it was committed and
    only the key file's head could not be saved afterwards, the backup is recorded, so
    it stays, and the error still reaches the caller.
    """
    try:
        with session.transaction():
            session.record("backup_created", file=final.name)
            session.set_setting(LAST_BACKUP_KEY, created_at)
    except BaseException:
        committed = False
        with contextlib.suppress(Exception):
            committed = session.get_setting(LAST_BACKUP_KEY) == created_at
        if not committed:
            _remove_quietly(final)
        raise


def _offset(progress: Progress | None, start: int, total: int) -> Progress | None:
    """A progress callback for a later phase: its (done, _) counts from `start`."""
    if progress is None:
        return None
    callback = progress
    return lambda done, _total: callback(min(start + done, total), total)


# --- restore --------------------------------------------------------------------------


def _is_empty_dir(path: Path) -> bool:
    try:
        return path.is_dir() and not path.is_symlink() and not any(path.iterdir())
    except OSError as exc:
        raise storage_error(exc, "look at the restore folder") from None


def _check_target(target: Path, manifest: BackupManifest, replace_existing: bool) -> None:
    """Refuse a target that is not new or empty, unless we may set an old vault aside."""
    if not os.path.lexists(target) or _is_empty_dir(target):
        return
    nothing = "Nothing was restored."
    if not target.is_dir() or target.is_symlink() or not is_vault_folder(target):
        raise VaultError(
            f"'{target}' is not empty and is not a RecordSafe vault. Choose a new or empty "
            f"folder for the restored vault. {nothing}"
        )
    if replace_existing:
        return
    try:
        existing = keyslots.read(target).vault_id
    except VaultError:
        existing = "unknown"
    if existing == manifest.vault_id:
        raise VaultError(
            f"'{target}' already holds this vault. Choose a new folder, or choose to replace "
            f"it (the current copy is kept aside, not deleted). {nothing}"
        )
    raise VaultError(
        f"'{target}' holds a different vault (vault {existing}) than this backup (vault "
        f"{manifest.vault_id}). Choose a new folder, or choose to replace that vault (it "
        f"is kept aside, not deleted). {nothing}"
    )


def _ensure_not_open(folder: Path) -> None:
    lock = VaultLock(folder)
    lock.acquire()  # VaultInUse when a session anywhere has it open
    lock.release()


def _aside_path(target: Path, moment: datetime) -> Path:
    stamp = moment.astimezone().strftime("%Y%m%d-%H%M%S")
    return _free_path(target.parent, f"{target.name}.before-restore-{stamp}", "")


def _move_into_place(staging: Path, target: Path, aside: Path | None) -> None:
    """Rename the verified copy to `target`; an old vault there goes to `aside` first.

    Any failure, even of the final fsync, puts back what was at `target`: a restore
    that reports an error has changed nothing.
    """
    emptied = False
    moved_aside = False
    moved_in = False
    try:
        if _is_empty_dir(target):
            target.rmdir()
            emptied = True
        elif aside is not None:
            _ensure_not_open(target)
            os.replace(target, aside)
            moved_aside = True
        os.replace(staging, target)
        moved_in = True
        fsync_dir(target.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            if moved_in:
                os.replace(target, staging)
            if moved_aside and aside is not None:
                os.replace(aside, target)
            elif emptied:
                target.mkdir(mode=0o700)
        raise storage_error(exc, "put the restored vault in place") from None


def restore_backup(
    file: Path,
    target: Path,
    secret: str,
    *,
    replace_existing: bool = False,
    kinds: tuple[SlotKind, ...] = ("passphrase",),
) -> Path:
    """Restore a backup to `target` (new or empty), verifying it completely first.

    The backup is unpacked into a hidden folder beside `target`, opened with its own key
    slots and verified there; only a copy that passes every check is renamed into place,
    so a failure or a crash never leaves half a vault at `target`. With
    `replace_existing`, a vault already at `target` is renamed to
    `<target>.before-restore-YYYYMMDD-HHMMSS`, never deleted. The restore is recorded
    (`restored_from_backup`) in the verified copy just before the rename: after the
    rename nothing writes to `target`.
    """
    file, target = Path(file), Path(target)
    manifest = read_manifest(file)
    _check_target(target, manifest, replace_existing)
    aside: Path | None = None
    if os.path.lexists(target) and not _is_empty_dir(target):
        _ensure_not_open(target)
        aside = _aside_path(target, datetime.now(UTC))
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, "create the folder for the restored vault") from None

    def record_restore(session: VaultSession, manifest: BackupManifest) -> None:
        detail: dict[str, Any] = {"backup": file.name, "created_at": manifest.created_at}
        if aside is not None:
            detail["kept_aside"] = aside.name
        session.record("restored_from_backup", **detail)

    _sweep_stale(target.parent, f".{glob.escape(target.name)}.restoring-*")
    staging = target.parent / f".{target.name}.restoring-{secrets.token_hex(6)}"
    try:
        report = _unpack_and_verify(file, staging, secret, kinds, record_restore, durable=True)
        if not report.ok:
            problems = "; ".join(p for ps in report.checks.values() for p in ps)
            raise VaultDamaged(
                f"The backup did not pass its integrity checks, so nothing was restored: {problems}"
            )
        _move_into_place(staging, target, aside)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


# --- rotation, reminders, settings ----------------------------------------------------


def _backups_in(folder: Path) -> list[Path]:
    try:
        return [
            p
            for p in folder.iterdir()
            if p.name.endswith(BACKUP_SUFFIX)
            and not p.name.startswith(".")
            and p.is_file()
            and not p.is_symlink()
        ]
    except OSError as exc:
        raise storage_error(exc, "look at the backup folder") from None


def prune_backups(dest_dir: Path, vault_name_or_id: str, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Remove the oldest backups of one vault beyond the newest `keep`; returns them.

    Pass the vault id (preferred) or its name. Each candidate's manifest decides which
    vault it belongs to and when it was made: with a name, files called `NAME-…` are
    grouped by their manifest's vault id, so two vaults that share a name each keep
    their own `keep` newest. A file whose manifest cannot be read is never removed.
    """
    if keep < 1:
        raise ValueError("keep at least one backup")
    by_id = _is_uuid(vault_name_or_id)
    groups: dict[str, list[tuple[datetime, int, str, Path]]] = {}
    for path in _backups_in(Path(dest_dir)):
        if not by_id:
            rest = path.name.removeprefix(f"{vault_name_or_id}-")
            if rest == path.name or not _STAMPED_NAME.fullmatch(rest):
                continue
        try:
            manifest = read_manifest(path)
        except VaultError:
            continue
        if by_id and manifest.vault_id != vault_name_or_id:
            continue
        made = _parse_iso(manifest.created_at) or datetime.min.replace(tzinfo=UTC)
        # Backups made within the same second: the later write is the newer one.
        written = 0
        with contextlib.suppress(OSError):
            written = path.stat().st_mtime_ns
        groups.setdefault(manifest.vault_id, []).append((made, written, path.name, path))
    removed: list[Path] = []
    for entries in groups.values():
        entries.sort()
        for *_order, path in entries[: max(len(entries) - keep, 0)]:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise storage_error(exc, "remove an old backup") from None
            removed.append(path)
    return removed


def last_backup_at(session: VaultSession) -> datetime | None:
    text = session.get_setting(LAST_BACKUP_KEY)
    return _parse_iso(text) if text else None


def backup_due(
    session: VaultSession, *, days: int = DEFAULT_DUE_DAYS, now: datetime | None = None
) -> bool:
    """Whether to remind: never backed up, last backup `days` old, or a clock that jumped."""
    last = last_backup_at(session)
    if last is None:
        return True
    moment = _aware(now)
    # A last backup "in the future" means the clock was wrong then or now: remind.
    return moment - last >= timedelta(days=days) or last - moment > timedelta(days=1)


def get_backup_dir(session: VaultSession) -> Path | None:
    text = session.get_setting(BACKUP_DIR_KEY)
    return Path(text) if text else None


def set_backup_dir(session: VaultSession, path: Path | None) -> None:
    """Remember the folder for automatic backups (None forgets it)."""
    if path is None:
        session.set_setting(BACKUP_DIR_KEY, "")
        return
    folder = Path(path).expanduser().absolute()
    _refuse_inside_vault(session, folder)
    session.set_setting(BACKUP_DIR_KEY, str(folder))


__all__ = [
    "BACKUP_SUFFIX",
    "BackupManifest",
    "BackupVerifyReport",
    "MemberSum",
    "backup_due",
    "check_backup_file",
    "create_backup",
    "get_backup_dir",
    "last_backup_at",
    "parse_manifest",
    "prune_backups",
    "read_manifest",
    "restore_backup",
    "set_backup_dir",
    "verify_backup",
]
