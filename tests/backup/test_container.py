"""The zip container itself: local headers, central directory and end record must agree,
as `unzip -t` requires; before, a backup damaged there was called good."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest

from recordsafe.vault import VaultDamaged, VaultSession
from recordsafe.vault.backup import check_backup_file, create_backup, verify_backup
from tests.backup.helpers import flip
from tests.conftest import PASSPHRASE

UNZIP = shutil.which("unzip")


def unzip_accepts(file: Path) -> bool:
    assert UNZIP is not None
    return (
        subprocess.run([UNZIP, "-tqq", str(file)], capture_output=True, check=False).returncode == 0
    )


def structure(file: Path) -> list[tuple[int, int]]:
    """(start, end) of every byte range that is not member data: headers and directory."""
    raw = file.read_bytes()
    with zipfile.ZipFile(file) as archive:
        infos, start_dir = archive.infolist(), archive.start_dir
    ranges = []
    for info in infos:
        at = info.header_offset
        name_len, extra_len = struct.unpack_from("<2H", raw, at + 26)
        ranges.append((at, at + 30 + name_len + extra_len))
    ranges.append((start_dir, len(raw)))
    return ranges


def local_field(file: Path, name: str, offset: int) -> int:
    with zipfile.ZipFile(file) as archive:
        return archive.getinfo(name).header_offset + offset


def damaged_copy(file: Path, change: bytes, at: int) -> Path:
    raw = bytearray(file.read_bytes())
    raw[at : at + len(change)] = change
    copy = file.with_name("damaged.rsbackup")
    copy.write_bytes(bytes(raw))
    return copy


CASES = {
    # local header of vault.db: CRC (14), compressed size (18), size (22), method (8)
    "local CRC": lambda f: damaged_copy(f, b"\0\0\0\0", local_field(f, "vault.db", 14)),
    "local compressed size": lambda f: damaged_copy(f, b"\1\0\0\0", local_field(f, "vault.db", 18)),
    "local size": lambda f: damaged_copy(f, b"\1\0\0\0", local_field(f, "vault.db", 22)),
    "local method": lambda f: damaged_copy(f, b"\x08\0", local_field(f, "keyslots.json", 8)),
    "end record count": lambda f: damaged_copy(f, b"\2\0", f.stat().st_size - 12),
    "bytes after the end record": lambda f: _appended(f, b"trailing"),
}


def _appended(file: Path, data: bytes) -> Path:
    copy = file.with_name("damaged.rsbackup")
    copy.write_bytes(file.read_bytes() + data)
    return copy


@pytest.mark.parametrize("case", sorted(CASES))
def test_container_damage_is_refused(case: str, backup_file: Path) -> None:
    broken = CASES[case](backup_file)
    with pytest.raises(VaultDamaged, match="damaged"):
        check_backup_file(broken)
    with pytest.raises(VaultDamaged):
        verify_backup(broken, PASSPHRASE)
    if UNZIP is not None and case != "bytes after the end record":  # unzip only warns there
        assert not unzip_accepts(broken)


@pytest.mark.skipif(UNZIP is None, reason="unzip is not installed")
def test_every_byte_of_the_container_that_unzip_refuses_is_refused(backup_file: Path) -> None:
    """Flip each byte of every header and of the directory: whatever `unzip -t` rejects,
    RecordSafe rejects too (before: 103 such flips passed its checks)."""
    raw = backup_file.read_bytes()
    probe = backup_file.with_name("probe.rsbackup")
    missed = []
    for start, end in structure(backup_file):
        for offset in range(start, end):
            probe.write_bytes(flip(raw, offset))
            if unzip_accepts(probe):
                continue
            try:
                check_backup_file(probe)
            except VaultDamaged:
                continue
            missed.append(offset)
    assert missed == []


def test_a_large_archive_layout_still_passes(
    filled: VaultSession, backup_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Backups over 4 GB carry zip64 sizes and end records; forced here on a small one."""
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 1024)
    file = create_backup(filled, backup_dir)
    monkeypatch.undo()
    assert b"PK\x06\x06" in file.read_bytes()  # the zip64 end record is there
    assert verify_backup(file, PASSPHRASE).ok
    if UNZIP is not None:
        assert unzip_accepts(file)
