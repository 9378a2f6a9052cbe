"""Backup settings and the "back up, then rotate" step shared by the UI and lock-time backups.

Plain Python, no Qt: the settings live in the vault (`meta` table) so they travel with
it; each change is audited by `set_setting`. `maybe_backup_on_lock` is what the app
calls just before locking or closing: it never raises, because a failed backup must not
stop the vault from locking; it returns a sentence to show instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from recordsafe.vault.backup import (
    DEFAULT_KEEP,
    create_backup,
    get_backup_dir,
    prune_backups,
    set_backup_dir,
)
from recordsafe.vault.errors import VaultError
from recordsafe.vault.session import VaultSession

KEEP_KEY = "backup_keep"
ON_LOCK_KEY = "backup_on_lock"
MIN_KEEP = 1
MAX_KEEP = 999
# Automatic backups are on unless turned off: they only run once a folder is chosen.
DEFAULT_ON_LOCK = True

FOLDER_MISSING = "Automatic backup skipped: the backup folder is not available"

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BackupSettings:
    folder: Path | None
    keep: int
    on_lock: bool


@dataclass(frozen=True)
class BackupOutcome:
    """What one "back up now" did: the new file, the old ones removed, a rotation problem."""

    file: Path
    removed: tuple[Path, ...]
    keep: int
    prune_problem: str | None = None


def _parse_keep(text: str | None) -> int:
    try:
        value = int(text) if text else DEFAULT_KEEP
    except ValueError:
        return DEFAULT_KEEP
    return min(max(value, MIN_KEEP), MAX_KEEP)


def _parse_flag(text: str | None, default: bool) -> bool:
    if text is None or text == "":
        return default
    return text == "1"


def read_settings(session: VaultSession) -> BackupSettings:
    return BackupSettings(
        folder=get_backup_dir(session),
        keep=_parse_keep(session.get_setting(KEEP_KEY)),
        on_lock=_parse_flag(session.get_setting(ON_LOCK_KEY), DEFAULT_ON_LOCK),
    )


def save_settings(session: VaultSession, settings: BackupSettings) -> None:
    """Store what changed, in one transaction (each change is an audit entry).

    A folder inside the vault is refused with the backup module's own message.
    """
    current = read_settings(session)
    keep = min(max(settings.keep, MIN_KEEP), MAX_KEEP)
    with session.transaction():
        if settings.folder != current.folder:
            set_backup_dir(session, settings.folder)
        if keep != current.keep or session.get_setting(KEEP_KEY) is None:
            session.set_setting(KEEP_KEY, str(keep))
        if settings.on_lock != current.on_lock or session.get_setting(ON_LOCK_KEY) is None:
            session.set_setting(ON_LOCK_KEY, "1" if settings.on_lock else "0")


def backup_and_prune(
    session: VaultSession,
    folder: Path,
    *,
    progress: Progress | None = None,
    automatic: bool = False,
) -> BackupOutcome:
    """Write one backup into `folder`, then keep only the newest N of this vault's.

    A failed rotation does not undo the backup: the outcome says what went wrong.
    """
    keep = read_settings(session).keep
    file = create_backup(session, folder, progress=progress, automatic=automatic)
    try:
        removed = prune_backups(folder, session.vault_id, keep)
    except VaultError as exc:
        return BackupOutcome(file, (), keep, f"Older backups could not be removed: {exc.message}")
    return BackupOutcome(file, tuple(removed), keep)


def maybe_backup_on_lock(session: VaultSession) -> str | None:
    """Back up before locking when the user asked for it; a sentence saying what happened.

    None when automatic backups are off or no folder is chosen. Never raises: the vault
    must lock whatever happens to the backup.
    """
    try:
        if not session.is_open:
            return None
        settings = read_settings(session)
        if not settings.on_lock or settings.folder is None:
            return None
        if not settings.folder.is_dir():
            return FOLDER_MISSING
        outcome = backup_and_prune(session, settings.folder, automatic=True)
    except VaultError as exc:
        return f"Automatic backup failed: {exc.message}"
    except Exception as exc:  # a bug must not stop the lock; log the type only
        log.error("Unexpected %s during automatic backup", type(exc).__qualname__)
        return "Automatic backup failed because of an unexpected problem. Your vault is unchanged."
    status = f"Backed up automatically to {outcome.file.name}."
    if outcome.prune_problem:
        status += f" {outcome.prune_problem}"
    return status


__all__ = [
    "FOLDER_MISSING",
    "KEEP_KEY",
    "ON_LOCK_KEY",
    "BackupOutcome",
    "BackupSettings",
    "backup_and_prune",
    "maybe_backup_on_lock",
    "read_settings",
    "save_settings",
]
