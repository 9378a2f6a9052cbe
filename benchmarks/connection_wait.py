"""How long the UI thread waits for the connection while a worker uses it (issue 14).

    .venv/bin/python -m benchmarks.connection_wait [--size small|practice] [--runs 3]

The session has one SQLCipher connection; a worker's statement, transaction or
multi-statement step holds its turn (vault/database.py), and a UI-thread read (a page
refresh, a timer) waits for it. This builds a throwaway demo vault of `--size` (the
practice size takes minutes to build), then runs each background job that holds the
connection longest on a worker thread while the main thread reads one setting in a loop,
as a timer would; it prints the job's time and the longest and median wait of a read.
The longest wait is about one job's longest single hold: the whole job for VACUUM and
the snapshot (one statement each, which SQLite serialised the same way before), one
statement for the checks. Nothing is asserted: it is a measure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from recordsafe.closure import destruction
from recordsafe.records.demo_data import populate
from recordsafe.vault import TEST_PARAMS, VaultSession, create_vault

PASSPHRASE = "benchmark harbour lantern 42 quietly"


def jobs(session: VaultSession, scratch: Path) -> dict[str, Callable[[], object]]:
    snapshot = scratch / "snapshot.db"

    def export() -> None:
        session.export_database(snapshot, scratch=True)
        snapshot.unlink()

    return {
        "compaction (FTS optimize, VACUUM)": lambda: destruction.compact(session),
        "backup snapshot (sqlcipher_export)": export,
        "structure check (integrity_check)": session.db.integrity_check,
        "full verify (every check)": session.verify,
    }


def measure(session: VaultSession, job: Callable[[], object]) -> tuple[float, list[float]]:
    """(the job's seconds, each UI read's wait in seconds) while the job runs."""
    started, done = threading.Event(), threading.Event()

    def work() -> None:
        started.set()
        try:
            job()
        finally:
            done.set()

    worker = threading.Thread(target=work, daemon=True)
    began = time.perf_counter()
    worker.start()
    started.wait()
    waits: list[float] = []
    while not done.is_set():
        t0 = time.perf_counter()
        session.get_setting("benchmark")
        waits.append(time.perf_counter() - t0)
    worker.join()
    return time.perf_counter() - began, waits or [0.0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("small", "practice"), default="small")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="recordsafe-bench-") as scratch:
        os.environ.setdefault("RECORDSAFE_HOME", str(Path(scratch) / "home"))
        made = create_vault(Path(scratch) / "Wait.rsvault", PASSPHRASE, kdf=TEST_PARAMS)
        session = made.session
        try:
            populate(session, args.size)
            size_mb = session.db.path.stat().st_size / 1024**2
            print(f"{args.size} demo vault: {size_mb:.1f} MB")
            for name, job in jobs(session, Path(scratch)).items():
                for _ in range(args.runs):
                    took, waits = measure(session, job)
                    print(
                        f"  {name:38} job {took * 1000:8.1f} ms   UI read wait: longest "
                        f"{max(waits) * 1000:8.1f} ms, "
                        f"median {statistics.median(waits) * 1000:6.2f}"
                        f" ms ({len(waits)} reads)"
                    )
        finally:
            session.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
