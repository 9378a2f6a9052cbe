"""Backup + verify time (DESIGN §6: ≤ 10 s for the practice-scale vault). Run on demand.

    .venv/bin/python -m benchmarks.backup VAULT --passphrase-file FILE [--runs 3]
    .venv/bin/python -m benchmarks.backup --practice [--runs 3]

With VAULT: backs that vault up into a temporary folder (or `--dest`) and verifies the
backup, `--runs` times; prints each phase and the median. The vault's audit log records
each backup (as every backup does); the backup files are deleted afterwards unless
`--keep`. With `--practice`: first builds a throwaway practice-scale demo vault (5,000
fictional clients, 250,000 notes; real calibrated Argon2id) under a temporary folder.
Exit 0 when the median backup + verify is within budget, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from recordsafe.vault import VaultSession, create_vault, open_vault
from recordsafe.vault.backup import create_backup, verify_backup

BUDGET_SECONDS = 10.0
PRACTICE_PASSPHRASE = "benchmark harbour lantern 42 quietly"


def build_practice_vault(parent: Path) -> Path:
    from recordsafe.records.demo_data import populate  # noqa: PLC0415 (only for --practice)

    folder = parent / "Practice benchmark.rsvault"
    started = time.perf_counter()
    made = create_vault(folder, PRACTICE_PASSPHRASE)
    try:
        populate(made.session, "practice")
    finally:
        made.session.lock()
    print(f"built the practice-scale vault in {time.perf_counter() - started:.1f} s")
    return folder


def one_run(session: VaultSession, dest: Path, passphrase: str, keep: bool) -> tuple[float, float]:
    started = time.perf_counter()
    file = create_backup(session, dest)
    created = time.perf_counter() - started
    started = time.perf_counter()
    report = verify_backup(file, passphrase)
    verified = time.perf_counter() - started
    if not report.ok:
        sys.exit("the backup did not verify:\n" + "\n".join(report.lines()))
    size_mb = file.stat().st_size / 1024**2
    print(f"  backup {created:6.2f} s   verify {verified:6.2f} s   file {size_mb:8.1f} MB")
    if not keep:
        file.unlink()
    return created, verified


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", nargs="?", type=Path)
    parser.add_argument("--passphrase-file", type=Path)
    parser.add_argument("--practice", action="store_true", help="build a throwaway demo vault")
    parser.add_argument("--dest", type=Path, help="backup folder (default: a temporary one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the backup files")
    args = parser.parse_args(argv)
    if args.practice == (args.vault is not None):
        parser.error("give either VAULT (with --passphrase-file) or --practice")
    with tempfile.TemporaryDirectory(prefix="recordsafe-bench-") as scratch:
        os.environ.setdefault("RECORDSAFE_HOME", str(Path(scratch) / "home"))
        if args.practice:
            folder, passphrase = build_practice_vault(Path(scratch)), PRACTICE_PASSPHRASE
        else:
            if args.passphrase_file is None:
                parser.error("VAULT needs --passphrase-file")
            folder = args.vault
            passphrase = args.passphrase_file.read_text(encoding="utf-8").rstrip("\r\n")
        dest = args.dest or Path(scratch) / "backups"
        dest.mkdir(parents=True, exist_ok=True)
        db_mb = (folder / "vault.db").stat().st_size / 1024**2
        print(f"vault.db {db_mb:.1f} MB; {args.runs} run(s)")
        session = open_vault(folder, passphrase)
        try:
            times = [one_run(session, dest, passphrase, args.keep) for _ in range(args.runs)]
        finally:
            session.lock()
    backup = statistics.median(t[0] for t in times)
    verify = statistics.median(t[1] for t in times)
    total = statistics.median(t[0] + t[1] for t in times)
    verdict = "within" if total <= BUDGET_SECONDS else "OVER"
    print(
        f"median: backup {backup:.2f} s + verify {verify:.2f} s = {total:.2f} s "
        f"({verdict} the {BUDGET_SECONDS:.0f} s budget)"
    )
    return 0 if total <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
