"""Fixtures for backup tests: a private temp folder, a backup folder, a vault with rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from recordsafe.vault import VaultSession
from recordsafe.vault.backup import create_backup
from tests.backup import fixtures
from tests.backup.helpers import fill

# The temp-folder watch and the backup folder, shared by both folders of backup tests.
private_tempdir = fixtures.private_tempdir
backup_dir = fixtures.backup_dir


@pytest.fixture
def filled(session: VaultSession) -> VaultSession:
    """The open test vault with rows, settings and audit entries in it."""
    fill(session, 50)
    session.set_setting("practice_name", "Harbour Counselling")
    session.record("client_viewed", client_id=3)
    return session


@pytest.fixture
def backup_file(filled: VaultSession, backup_dir: Path) -> Path:
    return create_backup(filled, backup_dir)
