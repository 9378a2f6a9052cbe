"""Every DESIGN §6 budget in one table, on the practice-scale demo vault. Run on demand.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.run_all [--vault PATH] [--rebuild]

The practice vault (5,000 fictional clients, 250,000 notes, real calibrated Argon2id,
passphrase `PASSPHRASE`) is built once under `.benchmarks/` and reused. Each measure is
repeated; the table shows median and p95 (time.perf_counter) and PASS/FAIL against its
budget (judged on the median, except search: p95). The plain-SQLite comparison runs on
a plaintext `sqlcipher_export` copy of the (fictional) demo vault in a temporary folder
inside the cache folder, deleted afterwards. Exit 0 when every measured budget holds.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks import backup as backup_bench
from benchmarks import pdf_release as pdf_bench
from benchmarks import unlock as unlock_bench
from recordsafe.audit import chain
from recordsafe.records import cases, clients, notes, search
from recordsafe.vault import VaultSession, open_vault
from recordsafe.vault.database import Database

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".benchmarks"
DEFAULT_VAULT = CACHE / "practice.rsvault"
PASSPHRASE = backup_bench.PRACTICE_PASSPHRASE  # the same one benchmarks/unlock.py uses
assert PASSPHRASE == unlock_bench.PASSPHRASE

HEAVY_NOTES = 500
LIST_PAGE = 200  # ClientListModel.PAGE_SIZE
NOTES_PAGE = 100  # ClientPage.NOTES_PAGE
SEARCH_LIMIT = 50  # ClientList.SEARCH_LIMIT (the UI searches active clients by default)
MS = 1e-3

# Fixed: common words, rare words, names, two-word queries, prefixes while typing.
QUERIES: tuple[str, ...] = (
    # common (in most notes)
    "client", "session", "plan", "sleep", "week", "mood", "work", "anxiety", "breathing",
    "sessions",
    # rare or fairly rare
    "allotment", "hedge", "countertransference", "café", "naïve", "choir", "train", "dream",
    "executor", "GP", "school", "neighbour", "grief", "anniversaries", "medication",
    # names (clients and the fictional author)
    "Wren", "Heron", "Zoë", "zoe", "Bramblewood", "Smith", "Juniper", "Kestrel Lapwing",
    "Ada", "Thistledown",
    # two words
    "sleep diary", "paced breathing", "walking group", "automatic thoughts",
    "missing train", "speaker listener", "exposure step", "support map",
    "grounding skills", "Mr Smith",
    # prefixes (the last word matches as a prefix while typing)
    "anx", "brea", "wre", "couns", "fortn",
)  # fmt: skip
assert len(QUERIES) == 50


# --- results -------------------------------------------------------------------------------


@dataclass
class Measure:
    name: str
    budget: float | None  # seconds (or a plain ratio when `unit` is "x")
    samples: list[float] = field(default_factory=list)
    judged_on: str = "median"  # or "p95"
    unit: str = "s"
    note: str = ""
    text: str = ""  # instead of numbers (not measured)

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def p95(self) -> float | None:
        return percentile(self.samples, 95) if self.samples else None

    @property
    def result(self) -> str:
        value = self.p95 if self.judged_on == "p95" else self.median
        if value is None:
            return "n/a"
        if self.budget is None:
            return "-"
        return "PASS" if value <= self.budget else "FAIL"


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def print_table(rows: list[Measure]) -> None:
    budget = {id(r): "-" if r.budget is None else f"≤ {shown(r.budget, r.unit)}" for r in rows}
    width = max(len(r.name) for r in rows)
    print(f"| {'measure':<{width}} | {'budget':>10} | {'median':>10} | {'p95':>10} | result |")
    print(f"|{'-' * (width + 2)}|{'-' * 12}|{'-' * 12}|{'-' * 12}|--------|")
    for r in rows:
        if r.text:
            print(f"| {r.name:<{width}} | {budget[id(r)]:>10} | {r.text} |")
            continue
        med, p95 = shown(r.median, r.unit), shown(r.p95, r.unit)
        judged = " (p95)" if r.judged_on == "p95" and r.budget is not None else ""
        print(
            f"| {r.name:<{width}} | {budget[id(r)]:>10} | {med:>10} | {p95:>10} | "
            f"{r.result}{judged} |"
        )
    print()
    for r in rows:
        if r.note:
            print(f"- {r.name}: {r.note}")


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def machine_lines() -> list[str]:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    import sqlcipher3  # noqa: PLC0415 (only for its version)

    probe = sqlcipher3.connect(":memory:")
    cipher = probe.execute("PRAGMA cipher_version").fetchone()[0]
    inner = probe.execute("SELECT sqlite_version()").fetchone()[0]
    probe.close()
    return [
        f"machine: {nproc or os.cpu_count()} CPUs (nproc), {model}",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"SQLCipher {cipher} (SQLite {inner}); stdlib sqlite3 SQLite {sqlite3.sqlite_version}",
    ]


# --- the vault -----------------------------------------------------------------------------


def build_vault(folder: Path, rebuild: bool) -> None:
    """The practice vault, built once (benchmarks/backup.py's builder) and then reused."""
    if folder.exists() and not rebuild:
        print(f"reusing {folder}")
        return
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Built beside and renamed when complete: a half-built vault is never reused.
    with tempfile.TemporaryDirectory(prefix="building-", dir=folder.parent) as scratch:
        built = backup_bench.build_practice_vault(Path(scratch))
        session = open_vault(built, PASSPHRASE)
        try:
            if heavy_client(session) is None:
                add_heavy_client(session)
        finally:
            session.lock()
        built.rename(folder)


def heavy_client(session: VaultSession) -> tuple[int, int] | None:
    """(client id, notes) of the client with the fewest notes at or above HEAVY_NOTES."""
    row = session.db.execute(
        "SELECT client_id, count(*) AS n FROM note_subjects GROUP BY client_id "
        "HAVING n >= ? ORDER BY n LIMIT 1",
        (HEAVY_NOTES,),
    )
    return (int(row[0][0]), int(row[0][1])) if row else None


def add_heavy_client(session: VaultSession) -> None:
    """The demo generator's heavy client is missing: add one with HEAVY_NOTES notes."""
    print(f"adding a client with {HEAVY_NOTES} notes")
    with session.bulk():
        client_id = clients.create_client(session, "Heavy Benchmark Curlew")
        case_id = cases.create_case(session, "individual", "Individual work", [client_id])
        first = date.today() - timedelta(days=HEAVY_NOTES * 7)
        for k in range(HEAVY_NOTES):
            notes.create_note(
                session,
                case_id,
                note_date=first + timedelta(days=7 * k),
                body=f"Fictional benchmark session {k + 1}: we reviewed the sleep diary.",
                allow_without_intake=True,
            )


# --- unlock (benchmarks/unlock.py, with every sample kept) -------------------------------


@contextlib.contextmanager
def kept_samples() -> Iterator[list[float]]:
    """benchmarks/unlock.py returns medians only; keep the samples it takes them from."""
    samples: list[float] = []
    original = unlock_bench.median_of

    def recording(runs: int, measure: Callable[[], float]) -> float:
        samples.extend(measure() for _ in range(runs))
        return statistics.median(samples)

    unlock_bench.median_of = recording
    try:
        yield samples
    finally:
        unlock_bench.median_of = original


def unlock_measures(folder: Path, runs: int) -> list[Measure]:
    with kept_samples() as start:
        start_row = unlock_bench.start_row(runs, folder)
    with kept_samples() as opened:
        unlock_row = unlock_bench.unlock_row(runs, folder)
    return [
        Measure("start → unlock window visible", unlock_bench.START_BUDGET, start,
                note=start_row.note),
        Measure("unlock (KDF + open + main window, list filled)", unlock_bench.UNLOCK_BUDGET,
                opened, note=unlock_row.note),
    ]  # fmt: skip


# --- the app's own reads (real session: audit entry + key-file head each) ----------------


def client_list_measure(app: Any, session: VaultSession, runs: int) -> Measure:
    from recordsafe.ui.records.client_list import ClientList  # noqa: PLC0415

    def once() -> float:
        started = time.perf_counter()
        widget = ClientList(session)  # model: count + first page
        widget.resize(360, 700)
        widget.show()
        unlock_bench._wait_exposed(app, widget)
        elapsed = time.perf_counter() - started
        widget.close()
        widget.deleteLater()
        app.processEvents()
        return elapsed

    once()
    samples = [once() for _ in range(runs)]
    domain = [
        timed(lambda: (clients.count_clients(session, status="active"),
                       clients.list_clients(session, status="active", limit=LIST_PAGE)))
        for _ in range(runs)
    ]  # fmt: skip
    return Measure(
        "client list shown after unlock (first page)",
        0.300,
        samples,
        note=f"ClientList widget built and exposed; the SQL alone (count + page of "
        f"{LIST_PAGE}): median {statistics.median(domain) / MS:.1f} ms",
    )


def open_client_measure(app: Any, session: VaultSession, client: int, count: int,
                        runs: int) -> Measure:  # fmt: skip
    from recordsafe.ui.records.records_page import RecordsPage  # noqa: PLC0415

    page = RecordsPage(session)
    page.resize(1200, 800)
    page.show()
    unlock_bench._wait_exposed(app, page)

    other = clients.list_clients(session, limit=2)
    light = next(c.id for c in other if c.id != client)

    def once() -> float:
        # The page already on screen is not read again: show another client first.
        page.open_client(light)
        app.processEvents()
        started = time.perf_counter()
        shown_page = page.open_client(client)  # get_client, cases, intake, notes: audited
        app.processEvents()
        elapsed = time.perf_counter() - started
        if shown_page is None or shown_page.client_id != client:
            raise RuntimeError("the heavy client's page did not open")
        return elapsed

    first = once()  # the first open after unlock: its pages are not in SQLite's cache yet
    samples = [once() for _ in range(runs)]

    def domain() -> None:
        clients.get_client(session, client)
        cases.client_cases(session, client)
        for group in ("progress", "psychotherapy"):
            notes.count_client_notes(session, client, kind_group=group)
            notes.client_notes(session, client, kind_group=group, limit=NOTES_PAGE)

    domain_samples = [timed(domain) for _ in range(runs)]
    page.close()
    page.deleteLater()
    app.processEvents()
    return Measure(
        f"open a client with {count} notes (query + page)",
        0.150,
        samples,
        note=f"RecordsPage.open_client + events (another client shown in between); first "
        f"open after unlock {first / MS:.0f} ms (not counted); domain calls alone (client, "
        f"cases, 2 note counts, 2 first pages): median "
        f"{statistics.median(domain_samples) / MS:.1f} ms",
    )


def search_measure(session: VaultSession, reps: int) -> tuple[Measure, dict[str, float]]:
    per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    for q in QUERIES:  # warm-up pass
        search.search(session, q, limit=SEARCH_LIMIT, status="active")
    for _ in range(reps):
        for q in QUERIES:
            started = time.perf_counter()
            search.search(session, q, limit=SEARCH_LIMIT, status="active")
            per_query[q].append(time.perf_counter() - started)
    samples = [s for values in per_query.values() for s in values]
    medians = {q: statistics.median(v) for q, v in per_query.items()}
    slow = sorted(medians.items(), key=lambda kv: kv[1], reverse=True)[:5]
    total = int(session.db.scalar("SELECT count(*) FROM notes"))

    def matches(text: str) -> str:
        # How common the word is: the cost of the index pass (prefix expansion, bm25 IDF).
        query = search.fts_query(text)
        found = session.db.scalar(
            "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?", (query,)
        )
        return f"{int(found) * 100 // max(1, total)} % of notes match"

    return Measure(
        f"full-text search ({len(QUERIES)} fixed queries x {reps})",
        0.050,
        samples,
        judged_on="p95",
        note="search.search(limit=50, status='active') as the client list calls it; slowest: "
        + ", ".join(f"{q!r} {t / MS:.0f} ms ({matches(q)})" for q, t in slow),
    ), medians


def scroll_measure(session: VaultSession, reps: int) -> Measure:
    from recordsafe.ui.records.client_list_model import ClientListModel  # noqa: PLC0415

    samples: list[float] = []
    pages = 0
    for _ in range(reps):
        model = ClientListModel(session)
        model.set_status(None)  # everyone: 5,000 rows
        while model.canFetchMore():
            samples.append(timed(model.fetchMore))
        pages = model.loaded // LIST_PAGE
    return Measure(
        f"scroll the client list (fetchMore, per page of {LIST_PAGE})",
        0.050,
        samples,
        note=f"{pages} pages to the end, x {reps}; budget not in DESIGN §6: 50 ms per page "
        "assumed (no visible stutter). Deep pages pay OFFSET: rows skipped are still read",
    )


# --- plain SQLite vs SQLCipher -------------------------------------------------------------


class PlainDatabase(Database):
    """The vault's Database methods (execute, transaction, ...) over a keyless connection."""

    def __init__(self, path: Path, connect: Callable[..., Any]) -> None:
        self.path = path
        # Where Database keeps a keyed sqlcipher3 connection: the same DB-API, no key.
        self._conn = connect(str(path), isolation_level=None, check_same_thread=False)
        self._depth = 0
        self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
        for pragma in (  # the same pragmas as Database._configure
            "synchronous = FULL",
            "temp_store = MEMORY",
            "secure_delete = ON",
            "foreign_keys = ON",
            "busy_timeout = 2000",
        ):
            self._conn.execute(f"PRAGMA {pragma}")

    def close(self) -> None:
        self._conn.close()


class BareSession:
    """What the records read functions use of a session: `.db` and `.record` (the audit
    entry in the same transaction; without the key file's head, which is not SQL)."""

    def __init__(self, db: Database, actor: str) -> None:
        self.db = db
        self.actor = actor

    def record(self, action: str, client_id: int | None = None, **detail: Any) -> None:
        with self.db.transaction():
            chain.append(self.db, self.actor, action, client_id, detail)


def plain_copy(session: VaultSession, target: Path) -> None:
    """A plaintext copy of the demo vault's database (fictional data only)."""
    conn = session.db._conn  # the exporting connection; Database has no keyless export
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
    try:
        conn.execute("SELECT sqlcipher_export('plain')").fetchall()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA plain.user_version = {int(version)}")
    finally:
        conn.execute("DETACH DATABASE plain")


def workload(session: Any, client: int) -> dict[str, float]:
    """List, open client, search: the records functions, each part timed."""
    parts: dict[str, float] = {}
    parts["list"] = timed(lambda: (clients.count_clients(session, status="active"),
                                   clients.list_clients(session, status="active",
                                                        limit=LIST_PAGE)))  # fmt: skip

    def open_client() -> None:
        clients.get_client(session, client)
        cases.client_cases(session, client)
        for group in ("progress", "psychotherapy"):
            notes.count_client_notes(session, client, kind_group=group)
            notes.client_notes(session, client, kind_group=group, limit=NOTES_PAGE)

    parts["open client"] = timed(open_client)
    parts["search"] = timed(
        lambda: [search.search(session, q, limit=SEARCH_LIMIT, status="active") for q in QUERIES]
    )
    parts["total"] = sum(parts.values())
    return parts


def ratio_measures(session: VaultSession, client: int, cache: Path, reps: int) -> list[Measure]:
    """The same workload on the vault and on a plaintext copy, opened two ways: stdlib
    sqlite3 (as asked) and sqlcipher3 without a key (the same SQLite build as the vault,
    so the ratio is the encryption alone, not two SQLite versions)."""
    import sqlcipher3  # noqa: PLC0415 (only for the same-engine plain connection)

    engines = {"stdlib": sqlite3.connect, "same engine": sqlcipher3.connect}
    runs: dict[str, list[dict[str, float]]] = {"cipher": [], **{name: [] for name in engines}}
    with tempfile.TemporaryDirectory(prefix="plain-", dir=cache) as scratch:
        target = Path(scratch) / "plain.db"
        plain_copy(session, target)
        plain = {name: PlainDatabase(target, connect) for name, connect in engines.items()}
        try:
            sessions = {"cipher": BareSession(session.db, session.actor)}
            sessions.update({name: BareSession(db, session.actor) for name, db in plain.items()})
            for bare in sessions.values():  # warm every cache once
                workload(bare, client)
            for _ in range(reps):  # interleaved, so drift hits all alike
                for name, bare in sessions.items():
                    runs[name].append(workload(bare, client))
        finally:
            for db in plain.values():
                db.close()

    def part(name: str, engine: str) -> str:
        c = statistics.median(r[name] for r in runs["cipher"])
        p = statistics.median(r[name] for r in runs[engine])
        return f"{name} {c / MS:.1f}/{p / MS:.1f} ms ({c / p:.2f}x)"

    rows = []
    for engine, label in (
        ("same engine", f"same SQLite {sqlcipher3.sqlite_version}, no key"),
        ("stdlib", f"stdlib sqlite3, SQLite {sqlite3.sqlite_version}"),
    ):
        ratios = [
            c["total"] / p["total"] for c, p in zip(runs["cipher"], runs[engine], strict=True)
        ]
        rows.append(
            Measure(
                f"SQLCipher ÷ plain ({label})",
                1.3,
                ratios,
                unit="x",
                note=f"{reps} interleaved runs of list + open client + 50 searches through the "
                "records functions on a stand-in session (audit entry written, no key-file "
                "head); SQLCipher/plain: "
                + "; ".join(part(n, engine) for n in ("list", "open client", "search", "total")),
            )
        )
    return rows


# --- backup, memory ------------------------------------------------------------------------


def backup_measure(session: VaultSession, cache: Path, runs: int) -> Measure:
    with tempfile.TemporaryDirectory(prefix="backup-", dir=cache) as dest:
        times = [backup_bench.one_run(session, Path(dest), PASSPHRASE, False) for _ in range(runs)]
    backup = statistics.median(t[0] for t in times)
    verify = statistics.median(t[1] for t in times)
    return Measure(
        "backup + verify (practice vault)",
        backup_bench.BUDGET_SECONDS,
        [t[0] + t[1] for t in times],
        note=f"median backup {backup:.2f} s + verify {verify:.2f} s",
    )


def pdf_measure(runs: int) -> Measure:
    """benchmarks/pdf_release.py's workload: render + encrypt 200 realistic notes."""
    from recordsafe.disclosure.release_pdf import render_release_pdf  # noqa: PLC0415
    from recordsafe.outputs.encryption import encrypt_pdf, generate_password  # noqa: PLC0415

    items, info, password = pdf_bench.sample_notes(200), pdf_bench.cover(), generate_password()
    samples = [
        timed(lambda: encrypt_pdf(render_release_pdf(items, info), password)) for _ in range(runs)
    ]
    return Measure(
        "encrypted release PDF of 200 notes (render + AES-256)",
        pdf_bench.BUDGET,
        samples,
        note="outputs.render_release_pdf + encrypt_pdf in memory, fictional notes of ~330 "
        "words (benchmarks/pdf_release.py)",
    )


# A fresh interpreter: open the vault, show the main window offscreen, report peak RSS.
RSS_CHILD = """
import resource, sys, time
from pathlib import Path
from recordsafe.app_config import AppConfig
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import QtWidgets
from recordsafe.vault import open_vault
app = QtWidgets.QApplication(["RecordSafe"])
session = open_vault(Path(sys.argv[1]), sys.argv[2])
window = MainWindow(session, AppConfig())
window.show()
deadline = time.monotonic() + 10
while not (window.windowHandle() and window.windowHandle().isExposed()):
    app.processEvents()
    if time.monotonic() > deadline:
        sys.exit("the main window never became visible")
for _ in range(20):
    app.processEvents()
print("RSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
window.close()
session.lock()
"""


def rss_measure(folder: Path, runs: int) -> Measure:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    samples = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", RSS_CHILD, str(folder), PASSPHRASE],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False,
        )  # fmt: skip
        line = next((x for x in done.stdout.splitlines() if x.startswith("RSS_KB ")), None)
        if done.returncode != 0 or line is None:
            raise RuntimeError(f"the memory probe failed:\n{done.stderr[-2000:]}")
        samples.append(int(line.split()[1]) / 1024)  # ru_maxrss is in KiB on Linux
    return Measure(
        "peak RSS: vault open, main window shown",
        350,
        samples,
        unit="MB",
        note="ru_maxrss of a child process that opens the vault and shows MainWindow offscreen",
    )


# --- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", type=Path, default=DEFAULT_VAULT, help="practice vault folder")
    parser.add_argument("--rebuild", action="store_true", help="build the practice vault again")
    parser.add_argument("--runs", type=int, default=7, help="repetitions per measure (7)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.pop("RECORDSAFE_TEST_KDF", None)  # the real, calibrated KDF
    folder: Path = args.vault.resolve()
    cache = folder.parent
    runs = max(3, args.runs)
    with tempfile.TemporaryDirectory(prefix="recordsafe-bench-") as home:
        os.environ["RECORDSAFE_HOME"] = home  # no trace in the user's own settings
        build_vault(folder, args.rebuild)

        from recordsafe.ui.qt import QtWidgets  # noqa: PLC0415 (after QT_QPA_PLATFORM)

        app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["RecordSafe"])
        print("measuring start-up and unlock …", flush=True)
        rows = unlock_measures(folder, runs)
        session = open_vault(folder, PASSPHRASE)
        try:
            heavy = heavy_client(session)
            if heavy is None:
                sys.exit(f"no client with {HEAVY_NOTES} notes: run again with --rebuild")
            print("measuring the client list, a heavy client, search, scrolling …", flush=True)
            rows.append(client_list_measure(app, session, runs))
            rows.append(open_client_measure(app, session, heavy[0], heavy[1], runs))
            search_row, _ = search_measure(session, 3)
            rows.append(search_row)
            rows.append(scroll_measure(session, 3))
            print("measuring SQLCipher against plain SQLite …", flush=True)
            rows.extend(ratio_measures(session, heavy[0], cache, 5))
            print("measuring backup + verify …", flush=True)
            rows.append(backup_measure(session, cache, 3))
        finally:
            session.lock()
        print("measuring memory …", flush=True)
        rows.append(rss_measure(folder, 3))
        print("measuring the encrypted release PDF …", flush=True)
        rows.append(pdf_measure(runs))
    print()
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"RecordSafe performance (DESIGN §6), {stamp}")
    for line in machine_lines():
        print(line)
    db_mb = (folder / "vault.db").stat().st_size / 1024**2
    print(f"vault: {folder} (vault.db {db_mb:.0f} MB); {runs} runs per measure unless noted")
    own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"self: peak RSS of this benchmark process {own_mb:.0f} MB")
    print()
    print_table(rows)
    return 1 if any(r.result == "FAIL" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
