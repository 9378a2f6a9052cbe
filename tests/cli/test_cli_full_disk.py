"""A full disk under `create` and under a backup destination, on a real small file system.

Each run gets its own tmpfs of a few hundred KB in a private mount namespace (`unshare`,
no root needed where user namespaces are allowed); skipped where that is not possible.
A portable in-process check stands beside it: the device reports little free space.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import namedtuple
from pathlib import Path

import pytest

from recordsafe import cli
from recordsafe.vault import TEST_PARAMS, create_vault
from tests.cli.conftest import run
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
MISLEADING = ("drive removed", "damaged", "unexpected problem", "Traceback")


def _can_mount_tmpfs(folder: Path) -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$1"', "sh", str(folder)],
        capture_output=True,
        check=False,
        timeout=60,
    )
    return probe.returncode == 0


def on_small_disk(size: str, folder: Path, *argv: str, stdin: str) -> tuple[int, str, str]:
    """`recordsafe ARGV` with `folder` a fresh tmpfs of `size`; also lists what is left."""
    recordsafe = (sys.executable, "-m", "recordsafe")
    script = (
        'mount -t tmpfs -o size="$1" tmpfs "$2" || exit 99; shift 2; '
        '"$@"; code=$?; echo "left: $(ls -A "$RS_FOLDER")"; exit $code'
    )
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", size, str(folder), *recordsafe, *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, cli.TEST_KDF_ENV: "1", "RS_FOLDER": str(folder)},
        timeout=300,
        check=False,
    )
    assert result.returncode != 99, result.stderr
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def small_disk(tmp_path: Path) -> Path:
    folder = tmp_path / "small-disk"
    folder.mkdir()
    if not _can_mount_tmpfs(folder):
        pytest.skip("cannot mount a private tmpfs here (no user namespaces)")
    return folder


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "Practice.rsvault"
    made = create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    made.session.set_setting("practice_name", "Harbour Counselling")
    made.session.lock()
    return folder


@pytest.mark.parametrize("size", ["64k", "400k", "700k"])
def test_a_full_backup_destination_says_so(size: str, vault: Path, small_disk: Path) -> None:
    """Before: 'The vault's database (vault.db) is damaged. Restore it from a backup'
    (a small disk) or '…was a drive removed?' for a backup that did not fit."""
    code, out, err = on_small_disk(
        size, small_disk, "backup", str(vault), str(small_disk), stdin=f"{PASSPHRASE}\n"
    )
    assert code == 1, err
    assert "is full" in err, err
    assert not any(word in err for word in MISLEADING), err
    assert "left: \n" in out or out.rstrip().endswith("left:"), out


@pytest.mark.parametrize("size", ["64k", "300k"])
def test_create_on_a_full_disk_says_so(size: str, small_disk: Path) -> None:
    code, _out, err = on_small_disk(
        size,
        small_disk,
        "create",
        str(small_disk / "Practice"),
        stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n",
    )
    assert code == 1, err
    assert "full" in err, err
    assert not any(word in err for word in MISLEADING), err


Usage = namedtuple("Usage", "total used free")


def test_a_destination_with_too_little_room_is_refused_before_writing(
    vault: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stdin,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dest = tmp_path / "Backups"
    dest.mkdir()
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: Usage(10**6, 10**6 - 4096, 4096))
    stdin(PASSPHRASE)
    code, _out, err = run(capsys, "backup", str(vault), str(dest))
    assert code == 1
    assert "is full" in err and "MB are free" in err
    assert list(dest.iterdir()) == []
