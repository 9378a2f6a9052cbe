"""Numbered migrations: a backup under backups/ first, and a failing step changes nothing.

"v1" here is whatever schema the app has today (BASE); the fake migrations come after it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from recordsafe.vault import TEST_PARAMS, CreatedVault, VaultError, create_vault, schema
from tests.conftest import PASSPHRASE
from tests.vault.helpers import raw_db, reopen

BASE = schema.SCHEMA_VERSION
V2_OK = "CREATE TABLE extra (id INTEGER PRIMARY KEY, note TEXT NOT NULL) STRICT;"
V2_FAILING = """
CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT;
ALTER TABLE meta ADD COLUMN changed TEXT;
INSERT INTO no_such_table VALUES (1);
"""


@pytest.fixture
def v1_vault(created: CreatedVault, vault_path: Path) -> bytes:
    created.session.set_setting("practice_name", "Kept")
    key = created.session.key_for_backup()
    assert schema.current_version(created.session.db) == BASE
    created.session.lock()
    return key


def use_migrations(monkeypatch: pytest.MonkeyPatch, *scripts: str) -> None:
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS[:BASE], *scripts])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", BASE + len(scripts))


def table_names(folder: Path, key: bytes) -> set[str]:
    with raw_db(folder, key) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_migration_makes_a_backup_first(
    v1_vault: bytes, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_migrations(monkeypatch, V2_OK)
    session = reopen(vault_path)
    try:
        assert schema.current_version(session.db) == BASE + 1
        session.db.execute("INSERT INTO extra (note) VALUES ('x')")
    finally:
        session.lock()
    backups = sorted((vault_path / "backups").glob(f"pre-migration-v{BASE}-*.db"))
    assert len(backups) == 1
    # The backup is the v1 vault, encrypted with the same key.
    with raw_db(backups[0], v1_vault) as conn:  # the old vault, under the same key
        assert conn.execute("PRAGMA user_version").fetchone()[0] == BASE
        assert conn.execute("SELECT value FROM meta WHERE key='practice_name'").fetchone()[0] == (
            "Kept"
        )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "extra" not in tables


def test_a_new_vault_needs_no_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_migrations(monkeypatch, V2_OK)
    made = create_vault(tmp_path / "New.rsvault", PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert schema.current_version(made.session.db) == BASE + 1
    finally:
        made.session.lock()
    assert not (tmp_path / "New.rsvault" / "backups").exists()


def test_failing_migration_leaves_the_previous_version(
    v1_vault: bytes, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_migrations(monkeypatch, V2_FAILING)
    # A failing migration is our bug, not the user's: it surfaces as the database error.
    with pytest.raises((sqlcipher3.dbapi2.DatabaseError, VaultError)):
        reopen(vault_path)
    assert "extra" not in table_names(vault_path, v1_vault)
    with raw_db(vault_path, v1_vault) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == BASE
        columns = [r[1] for r in conn.execute("PRAGMA table_info(meta)")]
        assert "changed" not in columns
    monkeypatch.undo()
    session = reopen(vault_path)  # the released app opens it as before
    try:
        assert schema.current_version(session.db) == BASE
        assert session.get_setting("practice_name") == "Kept"
        assert session.integrity_findings == []
    finally:
        session.lock()


def test_second_step_failing_keeps_the_first(
    v1_vault: bytes, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_migrations(monkeypatch, V2_OK, V2_FAILING.replace("extra", "extra3"))
    with pytest.raises((sqlcipher3.dbapi2.DatabaseError, VaultError)):
        reopen(vault_path)
    with raw_db(vault_path, v1_vault) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == BASE + 1
    assert "extra" in table_names(vault_path, v1_vault)
    assert "extra3" not in table_names(vault_path, v1_vault)
