"""Unlock budgets (DESIGN §6), with the REAL calibrated KDF. Run on demand, not in the tests.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.unlock [--runs 5]

Measures, each as the median of `--runs`:
- KDF: one Argon2id derivation with the parameters calibrated on this machine;
- unlock: `open_vault` on an existing vault, then the main window shown (budget ≤ 1.0 s);
- start → unlock window: a fresh `python -c` that imports the app and shows the unlock
  dialog, timed from just before the process is spawned until the dialog is exposed
  (budget ≤ 1.5 s).
Everything happens under a temporary RECORDSAFE_HOME. Exit 0 when every measured budget
holds, 1 otherwise; a part whose UI does not exist yet is reported as not measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recordsafe.app_config import AppConfig
from recordsafe.vault import create_vault, keyslots, open_vault
from recordsafe.vault.kdf import derive_key, new_salt

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "benchmark harbour lantern 42 quietly"
UNLOCK_BUDGET = 1.0
START_BUDGET = 1.5
EXPOSE_TIMEOUT = 10.0

# Runs in a fresh interpreter: the same imports as `recordsafe` at start-up, then the
# unlock dialog. argv: the spawn time (time.time()) and the vault folder.
CHILD = """
import sys, time
spawned = float(sys.argv[1])
import recordsafe.cli
from recordsafe.app_config import AppConfig
from recordsafe.ui.qt import QtWidgets
try:
    import recordsafe.ui.app  # the real GUI entry module, once it exists
except ImportError:
    pass
from recordsafe.ui.vault.unlock_dialog import UnlockDialog
from pathlib import Path
app = QtWidgets.QApplication(["RecordSafe"])
dialog = UnlockDialog(AppConfig(), folder=Path(sys.argv[2]), try_device=False)
dialog.show()
deadline = time.monotonic() + 10
while not (dialog.windowHandle() and dialog.windowHandle().isExposed()):
    app.processEvents()
    if time.monotonic() > deadline:
        sys.exit("the unlock dialog never became visible")
print(f"VISIBLE {time.time() - spawned:.4f}", flush=True)
"""


@dataclass
class Row:
    what: str
    median: float | None
    budget: float | None
    note: str = ""

    @property
    def result(self) -> str:
        if self.median is None:
            return "not measured"
        if self.budget is None:
            return "-"
        return "PASS" if self.median <= self.budget else "FAIL"


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def kdf_row(runs: int, folder: Path) -> Row:
    """One derivation with the vault's own passphrase-slot parameters: what unlock pays."""
    slot = next(s for s in keyslots.read(folder).slots if s.kind == "passphrase")
    params = slot.kdf
    assert params is not None
    salt = new_salt()

    def once() -> float:
        started = time.perf_counter()
        derive_key(PASSPHRASE.encode(), salt, params)
        return time.perf_counter() - started

    note = (
        f"Argon2id t={params.time_cost}, m={params.memory_kib // 1024} MiB, "
        f"p={params.parallelism}, as calibrated when the vault was made"
    )
    return Row("KDF (one derivation)", median_of(runs, once), None, note)


def _wait_exposed(app: Any, widget: Any) -> None:
    """Spin the event loop until the window manager (offscreen: Qt itself) shows `widget`."""
    deadline = time.monotonic() + EXPOSE_TIMEOUT
    while not (widget.windowHandle() and widget.windowHandle().isExposed()):
        app.processEvents()
        if time.monotonic() > deadline:
            raise RuntimeError("the window never became visible")


def unlock_row(runs: int, folder: Path) -> Row:
    try:
        from recordsafe.ui.main_window import MainWindow  # noqa: PLC0415
        from recordsafe.ui.qt import QtWidgets  # noqa: PLC0415
    except ImportError:
        MainWindow = None

    if MainWindow is None:

        def open_only() -> float:
            started = time.perf_counter()
            session = open_vault(folder, PASSPHRASE)
            elapsed = time.perf_counter() - started
            session.lock()
            return elapsed

        return Row(
            "unlock (open_vault only)",
            median_of(runs, open_only),
            UNLOCK_BUDGET,
            "no main window yet: the window part is not counted",
        )

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["RecordSafe"])
    config = AppConfig()

    def open_and_show() -> float:
        started = time.perf_counter()
        session = open_vault(folder, PASSPHRASE)
        window = MainWindow(session, config)
        window.show()
        _wait_exposed(app, window)
        elapsed = time.perf_counter() - started
        window.close()
        window.deleteLater()
        app.processEvents()
        session.lock()
        return elapsed

    return Row(
        "unlock (open_vault + main window shown)", median_of(runs, open_and_show), UNLOCK_BUDGET
    )


def start_row(runs: int, folder: Path) -> Row:
    try:
        import recordsafe.ui.vault.unlock_dialog  # noqa: F401, PLC0415
    except ImportError:
        return Row("start → unlock window visible", None, START_BUDGET, "no unlock dialog yet")

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")

    def once() -> float:
        spawned = time.time()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, repr(spawned), str(folder)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
            check=False,
        )
        line = next((x for x in done.stdout.splitlines() if x.startswith("VISIBLE ")), None)
        if done.returncode != 0 or line is None:
            raise RuntimeError(f"the start-up probe failed:\n{done.stderr[-2000:]}")
        return float(line.split()[1])

    once()  # warm the disk cache once, as a second launch of an installed app would be
    return Row(
        "start → unlock window visible",
        median_of(runs, once),
        START_BUDGET,
        "python -c: import app, show unlock dialog",
    )


def print_table(rows: list[Row]) -> None:
    width = max(len(r.what) for r in rows)
    print(f"{'what':<{width}}  {'median':>8}  {'budget':>8}  result")
    for r in rows:
        median = f"{r.median:7.3f}s" if r.median is not None else "       -"
        budget = f"≤{r.budget:5.2f} s" if r.budget is not None else "       -"
        print(f"{r.what:<{width}}  {median:>8}  {budget:>8}  {r.result}")
    for r in rows:
        if r.note:
            print(f"  {r.what}: {r.note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measurements per median (5)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.pop("RECORDSAFE_TEST_KDF", None)  # this benchmark is about the real KDF
    with tempfile.TemporaryDirectory(prefix="recordsafe-bench-") as home:
        os.environ["RECORDSAFE_HOME"] = home
        folder = Path(home) / "Bench.rsvault"
        print(f"Creating a vault with the calibrated KDF in {folder} …", flush=True)
        create_vault(folder, PASSPHRASE).session.lock()
        rows = [
            kdf_row(args.runs, folder),
            unlock_row(args.runs, folder),
            start_row(args.runs, folder),
        ]
    print()
    print(f"RecordSafe unlock benchmark ({args.runs} runs each, {os.cpu_count()} CPUs)")
    print_table(rows)
    return 1 if any(r.result == "FAIL" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
