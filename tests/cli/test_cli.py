"""The `recordsafe` command, run in-process over real vaults (cheap KDF via RECORDSAFE_TEST_KDF)."""

from __future__ import annotations

import getpass
import io
import json
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from recordsafe import cli
from recordsafe.vault import TEST_PARAMS, VaultSession, create_vault, open_vault
from recordsafe.vault.codes import looks_like_code
from tests.cli.conftest import run
from tests.conftest import PASSPHRASE

NEW = "copper meadow lantern 17 drifting"
ROOT = Path(__file__).resolve().parents[2]


def opens_with(folder: Path, passphrase: str) -> bool:
    try:
        session = open_vault(folder, passphrase, kdf=TEST_PARAMS)
    except Exception:
        return False
    session.lock()
    return True


@pytest.fixture
def vault(tmp_path: Path) -> tuple[Path, str]:
    """A vault made by the library (so the CLI's own create is not under test here)."""
    folder = tmp_path / "Practice.rsvault"
    made = create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    made.session.lock()
    return folder, made.recovery_code


# --- create -------------------------------------------------------------------------------


def test_create_prints_the_code_once_and_the_vault_opens(
    tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSPHRASE, PASSPHRASE)
    code, out, err = run(capsys, "create", str(tmp_path / "Practice"))
    assert code == 0, err
    folder = tmp_path / "Practice.rsvault"  # the suffix is added
    assert opens_with(folder, PASSPHRASE)
    printed = [w for w in out.split() if looks_like_code(w)]
    assert len(printed) == 1
    assert "write it down" in out
    assert "test KDF parameters in use" in err
    assert PASSPHRASE not in out + err


def test_create_with_emergency_kit_saves_a_pdf_with_the_code(
    tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSPHRASE, PASSPHRASE)
    kit = tmp_path / "kit.pdf"
    code, out, _ = run(capsys, "create", str(tmp_path / "P.rsvault"), "--emergency-kit", str(kit))
    assert code == 0
    assert kit.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(kit), "-"], capture_output=True, check=True, text=True
        ).stdout
        printed = next(w for w in out.split() if looks_like_code(w))
        assert printed in text


def test_create_refuses_mismatched_passphrases(
    tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSPHRASE, PASSPHRASE + "x")
    code, _, err = run(capsys, "create", str(tmp_path / "P"))
    assert code == 1
    assert "do not match" in err
    assert not (tmp_path / "P.rsvault").exists()


def test_create_refuses_a_weak_passphrase_with_a_plain_message(
    tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin("password", "password")
    code, _, err = run(capsys, "create", str(tmp_path / "P"))
    assert code == 1
    assert err.strip() and "Traceback" not in err
    assert not (tmp_path / "P.rsvault").exists()


def test_create_from_a_passphrase_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE + "\r\nsecond line is ignored\n", encoding="utf-8")
    code, _, err = run(capsys, "create", str(tmp_path / "P"), "--passphrase-file", str(secret))
    assert code == 0, err
    assert opens_with(tmp_path / "P.rsvault", PASSPHRASE)


# --- verify -------------------------------------------------------------------------------


def test_verify_prints_every_check(vault, stdin, capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = vault
    stdin(PASSPHRASE)
    code, out, _ = run(capsys, "verify", str(folder))
    assert code == 0
    for check in (
        "key file: ok",
        "encryption (page MACs): ok",
        "audit chain: ok",
    ):
        assert check in out


def test_verify_finds_the_vault_without_its_suffix(
    vault, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    stdin(PASSPHRASE)
    assert run(capsys, "verify", str(folder.with_suffix("")))[0] == 0


def test_verify_with_a_wrong_passphrase_exits_1(
    vault, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    stdin("not the passphrase at all")
    code, out, err = run(capsys, "verify", str(folder))
    assert code == 1
    assert "does not open this vault" in err
    assert "Traceback" not in err and out == ""


def test_verify_detects_a_flipped_byte_in_the_key_file(
    vault, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    path = folder / "keyslots.json"
    data = bytearray(path.read_bytes())
    at = data.index(b"Recovery code") + 1
    data[at] ^= 0x01  # "Rdcovery code": still valid JSON, but no longer what the MAC covers
    path.write_bytes(bytes(data))
    stdin(PASSPHRASE)
    code, out, _ = run(capsys, "verify", str(folder))
    assert code == 1
    assert "found at unlock: FAILED" in out or "key file: FAILED" in out
    assert "altered" in out


def test_verify_detects_a_flipped_byte_in_the_database(
    vault, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    path = folder / "vault.db"
    data = bytearray(path.read_bytes())
    data[len(data) - 1000] ^= 0x01  # inside the last page
    path.write_bytes(bytes(data))
    stdin(PASSPHRASE)
    code, out, err = run(capsys, "verify", str(folder))
    assert code == 1
    assert "FAILED" in out or "damaged" in err
    assert "Traceback" not in err


def test_a_missing_vault_is_a_plain_message(
    tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(PASSPHRASE)
    code, _, err = run(capsys, "verify", str(tmp_path / "Nowhere.rsvault"))
    assert code == 1
    assert "There is no vault" in err
    assert "Traceback" not in err


def test_too_few_lines_on_stdin_is_a_usage_error(
    vault, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    stdin()
    code, _, err = run(capsys, "verify", str(folder))
    assert code == 2
    assert "Standard input ended" in err


# --- change-passphrase and recover -------------------------------------------------------


def test_change_passphrase(vault, stdin, capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = vault
    stdin(PASSPHRASE, NEW, NEW)
    code, _, err = run(capsys, "change-passphrase", str(folder))
    assert code == 0, err
    assert opens_with(folder, NEW)
    assert not opens_with(folder, PASSPHRASE)


def test_change_passphrase_with_a_wrong_current_one_changes_nothing(
    vault, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    stdin("wrong wrong wrong 99", NEW, NEW)
    assert run(capsys, "change-passphrase", str(folder))[0] == 1
    assert opens_with(folder, PASSPHRASE)


def test_change_passphrase_refuses_a_weak_new_one(
    vault, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    stdin(PASSPHRASE, "abc", "abc")
    code, _, err = run(capsys, "change-passphrase", str(folder))
    assert code == 1
    assert "not changed" in err
    assert opens_with(folder, PASSPHRASE)


def test_change_passphrase_current_from_file_new_from_stdin(
    vault, tmp_path: Path, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    secret = tmp_path / "current.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    stdin(NEW, NEW)
    code, _, err = run(capsys, "change-passphrase", str(folder), "--passphrase-file", str(secret))
    assert code == 0, err
    assert opens_with(folder, NEW)


def test_recover_sets_a_new_passphrase(vault, stdin, capsys: pytest.CaptureFixture[str]) -> None:
    folder, recovery_code = vault
    stdin(recovery_code.lower().replace("-", " "), NEW, NEW)
    code, _, err = run(capsys, "recover", str(folder))
    assert code == 0, err
    assert opens_with(folder, NEW)
    assert not opens_with(folder, PASSPHRASE)


def test_recover_with_a_wrong_code_exits_1(
    vault, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = vault
    stdin("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG", NEW, NEW)
    code, _, err = run(capsys, "recover", str(folder))
    assert code == 1
    assert "code does not open" in err
    assert opens_with(folder, PASSPHRASE)


# --- info ---------------------------------------------------------------------------------


def test_info_needs_no_secret_and_shows_the_slots(
    vault, stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, recovery_code = vault
    stdin(PASSPHRASE)  # must stay unread
    code, out, _ = run(capsys, "info", str(folder))
    assert code == 0
    doc = json.loads((folder / "keyslots.json").read_text(encoding="utf-8"))
    assert doc["vault_id"] in out
    assert "Format version: 1" in out
    assert "passphrase" in out and "'Recovery code'" in out
    assert recovery_code not in out
    assert sys.stdin.read() == PASSPHRASE + "\n"


def test_info_on_a_damaged_key_file_exits_1(vault, capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = vault
    (folder / "keyslots.json").write_text("{ not json", encoding="utf-8")
    code, _, err = run(capsys, "info", str(folder))
    assert code == 1
    assert "damaged" in err


# --- usage --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["verify"],
        ["verify", "X.rsvault", PASSPHRASE],  # a passphrase as an extra argument
        ["create", "X.rsvault", "--passphrase", PASSPHRASE],
        ["create", "X.rsvault", f"--passphrase={PASSPHRASE}"],
        ["--demo", "verify", "X.rsvault"],
    ],
)
def test_usage_errors_exit_2_and_never_take_a_passphrase_argument(
    argv: list[str],
    tmp_path: Path,
    stdin,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "usage" in err or "recordsafe:" in err
    assert not (tmp_path / "X.rsvault").exists()


def test_no_option_or_argument_names_a_secret() -> None:
    parser = cli.build_parser()
    subparsers = next(
        a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"
    ).choices.values()
    for sub in [parser, *subparsers]:
        for action in sub._actions:
            for flag in action.option_strings:
                assert flag in {
                    "-h",
                    "--help",
                    "--version",
                    "--demo",
                    "--self-test",
                    "--passphrase-file",
                    "--emergency-kit",
                    "--keep",  # a number
                    "--replace",  # on/off
                    "--recovery-code",  # on/off: says which secret is asked for
                    "--custodian-code",  # on/off: likewise
                    "--size",  # small or practice
                }, flag
            if not action.option_strings:
                assert action.dest in {"vault", "command", "help", "dest", "file"}, action.dest


# --- an unexpected problem ----------------------------------------------------------------


def test_an_unexpected_error_shows_no_traceback_and_no_message(
    vault,
    stdin,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    folder, _ = vault

    def broken(self: VaultSession) -> None:
        raise RuntimeError("client Jane Example said something private")

    monkeypatch.setattr(VaultSession, "verify", broken)
    stdin(PASSPHRASE)
    code, out, err = run(capsys, "verify", str(folder))
    assert code == 1
    assert "unexpected problem" in err
    assert "Jane" not in out + err and "Traceback" not in err
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "RuntimeError" in logged and "broken" in logged  # type and frames, for support
    assert "Jane" not in logged  # never the message: it could quote a record
    assert opens_with(folder, PASSPHRASE)  # the vault was locked again on the way out


# --- GUI and self-test --------------------------------------------------------------------


@pytest.fixture
def fake_gui(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Stand in for recordsafe.ui.app so dispatch is tested without opening a window."""
    calls: list[dict[str, object]] = []

    def run_gui(**kwargs: object) -> int:
        calls.append(kwargs)
        return 0

    monkeypatch.setitem(sys.modules, "recordsafe.ui.app", types.SimpleNamespace(run_gui=run_gui))
    return calls


def test_no_arguments_opens_the_gui(fake_gui, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys)[0] == 0
    assert fake_gui[0]["vault"] is None and fake_gui[0]["demo"] is False


def test_demo_opens_the_gui_on_the_demo_vault(fake_gui, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--demo")[0] == 0
    assert fake_gui[0]["demo"] is True


@pytest.mark.slow
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_self_test_passes_and_restores_the_environment(
    qapp, recordsafe_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--self-test")
    assert code == 0, out + err
    assert "self-test passed" in out
    assert "unlocked" in out
    assert os.environ["RECORDSAFE_HOME"] == str(recordsafe_home)


# --- the real entry point -----------------------------------------------------------------


@pytest.mark.slow
def test_python_dash_m_recordsafe_create(tmp_path: Path, recordsafe_home: Path) -> None:
    env = {**os.environ, cli.TEST_KDF_ENV: "1", "RECORDSAFE_HOME": str(recordsafe_home)}
    done = subprocess.run(
        [sys.executable, "-m", "recordsafe", "create", str(tmp_path / "Sub")],
        input=f"{PASSPHRASE}\n{PASSPHRASE}\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert any(looks_like_code(w) for w in done.stdout.split())
    assert opens_with(tmp_path / "Sub.rsvault", PASSPHRASE)


# --- a person at a terminal ---------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_at_a_terminal_secrets_are_prompted_hidden_and_confirmed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["password", PASSPHRASE, PASSPHRASE + "x", PASSPHRASE, PASSPHRASE])
    prompts: list[str] = []

    def fake_getpass(prompt: str = "", stream: object = None) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    code, _, err = run(capsys, "create", str(tmp_path / "P"))
    assert code == 0, err
    # weak → asked again; mismatch → asked again; then a matching pair
    assert prompts == ["New passphrase: ", *["New passphrase: ", "New passphrase again: "] * 2]
    assert "do not match" in err
    assert opens_with(tmp_path / "P.rsvault", PASSPHRASE)


def test_demo_builds_a_fictional_practice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RECORDSAFE_TEST_KDF", "1")
    secret = tmp_path / "secret.txt"
    secret.write_text("a long demo passphrase for testing\n", encoding="utf-8")
    vault = tmp_path / "Demo"
    # A fast machine's clock: each reading 4 ms after the last.
    ticks = iter(range(1_000))
    monkeypatch.setattr(cli.time, "perf_counter", lambda: next(ticks) * 0.004)
    assert cli.main(["demo", str(vault), "--passphrase-file", str(secret)]) == 0
    out = capsys.readouterr().out
    assert "small demo practice" in out
    # A real figure, never "in 0.0 s" (issue 16).
    took = re.search(r" in (\d+(?:\.\d)?) (ms|s)\.", out)
    assert took is not None and float(took.group(1)) > 0, out
    from recordsafe.records import clients  # noqa: PLC0415

    with open_vault(
        tmp_path / "Demo.rsvault", "a long demo passphrase for testing", kdf=TEST_PARAMS
    ) as session:
        assert clients.count_clients(session) >= 60
