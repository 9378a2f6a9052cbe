"""Reading and writing the backup's zip container.

Reading is strict (the file may come from anywhere): anything not of exactly the
documented shape is refused with a `VaultError` in plain words before a byte is
extracted, and each member's sum is checked as it is streamed.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from recordsafe.vault import keyslots
from recordsafe.vault.atomic import storage_error, write_all
from recordsafe.vault.backup_container import check_container
from recordsafe.vault.backup_format import (
    CHUNK,
    MANIFEST_FILE,
    MAX_MANIFEST_BYTES,
    MEMBERS,
    SUMMED_MEMBERS,
    BackupManifest,
    MemberSum,
    Meter,
    Progress,
    damaged,
    parse_manifest,
)
from recordsafe.vault.database import DB_FILE
from recordsafe.vault.errors import VaultError, VaultFormatError, VaultTooNew
from recordsafe.vault.keyslots import KEYSLOTS_FILE, SlotKind

# What the zipfile module raises on a malformed archive. A hostile or damaged file must
# end in a `VaultError`, never in one of these.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    ValueError,  # includes UnicodeDecodeError of a member name
    struct.error,
    NotImplementedError,
    OverflowError,
    IndexError,
)


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


# --- reading a backup (strict) ---------------------------------------------------------


@contextlib.contextmanager
def reading(file: Path) -> Iterator[None]:
    """Turn everything that can go wrong while reading a backup into a `VaultError`."""
    try:
        yield
    except VaultError:
        raise
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise VaultFormatError(f"There is no backup file at '{file}'.") from None
    except OSError as exc:
        if exc.errno == errno.EINVAL:  # a seek to an impossible offset the file claims
            raise damaged("its table of contents points outside the file") from None
        raise storage_error(exc, "read the backup file") from None
    except ZIP_ERRORS:
        raise damaged(
            "it is not a complete RecordSafe backup (it may be truncated, or not a backup)"
        ) from None


def _check_members(archive: zipfile.ZipFile, archive_size: int) -> dict[str, zipfile.ZipInfo]:
    """The three expected members, each plain and of a believable size; nothing else."""
    found: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        name = info.filename
        if "/" in name or "\\" in name or ".." in name or ":" in name:
            raise damaged("it holds a file with a folder path in its name")
        if name not in MEMBERS:
            raise damaged(f"it holds a file that does not belong in a backup ({name[:40]!r})")
        if name in found:
            raise damaged(f"it holds {name} twice")
        if info.flag_bits & 0x1:
            raise damaged(f"{name} is encrypted by zip, which RecordSafe never does")
        if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
            raise damaged(f"{name} is stored in a way RecordSafe never writes")
        # Stored members cannot be larger than the file that holds them.
        if not 0 <= info.file_size <= archive_size:
            raise damaged(f"{name} claims an impossible size")
        found[name] = info
    for name in MEMBERS:
        if name not in found:
            raise damaged(f"{name} is missing")
    if found[MANIFEST_FILE].file_size > MAX_MANIFEST_BYTES:
        raise damaged("its manifest is far larger than any real one")
    if found[KEYSLOTS_FILE].file_size > keyslots.MAX_KEYSLOTS_BYTES:
        raise damaged("its key file is far larger than any real one")
    return found


@dataclass
class Archive:
    zip: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo]
    manifest: BackupManifest


@contextlib.contextmanager
def open_archive(file: Path) -> Iterator[Archive]:
    """The zip, its members checked and its manifest parsed; closed on leaving."""
    if not file.is_file():  # also keeps a pipe or a device from blocking the read
        raise VaultFormatError(f"There is no backup file at '{file}'.")
    with reading(file), file.open("rb") as handle, zipfile.ZipFile(handle, "r") as archive:
        size = os.fstat(handle.fileno()).st_size
        members = _check_members(archive, size)
        check_container(handle, archive, size)
        manifest = parse_manifest(archive.read(MANIFEST_FILE))
        for name in SUMMED_MEMBERS:
            if manifest.files[name].size != members[name].file_size:
                raise damaged(f"{name} does not have the size its manifest records")
        ks_bytes = archive.read(KEYSLOTS_FILE)
        try:
            doc = keyslots.parse(ks_bytes)
        except VaultTooNew:
            raise
        except VaultFormatError:
            raise damaged("its copy of keyslots.json is unreadable") from None
        if doc.vault_id != manifest.vault_id:
            raise damaged("its key file belongs to another vault than its manifest names")
        yield Archive(archive, members, manifest)


def copy_member(
    archive: Archive, name: str, dest: Path | None, meter: Meter, *, durable: bool = False
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
        raise damaged(f"{name} does not match its checksum (it was altered or damaged)")


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
    with open_archive(file) as archive:
        return archive.manifest


def backup_slot_kinds(file: Path) -> list[SlotKind]:
    """The kinds of key slot the backup's own key file holds (which secrets open it)."""
    file = Path(file)
    with open_archive(file) as archive, reading(file):
        return [slot.kind for slot in keyslots.parse(archive.zip.read(KEYSLOTS_FILE)).slots]


def check_backup_file(file: Path, *, progress: Progress | None = None) -> BackupManifest:
    """Every structural check and every checksum, without unpacking or a secret."""
    file = Path(file)
    with open_archive(file) as archive:
        total = sum(archive.manifest.files[n].size for n in SUMMED_MEMBERS)
        meter = Meter(progress, total)
        with reading(file):
            for name in SUMMED_MEMBERS:
                copy_member(archive, name, None, meter)
        return archive.manifest


def _zip_info(name: str, size: int, moment: datetime) -> zipfile.ZipInfo:
    stamp = moment.astimezone(UTC)
    info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.file_size = size  # known in advance: lets zipfile choose zip64 up front
    info.external_attr = 0o600 << 16
    return info


def _add_file(
    archive: zipfile.ZipFile, name: str, source: Path, moment: datetime, meter: Meter
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
    archive: zipfile.ZipFile, name: str, data: bytes, moment: datetime, meter: Meter
) -> MemberSum:
    with archive.open(_zip_info(name, len(data), moment), "w") as out:
        out.write(data)
    meter.advance(len(data))
    return MemberSum(len(data), hashlib.sha256(data).hexdigest())


def write_archive(
    target: Path,
    snapshot: Path,
    keyslots_bytes: bytes,
    manifest: BackupManifest,
    moment: datetime,
    meter: Meter,
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
