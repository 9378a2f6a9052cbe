"""Helpers for backup tests: rows to compare, and tools to build damaged backups."""

from __future__ import annotations

import hashlib
import json
import warnings
import zipfile
from pathlib import Path
from typing import Any

from recordsafe.vault import VaultSession

TABLE = "backup_test_rows"


def fill(session: VaultSession, count: int, start: int = 0) -> None:
    """Rows in a table of the test's own, written through the session's transactions."""
    with session.transaction():
        session.db.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"
        )
        session.db.executemany(
            f"INSERT INTO {TABLE} (id, body) VALUES (?, ?)",  # noqa: S608 (fixed name)
            [(i, f"row {i} " + "x" * (i % 97)) for i in range(start, start + count)],
        )


def rows(session: VaultSession) -> list[tuple[Any, ...]]:
    return session.db.execute(f"SELECT id, body FROM {TABLE} ORDER BY id")  # noqa: S608


def audit(session: VaultSession) -> list[tuple[Any, ...]]:
    return session.db.execute("SELECT seq, action, detail, hash FROM audit_log ORDER BY seq")


def members(file: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(file) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def build(
    path: Path,
    entries: list[tuple[str, bytes]],
    compression: int = zipfile.ZIP_STORED,
) -> Path:
    """A zip with exactly these entries (duplicates allowed: zipfile warns, we mean it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(path, "w", compression) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return path


def resummed(manifest: bytes, files: dict[str, bytes]) -> bytes:
    """The manifest with sizes and sums made to match `files` (a forger's manifest)."""
    document = json.loads(manifest)
    for name in ("vault.db", "keyslots.json"):
        document["files"][name] = {
            "size": len(files[name]),
            "sha256": hashlib.sha256(files[name]).hexdigest(),
        }
    return json.dumps(document).encode()


def rebuilt(source: Path, path: Path, replace: dict[str, bytes], *, fix_sums: bool = True) -> Path:
    """A copy of `source` with some members replaced, its manifest sums fixed to match."""
    files = {**members(source), **replace}
    if fix_sums:
        files["manifest.json"] = resummed(files["manifest.json"], files)
    return build(path, list(files.items()))


def flip(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x40]) + data[offset + 1 :]


def member_offset(file: Path, name: str) -> int:
    """Where a stored member's bytes start inside the zip."""
    with zipfile.ZipFile(file) as archive:
        info = archive.getinfo(name)
    raw = file.read_bytes()
    header = info.header_offset
    name_len = int.from_bytes(raw[header + 26 : header + 28], "little")
    extra_len = int.from_bytes(raw[header + 28 : header + 30], "little")
    return header + 30 + name_len + extra_len
