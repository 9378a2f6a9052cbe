"""Numbered schema migrations, each in one transaction, after an encrypted backup.

`PRAGMA user_version` holds the schema version. A vault whose version is newer than
`SCHEMA_VERSION` was written by a newer app: it opens read-only (never migrated down).
Each later issue adds its tables as a new entry in MIGRATIONS; never edit an old one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from recordsafe.vault.database import Database

MIGRATIONS: list[str] = [
    # 1: the vault's own tables: settings, audit chain.
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    CREATE TABLE audit_log (
        seq       INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        action    TEXT NOT NULL,
        client_id INTEGER,
        detail    TEXT NOT NULL DEFAULT '{}',
        hash      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_log_client ON audit_log (client_id, seq);
    CREATE INDEX audit_log_action ON audit_log (action, seq);
    -- Append-only by construction: the app never edits or deletes an entry.
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    """,
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
    target_dir.mkdir(mode=0o700, exist_ok=True)
    target = target_dir / f"pre-migration-v{version}-{stamp}.db"
    db.export_to(target, key)
    return target


def migrate(
    db: Database,
    *,
    backup: Callable[[], object] | None = None,
    migrations: list[str] | None = None,
) -> int:
    """Bring the schema up to date; returns the number of migrations applied."""
    steps = MIGRATIONS if migrations is None else migrations
    version = current_version(db)
    pending = steps[version:]
    if not pending:
        return 0
    if version > 0 and backup is not None:
        backup()
    for number, script in enumerate(pending, start=version + 1):
        # executescript would commit an open transaction first, so BEGIN is part of it;
        # a failure rolls the whole step back, leaving the previous version intact.
        try:
            db.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
        except BaseException:
            db.execute_rollback_quietly()
            raise
    return len(pending)
