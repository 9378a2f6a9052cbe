"""Crash safety at scale: kill a writer process with SIGKILL N times (default 1,000).

    .venv/bin/python -m benchmarks.crash [COUNT] [--seed N] [--keep DIR]

The same harness as tests/reliability/test_crash.py (which runs 50): one vault, reused
across kills so damage would accumulate; after each kill the vault must open, pass
SQLCipher's and SQLite's integrity checks and the audit chain check, and hold every
change acknowledged before the kill, including each disclosure with its encrypted
release file, with no release file lacking its record. Prints the counts; exit 0 only
when every run opened, every check passed and no acknowledged change was lost.

100 kills on the shared 2-core machine (seed 11): 100 opened and passed, 779 changes
acknowledged (59 disclosures), 0 lost, 0 release files without a record, 1 record whose
file was never named (a kill between COMMIT and the rename), 95 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from tests.reliability.crash_harness import CrashCounts, run_crashes

PASSPHRASE = "benchmark harbour lantern 42 quietly"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="put the vault here and keep it")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def progress(counts: CrashCounts) -> None:
        if counts.runs % 50 == 0:
            print(
                f"  {counts.runs:5d} kills, {counts.checks_passed} passed, "
                f"{counts.acknowledged} acknowledged, {counts.lost} lost, "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )

    with tempfile.TemporaryDirectory(prefix="recordsafe-crash-") as scratch:
        # A private home: the benchmark never touches the user's settings or logs.
        os.environ["RECORDSAFE_HOME"] = str(Path(scratch) / "home")
        parent = args.keep or Path(scratch)
        folder = parent / "Crash benchmark.rsvault"
        counts = run_crashes(folder, PASSPHRASE, args.count, seed=args.seed, report=progress)
        size_mb = (folder / "vault.db").stat().st_size / 1024**2
    print(f"crash benchmark: {args.count} SIGKILLs, seed {args.seed}")
    print("\n".join(counts.lines()))
    print(f"vault.db at the end          {size_mb:.1f} MB")
    print(f"time                         {time.perf_counter() - started:.0f} s")
    ok = (
        counts.opened == counts.runs == counts.checks_passed == args.count
        and counts.lost == 0
        and counts.writer_errors == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
