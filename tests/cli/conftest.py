"""Shared by the command-line tests: cheap KDF, piped standard input, one call of main()."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable

import pytest

from recordsafe import cli


@pytest.fixture(autouse=True)
def test_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cli.TEST_KDF_ENV, "1")


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Pipe lines into the command, as `printf '...' | recordsafe ...` would."""

    def feed(*lines: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))

    feed()
    return feed


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
