"""Hash chain over the audit_log table.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical
JSON (docs/vault-format.md gives the exact bytes). The head (count and last hash) is
also kept in the MAC'd keyslots.json, so deleting the newest entries or putting back an
older vault.db is seen on unlock, not only edits in the middle.

Two checks read the chain (docs/vault-format.md §7):

- `check_at_unlock`: the head and the newest `UNLOCK_TAIL` entries. Bounded work, so
  unlock stays inside its budget (DESIGN §6) however long the log grows; it sees a
  truncated log, an older vault.db, and any change to the tail or the head, each
  compared against the MAC'd head.
- `verify`: every entry from the first, end to end. `recordsafe verify` and the Verify
  dialog run it, and the app runs it in the background right after every unlock
  (`VaultSession.full_chain_check`), so an entry edited deep in the past is reported
  within seconds, while the user keeps working.

Entries never hold client content: actions, ids, counts and reason codes only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

GENESIS_HASH = "0" * 64
# Entries the unlock check re-hashes: ~10 ms, however long the log is.
UNLOCK_TAIL = 2000
MAX_FINDINGS = 20
STOP_EVERY = 2000  # entries between two looks at `stop` (a few ms)


class Stopped(Exception):
    """`verify` was asked to stop (the vault is being locked or its key rotated)."""


class _Database(Protocol):
    def execute(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]: ...


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    client_id: int | None
    detail: dict[str, Any]
    hash: str


def entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    action: str,
    client_id: int | None,
    detail_json: str,
) -> str:
    body = json.dumps(
        [seq, at, actor, action, client_id, detail_json],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


def canonical_detail(detail: dict[str, Any]) -> str:
    return json.dumps(detail, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def utc_timestamp() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def last_entry(db: _Database) -> tuple[int, str]:
    rows = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    if not rows:
        return 0, GENESIS_HASH
    return int(rows[0][0]), str(rows[0][1])


def append(
    db: _Database,
    actor: str,
    action: str,
    client_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> tuple[int, str]:
    """Append one entry (inside the caller's transaction); returns the new head."""
    seq, prev = last_entry(db)
    seq += 1
    at = utc_timestamp()
    detail_json = canonical_detail(detail or {})
    digest = entry_hash(prev, seq, at, actor, action, client_id, detail_json)
    db.execute(
        "INSERT INTO audit_log (seq, at, actor, action, client_id, detail, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, action, client_id, detail_json, digest),
    )
    return seq, digest


def iter_rows(db: _Database, batch: int = 5000, *, after: int = -1) -> Iterator[tuple[Any, ...]]:
    while True:
        rows = db.execute(
            "SELECT seq, at, actor, action, client_id, detail, hash FROM audit_log "
            "WHERE seq > ? ORDER BY seq LIMIT ?",
            (after, batch),
        )
        if not rows:
            return
        yield from rows
        after = int(rows[-1][0])


def _words(action: object) -> str:
    return str(action).replace("_", " ")


def _when(at: object) -> str:
    """'2026-11-26T12:39:43.437848Z' as '2026-11-26 12:39 UTC' (a tampered value as is)."""
    text = str(at)
    if len(text) >= 16 and text[10] == "T":
        return f"{text[:10]} {text[11:16]} UTC"
    return text


def _anchor(db: _Database, after: int) -> tuple[int, str]:
    """Where a walk starts: (entry, its stored hash), or (0, genesis) to walk it all."""
    if after > 0:
        rows = db.execute("SELECT hash FROM audit_log WHERE seq = ?", (after,))
        if rows:
            return after, str(rows[0][0])
    return 0, GENESIS_HASH  # no anchor: walk it all (the caller saw the gap already)


def _gap(seq: int, expected: int) -> str:
    if seq == expected + 1:
        return f"Audit entry {expected} is missing or out of order."
    if seq > expected:
        return f"Audit entries {expected} to {seq - 1} are missing or out of order."
    return f"Audit entry {seq} appears out of order."


def verify(
    db: _Database,
    head_count: int,
    head_hash: str,
    *,
    after: int = 0,
    stop: Callable[[], bool] | None = None,
) -> list[str]:
    """Plain-word findings; an empty list means the chain is whole and matches the head.

    With `after`, the walk starts at entry `after + 1`, trusting entry `after`'s stored
    hash as its link (the unlock check's tail); 0 checks every entry. `stop` is asked
    every `STOP_EVERY` entries; when it says so, `Stopped` is raised.
    """
    findings: list[str] = []
    after, prev = _anchor(db, after)
    expected_seq = after + 1
    hash_at_head: str | None = GENESIS_HASH if head_count == 0 else None
    count = after
    for seq, at, actor, action, client_id, detail_json, stored in iter_rows(db, after=after):
        if seq != expected_seq:
            findings.append(_gap(seq, expected_seq))
        recomputed = entry_hash(prev, seq, at, actor, action, client_id, detail_json)
        if recomputed != stored:
            findings.append(
                f"Audit entry {seq} ({_words(action)}, {_when(at)}) was altered after it "
                "was written."
            )
        if seq == head_count:
            hash_at_head = stored
        prev = stored
        expected_seq = seq + 1
        count += 1
        if stop is not None and count % STOP_EVERY == 0 and stop():
            raise Stopped
        if len(findings) > MAX_FINDINGS:
            # Stop listing; the count below would be wrong, so do not compare it.
            findings.append("Further problems were not listed.")
            return findings
    if count < head_count:
        findings.append(
            f"The audit log has {count} entries but the vault last recorded {head_count}: "
            "entries were removed, or an older copy of vault.db was put in place."
        )
    elif hash_at_head != head_hash:
        findings.append(
            f"Audit entry {head_count} does not match the one the vault last recorded: the "
            "log was rewritten, or vault.db was replaced with a different copy."
        )
    return findings


def check_at_unlock(
    db: _Database, head_count: int, head_hash: str, *, tail: int | None = None
) -> list[str]:
    """The bounded unlock check: the newest `tail` entries up to and past the head.

    O(tail), whatever the log's length: the walk starts from the stored hash of the entry
    `tail` before the head (and walks everything if that entry is gone). Entries before
    it are the full check's.
    """
    tail = UNLOCK_TAIL if tail is None else tail
    last = int(db.execute("SELECT max(seq) FROM audit_log")[0][0] or 0)
    return verify(db, head_count, head_hash, after=max(0, min(head_count, last) - tail))


def query(
    db: _Database,
    *,
    client_id: int | None = None,
    action: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[AuditEntry]:
    clauses: list[str] = []
    params: list[object] = []
    if client_id is not None:
        clauses.append("client_id = ?")
        params.append(client_id)
    if action:
        clauses.append("action = ?")
        params.append(action)
    if since:
        clauses.append("at >= ?")
        params.append(since)
    if until:
        clauses.append("at < ?")
        params.append(until)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.execute(
        f"SELECT seq, at, actor, action, client_id, detail, hash FROM audit_log {where} "  # noqa: S608 (clauses are fixed strings)
        "ORDER BY seq DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [AuditEntry(int(r[0]), r[1], r[2], r[3], r[4], json.loads(r[5]), r[6]) for r in rows]
