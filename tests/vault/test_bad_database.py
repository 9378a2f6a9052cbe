"""vault.db missing, truncated, swapped, rolled back or too new; a vault already open."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlcipher3

from recordsafe.vault import (
    TEST_PARAMS,
    CreatedVault,
    VaultDamaged,
    VaultInUse,
    VaultTooNew,
    create_vault,
    open_with_device,
)
from tests.conftest import PASSPHRASE
from tests.vault.helpers import audit_actions, raw_db, reopen, snapshot

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def closed(created: CreatedVault) -> CreatedVault:
    created.session.set_setting("practice_name", "Kept")
    created.session.lock()
    return created


def test_missing_database(closed: CreatedVault, vault_path: Path) -> None:
    (vault_path / "vault.db").unlink()
    with pytest.raises(VaultDamaged, match="missing"):
        reopen(vault_path)
    assert not (vault_path / "vault.db").exists()  # not silently re-created


@pytest.mark.parametrize("fraction", [0.0, 0.001, 0.02, 0.1, 0.5, 0.9, 0.999])
def test_truncated_database(closed: CreatedVault, vault_path: Path, fraction: float) -> None:
    path = vault_path / "vault.db"
    original = path.read_bytes()
    truncated = original[: int(len(original) * fraction)]
    path.write_bytes(truncated)
    with pytest.raises(VaultDamaged, match=r"vault\.db"):
        reopen(vault_path)
    assert path.read_bytes() == truncated  # refused, not "repaired" into an empty vault
    path.write_bytes(original)
    session = reopen(vault_path)
    try:
        assert session.get_setting("practice_name") == "Kept"
    finally:
        session.lock()


def test_database_of_another_vault(closed: CreatedVault, vault_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "Other.rsvault"
    create_vault(other, PASSPHRASE, kdf=TEST_PARAMS).session.lock()
    shutil.copyfile(other / "vault.db", vault_path / "vault.db")
    keyslots_before = (vault_path / "keyslots.json").read_bytes()
    with pytest.raises(VaultDamaged, match="another vault"):
        reopen(vault_path)
    assert (vault_path / "keyslots.json").read_bytes() == keyslots_before


def test_garbage_database(closed: CreatedVault, vault_path: Path) -> None:
    (vault_path / "vault.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 8192)
    with pytest.raises(VaultDamaged):
        reopen(vault_path)


def test_older_copy_of_the_same_vault(closed: CreatedVault, vault_path: Path) -> None:
    old_copy = (vault_path / "vault.db").read_bytes()
    session = reopen(vault_path)
    session.set_setting("practice_name", "Changed later")
    session.lock()
    (vault_path / "vault.db").write_bytes(old_copy)
    session = reopen(vault_path)
    try:
        assert session.integrity_findings
        assert "older copy of vault.db" in " ".join(session.integrity_findings)
        assert "integrity_problem" in audit_actions(session)
        assert session.get_setting("practice_name") == "Kept"
    finally:
        session.lock()


def test_schema_newer_than_the_app(closed: CreatedVault, vault_path: Path) -> None:
    session = reopen(vault_path)
    key = session.key_for_backup()
    session.lock()
    with raw_db(vault_path, key) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = snapshot(vault_path)
    with pytest.raises(VaultTooNew, match="newer version") as info:
        reopen(vault_path)
    assert "not been changed" in info.value.message
    assert snapshot(vault_path) == before
    with raw_db(vault_path, key) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99


def test_already_open_in_this_process(created: CreatedVault, vault_path: Path) -> None:
    with pytest.raises(VaultInUse, match="already open"):
        reopen(vault_path)
    assert created.session.is_open
    created.session.record("still_usable")


def test_already_open_blocks_device_unlock(created: CreatedVault, vault_path: Path) -> None:
    assert created.session.remember_on_device("This laptop")
    with pytest.raises(VaultInUse):
        open_with_device(vault_path, kdf=TEST_PARAMS)


def test_already_open_in_another_process(created: CreatedVault, vault_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        from recordsafe.vault import TEST_PARAMS, VaultError, open_vault
        try:
            open_vault({str(vault_path)!r}, {PASSPHRASE!r}, kdf=TEST_PARAMS)
        except VaultError as exc:
            print(type(exc).__name__)
        else:
            print("opened")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "VaultInUse", result.stderr
    created.session.lock()
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "opened", result.stderr


def test_database_without_a_schema(closed: CreatedVault, vault_path: Path) -> None:
    """A file that decrypts with the vault key but holds no schema is not a new vault."""
    session = reopen(vault_path)
    key = session.key_for_backup()
    session.lock()
    (vault_path / "vault.db").unlink()
    conn = sqlcipher3.connect(str(vault_path / "vault.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("CREATE TABLE stray (x)")
    conn.close()
    with pytest.raises(VaultDamaged, match="empty"):
        reopen(vault_path)
    with raw_db(vault_path, key) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
        assert tables == ["stray"]
