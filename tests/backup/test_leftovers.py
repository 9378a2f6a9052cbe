"""Runs killed half-way (SIGKILL, in a child process) leave work folders holding encrypted
copies with old key slots; the next run removes them at once, and never a live run's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from recordsafe.vault import TEST_PARAMS, VaultSession, create_vault, open_vault
from recordsafe.vault.backup import create_backup, restore_backup, verify_backup
from recordsafe.vault.lockfile import VaultLock
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

# The child does the real work and kills itself at the named moment, as a crash would.
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from recordsafe.vault import TEST_PARAMS, open_vault
    from recordsafe.vault import backup, backup_snapshot, backup_verify

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    def die_after(real):
        def wrapper(*args, **kwargs):
            real(*args, **kwargs)
            die()
        return wrapper

    step, vault, backup_file, target, passphrase = sys.argv[1:6]
    if step == "verify":
        backup_verify.open_vault = die  # the copy is unpacked, not yet opened
        backup.verify_backup(Path(backup_file), passphrase)
    elif step == "restore":
        backup_verify.open_vault = die
        backup.restore_backup(Path(backup_file), Path(target), passphrase)
    elif step == "backup":
        backup_snapshot.write_archive = die_after(backup_snapshot.write_archive)
        session = open_vault(Path(vault), passphrase, kdf=TEST_PARAMS)
        backup.create_backup(session, Path(target))
    """
)


def killed_run(step: str, *, vault: Path, backup_file: Path, target: Path, temp: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, step, str(vault), str(backup_file), str(target), PASSPHRASE],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temp)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "Practice.rsvault"
    made = create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    made.session.set_setting("practice_name", "Harbour Counselling")
    made.session.lock()
    return folder


@pytest.fixture
def backups(tmp_path: Path) -> Path:
    folder = tmp_path / "Backups"
    folder.mkdir()
    return folder


@pytest.fixture
def a_backup(vault: Path, backups: Path) -> Path:
    session = open_vault(vault, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        return create_backup(session, backups)
    finally:
        session.lock()


def test_a_killed_verify_leaves_a_copy_that_the_next_verify_removes(
    a_backup: Path, vault: Path, tmp_path: Path, private_tempdir: Path
) -> None:
    killed_run("verify", vault=vault, backup_file=a_backup, target=tmp_path, temp=private_tempdir)
    left = list(private_tempdir.iterdir())
    assert len(left) == 1 and any(left[0].rglob("keyslots.json"))  # a whole vault copy
    assert verify_backup(a_backup, PASSPHRASE).ok
    assert list(private_tempdir.iterdir()) == []


def test_a_killed_backup_leaves_files_that_the_next_backup_removes(
    vault: Path, backups: Path, tmp_path: Path
) -> None:
    killed_run("backup", vault=vault, backup_file=tmp_path, target=backups, temp=tmp_path)
    assert hidden(backups), "the killed run left its snapshot and partial zip"
    assert not list(backups.glob("*.rsbackup"))
    session = open_vault(vault, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        create_backup(session, backups)
    finally:
        session.lock()
    assert hidden(backups) == []
    assert len(list(backups.glob("*.rsbackup"))) == 1


def test_a_killed_restore_leaves_a_copy_that_the_next_restore_removes(
    a_backup: Path, vault: Path, tmp_path: Path
) -> None:
    target = tmp_path / "Restored" / "Practice.rsvault"
    target.parent.mkdir()
    killed_run("restore", vault=vault, backup_file=a_backup, target=target, temp=tmp_path)
    assert hidden(target.parent), "the killed run left its unpacked copy"
    assert not target.exists()
    restore_backup(a_backup, target, PASSPHRASE)
    assert hidden(target.parent) == []
    open_vault(target, PASSPHRASE, kdf=TEST_PARAMS).lock()


def test_a_live_runs_work_folder_is_left_alone_whatever_its_age(
    a_backup: Path, vault: Path, backups: Path
) -> None:
    live = backups / ".Practice.backup-run-0123456789ab"
    live.mkdir()
    (live / "snapshot.db").write_bytes(b"encrypted, in use")
    old = 1_000_000_000  # 2001: far older than any age rule
    os.utime(live, (old, old))
    owner = VaultLock(live)
    owner.acquire()  # the live run's lock (another open file: flock treats it as another owner)
    try:
        session: VaultSession = open_vault(vault, PASSPHRASE, kdf=TEST_PARAMS)
        try:
            create_backup(session, backups)
        finally:
            session.lock()
        assert (live / "snapshot.db").exists()
    finally:
        owner.release()


def test_verify_leaves_other_programs_temp_folders_alone(
    a_backup: Path, private_tempdir: Path
) -> None:
    other = Path(tempfile.mkdtemp(prefix="someone-else-", dir=private_tempdir))
    assert verify_backup(a_backup, PASSPHRASE).ok
    assert list(private_tempdir.iterdir()) == [other]
