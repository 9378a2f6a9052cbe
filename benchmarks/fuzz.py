"""Fuzz at benchmark scale: the hypothesis fuzz tests with many examples (default 10,000).

    .venv/bin/python -m benchmarks.fuzz [--examples N] [TEST_FILE ...]

Runs tests/vault/test_keyslots_fuzz.py and tests/backup/test_fuzz.py (or the files
given) through pytest in a subprocess with `RECORDSAFE_FUZZ_EXAMPLES=N` and the per-test
timeout off, and prints each test's outcome and how many examples hypothesis ran
(passed, failed, rejected as invalid). Exit 0 only when every test passed.

The counts come from this module loaded as a pytest plugin in the subprocess
(`-p benchmarks.fuzz`): it registers a hypothesis observability callback, which sees
every test case, also of `@given` functions defined inside a test (for which hypothesis
prints no statistics). That callback is a hypothesis-internal API; if it moves, the
counts read "?" and the outcomes still hold.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FILES = ("tests/vault/test_keyslots_fuzz.py", "tests/backup/test_fuzz.py")
COUNTS_ENV = "RECORDSAFE_FUZZ_COUNTS_FILE"
OUTCOME = re.compile(r"^(PASSED|FAILED|ERROR) (tests/\S+::\S+)")

# --- the pytest plugin half (runs inside the pytest subprocess) --------------------------

_current = ["(outside a test)"]
_counts: dict[str, Counter[str]] = {}


def _observe(observation: Any, *_thread: object) -> None:
    if getattr(observation, "type", None) == "test_case":
        _counts.setdefault(_current[0], Counter())[str(observation.status)] += 1


def pytest_configure(config: Any) -> None:
    try:
        from hypothesis.internal.observability import (  # noqa: PLC0415
            add_observability_callback,
        )
    except ImportError:  # pragma: no cover - a hypothesis without this API: no counts
        return
    add_observability_callback(_observe)


def pytest_runtest_logstart(nodeid: str, location: Any) -> None:
    _current[0] = nodeid


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    target = os.environ.get(COUNTS_ENV)
    if target:
        Path(target).write_text(json.dumps({k: dict(v) for k, v in _counts.items()}))


# --- the command ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("files", nargs="*", default=list(DEFAULT_FILES))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="recordsafe-fuzz-") as scratch:
        counts_file = Path(scratch) / "counts.json"
        env = {
            **os.environ,
            "RECORDSAFE_FUZZ_EXAMPLES": str(args.examples),
            COUNTS_ENV: str(counts_file),
        }
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        result = subprocess.run(
            [
                *(sys.executable, "-m", "pytest", *args.files, "-q", "-rA", "--timeout=0"),
                *("-p", "benchmarks.fuzz", "-p", "no:cacheprovider"),
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        counts: dict[str, dict[str, int]] = (
            json.loads(counts_file.read_text()) if counts_file.exists() else {}
        )
    elapsed = time.perf_counter() - started
    outcomes = {m.group(2): m.group(1) for m in map(OUTCOME.match, result.stdout.splitlines()) if m}
    print(f"fuzz benchmark: RECORDSAFE_FUZZ_EXAMPLES={args.examples}, {elapsed:.0f} s")
    print(f"{'test':76} {'outcome':7} {'passed':>8} {'failed':>7} {'invalid':>8}")
    total = 0
    for name in sorted(outcomes):
        seen = counts.get(name)
        if seen is None:
            numbers = f"{'(not a hypothesis test)':>25}"
        else:
            total += seen.get("passed", 0)
            numbers = (
                f"{seen.get('passed', 0):8d} {seen.get('failed', 0):7d} {seen.get('gave_up', 0):8d}"
            )
        print(f"{name:76} {outcomes[name]:7} {numbers}")
    failed = [n for n, o in outcomes.items() if o != "PASSED"]
    print(f"examples passed in total: {total}; tests failed: {len(failed)}")
    if result.returncode != 0:
        print(result.stdout[-4000:])
        print(result.stderr[-2000:], file=sys.stderr)
    return 0 if result.returncode == 0 and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
