"""Backups: one `.rsbackup` file per backup; create, verify, restore, rotate.

The work is split by what it does: `backup_format` (the manifest and shared helpers),
`backup_archive` (the zip, read strictly and written), `backup_snapshot` (create),
`backup_verify` and `backup_restore`. This module is the one callers import: it gathers
their public names and keeps rotation and the backup settings that live in the vault.

Verification unpacks into a private temporary folder, opens the copy with the backup's
own key slots and runs every integrity check of `VaultSession.verify`. Restore verifies
first, next to the target, and only then renames the verified copy into place.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from recordsafe.vault.atomic import storage_error
from recordsafe.vault.backup_archive import backup_slot_kinds, check_backup_file, read_manifest
from recordsafe.vault.backup_format import (
    BACKUP_DIR_KEY,
    BACKUP_SUFFIX,
    DEFAULT_DUE_DAYS,
    DEFAULT_KEEP,
    LAST_BACKUP_FILE_KEY,
    LAST_BACKUP_KEY,
    STALE_SECONDS,
    STAMPED_NAME,
    BackupManifest,
    BackupVerifyReport,
    MemberSum,
    aware,
    is_uuid,
    parse_iso,
    parse_manifest,
)
from recordsafe.vault.backup_restore import restore_backup
from recordsafe.vault.backup_snapshot import create_backup, refuse_inside_vault
from recordsafe.vault.backup_verify import verify_backup
from recordsafe.vault.errors import VaultError
from recordsafe.vault.session import VaultSession

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
    removed: list[Path] = []
    for entries in _backups_by_vault(Path(dest_dir), vault_name_or_id).values():
        for path in entries[: max(len(entries) - keep, 0)]:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise storage_error(exc, "remove an old backup") from None
            removed.append(path)
    return removed


def _backups_by_vault(folder: Path, vault_name_or_id: str) -> dict[str, list[Path]]:
    """The readable backups in `folder` of a vault (by id, or by name), oldest first."""
    by_id = is_uuid(vault_name_or_id)
    groups: dict[str, list[tuple[datetime, int, str, Path]]] = {}
    for path in _backups_in(folder):
        if not by_id:
            rest = path.name.removeprefix(f"{vault_name_or_id}-")
            if rest == path.name or not STAMPED_NAME.fullmatch(rest):
                continue
        try:
            manifest = read_manifest(path)
        except VaultError:
            continue
        if by_id and manifest.vault_id != vault_name_or_id:
            continue
        made = parse_iso(manifest.created_at) or datetime.min.replace(tzinfo=UTC)
        # Backups made within the same second: the later write is the newer one.
        written = 0
        with contextlib.suppress(OSError):
            written = path.stat().st_mtime_ns
        groups.setdefault(manifest.vault_id, []).append((made, written, path.name, path))
    return {vault: [e[-1] for e in sorted(entries)] for vault, entries in groups.items()}


def newest_backup(session: VaultSession) -> Path | None:
    """The newest readable backup of this vault in its backup folder, if any."""
    folder = get_backup_dir(session)
    if folder is None or not folder.is_dir():
        return None
    try:
        entries = _backups_by_vault(folder, session.vault_id).get(session.vault_id, [])
    except VaultError:  # the folder cannot be listed
        return None
    return entries[-1] if entries else None


def last_backup_at(session: VaultSession) -> datetime | None:
    text = session.get_setting(LAST_BACKUP_KEY)
    return parse_iso(text) if text else None


@dataclass(frozen=True)
class LastBackup:
    at: datetime
    path: Path | None  # unknown for a backup made before RecordSafe kept it
    automatic: bool


def last_backup(session: VaultSession) -> LastBackup | None:
    """When the last backup was made, where it went, and whether it was automatic."""
    at = last_backup_at(session)
    if at is None:
        return None
    try:
        info = json.loads(session.get_setting(LAST_BACKUP_FILE_KEY) or "{}")
    except json.JSONDecodeError:
        info = {}
    if not isinstance(info, dict):
        info = {}
    path = info.get("path")
    return LastBackup(
        at, Path(path) if isinstance(path, str) else None, info.get("automatic") is True
    )


def last_backup_folder(session: VaultSession) -> Path | None:
    """Where the last backup went, if that folder is still there (a handoff backup made
    before any backup folder was chosen, say): offered for the next one, not set."""
    last = last_backup(session)
    folder = last.path.parent if last is not None and last.path is not None else None
    return folder if folder is not None and folder.is_dir() else None


def backup_due(
    session: VaultSession, *, days: int = DEFAULT_DUE_DAYS, now: datetime | None = None
) -> bool:
    """Whether to remind: never backed up, last backup `days` old, or a clock that jumped."""
    last = last_backup_at(session)
    if last is None:
        return True
    moment = aware(now)
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
    refuse_inside_vault(session, folder)
    session.set_setting(BACKUP_DIR_KEY, str(folder))


__all__ = [
    "BACKUP_DIR_KEY",
    "BACKUP_SUFFIX",
    "DEFAULT_DUE_DAYS",
    "DEFAULT_KEEP",
    "LAST_BACKUP_KEY",
    "STALE_SECONDS",
    "BackupManifest",
    "BackupVerifyReport",
    "LastBackup",
    "MemberSum",
    "backup_due",
    "backup_slot_kinds",
    "check_backup_file",
    "create_backup",
    "get_backup_dir",
    "last_backup",
    "last_backup_at",
    "newest_backup",
    "parse_manifest",
    "prune_backups",
    "read_manifest",
    "restore_backup",
    "set_backup_dir",
    "verify_backup",
]
