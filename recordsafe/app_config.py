"""The app's own settings file: recent vault paths and preferences, never client data.

Stored as JSON in the config folder. A damaged file is treated as empty (the user loses
a recent-vaults list, never a record) and is rewritten on the next save.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from recordsafe import paths
from recordsafe.vault.atomic import atomic_write
from recordsafe.vault.errors import StorageError

CONFIG_FILE = "settings.json"
MAX_RECENT = 8
DEFAULT_AUTOLOCK_MINUTES = 5
AUTOLOCK_CHOICES = (1, 2, 5, 10, 15, 30, 60)


@dataclass
class AppConfig:
    recent_vaults: list[str] = field(default_factory=list)
    autolock_minutes: int = DEFAULT_AUTOLOCK_MINUTES
    keyring_notice_shown: bool = False
    # The main window's last size (width, height) and whether it was maximised.
    window_size: list[int] = field(default_factory=list)
    window_maximized: bool = False

    def remember_vault(self, folder: Path) -> None:
        text = str(Path(folder).resolve())
        self.recent_vaults = [text, *[p for p in self.recent_vaults if p != text]][:MAX_RECENT]

    def forget_vault(self, folder: Path) -> None:
        text = str(Path(folder).resolve())
        self.recent_vaults = [p for p in self.recent_vaults if p != text]


def _path() -> Path:
    return paths.config_dir() / CONFIG_FILE


def load() -> AppConfig:
    try:
        raw = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return AppConfig()
    if not isinstance(raw, dict):
        return AppConfig()
    config = AppConfig()
    recent = raw.get("recent_vaults")
    if isinstance(recent, list):
        config.recent_vaults = [p for p in recent if isinstance(p, str)][:MAX_RECENT]
    minutes = raw.get("autolock_minutes")
    if isinstance(minutes, int) and not isinstance(minutes, bool) and 1 <= minutes <= 240:
        config.autolock_minutes = minutes
    config.keyring_notice_shown = raw.get("keyring_notice_shown") is True
    size = raw.get("window_size")
    if (
        isinstance(size, list)
        and len(size) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) and 200 <= n <= 20_000 for n in size)
    ):
        config.window_size = list(size)
    config.window_maximized = raw.get("window_maximized") is True
    return config


def save(config: AppConfig) -> None:
    """Write the settings; raises StorageError with plain words when the disk refuses."""
    data = json.dumps(asdict(config), indent=2).encode("utf-8")
    atomic_write(_path(), data, what="save RecordSafe's settings")


__all__ = ["AUTOLOCK_CHOICES", "AppConfig", "StorageError", "load", "save"]
