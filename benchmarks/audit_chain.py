"""The audit chain at practice size: unlock (head and tail) and the full check.

    .venv/bin/python -m benchmarks.audit_chain [VAULT] [--entries N]

Works on a COPY of VAULT (default `.benchmarks/practice.rsvault`, passphrase
"benchmark harbour lantern 42 quietly"), never the vault itself. Times an unlock and the
full end-to-end chain check (`VaultSession.full_chain_check`, what the app runs in the
background after unlock) as the vault is; then appends audit entries until the log holds
N (default 300,000: years of a busy practice) and times both again. Unlock's budget is
1.0 s (DESIGN §6); the full check has none (it runs while the user works).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from recordsafe.audit import chain
from recordsafe.vault import open_vault

PASSPHRASE = "benchmark harbour lantern 42 quietly"
DEFAULT_VAULT = Path(__file__).resolve().parents[1] / ".benchmarks" / "practice.rsvault"


def measure(folder: Path, label: str) -> None:
    started = time.perf_counter()
    session = open_vault(folder, PASSPHRASE)
    unlocked = time.perf_counter() - started
    try:
        entries = int(session.db.scalar("SELECT count(*) FROM audit_log"))
        head = session._doc.audit_head
        started = time.perf_counter()
        at_unlock = chain.check_at_unlock(session.db, head.count, head.hash)
        tail = time.perf_counter() - started
        check = session.full_chain_check()
        started = time.perf_counter()
        findings = check()
        full = time.perf_counter() - started
    finally:
        session.lock()
    print(f"{label}: {entries:,} audit entries")
    print(f"  unlock (KDF, open, migrate, head+tail check)  {unlocked:6.2f} s")
    print(f"  of which the head+tail check                  {tail * 1000:6.1f} ms")
    print(f"  full chain check (background)                 {full:6.2f} s")
    print(f"  findings: {at_unlock + findings or 'none'}")


def grow(folder: Path, entries: int) -> None:
    session = open_vault(folder, PASSPHRASE)
    try:
        have = int(session.db.scalar("SELECT count(*) FROM audit_log"))
        with session.bulk(), session.transaction():
            for i in range(max(0, entries - have)):
                session.record("client_viewed", client_id=1 + i % 300)
    finally:
        session.lock()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", nargs="?", type=Path, default=DEFAULT_VAULT)
    parser.add_argument("--entries", type=int, default=300_000)
    args = parser.parse_args(argv)
    if not (args.vault / "keyslots.json").exists():
        print(f"No vault at {args.vault}: run benchmarks.unlock or pass a vault.")
        return 1
    with tempfile.TemporaryDirectory(prefix="recordsafe-chain-") as scratch:
        os.environ["RECORDSAFE_HOME"] = str(Path(scratch) / "home")
        folder = Path(scratch) / "copy.rsvault"
        shutil.copytree(args.vault, folder, ignore=shutil.ignore_patterns("vault.lock"))
        measure(folder, "practice vault as it is")
        grow(folder, args.entries)
        measure(folder, "after growing the log")
    return 0


if __name__ == "__main__":
    sys.exit(main())
