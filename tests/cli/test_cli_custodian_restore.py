"""`recordsafe restore` and `verify-backup` with a records custodian's code (issue 15).

Before: the custodian code was refused as "That passphrase does not open this vault" (in
--passphrase-file) or "That code does not open…" (with --recovery-code); only the
window's "Custodian code" choice worked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recordsafe.closure import custodian
from recordsafe.vault import TEST_PARAMS, create_vault, open_vault
from recordsafe.vault.backup import create_backup
from tests.cli.conftest import run
from tests.closure.conftest import CUSTODIAN_FORM
from tests.conftest import PASSPHRASE


@pytest.fixture
def kit(tmp_path: Path) -> tuple[Path, str]:
    """A backup of a vault with a designated custodian, and the custodian's code."""
    made = create_vault(tmp_path / "Practice.rsvault", PASSPHRASE, kdf=TEST_PARAMS)
    try:
        code = custodian.designate(made.session, CUSTODIAN_FORM).code
        drive = tmp_path / "drive"
        drive.mkdir()
        return create_backup(made.session, drive), code
    finally:
        made.session.lock()


def code_file(tmp_path: Path, code: str) -> Path:
    path = tmp_path / "code.txt"
    path.write_text(code + "\n", encoding="utf-8")
    return path


def test_restore_with_the_custodian_code(
    kit: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup, code = kit
    target = tmp_path / "new-computer" / "Practice"
    secret = code_file(tmp_path, code)
    result, out, err = run(
        capsys, "restore", str(backup), str(target), "--custodian-code",
        "--passphrase-file", str(secret),
    )  # fmt: skip
    assert result == 0, err
    assert "custodian code (--custodian-code)" in out  # which kinds the backup holds
    session = open_vault(
        target.with_name("Practice.rsvault"), code, kinds=("custodian",), kdf=TEST_PARAMS
    )
    session.lock()


def test_verify_backup_with_the_custodian_code(
    kit: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup, code = kit
    secret = code_file(tmp_path, code)
    result, out, err = run(
        capsys, "verify-backup", str(backup), "--custodian-code", "--passphrase-file", str(secret)
    )
    assert result == 0, err
    assert "All checks passed" in out


def test_a_custodian_code_given_as_the_passphrase_says_what_to_do(
    kit: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup, code = kit
    secret = code_file(tmp_path, code)
    result, _out, err = run(
        capsys, "restore", str(backup), str(tmp_path / "New"), "--passphrase-file", str(secret)
    )
    assert result == 1
    assert "That passphrase does not open this backup" in err
    assert "--custodian-code" in err and "--recovery-code" in err
    assert not (tmp_path / "New.rsvault").exists()


def test_a_kind_the_backup_does_not_hold_is_refused_before_asking(
    tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    made = create_vault(tmp_path / "Solo.rsvault", PASSPHRASE, kdf=TEST_PARAMS)
    try:
        backup = create_backup(made.session, tmp_path)
    finally:
        made.session.lock()
    stdin()  # nothing to read: the command must not ask
    result, out, err = run(capsys, "verify-backup", str(backup), "--custodian-code")
    assert result == 1
    assert "This backup has no custodian code" in err
    assert "passphrase (the default), recovery code (--recovery-code)" in out + err


def test_the_two_code_options_exclude_each_other(
    kit: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    backup, _ = kit
    result, _out, err = run(
        capsys, "verify-backup", str(backup), "--recovery-code", "--custodian-code"
    )
    assert result == 2
    assert "not allowed with" in err
