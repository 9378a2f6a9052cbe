"""Helpers for vault tests: raw database access with the vault key, file snapshots."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault
from tests.conftest import PASSPHRASE


@contextlib.contextmanager
def raw_db(folder: Path, key: bytes) -> Iterator[Any]:
    """vault.db (or the database file `folder` names) opened straight with sqlcipher3 and
    the raw key, as someone holding the key could."""
    path = folder if folder.is_file() else folder / "vault.db"
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        yield conn
    finally:
        with contextlib.suppress(Exception):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()


def key_opens_db(folder: Path, key: bytes) -> bool:
    try:
        with raw_db(folder, key):
            return True
    except sqlcipher3.dbapi2.DatabaseError:
        return False


def reopen(folder: Path, secret: str = PASSPHRASE, **kwargs: Any) -> VaultSession:
    return open_vault(folder, secret, kdf=TEST_PARAMS, **kwargs)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes (except the lock file, which the OS lock rewrites)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "vault.lock"
    }


def keyslots_json(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "keyslots.json").read_text("utf-8"))
    return data


def write_keyslots_json(folder: Path, document: dict[str, Any]) -> None:
    (folder / "keyslots.json").write_text(json.dumps(document, indent=2), "utf-8")


def audit_actions(session: VaultSession) -> list[str]:
    return [str(r[0]) for r in session.db.execute("SELECT action FROM audit_log ORDER BY seq")]


REPO = Path(__file__).resolve().parents[2]
# A hard crash (os._exit) at one point of rotate_key, in a child process.
CRASH_SCRIPT = """
import os, sys
from pathlib import Path
from recordsafe.vault import TEST_PARAMS, open_vault, rotate_key
from recordsafe.vault.session import VaultSession

folder, passphrase, point = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
real_replace, real_export = os.replace, VaultSession.export_database

def crash():
    os._exit(75)

def replace(src, dst, *args, **kwargs):
    src, dst = os.fspath(src), os.fspath(dst)
    if point == "write_pending_doc" and dst.endswith("keyslots.json.rotating"):
        crash()
    if point == "commit" and src.endswith("keyslots.json.rotating"):
        crash()
    if point == "swap_db" and src.endswith("vault.db.rotating"):
        crash()
    real_replace(src, dst, *args, **kwargs)
    if point == "after_commit" and src.endswith("keyslots.json.rotating"):
        crash()
    if point == "after_swap" and src.endswith("vault.db.rotating"):
        crash()

def export(self, target, key=None):
    if point == "mid_export":
        # Killed inside SQLite's export, its rollback journal open beside the copy.
        calls = []
        def progress():
            calls.append(1)
            if len(calls) > 50 and os.path.exists(str(target) + "-journal"):
                crash()
            return 0
        self.db._conn.set_progress_handler(progress, 100)
    real_export(self, target, key)
    if point == "export":
        # Half a file on disk, as if the machine died mid-write.
        size = os.path.getsize(target)
        with open(target, "r+b") as handle:
            handle.truncate(size // 2)
        crash()

os.replace = replace
VaultSession.export_database = export
session = open_vault(folder, passphrase, kdf=TEST_PARAMS)
rotate_key(session, passphrase)
print("finished")
"""


def run_killed(script: str, *args: str) -> None:
    """Run `script` in a child process that must die by `os._exit(75)` at its chosen step."""
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 75, result.stdout + result.stderr


def crash_rotation(folder: Path, point: str, passphrase: str = PASSPHRASE) -> None:
    """Rotate the (closed) vault's key in a child process that dies at `point`:
    write_pending_doc, mid_export, export, commit, after_commit, swap_db or after_swap."""
    run_killed(CRASH_SCRIPT, str(folder), passphrase, point)
