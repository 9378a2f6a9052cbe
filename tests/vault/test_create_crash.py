"""`create` is all or nothing (issue 14): a kill at any step leaves nothing under the
chosen name, and the next create removes the dead half-made vault, never a live one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from recordsafe.vault import TEST_PARAMS, create_vault
from tests.conftest import PASSPHRASE
from tests.vault.helpers import REPO, reopen, run_killed

# A hard crash (os._exit) at one step of create_vault, in a child process.
CREATE_CRASH = """
import os, sys
from pathlib import Path
from recordsafe.vault import TEST_PARAMS, create_vault, schema

folder, passphrase, point = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
real_replace, real_rename, real_migrate = os.replace, os.rename, schema.migrate

def migrate(db, *args, **kwargs):
    if point == "schema":
        os._exit(75)
    return real_migrate(db, *args, **kwargs)

def replace(src, dst, *args, **kwargs):
    real_replace(src, dst, *args, **kwargs)
    if point == "key_file" and os.fspath(dst).endswith("keyslots.json"):
        os._exit(75)

def rename(src, dst, *args, **kwargs):
    if point == "rename" and os.fspath(dst) == os.fspath(folder):
        os._exit(75)
    real_rename(src, dst, *args, **kwargs)

schema.migrate, os.replace, os.rename = migrate, replace, rename
create_vault(folder, passphrase, kdf=TEST_PARAMS)
"""

# Holds a half-made create's lock, as a running create does, until stdin closes.
LIVE_CREATE = """
import sys
from pathlib import Path
from recordsafe.vault.lockfile import VaultLock
staging = Path(sys.argv[1])
staging.mkdir()
(staging / "vault.db").write_bytes(b"half made")
lock = VaultLock(staging)
lock.acquire()
print("READY", flush=True)
sys.stdin.read()
"""


def kill_create(folder: Path, point: str) -> None:
    run_killed(CREATE_CRASH, str(folder), PASSPHRASE, point)


def hidden_leftovers(parent: Path) -> list[Path]:
    return sorted(parent.glob(".*.creating-*"))


@pytest.mark.parametrize("point", ["schema", "key_file", "rename"])
def test_a_killed_create_leaves_nothing_under_the_name(vault_path: Path, point: str) -> None:
    kill_create(vault_path, point)
    assert not vault_path.exists()  # not "vault.db without a key file"
    assert len(hidden_leftovers(vault_path.parent)) == 1
    # The same name is free again, and the dead leftover goes with the next create.
    create_vault(vault_path, PASSPHRASE, kdf=TEST_PARAMS).session.lock()
    assert hidden_leftovers(vault_path.parent) == []
    reopen(vault_path).lock()


def test_a_create_still_running_is_left_alone(vault_path: Path) -> None:
    staging = vault_path.with_name(f".Other.rsvault.creating-{'a1b2c3d4'}")
    live = subprocess.Popen(
        [sys.executable, "-c", LIVE_CREATE, str(staging)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert live.stdout is not None and live.stdout.readline().strip() == "READY"
        create_vault(vault_path, PASSPHRASE, kdf=TEST_PARAMS).session.lock()
        assert (staging / "vault.db").read_bytes() == b"half made"
    finally:
        live.communicate("", timeout=60)
    # Once its process is gone, it is dead for sure: the next create removes it.
    create_vault(vault_path.with_name("Third.rsvault"), PASSPHRASE, kdf=TEST_PARAMS).session.lock()
    assert not staging.exists()


def test_create_into_an_existing_empty_folder(vault_path: Path) -> None:
    vault_path.mkdir()
    create_vault(vault_path, PASSPHRASE, kdf=TEST_PARAMS).session.lock()
    reopen(vault_path).lock()
    assert hidden_leftovers(vault_path.parent) == []
