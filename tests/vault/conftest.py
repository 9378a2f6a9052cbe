"""Fixtures for the vault tests that need the app to act (the independent reader only reads)."""

from __future__ import annotations

from pathlib import Path

import pytest

from recordsafe.vault import CreatedVault, rotate_key
from tests.conftest import PASSPHRASE
from tests.vault.helpers import crash_rotation


@pytest.fixture
def rotated_vault(created: CreatedVault, vault_path: Path) -> Path:
    """A vault whose key was rotated once, closed."""
    rotated = rotate_key(created.session, PASSPHRASE)
    rotated.session.lock()
    return vault_path


@pytest.fixture
def crashed_after_commit(created: CreatedVault, vault_path: Path) -> Path:
    """A vault whose key rotation died after its commit point, before the database swap."""
    created.session.set_setting("practice_name", "Kept")
    created.session.lock()
    crash_rotation(vault_path, "swap_db")
    assert (vault_path / "vault.db.rotating").exists()
    return vault_path
