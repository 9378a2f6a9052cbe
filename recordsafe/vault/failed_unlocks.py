"""Failed unlock attempts, noted outside the database because it cannot be opened then.

The note holds only times and the kind of secret tried; on the next successful unlock
each one becomes an audit entry and the note is cleared. Someone with the folder can
delete it; that is in the threat model.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from recordsafe.vault.atomic import atomic_write
from recordsafe.vault.errors import StorageError
from recordsafe.vault.keyslots import now_utc

FAILED_FILE = "failed_unlocks.json"
MAX_KEPT = 1000


def _read(folder: Path) -> list[dict[str, str]]:
    try:
        data = json.loads((folder / FAILED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [
        {"at": str(item.get("at", "")), "kind": str(item.get("kind", ""))}
        for item in data
        if isinstance(item, dict)
    ]


def note(folder: Path, kind: str) -> None:
    attempts = [*_read(folder), {"at": now_utc(), "kind": kind}][-MAX_KEPT:]
    # A read-only or full disk must not turn a wrong passphrase into a crash.
    with contextlib.suppress(StorageError):
        atomic_write(folder / FAILED_FILE, json.dumps(attempts).encode("utf-8"))


def pending(folder: Path) -> list[dict[str, str]]:
    """The attempts noted since the last successful unlock."""
    return _read(folder)


def clear(folder: Path) -> None:
    """Forget the noted attempts; call only once their audit entries are committed."""
    with contextlib.suppress(OSError):
        (folder / FAILED_FILE).unlink()
