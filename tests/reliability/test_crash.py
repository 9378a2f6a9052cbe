"""Crash safety: a writer process killed with SIGKILL 50 times over one vault.

After every kill the vault opens, SQLCipher's page MACs and SQLite's structure check
pass, the audit chain verifies with no findings, and every change the writer
acknowledged before the kill is there. `benchmarks/crash.py` runs the same 1,000 times.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recordsafe.vault import TEST_PARAMS, open_vault
from tests.conftest import PASSPHRASE
from tests.reliability.crash_harness import Acked, CrashCounts, missing_changes, run_crashes

KILLS = 50


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "Crash.rsvault"
    counts = run_crashes(folder, PASSPHRASE, KILLS, seed=20261126)
    print("\n".join(counts.lines()))
    assert counts.runs == KILLS
    assert counts.writer_errors == 0, counts.problems
    assert counts.opened == KILLS, counts.problems
    assert counts.checks_passed == KILLS, counts.problems
    assert counts.lost == 0, counts.problems
    # The kills really landed in the middle of work, not only before or after it.
    assert counts.acknowledged > KILLS
    assert counts.kills_before_ready < KILLS


def test_the_check_sees_a_lost_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The harness can fail: an acknowledgement the vault does not hold counts as lost."""
    folder = tmp_path / "Check.rsvault"
    run_crashes(folder, PASSPHRASE, 0)
    acked = Acked()
    acked.add_lines("client 999\nnote 12345\naudit 1 " + "f" * 64 + "\nsetting 1\n")
    counts = CrashCounts()
    missing_changes(folder, PASSPHRASE, acked, counts)
    assert counts.opened == 1
    assert counts.checks_passed == 1
    assert counts.lost == 4
    open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS).lock()
