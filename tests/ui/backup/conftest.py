"""Fixtures for the backup windows: a backup folder, a private temp folder, a filled vault."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from recordsafe.vault import VaultSession
from recordsafe.vault.backup import create_backup
from tests.backup.helpers import fill


@pytest.fixture(autouse=True)
def private_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """verify_backup unpacks under the system temp folder; keep that inside the test's."""
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


@pytest.fixture
def backup_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "Backups"
    folder.mkdir()
    return folder


@pytest.fixture
def filled(session: VaultSession) -> VaultSession:
    fill(session, 30)
    session.record("client_viewed", client_id=3)
    return session


@pytest.fixture
def backup_file(filled: VaultSession, backup_dir: Path) -> Path:
    return create_backup(filled, backup_dir)
