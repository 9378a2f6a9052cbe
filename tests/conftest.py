"""Fixtures shared by every test: a private RecordSafe home, a memory keyring, vaults."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from recordsafe.vault import TEST_PARAMS, CreatedVault, VaultSession, create_vault
from tests.keyrings import LockedKeyring, MemoryKeyring

PASSPHRASE = "harbour lantern quietly 42 mosaic"


@pytest.fixture(autouse=True)
def recordsafe_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test gets its own config/data/log folders, never the user's real ones."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("RECORDSAFE_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def locked_keyring() -> None:
    keyring.set_keyring(LockedKeyring())


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "Practice.rsvault"


@pytest.fixture
def created(vault_path: Path) -> Iterator[CreatedVault]:
    """A new vault with cheap KDF parameters, open; locked after the test."""
    made = create_vault(vault_path, PASSPHRASE, kdf=TEST_PARAMS)
    yield made
    made.session.lock()


@pytest.fixture
def session(created: CreatedVault) -> VaultSession:
    return created.session
