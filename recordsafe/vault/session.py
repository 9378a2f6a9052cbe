"""An unlocked vault: the one object domain code works through.

The session owns the database connection, the vault key (a bytearray zeroed on lock),
the key file and the audit chain. It is the single writer of the audit log: every
unlock, slot change and (through `record`) every view, search, export and change.
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recordsafe.audit import chain
from recordsafe.vault import codes, device_keys, keyslots, schema, schema_check, slot_record
from recordsafe.vault.database import DB_FILE, Database
from recordsafe.vault.errors import ReadOnlyVault, SlotError, VaultError
from recordsafe.vault.kdf import (
    KdfParams,
    calibrate,
    derive_key,
    new_salt,
    normalize_code,
    normalize_passphrase,
)
from recordsafe.vault.keyslots import AuditHead, KeySlot, KeyslotsDoc, SlotKind
from recordsafe.vault.lockfile import VaultLock

PRACTITIONER = "practitioner"
# How a custodian slot that holds a passphrase (not a printed code) is labelled.
CUSTODIAN_PASSPHRASE_LABEL = "Custodian passphrase"  # noqa: S105 (a label, no secret)
CUSTODIAN = "custodian"


# meta keys of work owed to the vault (see VaultSession.owe).
OWED_PREFIX = "owed:"


def secret_bytes(kind: SlotKind, secret: str) -> bytes:
    """The bytes a slot's KDF runs over (DESIGN §2's normalisation per kind)."""
    return normalize_passphrase(secret) if kind == "passphrase" else normalize_code(secret)


def make_slot(
    vault_key: bytes | bytearray,
    vault_id: str,
    kind: SlotKind,
    secret: str,
    label: str,
    kdf: KdfParams | None,
    *,
    slot_id: str | None = None,
) -> KeySlot:
    """Wrap the vault key under `secret`; `kdf=None` calibrates on this machine."""
    params = kdf or calibrate()
    salt = new_salt()
    kek = derive_key(secret_bytes(kind, secret), salt, params)
    return keyslots.wrap_key(
        bytes(vault_key),
        kek,
        vault_id=vault_id,
        kind=kind,
        label=label,
        kdf=params,
        salt=salt,
        nonce=os.urandom(keyslots.NONCE_BYTES),
        slot_id=slot_id,
    )


@dataclass
class VerifyReport:
    """What `verify` found; `ok` only when every check passed."""

    checks: dict[str, list[str]] = field(default_factory=dict)
    # Not integrity failures, yet to be said (a recovery code never shown).
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(not problems for problems in self.checks.values())

    def lines(self) -> list[str]:
        out = []
        for name, problems in self.checks.items():
            out.append(f"{name}: {'ok' if not problems else 'FAILED'}")
            out.extend(f"  - {p}" for p in problems)
        out.extend(f"Warning: {w}" for w in self.warnings)
        return out


class VaultSession:
    """An open vault. Create it through `recordsafe.vault.open_vault`/`create_vault`."""

    def __init__(
        self,
        folder: Path,
        db: Database,
        key: bytearray,
        doc: KeyslotsDoc,
        slot: KeySlot,
        lock: VaultLock,
        *,
        kdf: KdfParams | None = None,
    ) -> None:
        self.folder = folder
        self.db = db
        self._key = key
        self._doc = doc
        self.slot = slot
        self._lock = lock
        # Parameters for slots this session writes; None means calibrate on this machine.
        self._kdf = kdf
        self.actor = CUSTODIAN if slot.kind == "custodian" else PRACTITIONER
        # Custodian mode: the person ("Dr Rosa Vega, alternate custodian"), set by
        # closure.custodian.identify; every entry then names them ("by" in its detail).
        self.actor_name: str | None = None
        self.integrity_findings: list[str] = []
        self._head_dirty = False
        self._bulk = 0
        self.is_open = True
        # Held by a background full chain check while its own connection is open.
        self._readers = threading.Lock()
        self._stop_readers = False
        # (on commit, on rollback) of the outermost transaction: see after_commit.
        self._pending: list[tuple[Callable[[], None], Callable[[], None] | None]] = []

    # --- identity -------------------------------------------------------------------

    @property
    def vault_id(self) -> str:
        return self._doc.vault_id

    @property
    def name(self) -> str:
        return self.folder.name.removesuffix(".rsvault")

    @property
    def slots(self) -> tuple[KeySlot, ...]:
        return self._doc.slots

    @property
    def is_custodian(self) -> bool:
        return self.actor == CUSTODIAN

    def _require_open(self) -> None:
        if not self.is_open:
            raise VaultError("The vault is locked.")

    def require_practitioner(self, what: str) -> None:
        if self.is_custodian:
            raise ReadOnlyVault(f"A records custodian cannot {what}.")

    # --- transactions and the audit log ---------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One change: its rows and its audit entries commit together or not at all."""
        self._require_open()
        # The connection's turn until the pending actions have run: another thread's
        # change waits, and cannot add its actions to this one's (see Database).
        with self.db.turn():
            outermost = not self.db.in_transaction
            try:
                with self.db.transaction():
                    yield
            except BaseException:
                if outermost:
                    self._run_pending(committed=False)
                raise
            if outermost:
                try:
                    self._flush_head()
                finally:
                    self._run_pending(committed=True)

    def after_commit(
        self, action: Callable[[], None], *, on_rollback: Callable[[], None] | None = None
    ) -> None:
        """Run `action` once the outermost transaction has committed (at once outside
        one); `on_rollback` instead if it rolls back. E.g. a release file gets its name
        only when the disclosure record is safe (`outputs.StagedRelease`). A crash runs
        neither: that window is the caller's to document."""
        if not self.db.in_transaction:
            action()
            return
        self._pending.append((action, on_rollback))

    def _run_pending(self, *, committed: bool) -> None:
        pending, self._pending = self._pending, []
        first: BaseException | None = None
        for on_commit, on_rollback in pending:
            action = on_commit if committed else on_rollback
            if action is None:
                continue
            try:
                action()
            except Exception as exc:  # run them all; report the first
                first = first or exc
        if first is not None:
            raise first

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Many changes (demo data, imports): the key file's head is written once, at the end."""
        self._bulk += 1
        try:
            yield
        finally:
            self._bulk -= 1
            self._flush_head()

    def record(self, action: str, client_id: int | None = None, **detail: Any) -> None:
        """Append an audit entry. Never put client content in `detail`: ids and codes only."""
        self._require_open()
        with self.transaction():
            chain.append(self.db, self.actor, action, client_id, self._signed(detail))
            self._head_dirty = True

    def _signed(self, detail: dict[str, Any]) -> dict[str, Any]:
        return {**detail, "by": self.actor_name} if self.actor_name else detail

    def _flush_head(self) -> None:
        with self.db.turn():
            if not self._head_dirty or self._bulk or self.db.in_transaction or not self.is_open:
                return
            count, digest = chain.last_entry(self.db)
            self._write_doc(self._doc.with_head(AuditHead(count, digest)))
            self._head_dirty = False

    def _write_doc(self, doc: KeyslotsDoc) -> None:
        sealed = keyslots.seal(doc, bytes(self._key))
        keyslots.write(self.folder, sealed)
        self._doc = sealed

    # --- work owed to the vault ----------------------------------------------------------

    def owe(self, task: str) -> None:
        """Note, inside the caller's transaction, work the vault is owed after it (e.g.
        compaction after a destruction), so a crash or a failure before it is done does
        not forget it. Housekeeping, not a setting: not audited."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES (?, '1') "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (OWED_PREFIX + task,),
            )

    def owes(self, task: str) -> bool:
        return self.get_setting(OWED_PREFIX + task) is not None

    def paid(self, task: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM meta WHERE key = ?", (OWED_PREFIX + task,))

    # --- settings stored in the vault --------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        value = self.db.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return default if value is None else str(value)

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            chain.append(self.db, self.actor, "setting_changed", None, self._signed({"key": key}))
            self._head_dirty = True

    # --- key slots ----------------------------------------------------------------------

    def _replace_slots(
        self,
        slots: tuple[KeySlot, ...],
        action: str,
        *,
        unseen_recovery: str | None = None,
        **detail: Any,
    ) -> None:
        """Record, write the new slot list, record again: no slot change goes unaudited.

        1. `slot_change_started` commits (the key file's head is NOT written for it);
        2. the key file is written once with the new slots AND the head at that entry
           (the rename is the point of no return);
        3. `action` (e.g. `passphrase_changed`) commits, then the head is written as
           after any change.

        A crash or a failure stops between two steps: after 1, the head lags one entry
        (accepted, docs/vault-format.md §7) and the log says a change started that
        never finished: it did not happen (the old slots rule). After 2, key file and
        log agree exactly; the new slots rule and `slot_change_started` records them.
        After 3, the usual head lag. No step leaves the head ahead of the log, and no
        order of these writes can make a false tamper finding.

        A failure in 1 or 2 raises (nothing changed). A failure in 3 does not: the
        change has taken effect and is recorded by step 1, and "could not change the
        passphrase" would be false (the same reasoning as `atomic_write`'s fsync).
        """
        self._require_open()
        with self.db.transaction():
            chain.append(
                self.db,
                self.actor,
                "slot_change_started",
                None,
                self._signed({"change": action, **detail}),
            )
            # The database's record of the key file (slot_record): the new slots, and
            # the old ones as long as the rename below may not have happened.
            slot_record.start_change(self.db, self._doc.slots, slots)
            if unseen_recovery is not None:
                slot_record.mark_unseen(self.db, unseen_recovery, keyslots.now_utc())
        head = AuditHead(*chain.last_entry(self.db))
        # Whether or not this write succeeds, the head need not be written again for
        # the entry above: written with the slots, or left one entry behind (accepted).
        self._write_doc(self._doc.with_slots(slots).with_head(head))
        with contextlib.suppress(VaultError), self.transaction():
            slot_record.finish_change(self.db)
            self.record(action, **detail)

    def add_passphrase(self, passphrase: str, label: str = "Passphrase") -> KeySlot:
        self._require_open()
        self.require_practitioner("add a passphrase")
        slot = make_slot(self._key, self.vault_id, "passphrase", passphrase, label, self._kdf)
        self._replace_slots((*self.slots, slot), "slot_added", slot=slot.id, kind="passphrase")
        return slot

    def change_passphrase(self, new_passphrase: str, slot_id: str | None = None) -> KeySlot:
        """Rewrap the key under a new passphrase; the database is not re-encrypted.

        Without `slot_id`: the passphrase slot this session unlocked with, or (after a
        recovery) the vault's first passphrase slot.
        """
        self._require_open()
        self.require_practitioner("change the practitioner's passphrase")
        if slot_id is None:
            slot_id = (
                self.slot.id
                if self.slot.kind == "passphrase"
                else next((s.id for s in self.slots if s.kind == "passphrase"), None)
            )
        old = self._doc.slot(slot_id) if slot_id else None
        if old is None or old.kind != "passphrase":
            raise SlotError("Only a passphrase slot can be given a new passphrase.")
        new = make_slot(
            self._key,
            self.vault_id,
            "passphrase",
            new_passphrase,
            old.label,
            self._kdf,
            slot_id=old.id,
        )
        slots = tuple(new if s.id == old.id else s for s in self.slots)
        self._replace_slots(slots, "passphrase_changed", slot=new.id)
        if self.slot.id == new.id:
            self.slot = new
        return new

    def new_recovery_code(self) -> str:
        """A fresh recovery code; the previous one stops working at once."""
        self._require_open()
        self.require_practitioner("change the recovery code")
        code = codes.new_code()
        slot = make_slot(self._key, self.vault_id, "recovery", code, "Recovery code", self._kdf)
        kept = tuple(s for s in self.slots if s.kind != "recovery")
        # Marked unseen with the change itself: a crash before the code reaches the
        # screen is told at the next unlock (`recovery_code_shown` clears it).
        self._replace_slots(
            (*kept, slot), "recovery_code_replaced", unseen_recovery=slot.id, slot=slot.id
        )
        return code

    @property
    def unseen_recovery_code(self) -> str | None:
        """Plain words when a new recovery code was made and never shown, else None."""
        self._require_open()
        at = slot_record.unseen(self.db, self._doc)
        if at is None:
            return None
        return (
            f"A new recovery code was made on {at[:10]} but was never shown to you (RecordSafe "
            "was closed or stopped before you confirmed it), and the old code no longer "
            "works. Make a new recovery code now: Vault ▸ New recovery code…"
        )

    def recovery_code_shown(self) -> None:
        """The new recovery code was shown and typed back: nothing more to warn about."""
        self._require_open()
        with self.transaction():
            slot_record.clear_unseen(self.db)

    def add_code_slot(self, kind: SlotKind, label: str) -> tuple[KeySlot, str]:
        """A new custodian (or extra recovery) slot with a fresh code; returns slot and code."""
        self._require_open()
        self.require_practitioner("add a key")
        code = codes.new_code()
        slot = make_slot(self._key, self.vault_id, kind, code, label, self._kdf)
        self._replace_slots((*self.slots, slot), "slot_added", slot=slot.id, kind=kind)
        return slot, code

    def add_custodian_passphrase(self, passphrase: str, label: str) -> KeySlot:
        """The custodian's own secret, so the printed code can go back in the safe.

        The slot's kind stays `custodian` (bound into the key wrap's associated data), so
        it can only ever open custodian mode; its label says it is a passphrase. Like the
        codes, it is normalised as DESIGN §2 says for custodian slots (case, spaces and
        dashes ignored).
        """
        self._require_open()
        if not self.is_custodian:
            raise SlotError("Only a records custodian can set a custodian passphrase.")
        slot = make_slot(self._key, self.vault_id, "custodian", passphrase, label, self._kdf)
        self._replace_slots(
            (*self.slots, slot), "slot_added", slot=slot.id, kind="custodian", passphrase=True
        )
        return slot

    def remember_on_device(self, label: str) -> bool:
        """Add a device slot whose secret lives in the OS keyring; False if none is usable."""
        self._require_open()
        self.require_practitioner("remember the vault on this computer")
        slot_id = str(uuid.uuid4())
        secret = os.urandom(32)
        if not device_keys.store(self.vault_id, slot_id, secret):
            return False
        slot = keyslots.wrap_key(
            bytes(self._key),
            secret,
            vault_id=self.vault_id,
            kind="device",
            label=label,
            kdf=None,
            salt=b"",
            nonce=os.urandom(keyslots.NONCE_BYTES),
            slot_id=slot_id,
        )
        try:
            self._replace_slots((*self.slots, slot), "slot_added", slot=slot.id, kind="device")
        except BaseException:
            device_keys.forget(self.vault_id, slot_id)
            raise
        return True

    def remove_slot(self, slot_id: str) -> None:
        self._require_open()
        self.require_practitioner("remove a key")
        slot = self._doc.slot(slot_id)
        if slot is None:
            raise SlotError("That key no longer exists.")
        passphrases = [s for s in self.slots if s.kind == "passphrase"]
        if slot.kind == "passphrase" and len(passphrases) == 1:
            raise SlotError(
                "This is the vault's only passphrase. Add another passphrase before removing it."
            )
        if slot.id == self.slot.id and slot.kind != "passphrase":
            raise SlotError("You cannot remove the key you unlocked with.")
        self._replace_slots(
            tuple(s for s in self.slots if s.id != slot_id),
            "slot_removed",
            slot=slot.id,
            kind=slot.kind,
        )
        if slot.kind == "device":
            device_keys.forget(self.vault_id, slot.id)

    def check_passphrase(self, passphrase: str) -> bool:
        """Whether `passphrase` opens one of this vault's passphrase slots (re-authentication)."""
        self._require_open()
        for slot in self.slots:
            if slot.kind != "passphrase" or slot.kdf is None:
                continue
            kek = derive_key(secret_bytes("passphrase", passphrase), slot.salt, slot.kdf)
            if keyslots.unwrap_key(slot, kek, self.vault_id) is not None:
                return True
        return False

    # --- checks -------------------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """Every integrity check: key file MAC, SQLCipher page MACs, SQLite, audit chain."""
        self._require_open()
        report = VerifyReport()
        report.checks["key file"] = self._key_file_problems()
        head = self._doc.audit_head
        # The page-MAC check reads every page on a second connection in a thread, while
        # this one runs the structure check: the same two checks, sooner on two cores.
        cipher = _Beside(self._cipher_check_on_own_connection)
        structure = _problems(self.db.integrity_check)
        found = cipher.result()
        if found is None:  # no second connection: the same check here, after the other
            found = _problems(self.db.cipher_integrity_check)
        report.checks["encryption (page MACs)"] = found
        report.checks["database structure"] = structure
        report.checks["audit chain"] = _problems(
            lambda: chain.verify(self.db, head.count, head.hash)
        )
        report.checks["audit triggers"] = _problems(
            lambda: schema_check.trigger_problems(self.db, schema.current_version(self.db))
        )
        # The first write after unlock re-seals the key file and moves the head to the
        # database as it is, so what was found stays in every report until reviewed.
        report.checks["found at unlock"] = _problems(
            lambda: list(slot_record.read_open(self.db).findings) or self.integrity_findings
        )
        report.checks["recorded in the audit log"] = _problems(self._recorded_problems)
        with contextlib.suppress(VaultError):  # a damaged page is reported above
            if warning := self.unseen_recovery_code:
                report.warnings.append(warning)
        return report

    def _key_file_problems(self) -> list[str]:
        """The key file on disk: its MAC, and its slots against the database's record."""
        try:
            on_disk = keyslots.read(self.folder)
        except VaultError as exc:
            return [exc.message]
        problems = []
        try:
            keyslots.verify_mac(on_disk, bytes(self._key))
        except VaultError as exc:
            problems.append(exc.message)
        compared = slot_record.compare(
            on_disk,
            slot_record.read_record(self.db),
            mac_ok=not problems,
            opened=self.slot.id,
            unvouched=slot_record.read_open(self.db).unvouched,
        )
        return problems + compared.findings

    def _recorded_problems(self) -> list[str]:
        """Integrity problems the audit log records since the last review."""
        reviewed = chain.query(self.db, action="integrity_reviewed", limit=1)
        since = reviewed[0].at if reviewed else None
        problems = []
        for entry in reversed(chain.query(self.db, action="integrity_problem", since=since)):
            count = entry.detail.get("findings", 1)
            where = "the full audit check" if entry.detail.get("check") else "unlock"
            problems.append(
                f"{entry.at[:10]} {entry.at[11:16]} UTC: {count} integrity problem"
                f"{'s' if count != 1 else ''} found at {where}, not yet reviewed."
            )
        return problems

    # --- review ---------------------------------------------------------------------------

    @property
    def unvouched_slots(self) -> tuple[str, ...]:
        """Ids of slots in the key file that RecordSafe did not write (until reviewed)."""
        self._require_open()
        present = {s.id for s in self.slots}
        return tuple(s for s in slot_record.read_open(self.db).unvouched if s in present)

    def review_findings(self) -> None:
        """The practitioner has read the findings and removed the keys they do not know.

        The findings stop being shown, the key file's slots as they are now become the
        ones RecordSafe vouches for, and the review is audited (so `verify` stops
        listing the problems the log recorded before it).
        """
        self._require_open()
        with self.transaction():
            slot_record.review(self.db, self._doc)
            self.record("integrity_reviewed", findings=len(self.integrity_findings))
        self.integrity_findings = []

    def _cipher_check_on_own_connection(self) -> list[str] | None:
        """The page-MAC findings from a second connection; None when it cannot open."""
        try:
            second = Database(self.db.path, self._key, create=False)
        except Exception:  # the caller then runs the check on its own connection
            return None
        try:
            return _problems(second.cipher_integrity_check)
        finally:
            second.close()

    def full_chain_check(self) -> Callable[[], list[str]]:
        """The whole audit chain, end to end, as a function to run on a worker thread.

        Call this on the session's thread, right after unlock (the unlock itself checks
        only the head and the tail, to stay within its budget). The function opens a
        connection of its own, reads a snapshot of vault.db against the head as of now,
        never touches this session, and zeroes its copy of the key when done. Hand its
        findings back with `report_chain_findings` on the session's thread.
        """
        self._require_open()
        head = self._doc.audit_head
        key = bytearray(self._key)
        path = self.folder / DB_FILE

        def stopping() -> bool:
            return self._stop_readers

        def check() -> list[str]:
            with self._readers:
                try:
                    if stopping():
                        return []
                    db = Database(path, key, create=False)
                    try:
                        return _problems(
                            lambda: chain.verify(db, head.count, head.hash, stop=stopping)
                        )
                    finally:
                        db.close()
                except chain.Stopped:
                    return []  # locked or rotated meanwhile: nobody wants the answer
                except VaultError as exc:
                    return [exc.message]
                finally:
                    for i in range(len(key)):
                        key[i] = 0

        return check

    def stop_background_readers(self) -> None:
        """Stop a running full chain check and wait for its connection to close (a few ms).

        Lock and key rotation call this first: a connection still open on vault.db when
        the file is replaced (rotation) or its folder moved aside (restore) would, on
        closing, checkpoint and delete the `-wal` file by name: the new one.
        """
        self._stop_readers = True
        with self._readers:
            pass

    def report_chain_findings(self, findings: list[str]) -> list[str]:
        """Keep new findings of the full check in this session's reports, and audit them.

        Returns the findings not already known (the unlock check may have seen some).
        """
        new = [f for f in dict.fromkeys(findings) if f not in self.integrity_findings]
        if new and self.is_open:
            self.integrity_findings.extend(new)
            with self.transaction():
                slot_record.add_open(self.db, new)  # kept until reviewed
                self.record("integrity_problem", findings=len(new), check="full_chain")
        return new

    # --- key rotation ------------------------------------------------------------------

    def export_database(
        self, target: Path, key: bytes | bytearray | None = None, *, scratch: bool = False
    ) -> None:
        """A consistent encrypted snapshot (for backups and rotation), never a raw copy.

        `scratch=True` for a copy that is read once and deleted (see `Database.export_to`).
        """
        self._require_open()
        self.db.export_to(target, key if key is not None else self._key, scratch=scratch)

    def key_for_backup(self) -> bytes:
        """The vault key, for the backup module's own verification only."""
        self._require_open()
        return bytes(self._key)

    # --- lock -----------------------------------------------------------------------

    def lock(self) -> None:
        """Drop the key and the connection. Safe to call twice."""
        if not self.is_open:
            return
        try:
            self.stop_background_readers()
            self._flush_head()
        finally:
            self.is_open = False
            self.db.close()
            for i in range(len(self._key)):
                self._key[i] = 0
            self._lock.release()

    close = lock

    def __enter__(self) -> VaultSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()


class _Beside:
    """`check()` running in a thread of its own; `result()` waits for its findings."""

    def __init__(self, check: Callable[[], list[str] | None]) -> None:
        self._findings: list[str] | None = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._findings = check()
            except BaseException as exc:  # handed to the caller by result()
                self._error = exc

        self._thread = threading.Thread(target=run, name="recordsafe-verify", daemon=True)
        self._thread.start()

    def result(self) -> list[str] | None:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._findings


def _problems(check: Callable[[], list[str]]) -> list[str]:
    """A check's findings; a damaged page that stops the check is a finding, not a crash."""
    try:
        return check()
    except VaultError as exc:
        return [exc.message]


def db_path(folder: Path) -> Path:
    return folder / DB_FILE


def migrate_with_backup(session_db: Database, folder: Path, key: bytearray) -> int:
    return schema.migrate(
        session_db, backup=lambda: schema.pre_migration_backup(session_db, folder, key)
    )
