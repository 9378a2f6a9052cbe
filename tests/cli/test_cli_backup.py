"""`recordsafe backup`, `verify-backup` and `restore`, in-process over real vaults and files."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from recordsafe import cli
from recordsafe.vault import TEST_PARAMS, create_vault, is_vault_folder, keyslots, open_vault
from recordsafe.vault.backup import BACKUP_SUFFIX, read_manifest
from tests.cli.conftest import run
from tests.conftest import PASSPHRASE

MARKER = ("cli_backup_marker", "written before the backup")


def marker_of(folder: Path, secret: str = PASSPHRASE) -> str | None:
    session = open_vault(folder, secret, kdf=TEST_PARAMS)
    try:
        return session.get_setting(MARKER[0])
    finally:
        session.lock()


@pytest.fixture
def vault(tmp_path: Path) -> tuple[Path, str]:
    """A vault made by the library, holding one marker setting a restore must bring back."""
    folder = tmp_path / "Practice.rsvault"
    made = create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        made.session.set_setting(*MARKER)
    finally:
        made.session.lock()
    return folder, made.recovery_code


@pytest.fixture
def drive(tmp_path: Path) -> Path:
    folder = tmp_path / "drive"
    folder.mkdir()
    return folder


def backups_in(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{BACKUP_SUFFIX}"))


@pytest.fixture
def backup_file(vault, drive: Path, stdin, capsys: pytest.CaptureFixture[str]) -> Path:
    """One backup written through the command line."""
    folder, _ = vault
    stdin(PASSPHRASE)
    code, _, err = run(capsys, "backup", str(folder), str(drive))
    assert code == 0, err
    (file,) = backups_in(drive)
    return file


def flip_byte_in_member(file: Path, member: str) -> None:
    """Flip one byte in the middle of a stored member's data (the zip stays well formed)."""
    with zipfile.ZipFile(file) as archive:
        info = archive.getinfo(member)
    data = bytearray(file.read_bytes())
    header = info.header_offset
    name_len = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_len = int.from_bytes(data[header + 28 : header + 30], "little")
    start = header + 30 + name_len + extra_len
    data[start + info.file_size // 2] ^= 0x01
    file.write_bytes(bytes(data))


# --- backup ---------------------------------------------------------------------------


def test_backup_writes_one_file_and_reports_it(
    vault, drive: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    stdin(PASSPHRASE)
    code, out, err = run(capsys, "backup", str(folder), str(drive))
    assert code == 0, err
    (file,) = backups_in(drive)
    assert file.name.startswith("Practice-")
    assert f"Backup written: {file}" in out
    assert "Size: " in out
    vault_id = keyslots.read(folder).vault_id
    assert read_manifest(file).vault_id == vault_id
    assert f"Manifest check: ok (vault {vault_id}" in out
    assert PASSPHRASE not in out + err
    assert [p.name for p in drive.iterdir()] == [file.name]  # no temporary leftovers


def test_backup_to_a_missing_folder_is_refused_and_not_created(
    vault, tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    missing = tmp_path / "unplugged-drive" / "Backups"
    stdin(PASSPHRASE)
    code, out, err = run(capsys, "backup", str(folder), str(missing))
    assert code == 1
    assert "There is no folder" in err and "No backup was written" in err
    assert "Traceback" not in err and out == ""
    assert not missing.exists() and not missing.parent.exists()
    assert sys.stdin.read() == PASSPHRASE + "\n"  # refused before asking for the secret


def test_backup_with_a_wrong_passphrase_writes_nothing(
    vault, drive: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    stdin("not the passphrase at all")
    code, _, err = run(capsys, "backup", str(folder), str(drive))
    assert code == 1
    assert "does not open this vault" in err and "Traceback" not in err
    assert list(drive.iterdir()) == []


def test_backup_keep_prunes_older_backups_of_this_vault_only(
    vault, tmp_path: Path, drive: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    other = create_vault(tmp_path / "Other.rsvault", PASSPHRASE, kdf=TEST_PARAMS)
    other.session.lock()
    stdin(PASSPHRASE)
    assert run(capsys, "backup", str(tmp_path / "Other.rsvault"), str(drive))[0] == 0
    for _ in range(3):
        stdin(PASSPHRASE)
        assert run(capsys, "backup", str(folder), str(drive))[0] == 0
    mine = [p for p in backups_in(drive) if p.name.startswith("Practice-")]
    assert len(mine) == 3
    newest = max(mine, key=lambda p: p.stat().st_mtime_ns)
    stdin(PASSPHRASE)
    code, out, err = run(capsys, "backup", str(folder), str(drive), "--keep", "2")
    assert code == 0, err
    left = backups_in(drive)
    assert len([p for p in left if p.name.startswith("Practice-")]) == 2
    assert newest in left
    assert len([p for p in left if p.name.startswith("Other-")]) == 1
    assert out.count("Removed an older backup") == 2


def test_backup_without_keep_prunes_nothing(
    vault, drive: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    for _ in range(3):
        stdin(PASSPHRASE)
        assert run(capsys, "backup", str(folder), str(drive))[0] == 0
    assert len(backups_in(drive)) == 3


# --- the round trip -------------------------------------------------------------------


def test_round_trip_backup_verify_restore_verify(
    vault, backup_file: Path, tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    vault_id = keyslots.read(folder).vault_id
    stdin(PASSPHRASE)
    code, out, err = run(capsys, "verify-backup", str(backup_file))
    assert code == 0, err
    manifest = read_manifest(backup_file)
    assert f"Vault id:       {vault_id}" in out
    assert f"Made at:        {manifest.created_at}" in out
    assert f"App version:    {manifest.app_version}" in out
    for check in ("backup file: ok", "encryption (page MACs): ok", "audit chain: ok"):
        assert check in out
    assert "All checks passed" in out

    target = tmp_path / "restored" / "Practice.rsvault"
    stdin(PASSPHRASE)
    code, out, err = run(capsys, "restore", str(backup_file), str(target))
    assert code == 0, err
    assert f"Restored the vault to {target}" in out
    assert "kept aside" not in out
    assert keyslots.read(target).vault_id == vault_id
    assert marker_of(target) == MARKER[1]

    stdin(PASSPHRASE)
    code, out, err = run(capsys, "verify", str(target))
    assert code == 0, err
    assert "All checks passed" in out
    assert PASSPHRASE not in out + err


def test_verify_backup_and_restore_with_the_recovery_code(
    vault, backup_file: Path, tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    _, recovery_code = vault
    stdin(recovery_code)
    code, _, err = run(capsys, "verify-backup", str(backup_file), "--recovery-code")
    assert code == 0, err
    stdin(recovery_code)
    code, _, err = run(capsys, "verify-backup", str(backup_file))  # asked for a passphrase
    assert code == 1
    assert "does not open" in err

    code_file = tmp_path / "code.txt"
    code_file.write_text(recovery_code + "\n", encoding="utf-8")
    target = tmp_path / "Restored"
    code, _, err = run(
        capsys,
        "restore",
        str(backup_file),
        str(target),
        "--recovery-code",
        "--passphrase-file",
        str(code_file),
    )
    assert code == 0, err
    assert marker_of(tmp_path / "Restored.rsvault") == MARKER[1]  # the suffix is added


def test_restore_into_an_existing_empty_folder(
    backup_file: Path, tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    stdin(PASSPHRASE)
    code, _, err = run(capsys, "restore", str(backup_file), str(empty))
    assert code == 0, err
    assert is_vault_folder(empty)
    assert marker_of(empty) == MARKER[1]


# --- damaged backups ------------------------------------------------------------------


def test_a_flipped_byte_in_the_database_member_fails_verify_and_restore(
    backup_file: Path, tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    flip_byte_in_member(backup_file, "vault.db")
    stdin(PASSPHRASE)
    code, out, err = run(capsys, "verify-backup", str(backup_file))
    assert code == 1
    assert "backup file: FAILED" in out
    assert "The backup file is damaged" in out  # zip's CRC or our SHA-256 finds it
    assert "Traceback" not in err

    target = tmp_path / "Restored.rsvault"
    stdin(PASSPHRASE)
    code, _, err = run(capsys, "restore", str(backup_file), str(target))
    assert code == 1
    assert "damaged" in err and "Traceback" not in err
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_truncated_backup_fails_verify_and_restore_before_any_secret(
    backup_file: Path, tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    data = backup_file.read_bytes()
    backup_file.write_bytes(data[: len(data) // 2])
    stdin(PASSPHRASE, PASSPHRASE)
    code, _, err = run(capsys, "verify-backup", str(backup_file))
    assert code == 1
    assert "damaged" in err and "Traceback" not in err
    target = tmp_path / "Restored.rsvault"
    code, _, err = run(capsys, "restore", str(backup_file), str(target))
    assert code == 1
    assert "damaged" in err and "Traceback" not in err
    assert not target.exists()
    assert sys.stdin.read() == f"{PASSPHRASE}\n{PASSPHRASE}\n"  # neither asked for it


def test_a_missing_backup_file_is_a_plain_message(
    tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSPHRASE)
    code, _, err = run(capsys, "verify-backup", str(tmp_path / "nothing.rsbackup"))
    assert code == 1
    assert "There is no backup file" in err and "Traceback" not in err


def test_verify_backup_and_restore_with_a_wrong_passphrase_exit_1(
    backup_file: Path, tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin("not the passphrase at all")
    code, _, err = run(capsys, "verify-backup", str(backup_file))
    assert code == 1
    assert "does not open" in err and "Traceback" not in err
    target = tmp_path / "Restored.rsvault"
    stdin("not the passphrase at all")
    code, _, err = run(capsys, "restore", str(backup_file), str(target))
    assert code == 1
    assert "does not open" in err
    assert not target.exists()


# --- restoring over something ---------------------------------------------------------


def test_restore_onto_a_non_empty_folder_is_refused(
    backup_file: Path, tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("someone's file", encoding="utf-8")
    stdin(PASSPHRASE)
    code, out, err = run(capsys, "restore", str(backup_file), str(busy))
    assert code == 1
    assert "not empty" in err and "Nothing was restored" in err
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]
    assert out == ""


def test_restore_onto_an_existing_vault_needs_replace_and_keeps_the_old_one_aside(
    vault, backup_file: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    # The vault changes after the backup, so the old copy and the restored one differ.
    session = open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        session.set_setting(MARKER[0], "changed after the backup")
    finally:
        session.lock()

    stdin(PASSPHRASE)
    code, _, err = run(capsys, "restore", str(backup_file), str(folder))
    assert code == 1
    assert "--replace" in err
    assert marker_of(folder) == "changed after the backup"

    stdin(PASSPHRASE)
    code, out, err = run(capsys, "restore", str(backup_file), str(folder), "--replace")
    assert code == 0, err
    (aside,) = folder.parent.glob(f"{folder.name}.before-restore-*")
    assert f"kept aside, unchanged, at {aside}" in out
    assert marker_of(folder) == MARKER[1]
    assert marker_of(aside) == "changed after the backup"


def test_replace_does_not_overwrite_a_folder_that_is_not_a_vault(
    backup_file: Path, tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("someone's file", encoding="utf-8")
    stdin(PASSPHRASE)
    code, _, err = run(capsys, "restore", str(backup_file), str(busy), "--replace")
    assert code == 1
    assert "not a RecordSafe vault" in err
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]


# --- usage ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["backup", "X.rsvault"],
        ["backup", "X.rsvault", "drive", "--keep", "0"],
        ["backup", "X.rsvault", "drive", "--keep", "many"],
        ["backup", "X.rsvault", "drive", PASSPHRASE],
        ["verify-backup"],
        ["verify-backup", "X.rsbackup", PASSPHRASE],
        ["verify-backup", "X.rsbackup", "--passphrase", PASSPHRASE],
        ["verify-backup", "X.rsbackup", f"--recovery-code={PASSPHRASE}"],
        ["restore", "X.rsbackup"],
        ["restore", "X.rsbackup", "X.rsvault", PASSPHRASE],
        ["restore", "X.rsbackup", "X.rsvault", "--replace=yes"],
    ],
)
def test_usage_errors_exit_2(
    argv: list[str],
    tmp_path: Path,
    stdin,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drive").mkdir()
    stdin(PASSPHRASE)
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert "usage" in err
    assert PASSPHRASE not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drive"]
    assert list((tmp_path / "drive").iterdir()) == []


def test_the_backup_commands_take_no_secret_as_an_option() -> None:
    parser = cli.build_parser()
    subparsers = next(
        a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"
    ).choices
    for name in ("backup", "verify-backup", "restore"):
        for action in subparsers[name]._actions:
            if action.option_strings == ["--passphrase-file"]:
                continue
            if action.option_strings:
                # flags only (no value), or a number: a secret could go in neither
                assert action.nargs == 0 or action.type is cli._positive_int, action
            else:
                assert action.dest in {"vault", "dest", "file"}, action.dest
