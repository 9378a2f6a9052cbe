"""Migration 4 rebuilds the disclosure tables to widen their CHECKs: every row is kept,
the never-change triggers come back, foreign keys are on again, and a failure changes
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from recordsafe.disclosure.gate import Item, Recipient, Request, disclose, evaluate
from recordsafe.records import cases, clients, intake, notes
from recordsafe.vault import VaultError, create_vault, schema
from recordsafe.vault.kdf import TEST_PARAMS
from tests.conftest import PASSPHRASE
from tests.disclosure.conftest import TODAY, give_consent
from tests.vault.helpers import reopen

REBUILD_VERSION = 4


@pytest.fixture
def v3_vault_with_a_disclosure(vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[: REBUILD_VERSION - 1])
        patch.setattr(schema, "SCHEMA_VERSION", REBUILD_VERSION - 1)
        session = create_vault(vault_path, PASSPHRASE, kdf=TEST_PARAMS).session
        try:
            ada = clients.create_client(session, "Ada Wren")
            intake.record_intake(session, ada, explained_on=TODAY, method="in_person")
            case = cases.create_case(session, "individual", "Work", [ada])
            note = notes.create_note(session, case, note_date=TODAY, body="Text.")
            notes.sign_note(session, note)
            give_consent(session, ada)
            lee = Recipient("Dr Lee")
            request = Request((Item("note", note),), lee, "treatment", "third_party")
            disclosure_id = disclose(
                session, request, evaluate(session, request, today=TODAY), client_informed=True
            )
            assert schema.current_version(session.db) == REBUILD_VERSION - 1
        finally:
            session.lock()
    return disclosure_id


def test_rebuild_keeps_every_row_and_the_guards(
    v3_vault_with_a_disclosure: int, vault_path: Path
) -> None:
    session = reopen(vault_path)
    try:
        db = session.db
        assert schema.current_version(db) == schema.SCHEMA_VERSION
        assert db.scalar("SELECT count(*) FROM disclosures") == 1
        assert db.scalar("SELECT count(*) FROM disclosure_items") == 1
        assert db.scalar("SELECT count(*) FROM disclosure_consents") == 1
        assert db.scalar("PRAGMA foreign_keys") == 1
        assert db.execute("PRAGMA foreign_key_check") == []
        assert db.integrity_check() == []
        with pytest.raises(sqlcipher3.IntegrityError, match="never deleted"):
            db.execute("DELETE FROM disclosures")
        with pytest.raises(sqlcipher3.IntegrityError, match="never changed"):
            db.execute("UPDATE disclosure_items SET item_id = 0")
        # The widened CHECK takes the new kinds, and still refuses unknown ones.
        with session.transaction():
            db.execute(
                "INSERT INTO disclosure_items VALUES (?, 'letter', 1, ?)",
                (v3_vault_with_a_disclosure, db.scalar("SELECT id FROM clients")),
            )
        with pytest.raises(sqlcipher3.IntegrityError, match="CHECK"):
            db.execute("INSERT INTO disclosure_items VALUES (1, 'poem', 1, 1)")
        with pytest.raises(sqlcipher3.IntegrityError, match="FOREIGN KEY"):
            db.execute("INSERT INTO disclosure_items VALUES (999, 'note', 1, 1)")
    finally:
        session.lock()


def test_a_failing_rebuild_changes_nothing(
    v3_vault_with_a_disclosure: int, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild = schema.MIGRATIONS[REBUILD_VERSION - 1]
    assert isinstance(rebuild, schema.Rebuild)
    broken = schema.Rebuild(rebuild.script + "\nINSERT INTO no_such_table VALUES (1);")
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS[: REBUILD_VERSION - 1], broken])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", REBUILD_VERSION)
    with pytest.raises((VaultError, sqlcipher3.Error)):
        reopen(vault_path)
    monkeypatch.undo()
    session = reopen(vault_path)  # the real migration still runs afterwards
    try:
        assert session.db.scalar("SELECT count(*) FROM disclosures") == 1
        assert session.db.scalar("PRAGMA foreign_keys") == 1
    finally:
        session.lock()
