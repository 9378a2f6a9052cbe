"""Numbered schema migrations, each in one transaction, after an encrypted backup.

`PRAGMA user_version` holds the schema version. A vault whose version is newer than
`SCHEMA_VERSION` was written by a newer app: it opens read-only (never migrated down).
The steps themselves are in `migrations.py` (MIGRATIONS): append, never edit an old one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from recordsafe.vault.atomic import storage_error
from recordsafe.vault.database import Database
from recordsafe.vault.errors import VaultDamaged
from recordsafe.vault.migrations import MIGRATIONS, Rebuild, Step

# MIGRATIONS is read from here at call time, so a test can give migrate() other steps.
__all__ = [
    "BACKUP_DIR",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Rebuild",
    "Step",
    "current_version",
    "migrate",
    "pre_migration_backup",
]

SCHEMA_VERSION = len(MIGRATIONS)
BACKUP_DIR = "backups"


def current_version(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version"))


def pre_migration_backup(db: Database, folder: Path, key: bytes | bytearray) -> Path:
    """An encrypted copy (same key) before any migration touches an existing vault."""
    version = current_version(db)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target_dir = folder / BACKUP_DIR
    try:
        target_dir.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        # Plain words, not a traceback: the vault is left exactly as it was.
        raise storage_error(exc, "make a backup before updating the vault") from None
    target = target_dir / f"pre-migration-v{version}-{stamp}.db"
    # A retry after a failed update can come within the same second: never reuse a file.
    number = 1
    while target.exists():
        number += 1
        target = target_dir / f"pre-migration-v{version}-{stamp}-{number}.db"
    db.export_to(target, key)
    return target


def migrate(
    db: Database,
    *,
    backup: Callable[[], object] | None = None,
    migrations: list[Step] | None = None,
) -> int:
    """Bring the schema up to date; returns the number of migrations applied."""
    steps = MIGRATIONS if migrations is None else migrations
    version = current_version(db)
    pending = steps[version:]
    if not pending:
        return 0
    if version > 0 and backup is not None:
        backup()
    for number, step in enumerate(pending, start=version + 1):
        if isinstance(step, Rebuild):
            _rebuild(db, step.script, number)
            continue
        # executescript would commit an open transaction first, so BEGIN is part of it;
        # a failure rolls the whole step back, leaving the previous version intact.
        try:
            db.executescript(f"BEGIN IMMEDIATE;\n{step}\nPRAGMA user_version = {number};\nCOMMIT;")
        except BaseException:
            db.execute_rollback_quietly()
            raise
    return len(pending)


def _rebuild(db: Database, script: str, number: int) -> None:
    # foreign_keys can only change outside a transaction; it is back on whatever happens.
    db.executescript("PRAGMA foreign_keys = OFF;")
    try:
        # executescript commits first whatever is open, so the end is plain statements.
        db.executescript(f"BEGIN IMMEDIATE;\n{script}")
        if db.execute("PRAGMA foreign_key_check"):
            raise VaultDamaged(
                "The vault could not be updated: its records refer to missing entries."
            )
        db.execute(f"PRAGMA user_version = {number}")
        db.execute("COMMIT")
    except BaseException:
        db.execute_rollback_quietly()
        raise
    finally:
        db.executescript("PRAGMA foreign_keys = ON;")
