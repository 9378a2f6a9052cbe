"""The app's process cannot leave a core dump (issue 14): checked in a real process that
ran the app's entry point, as `recordsafe` and `python -m recordsafe` do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import ctypes, ctypes.util, resource, sys
from recordsafe.cli import main
main(["--help"])
libc = ctypes.CDLL(ctypes.util.find_library("c"))
dumpable = libc.prctl(3, 0, 0, 0, 0) if sys.platform.startswith("linux") else 0
print(resource.getrlimit(resource.RLIMIT_CORE), dumpable)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX limits; Windows uses a DACL")
def test_the_entry_point_turns_core_dumps_off() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    last = result.stdout.strip().splitlines()[-1]
    assert last == "(0, 0) 0", last  # RLIMIT_CORE soft and hard 0; PR_GET_DUMPABLE 0
