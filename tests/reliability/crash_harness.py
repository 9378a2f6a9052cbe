"""Kill the writer process at random moments and check the vault after every kill.

Shared by tests/reliability/test_crash.py (50 kills) and benchmarks/crash.py (1,000).
The same vault is reused across kills, so damage would accumulate. After each kill:
the vault opens, `cipher_integrity_check` and `integrity_check` pass, the audit chain
verifies with no findings (a database ahead of the key file's head, from a kill between
commit and head write, is accepted by design), and every acknowledged change is there.

Disclosures (the writer releases encrypted PDFs through the gate, into
`writer.releases_dir`): every acknowledged one has its record and its file, and no
release file exists without its record. A kill between the gate's write and its COMMIT
leaves only a hidden staged file (`StagedRelease`), a kill between COMMIT and
publish a record whose file never got its name: both are counted, and every staged
file must still be encrypted (it opens only with its password).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from recordsafe.outputs.staged import staged_leftovers
from recordsafe.vault import TEST_PARAMS, VaultError, create_vault, open_vault
from tests.reliability.writer import COUNTER_KEY, PASSPHRASE_ENV, organisation, releases_dir

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 30.0
MAX_PROBLEMS = 20
ID_SETS = {
    "client": "clients",
    "case": "cases",
    "note": "notes",
    "signed": "signed",
    "addendum": "addenda",
    "consent": "consents",
}
RELEASE_PREFIX, RELEASE_SUFFIX = "release-", ".pdf"


@dataclass
class Acked:
    """Every change the writers acknowledged, across all runs."""

    clients: set[int] = field(default_factory=set)
    cases: set[int] = field(default_factory=set)
    notes: set[int] = field(default_factory=set)
    signed: set[int] = field(default_factory=set)
    addenda: set[int] = field(default_factory=set)
    consents: set[int] = field(default_factory=set)
    disclosures: dict[int, str] = field(default_factory=dict)  # id -> token
    counter: int = 0
    audit: dict[int, str] = field(default_factory=dict)

    def add_lines(self, text: str) -> int:
        """Record the complete lines of `text`; returns how many acknowledgements they held."""
        count = 0
        for line in text.splitlines(keepends=True):
            if not line.endswith("\n"):
                break  # cut by the kill: never promised
            kind, *rest = line.split()
            if kind in ("READY", "DONE"):
                continue
            count += 1
            if kind == "setting":
                self.counter = max(self.counter, int(rest[0]))
            elif kind == "audit":
                self.audit[int(rest[0])] = rest[1]
            elif kind == "disclosure":
                self.disclosures[int(rest[0])] = rest[1]
            else:
                getattr(self, ID_SETS[kind]).add(int(rest[0]))
        return count


@dataclass
class CrashCounts:
    runs: int = 0
    opened: int = 0
    checks_passed: int = 0
    acknowledged: int = 0
    lost: int = 0
    kills_before_ready: int = 0
    writer_errors: int = 0
    temp_files_left: int = 0  # by kills in the middle of atomic_write; swept at unlock
    disclosures_acked: int = 0
    releases_without_record: int = 0  # must stay 0
    records_without_release: int = 0  # kills between COMMIT and publish (the safe side)
    staged_left: int = 0  # hidden encrypted leftovers of kills inside a disclosure
    problems: list[str] = field(default_factory=list)

    def problem(self, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)

    def lines(self) -> list[str]:
        return [
            f"runs (SIGKILLs)              {self.runs}",
            f"  of which before READY      {self.kills_before_ready}",
            f"vault opened afterwards      {self.opened}",
            f"all checks passed            {self.checks_passed}",
            f"acknowledged changes         {self.acknowledged}",
            f"acknowledged changes lost    {self.lost}",
            f"writer errors (not killed)   {self.writer_errors}",
            f"temp files left by kills     {self.temp_files_left} (all removed at unlock)",
            f"disclosures acknowledged     {self.disclosures_acked}",
            f"release files, no record     {self.releases_without_record}",
            f"records, file not published  {self.records_without_release} (kill after COMMIT)",
            f"staged files left by kills   {self.staged_left} (hidden, encrypted)",
            *(f"problem: {p}" for p in self.problems),
        ]


def ids(session_db: object, sql: str) -> set[int]:
    return {int(r[0]) for r in session_db.execute(sql)}  # type: ignore[attr-defined]


def temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".tmp-" in p.name]


def opens_without_password(path: Path) -> bool:
    try:
        with pikepdf.open(path):
            return True
    except pikepdf.PasswordError:
        return False


def check_releases(db: object, folder: Path, acked: Acked, counts: CrashCounts) -> int:
    """Pair release files with disclosure records; returns the acknowledged ones missing,
    plus every release without a record and every output that opens without a password."""
    out = releases_dir(folder)
    files = {
        organisation(p.name.removeprefix(RELEASE_PREFIX).removesuffix(RELEASE_SUFFIX)): p
        for p in (out.glob(f"{RELEASE_PREFIX}*{RELEASE_SUFFIX}") if out.exists() else ())
    }
    records: dict[str, int] = {
        str(org): int(disclosure_id)
        for disclosure_id, org in db.execute(  # type: ignore[attr-defined]
            "SELECT id, recipient_organisation FROM disclosures"
        )
    }
    orphans = sorted(p.name for org, p in files.items() if org not in records)
    if orphans:
        counts.problem(f"run {counts.runs}: release files without a record: {orphans[:5]}")
    counts.releases_without_record = len(orphans)
    counts.records_without_release = sum(org not in files for org in records)
    staged = staged_leftovers(out) if out.exists() else []
    counts.staged_left = len(staged)
    plain = [p.name for p in [*staged, *files.values()] if opens_without_password(p)]
    if plain:
        counts.problem(f"run {counts.runs}: releases that open without a password: {plain[:5]}")
    counts.disclosures_acked = len(acked.disclosures)
    lost = sum(
        records.get(organisation(token)) != disclosure_id or organisation(token) not in files
        for disclosure_id, token in acked.disclosures.items()
    )
    return lost + len(orphans) + len(plain)


def missing_changes(folder: Path, passphrase: str, acked: Acked, counts: CrashCounts) -> None:
    """Open the vault, run every check, and count acknowledged changes that are gone."""
    counts.temp_files_left += len(temp_files(folder))
    try:
        session = open_vault(folder, passphrase, kdf=TEST_PARAMS)
    except VaultError as exc:
        counts.problem(f"run {counts.runs}: open failed: {type(exc).__name__}: {exc.message}")
        return  # a failed run (opened is not counted); nothing can be counted as kept
    counts.opened += 1
    try:
        db = session.db
        report = session.verify()
        cipher, structure = db.cipher_integrity_check(), db.integrity_check()
        remaining = temp_files(folder)
        if session.integrity_findings or not report.ok or cipher or structure or remaining:
            counts.problem(
                f"run {counts.runs}: findings {session.integrity_findings}; "
                f"verify {[line for line in report.lines() if 'ok' not in line]}; "
                f"temp files after unlock {remaining}"
            )
        else:
            counts.checks_passed += 1
        lost = 0
        lost += len(acked.clients - ids(db, "SELECT id FROM clients"))
        lost += len(acked.cases - ids(db, "SELECT id FROM cases"))
        lost += len(acked.notes - ids(db, "SELECT id FROM notes"))
        lost += len(acked.signed - ids(db, "SELECT id FROM notes WHERE status = 'signed'"))
        lost += len(acked.addenda - ids(db, "SELECT id FROM notes WHERE addendum_of IS NOT NULL"))
        lost += len(acked.consents - ids(db, "SELECT id FROM consents"))
        lost += check_releases(db, folder, acked, counts)
        stored = int(session.get_setting(COUNTER_KEY, "0") or "0")
        lost += max(0, acked.counter - stored)
        if acked.audit:
            rows: dict[int, str] = {
                int(r[0]): str(r[1]) for r in db.execute("SELECT seq, hash FROM audit_log")
            }
            lost += sum(rows.get(seq) != digest for seq, digest in acked.audit.items())
        if lost:
            counts.problem(f"run {counts.runs}: {lost} acknowledged changes are missing")
        counts.lost += lost
    finally:
        session.lock()


def kill_once(
    folder: Path, passphrase: str, rng: random.Random, acked: Acked, counts: CrashCounts
) -> None:
    """One writer, killed with SIGKILL at a random moment (sometimes while it unlocks)."""
    env = {**os.environ, PASSPHRASE_ENV: passphrase}
    # The writer never needs a keyring; make sure it never reaches a real one.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.reliability.writer",
                str(folder),
                str(rng.randrange(2**32)),
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        assert proc.stdout is not None
        early = rng.random() < 0.15
        head = b""
        if early:
            counts.kills_before_ready += 1
            time.sleep(rng.uniform(0.0, 0.25))
        else:
            head = proc.stdout.readline()
            time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        rest = proc.stdout.read()
        proc.stdout.close()
        code = proc.wait()
        if code != -signal.SIGKILL:
            counts.writer_errors += 1
            stderr.seek(0)
            tail = stderr.read()[-600:].decode("utf-8", "replace")
            counts.problem(f"run {counts.runs}: writer exited with {code}: {tail}")
    counts.acknowledged += acked.add_lines((head + rest).decode("utf-8"))


def run_crashes(
    folder: Path,
    passphrase: str,
    count: int,
    *,
    seed: int = 1,
    report: Callable[[CrashCounts], None] | None = None,
) -> CrashCounts:
    """`count` kills of a writer over one vault (created here if missing), checked each time."""
    if not folder.exists():
        create_vault(folder, passphrase, kdf=TEST_PARAMS).session.lock()
    rng = random.Random(seed)
    acked = Acked()
    counts = CrashCounts()
    for _ in range(count):
        counts.runs += 1
        kill_once(folder, passphrase, rng, acked, counts)
        missing_changes(folder, passphrase, acked, counts)
        if report is not None:
            report(counts)
    return counts
