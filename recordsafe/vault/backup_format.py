"""The `.rsbackup` format: its constants, its manifest (strictly parsed) and the small
helpers that the snapshot, archive, verify and restore modules share.

A backup is a zip (stored, never compressed: the database is encrypted and would not
shrink) of three members:

- `vault.db`: a consistent encrypted snapshot made with `sqlcipher_export` through the
  open session, never a raw copy of the open file (its WAL may hold committed rows);
- `keyslots.json`: the key file's bytes, so the backup opens with the vault's own
  passphrase, recovery and custodian codes;
- `manifest.json`: format, vault id, times, versions, and each member's size and SHA-256.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from recordsafe.vault.database import DB_FILE
from recordsafe.vault.errors import VaultDamaged, VaultFormatError, VaultTooNew
from recordsafe.vault.keyslots import KEYSLOTS_FILE
from recordsafe.vault.session import VerifyReport

BACKUP_SUFFIX = ".rsbackup"
FORMAT_NAME = "recordsafe-backup"
FORMAT_VERSION = 1
MANIFEST_FILE = "manifest.json"
MEMBERS = (DB_FILE, KEYSLOTS_FILE, MANIFEST_FILE)
SUMMED_MEMBERS = (DB_FILE, KEYSLOTS_FILE)
MAX_MANIFEST_BYTES = 64 * 1024
CHUNK = 1024 * 1024
LAST_BACKUP_KEY = "last_backup_at"
# Where the last backup went and whether it was automatic (JSON; shown in the windows).
LAST_BACKUP_FILE_KEY = "last_backup_file"
BACKUP_DIR_KEY = "backup_dir"
DEFAULT_KEEP = 10
DEFAULT_DUE_DAYS = 7
STALE_SECONDS = 24 * 3600

Progress = Callable[[int, int], None]

SHA256_HEX = re.compile(r"[0-9a-f]{64}")
STAMPED_NAME = re.compile(r"\d{8}-\d{4}(-\d+)?" + re.escape(BACKUP_SUFFIX))


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


def damaged(detail: str) -> VaultDamaged:
    return VaultDamaged(f"The backup file is damaged: {detail}. Use another backup.")


def aware(now: datetime | None) -> datetime:
    moment = now or datetime.now(UTC)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def iso_utc(moment: datetime) -> str:
    utc = moment.astimezone(UTC).replace(microsecond=0)
    return utc.isoformat().replace("+00:00", "Z")


def parse_iso(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def sweep_stale(folder: Path, pattern: str) -> None:
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


def remove_quietly(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while os.path.lexists(candidate):
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


class Meter:
    """Forwards (done, total) to the caller's progress callback."""

    def __init__(self, callback: Progress | None, total: int) -> None:
        self.callback = callback
        self.total = max(total, 1)
        self.done = 0

    def advance(self, amount: int) -> None:
        self.done = min(self.done + amount, self.total)
        if self.callback is not None:
            self.callback(self.done, self.total)


def _field(obj: dict[str, Any], name: str, kind: type) -> Any:
    value = obj.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise damaged(f"its manifest has no valid '{name}'")
    return value


def parse_manifest(data: bytes) -> BackupManifest:
    """Strictly parse manifest.json; `VaultError` on anything not of the documented shape."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise damaged("its manifest is not valid JSON") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise VaultFormatError("This file is not a RecordSafe backup (its manifest is foreign).")
    version = _field(document, "version", int)
    if version > FORMAT_VERSION:
        raise VaultTooNew(
            f"This backup was made by a newer version of RecordSafe (backup format "
            f"{version}). Update RecordSafe to use it; the backup has not been changed."
        )
    if version < 1:
        raise damaged("its manifest has no valid 'version'")
    vault_id = _field(document, "vault_id", str)
    if not is_uuid(vault_id):
        raise damaged("its manifest has no valid 'vault_id'")
    created_at = _field(document, "created_at", str)
    if parse_iso(created_at) is None:
        raise damaged("its manifest has no valid 'created_at'")
    app_version = _field(document, "app_version", str)
    schema_version = _field(document, "schema_version", int)
    if schema_version < 0:
        raise damaged("its manifest has no valid 'schema_version'")
    raw_files = _field(document, "files", dict)
    if set(raw_files) != set(SUMMED_MEMBERS):
        raise damaged("its manifest does not list exactly vault.db and keyslots.json")
    files: dict[str, MemberSum] = {}
    for name in SUMMED_MEMBERS:
        entry = raw_files[name]
        if not isinstance(entry, dict):
            raise damaged(f"its manifest entry for {name} is malformed")
        size, digest = entry.get("size"), entry.get("sha256")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise damaged(f"its manifest entry for {name} has no valid size")
        if not isinstance(digest, str) or not SHA256_HEX.fullmatch(digest):
            raise damaged(f"its manifest entry for {name} has no valid checksum")
        files[name] = MemberSum(size, digest)
    return BackupManifest(vault_id, created_at, app_version, schema_version, files)
