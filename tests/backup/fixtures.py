"""Fixtures shared by the backup tests and the backup windows' tests."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """verify_backup unpacks under the system temp folder; point it here to watch it."""
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


@pytest.fixture
def backup_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "Backups"
    folder.mkdir()
    return folder
