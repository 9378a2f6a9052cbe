"""Where RecordSafe keeps its own (non-client) files, via platformdirs.

`RECORDSAFE_HOME` points every folder below one directory: tests and the built app's
self-test use it so that they never touch the user's real settings.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from recordsafe import APP_NAME


def _home() -> Path | None:
    value = os.environ.get("RECORDSAFE_HOME")
    return Path(value) if value else None


def _ensure(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    home = _home()
    return _ensure(home / "config" if home else platformdirs.user_config_path(APP_NAME, False))


def data_dir() -> Path:
    home = _home()
    return _ensure(home / "data" if home else platformdirs.user_data_path(APP_NAME, False))


def log_dir() -> Path:
    home = _home()
    return _ensure(home / "logs" if home else platformdirs.user_log_path(APP_NAME, False))


def default_vault_parent() -> Path:
    """Where the create wizard suggests a new vault: the user's documents folder."""
    home = _home()
    return home / "Documents" if home else platformdirs.user_documents_path()


def demo_vault_path() -> Path:
    return data_dir() / "Demo practice.rsvault"
