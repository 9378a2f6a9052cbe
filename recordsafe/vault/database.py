"""A thin, typed wrapper over one SQLCipher connection.

Errors are split as in qutebrowser's misc/sql.py: the environment's faults (busy, full,
read-only, not a database, corrupt) become `VaultError`s with plain words; anything else
is a programming error and propagates as it is. SQLite's own messages are not copied
into ours: they can quote SQL values, and values can be client content.

One connection, several threads: background work (a release, a destruction, a key
change, a backup) runs on a worker while the UI thread reads and autosaves. Each
statement, each transaction (BEGIN to COMMIT) and each multi-statement step (an export,
VACUUM) takes the connection's turn, so another thread waits for it: it never joins
the worker's transaction (and is rolled back with it), nor finds a statement half-read
when VACUUM starts. A worker holding the turn must never wait for the UI thread.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from recordsafe.vault.errors import StorageError, VaultDamaged, VaultError

DB_FILE = "vault.db"
# Negative: KiB, as PRAGMA cache_size takes it (128 MiB, during integrity checks only).
INTEGRITY_CACHE_KIB = -131072
Row = tuple[Any, ...]

# SQLite primary result codes we treat as the environment's fault.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = (
    5,
    6,
    8,
    10,
    11,
    13,
    14,
    26,
)


def known_error(exc: Exception) -> VaultError | None:
    """The plain-words error for an environment fault, or None for a bug."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if "closed database" in text:
        # A stale reference used after lock (e.g. a dialog left open over an auto-lock).
        return VaultError("The vault is locked. Unlock it and try again.")
    if primary == _NOTADB or "file is not a database" in text:
        return VaultDamaged(
            "The vault's database (vault.db) could not be decrypted with this vault's key: "
            "it is damaged, truncated, or belongs to another vault. Restore it from a backup."
        )
    if primary == _CORRUPT or "malformed" in text:
        return VaultDamaged(
            "The vault's database (vault.db) is damaged. Restore it from a backup; "
            "RecordSafe has not changed it."
        )
    if primary == _FULL or "disk is full" in text:
        return StorageError("The disk is full. Free some space; nothing was saved.")
    if primary == _READONLY or "readonly" in text:
        return StorageError(
            "The vault folder is read-only (or on a read-only drive); nothing was saved."
        )
    if primary in (_BUSY, _LOCKED) or "locked" in text:
        return StorageError("The vault's database is busy. Try again in a moment.")
    if primary in (_IOERR, _CANTOPEN) or "disk i/o" in text or "unable to open" in text:
        return StorageError(
            "The disk could not read or write the vault's database (was a drive removed?)."
        )
    return None


@contextlib.contextmanager
def translated_errors() -> Iterator[None]:
    try:
        yield
    except (sqlcipher3.dbapi2.DatabaseError, sqlite3.DatabaseError) as exc:
        known = known_error(exc)
        if known is None:
            raise
        raise known from None


class Database:
    """One open, keyed SQLCipher connection with the vault's pragmas."""

    def __init__(self, path: Path, key: bytes | bytearray, *, create: bool) -> None:
        if not create and not path.exists():
            raise VaultDamaged(
                "The vault's database (vault.db) is missing. Restore the vault from a backup."
            )
        if not create and path.stat().st_size == 0:
            # SQLCipher would quietly start a new database in an empty file.
            raise VaultDamaged(
                "The vault's database (vault.db) is empty. Restore it from a backup; "
                "RecordSafe has not changed it."
            )
        if len(key) != 32:
            raise ValueError("the vault key is 32 bytes")
        self.path = path
        with translated_errors():
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per
            # change, so a crash never leaves half a change.
            self._conn = sqlcipher3.connect(
                str(path), isolation_level=None, check_same_thread=False
            )
            try:
                self._configure(key)
            except BaseException:
                self._conn.close()
                raise
        # Re-entrant: the thread in a transaction runs its own statements in it.
        self._turn = threading.RLock()
        self._depth = 0  # nesting of the open transaction
        self._holder: int | None = None  # the thread that began it

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        """This thread's exclusive use of the connection (other threads wait)."""
        self._wait_for_turn()
        try:
            yield
        finally:
            self._turn.release()

    def _wait_for_turn(self) -> None:
        # Its own function so a test can see a thread waiting here.
        self._turn.acquire()

    def _configure(self, key: bytes | bytearray) -> None:
        conn = self._conn
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
        # The first read decrypts page 1: a wrong key or a foreign file fails here.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        for pragma in (
            "synchronous = FULL",
            "temp_store = MEMORY",
            "secure_delete = ON",
            "foreign_keys = ON",
            "busy_timeout = 2000",
        ):
            conn.execute(f"PRAGMA {pragma}")

    # --- queries ----------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        with self.turn(), translated_errors():
            return list(self._conn.execute(sql, params).fetchall())

    def execute_returning_id(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self.turn(), translated_errors():
            cursor = self._conn.execute(sql, params)
            return int(cursor.lastrowid)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.turn(), translated_errors():
            self._conn.executemany(sql, rows)

    def executescript(self, script: str) -> None:
        with self.turn(), translated_errors():
            self._conn.executescript(script)

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.execute(sql, params)
        return rows[0][0] if rows else None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT; nested calls join the outer transaction.

        Only the thread that began it can join it: another thread waits for the COMMIT
        (or ROLLBACK) and then begins its own."""
        with self.turn():
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            with translated_errors():
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth, self._holder = 1, threading.get_ident()
            try:
                yield
            except BaseException:
                self._depth, self._holder = 0, None
                with contextlib.suppress(Exception):
                    self._conn.execute("ROLLBACK")
                raise
            self._depth, self._holder = 0, None
            try:
                with translated_errors():
                    self._conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(Exception):
                    self._conn.execute("ROLLBACK")
                raise

    def execute_rollback_quietly(self) -> None:
        with self.turn(), contextlib.suppress(Exception):
            self._conn.execute("ROLLBACK")

    @property
    def in_transaction(self) -> bool:
        """Whether THIS thread is inside a transaction (another thread's does not count)."""
        return self._depth > 0 and self._holder == threading.get_ident()

    # --- checks and copies ------------------------------------------------------------

    def cipher_integrity_check(self) -> list[str]:
        return [str(row[0]) for row in self.execute("PRAGMA cipher_integrity_check")]

    def integrity_check(self) -> list[str]:
        # The check revisits pages; with the default 8 MB cache every revisit decrypts
        # again. A larger cache for the check alone saves seconds on a practice's vault.
        with self.turn():
            previous = int(self.scalar("PRAGMA cache_size"))
            self.execute(f"PRAGMA cache_size = {INTEGRITY_CACHE_KIB}")
            try:
                rows = [str(row[0]) for row in self.execute("PRAGMA integrity_check")]
            finally:
                self.execute(f"PRAGMA cache_size = {previous}")
        return [] if rows == ["ok"] else rows

    def export_to(self, target: Path, key: bytes | bytearray, *, scratch: bool = False) -> None:
        """A consistent, encrypted copy of the whole database under `key` (may differ).

        `scratch`: the copy is read once and then deleted (a backup's snapshot, whose
        archive is fsynced and read back): no journal and no fsync while it is written.
        """
        with self.turn(), translated_errors():
            self._conn.execute(
                f"ATTACH DATABASE ? AS export KEY \"x'{bytes(key).hex()}'\"", (str(target),)
            )
            try:
                if scratch:
                    self._conn.execute("PRAGMA export.journal_mode = OFF").fetchall()
                    self._conn.execute("PRAGMA export.synchronous = OFF")
                self._conn.execute("SELECT sqlcipher_export('export')").fetchall()
                version = self._conn.execute("PRAGMA user_version").fetchone()[0]
                self._conn.execute(f"PRAGMA export.user_version = {int(version)}")
            finally:
                self._conn.execute("DETACH DATABASE export")

    def checkpoint(self) -> None:
        with self.turn(), translated_errors():
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def close(self) -> None:
        with self.turn():
            with contextlib.suppress(Exception):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()
