"""Bad input to the command: a plain message and exit 1 or 2, never a crash, hang or traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from recordsafe import cli
from recordsafe.vault import TEST_PARAMS, create_vault
from tests.cli.conftest import run
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
UNEXPECTED = "unexpected problem"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "Practice.rsvault"
    create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS).session.lock()
    return folder


def plain(err: str) -> bool:
    return UNEXPECTED not in err and "Traceback" not in err and "Error:" not in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_as_passphrase_file_is_refused_without_reading_it(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "verify", str(vault), "--passphrase-file", "/dev/zero")
    assert code == 2
    assert "not a regular file" in err and plain(err)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_passphrase_file_does_not_hang(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "secret.fifo"
    os.mkfifo(fifo)
    code, _out, err = run(capsys, "verify", str(vault), "--passphrase-file", str(fifo))
    assert code == 2
    assert "not a regular file" in err and plain(err)


def test_a_huge_passphrase_file_is_refused(
    vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 100_000)
    code, _out, err = run(capsys, "verify", str(vault), "--passphrase-file", str(big))
    assert code == 2
    assert "longer than any secret" in err and plain(err)


def test_endless_standard_input_is_refused(
    vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\0" * 1_000_000))
    code, _out, err = run(capsys, "verify", str(vault))
    assert code == 2
    assert "longer than any secret" in err and plain(err)


@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_non_utf8_standard_input_is_a_plain_message(
    vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], errors: str
) -> None:
    raw = io.TextIOWrapper(io.BytesIO(b"\xff\xfe secret\n"), encoding="utf-8", errors=errors)
    monkeypatch.setattr(sys, "stdin", raw)
    code, _out, err = run(capsys, "verify", str(vault))
    assert code == 2
    assert "not UTF-8" in err and plain(err)


@pytest.mark.parametrize("command", ["create", "verify", "info", "change-passphrase", "recover"])
def test_an_empty_vault_path_is_a_usage_error(
    command: str, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSPHRASE, PASSPHRASE)
    code, _out, err = run(capsys, command, "")
    assert code == 2
    assert "vault path is empty" in err and plain(err)


def test_empty_backup_paths_are_usage_errors(
    vault: Path, tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSPHRASE)
    code, _out, err = run(capsys, "backup", str(vault), "")
    assert code == 2 and "backup folder is empty" in err and plain(err)
    code, _out, err = run(capsys, "verify-backup", "")
    assert code == 2 and "backup file is empty" in err and plain(err)
    code, _out, err = run(capsys, "restore", "", str(tmp_path / "New"))
    assert code == 2 and "backup file is empty" in err and plain(err)


@pytest.mark.parametrize("command", ["create", "info", "verify"])
def test_a_name_longer_than_the_file_system_allows(
    command: str, tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSPHRASE, PASSPHRASE)
    code, _out, err = run(capsys, command, str(tmp_path / ("a" * 300)))
    assert code == 2
    assert "longer than the file system allows" in err and plain(err)
    assert list(tmp_path.iterdir()) == []


def test_a_path_longer_than_the_file_system_allows(
    tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSPHRASE, PASSPHRASE)
    deep = tmp_path.joinpath(*["b" * 200] * 40)  # 8,000 bytes, each name allowed
    code, _out, err = run(capsys, "create", str(deep))
    assert code == 2
    assert "longer than the file system allows" in err and plain(err)


def test_a_vault_name_that_only_fits_without_the_suffix(
    tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSPHRASE, PASSPHRASE)
    code, _out, err = run(capsys, "create", str(tmp_path / ("c" * 250)))  # + ".rsvault" > 255
    assert code == 2
    assert "longer than the file system allows" in err and plain(err)


@pytest.mark.parametrize("folder", ["/", "."])
def test_info_on_a_folder_that_is_not_a_vault(
    folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "info", folder)
    assert code == 1
    assert "is not a RecordSafe vault" in err and plain(err)


def test_create_with_no_name_for_the_vault(stdin, capsys: pytest.CaptureFixture[str]) -> None:
    stdin(PASSPHRASE, PASSPHRASE)
    code, _out, err = run(capsys, "create", "/")
    assert code == 2
    assert "not a name for a new vault" in err and plain(err)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_create_on_a_full_disk_is_a_plain_message(tmp_path: Path) -> None:
    """The kernel refuses every write past 0 bytes, as a full disk does: the vault, its
    lock note and the log file all fail. Before: logging's own traceback and 'unexpected'."""
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))\n"
        "from recordsafe.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        cli.TEST_KDF_ENV: "1",
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "RECORDSAFE_HOME": str(home / "rs"),
    }
    result = subprocess.run(
        [sys.executable, "-c", script, "create", str(tmp_path / "Full")],
        input=f"{PASSPHRASE}\n{PASSPHRASE}\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert plain(result.stderr), result.stderr
    assert "disk" in result.stderr
