"""Tampering a keyholder could do, each detected: 100 %.

tests/audit/test_chain_tamper.py already covers editing detail/action/client, deleting
the first or a middle entry, swapping two entries' seq, truncating, and rewriting every
hash after an edit or a truncation; tests/vault/test_bad_database.py covers a truncated,
foreign or garbage vault.db and one older copy. Here: the audit edits those do not
(timestamp, actor, hash column, one forged entry inserted with a valid hash, the last
entry deleted, all entries deleted, two entries' contents swapped, the newest entry
replaced by a forged one), flipped bytes in vault.db at many offsets, and an older copy
of vault.db (made while locked) after real record work.

"Detected" means: opening refuses with a `VaultError`, or it opens and reports
`integrity_findings`; and any session that opens has `verify().ok` False.
Byte flips in pages that unlock does not read are seen by `verify()` (SQLCipher's page
MAC check), not at unlock: unlock checks the audit chain only, to stay within its budget.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from recordsafe.audit import chain
from recordsafe.records import cases, clients, intake, notes
from recordsafe.vault import CreatedVault, VaultError, VaultSession
from tests.vault.helpers import audit_actions, raw_db, reopen

PAGE = 4096  # SQLCipher 4's default page size; the last 80 bytes are IV and HMAC


def do_work(session: VaultSession, count: int) -> None:
    """Real record work: clients, intake, cases, signed notes and views."""
    for i in range(count):
        cid = clients.create_client(session, f"Client {i}")
        intake.record_intake(session, cid, explained_on=date(2025, 1, 2), method="phone")
        case_id = cases.create_case(session, "individual", f"Work {i}", [cid])
        note_id = notes.create_note(session, case_id, body=f"Session {i}. " * 200)
        notes.sign_note(session, note_id)
        session.record("client_viewed", client_id=cid)


@pytest.fixture
def closed(created: CreatedVault) -> bytes:
    """A locked vault with work in it; returns the raw vault key (as a keyholder has)."""
    do_work(created.session, 12)
    key = created.session.key_for_backup()
    created.session.lock()
    return key


def detected(folder: Path) -> str:
    """How tampering was seen; fails the test when it was not."""
    try:
        session = reopen(folder)
    except VaultError as exc:
        return f"refused: {type(exc).__name__}"
    try:
        report = session.verify()
        assert not report.ok, "verify() found nothing"
        return "findings at unlock" if session.integrity_findings else "verify() only"
    finally:
        session.lock()


def tamper(folder: Path, key: bytes, *statements: str | tuple[str, tuple[Any, ...]]) -> None:
    """Run SQL straight on vault.db with the append-only triggers dropped."""
    with raw_db(folder, key) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        for statement in statements:
            sql, params = statement if isinstance(statement, tuple) else (statement, ())
            conn.execute(sql, params)


def row(folder: Path, key: bytes, seq: int) -> tuple[Any, ...]:
    with raw_db(folder, key) as conn:
        found: tuple[Any, ...] = conn.execute(
            "SELECT seq, at, actor, action, client_id, detail, hash FROM audit_log WHERE seq = ?",
            (seq,),
        ).fetchone()
        return found


def last_seq(folder: Path, key: bytes) -> int:
    with raw_db(folder, key) as conn:
        return int(conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])


def forged(prev_hash: str, seq: int, action: str = "client_viewed") -> tuple[Any, ...]:
    """An entry with a correct hash over the previous one, as a careful forger writes it."""
    at, detail = "2025-01-01T00:00:00.000000Z", "{}"
    digest = chain.entry_hash(prev_hash, seq, at, "practitioner", action, None, detail)
    return (seq, at, "practitioner", action, None, detail, digest)


INSERT = (
    "INSERT INTO audit_log (seq, at, actor, action, client_id, detail, hash) VALUES (?,?,?,?,?,?,?)"
)


def insert_forged_in_middle(folder: Path, key: bytes) -> None:
    prev = row(folder, key, 5)[6]
    tamper(
        folder,
        key,
        "UPDATE audit_log SET seq = seq + 100000 WHERE seq > 5",
        "UPDATE audit_log SET seq = seq - 99999 WHERE seq > 100000",
        (INSERT, forged(prev, 6)),
    )


def replace_newest(folder: Path, key: bytes) -> None:
    last = last_seq(folder, key)
    prev = row(folder, key, last - 1)[6]
    delete = ("DELETE FROM audit_log WHERE seq = ?", (last,))
    tamper(folder, key, delete, (INSERT, forged(prev, last)))


def swap_contents(folder: Path, key: bytes) -> None:
    a, b = row(folder, key, 8), row(folder, key, 9)
    update = (
        "UPDATE audit_log SET at=?, actor=?, action=?, client_id=?, detail=?, hash=? WHERE seq=?"
    )
    tamper(folder, key, (update, (*a[1:], 9)), (update, (*b[1:], 8)))


AUDIT_TAMPERING: dict[str, Callable[[Path, bytes], None]] = {
    "edit-timestamp": lambda f, k: tamper(
        f, k, "UPDATE audit_log SET at = '2020-01-01T00:00:00.000000Z' WHERE seq = 10"
    ),
    "edit-actor": lambda f, k: tamper(
        f, k, "UPDATE audit_log SET actor = 'custodian' WHERE seq = 3"
    ),
    "edit-hash-only": lambda f, k: tamper(
        f, k, ("UPDATE audit_log SET hash = ? WHERE seq = 11", ("a" * 64,))
    ),
    "delete-last": lambda f, k: tamper(
        f, k, ("DELETE FROM audit_log WHERE seq = ?", (last_seq(f, k),))
    ),
    "delete-all": lambda f, k: tamper(f, k, "DELETE FROM audit_log"),
    "insert-forged-middle": insert_forged_in_middle,
    "replace-newest-with-forged": replace_newest,
    "swap-contents": swap_contents,
}


@pytest.mark.parametrize("case", sorted(AUDIT_TAMPERING))
def test_audit_tampering_is_detected(closed: bytes, vault_path: Path, case: str) -> None:
    assert detected_clean(vault_path)
    AUDIT_TAMPERING[case](vault_path, closed)
    how = detected(vault_path)
    # The chain lives in pages unlock reads: each of these is seen at unlock already.
    assert how == "findings at unlock", how


def detected_clean(folder: Path) -> bool:
    """The untouched vault passes (so a finding below is the tampering's, not noise)."""
    session = reopen(folder)
    try:
        return session.integrity_findings == [] and session.verify().ok
    finally:
        session.lock()


def flip_offsets(size: int) -> list[int]:
    pages = size // PAGE
    assert pages >= 8, "the test vault is too small to flip bytes in many pages"
    return [
        0,  # page 1: the salt (SQLCipher derives the MAC key from it)
        20,  # page 1: encrypted content
        PAGE - 80 + 3,  # page 1: the IV
        PAGE - 10,  # page 1: the HMAC
        PAGE + 100,  # page 2
        2 * PAGE + PAGE // 2,
        (pages // 3) * PAGE + 1234,
        (pages // 2) * PAGE + 7,
        (pages - 2) * PAGE + 3000,
        (pages - 1) * PAGE + 50,  # the last page
        size - 1,  # the very last byte (the last page's HMAC)
    ]


def test_flipped_bytes_in_vault_db_are_detected(closed: bytes, vault_path: Path) -> None:
    path = vault_path / "vault.db"
    original = path.read_bytes()
    keyslots = (vault_path / "keyslots.json").read_bytes()
    outcomes: dict[int, str] = {}
    for offset in flip_offsets(len(original)):
        damaged = bytearray(original)
        damaged[offset] ^= 0x01
        path.write_bytes(bytes(damaged))
        outcomes[offset] = detected(vault_path)  # fails inside when not detected
        # Put both files back: an unlock that got through moved the key file's head on.
        path.write_bytes(original)
        (vault_path / "keyslots.json").write_bytes(keyslots)
        for leftover in ("vault.db-wal", "vault.db-shm"):
            (vault_path / leftover).unlink(missing_ok=True)
    print(outcomes)
    assert len(outcomes) == len(flip_offsets(len(original)))
    assert detected_clean(vault_path)  # the original, put back, is fine: the flips did it


@pytest.mark.parametrize("later", ["records", "settings", "slot-change"])
def test_older_copy_of_vault_db_is_detected(
    created: CreatedVault, vault_path: Path, tmp_path: Path, later: str
) -> None:
    do_work(created.session, 3)
    created.session.lock()
    old_copy = tmp_path / "old-vault.db"
    shutil.copyfile(vault_path / "vault.db", old_copy)  # copied while locked: consistent

    session = reopen(vault_path)
    if later == "records":
        do_work(session, 2)
    elif later == "settings":
        session.set_setting("practice_name", "Changed later")
    else:
        session.add_passphrase("another long passphrase for the tests 9")
    session.lock()
    shutil.copyfile(old_copy, vault_path / "vault.db")

    session = reopen(vault_path)
    try:
        assert any("older copy" in f for f in session.integrity_findings)
        assert not session.verify().ok
        do_work(session, 1)  # the head moves on, but the finding stays in this session
        assert not session.verify().ok
    finally:
        session.lock()
    # The next unlock starts from the swapped-in log; the finding is kept in it.
    session = reopen(vault_path)
    try:
        assert "integrity_problem" in audit_actions(session)
    finally:
        session.lock()
