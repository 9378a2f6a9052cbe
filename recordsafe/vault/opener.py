"""Create, unlock, recover and re-key vaults: everything that turns a folder into a session."""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from recordsafe.audit import chain
from recordsafe.vault import codes, device_keys, failed_unlocks, keyslots, schema
from recordsafe.vault.atomic import atomic_write, fsync_dir, storage_error
from recordsafe.vault.database import DB_FILE, Database
from recordsafe.vault.errors import (
    SlotError,
    TamperDetected,
    VaultDamaged,
    VaultError,
    VaultFormatError,
    VaultTooNew,
    WrongSecret,
)
from recordsafe.vault.kdf import KdfParams, calibrate, derive_key
from recordsafe.vault.keyslots import KEYSLOTS_FILE, AuditHead, KeySlot, KeyslotsDoc, SlotKind
from recordsafe.vault.lockfile import VaultLock
from recordsafe.vault.passphrase_policy import estimate
from recordsafe.vault.session import VaultSession, make_slot, secret_bytes

VAULT_SUFFIX = ".rsvault"
ROTATING_SUFFIX = ".rotating"


@dataclass(frozen=True)
class CreatedVault:
    session: VaultSession
    recovery_code: str


@dataclass(frozen=True)
class RotatedVault:
    session: VaultSession
    recovery_code: str
    dropped: tuple[str, ...]  # labels of slots that must be set up again


def is_vault_folder(folder: Path) -> bool:
    return (folder / KEYSLOTS_FILE).is_file()


def _check_new_passphrase(passphrase: str) -> None:
    problem = estimate(passphrase).problem
    if problem:
        raise VaultError(problem)


def create_vault(folder: Path, passphrase: str, *, kdf: KdfParams | None = None) -> CreatedVault:
    """A new, empty vault with a passphrase slot and a recovery slot.

    `kdf=None` calibrates Argon2id on this machine (never below the floors); tests pass
    cheap parameters explicitly.
    """
    _check_new_passphrase(passphrase)
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise VaultError(f"'{folder}' already exists and is not empty; choose a new name.")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, "create the vault folder") from None
    params = kdf or calibrate()
    lock = VaultLock(folder)
    lock.acquire()
    key = bytearray(os.urandom(32))
    vault_id = str(uuid.uuid4())
    recovery_code = codes.new_code()
    db: Database | None = None
    try:
        slots = (
            make_slot(key, vault_id, "passphrase", passphrase, "Passphrase", params),
            make_slot(key, vault_id, "recovery", recovery_code, "Recovery code", params),
        )
        db = Database(folder / DB_FILE, key, create=True)
        schema.migrate(db)
        doc = KeyslotsDoc(vault_id, slots)
        session = VaultSession(folder, db, key, doc, slots[0], lock, kdf=kdf)
        # The first entry, and the first write of the key file, carry the head.
        chain.append(db, session.actor, "vault_created", None, {"format": keyslots.FORMAT_VERSION})
        count, digest = chain.last_entry(db)
        session._write_doc(doc.with_head(AuditHead(count, digest)))
    except BaseException:
        if db is not None:
            db.close()
        lock.release()
        # No key file, so no vault: remove what we made, so that "Create" can simply be
        # tried again (e.g. after freeing disk space) instead of "not empty".
        for leftover in (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", lock.path.name):
            with contextlib.suppress(OSError):
                (folder / leftover).unlink()
        raise
    return CreatedVault(session, recovery_code)


def _candidates(doc: KeyslotsDoc, kinds: tuple[SlotKind, ...]) -> list[KeySlot]:
    return [s for s in doc.slots if s.kind in kinds]


def _unwrap(doc: KeyslotsDoc, kinds: tuple[SlotKind, ...], secret: str) -> tuple[KeySlot, bytes]:
    for slot in _candidates(doc, kinds):
        if slot.kdf is None:
            continue
        kek = derive_key(secret_bytes(slot.kind, secret), slot.salt, slot.kdf)
        key = keyslots.unwrap_key(slot, kek, doc.vault_id)
        if key is not None:
            return slot, key
    raise WrongSecret(
        "That passphrase does not open this vault. Check Caps Lock and the keyboard layout."
        if kinds == ("passphrase",)
        else "That code does not open this vault. Check it against the printed kit."
    )


def _read_doc(folder: Path) -> KeyslotsDoc:
    if not folder.is_dir():
        raise VaultFormatError(f"There is no vault at '{folder}' (the folder is missing).")
    return keyslots.read(folder)


def _open_session(
    folder: Path,
    doc: KeyslotsDoc,
    slot: KeySlot,
    key: bytes,
    lock: VaultLock,
    kdf: KdfParams | None,
) -> VaultSession:
    findings: list[str] = []
    try:
        keyslots.verify_mac(doc, key)
    except TamperDetected as exc:
        findings.append(exc.message)
    key_buffer = bytearray(key)
    db = Database(folder / DB_FILE, key_buffer, create=False)
    try:
        version = schema.current_version(db)
        if version == 0:
            # A vault is never without a schema: an empty or zeroed file must not be
            # "migrated" into a fresh, empty vault.
            raise VaultDamaged(
                "The vault's database (vault.db) is empty. Restore it from a backup; "
                "RecordSafe has not changed it."
            )
        _refuse_truncated(folder, db)
        if version > schema.SCHEMA_VERSION:
            raise VaultTooNew(
                "This vault was last used with a newer version of RecordSafe. Update "
                "RecordSafe to open it; the vault has not been changed."
            )
        schema.migrate(db, backup=lambda: schema.pre_migration_backup(db, folder, key_buffer))
        head = doc.audit_head
        # Head and tail only (bounded); the whole chain is checked right after unlock,
        # in the background (VaultSession.full_chain_check), and by verify().
        findings.extend(chain.check_at_unlock(db, head.count, head.hash))
    except BaseException:
        db.close()
        raise
    session = VaultSession(folder, db, key_buffer, doc, slot, lock, kdf=kdf)
    session.integrity_findings = findings
    try:
        with session.transaction():
            for attempt in failed_unlocks.pending(folder):
                session.record("unlock_failed", at=attempt["at"], kind=attempt["kind"])
            if findings:
                session.record("integrity_problem", findings=len(findings))
            session.record("unlocked", slot=slot.id, kind=slot.kind)
    except BaseException:
        # E.g. a read-only folder refused the key file's new head: close the database
        # and zero the key rather than leave a half-open session behind.
        session._head_dirty = False
        session.lock()
        raise
    failed_unlocks.clear(folder)
    return session


def _refuse_truncated(folder: Path, db: Database) -> None:
    """A file cut short inside its last page would otherwise open, minus that page.

    Only when the WAL is empty: after a crash its pages count in page_count, yet are not
    in vault.db until the next checkpoint.
    """
    wal = folder / (DB_FILE + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    expected = int(db.scalar("PRAGMA page_count")) * int(db.scalar("PRAGMA page_size"))
    if (folder / DB_FILE).stat().st_size < expected:
        raise VaultDamaged(
            "The vault's database (vault.db) is shorter than it should be: it was cut off, "
            "perhaps by a full disk or an interrupted copy. Restore it from a backup; "
            "RecordSafe has not changed it."
        )


def open_vault(
    folder: Path,
    secret: str,
    *,
    kinds: tuple[SlotKind, ...] = ("passphrase",),
    kdf: KdfParams | None = None,
) -> VaultSession:
    """Unlock with a passphrase (or, with `kinds`, a recovery or custodian code)."""
    folder = Path(folder)
    _read_doc(folder)  # a clear message for a missing or foreign folder before locking
    lock = VaultLock(folder)
    lock.acquire()
    try:
        finish_interrupted_rotation(folder)
        sweep_temp_files(folder)
        doc = keyslots.read(folder)
        try:
            slot, key = _unwrap(doc, kinds, secret)
        except WrongSecret:
            failed_unlocks.note(folder, "/".join(kinds))
            raise
        return _open_session(folder, doc, slot, key, lock, kdf)
    except BaseException:
        lock.release()
        raise


def open_with_device(folder: Path, *, kdf: KdfParams | None = None) -> VaultSession | None:
    """Unlock from a secret this device's keyring keeps; None means "ask for the passphrase"."""
    folder = Path(folder)
    try:
        doc = _read_doc(folder)
    except VaultError:
        return None
    if not any(device_keys.load(doc.vault_id, s.id) for s in _candidates(doc, ("device",))):
        return None
    lock = VaultLock(folder)
    lock.acquire()
    try:
        # As open_vault does: after a crash past a rotation's commit point the key file
        # already wraps the new key, and vault.db must be swapped in before it opens.
        finish_interrupted_rotation(folder)
        sweep_temp_files(folder)
        doc = keyslots.read(folder)
        for slot in _candidates(doc, ("device",)):
            secret = device_keys.load(doc.vault_id, slot.id)
            key = keyslots.unwrap_key(slot, secret, doc.vault_id) if secret else None
            if key is not None:
                return _open_session(folder, doc, slot, key, lock, kdf)
    except BaseException:
        lock.release()
        raise
    lock.release()
    return None


def remembered_on_device(folder: Path) -> bool:
    """Whether this device's keyring holds a secret for one of the vault's device slots."""
    try:
        doc = _read_doc(Path(folder))
    except VaultError:
        return False
    return any(
        device_keys.load(doc.vault_id, slot.id) is not None
        for slot in _candidates(doc, ("device",))
    )


def recover(
    folder: Path, recovery_code: str, new_passphrase: str, *, kdf: KdfParams | None = None
) -> VaultSession:
    """Unlock with the recovery code and set a new passphrase in one step."""
    _check_new_passphrase(new_passphrase)
    if not codes.looks_like_code(recovery_code):
        raise WrongSecret(
            "A recovery code has 28 letters and digits (7 groups of 4). Check it against "
            "your Emergency Kit."
        )
    session = open_vault(folder, recovery_code, kinds=("recovery",), kdf=kdf)
    try:
        if any(s.kind == "passphrase" for s in session.slots):
            session.change_passphrase(new_passphrase)
        else:
            session.add_passphrase(new_passphrase)
        session.record("recovered_with_code", slot=session.slot.id)
    except BaseException:
        session.lock()
        raise
    return session


# --- key rotation ----------------------------------------------------------------------


def _rotating(path: Path) -> Path:
    return path.with_name(path.name + ROTATING_SUFFIX)


def sweep_temp_files(folder: Path) -> None:
    """Remove atomic_write temp files a crash left (`.keyslots.json.tmp-PID`, ...).

    Safe only under the vault's lock: every writer of these files holds it. They may hold
    an older key file, with the slot of a passphrase since changed, so none may linger.
    """
    for leftover in folder.glob(".*.tmp-*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def finish_interrupted_rotation(folder: Path) -> None:
    """Complete or undo a key rotation that a crash interrupted (see rotate_key's steps)."""
    pending_doc = _rotating(folder / KEYSLOTS_FILE)
    pending_db = _rotating(folder / DB_FILE)
    try:
        if pending_doc.exists():
            # Crash before the commit point: the old key file and database still rule.
            pending_doc.unlink()
            pending_db.unlink(missing_ok=True)
            fsync_dir(folder)
        elif pending_db.exists():
            # Crash after the commit point: the key file wraps the new key; finish the swap.
            for leftover in ("-wal", "-shm"):
                (folder / (DB_FILE + leftover)).unlink(missing_ok=True)
            os.replace(pending_db, folder / DB_FILE)
            fsync_dir(folder)
    except OSError as exc:
        raise storage_error(exc, "finish an interrupted key change") from None


def rotate_key(session: VaultSession, passphrase: str) -> RotatedVault:
    """Re-encrypt the database under a new vault key after a suspected compromise.

    Every slot whose secret we can reach is rewrapped: the passphrase just typed, this
    device's keyring secrets. The recovery code is replaced (the old one may be what
    leaked) and custodian codes are dropped, to be issued again. Steps, each durable
    before the next: (1) new key file beside the old as keyslots.json.rotating; (2)
    encrypted export to vault.db.rotating; (3) rename the key file (commit point); (4)
    rename the database. `finish_interrupted_rotation` completes or undoes a crash.
    """
    session.require_practitioner("change the vault key")
    folder = session.folder
    old_doc = keyslots.read(folder)
    slot, _ = _unwrap(old_doc, ("passphrase",), passphrase)
    params = session._kdf or calibrate()
    new_key = bytearray(os.urandom(32))
    vault_id = old_doc.vault_id
    recovery_code = codes.new_code()
    new_slots: list[KeySlot] = [
        make_slot(new_key, vault_id, "passphrase", passphrase, slot.label, params, slot_id=slot.id),
        make_slot(new_key, vault_id, "recovery", recovery_code, "Recovery code", params),
    ]
    dropped: list[str] = []
    for other in old_doc.slots:
        if other.id == slot.id or other.kind == "recovery":
            continue
        secret = device_keys.load(vault_id, other.id) if other.kind == "device" else None
        if secret is None:
            dropped.append(other.label)
            continue
        new_slots.append(
            keyslots.wrap_key(
                bytes(new_key),
                secret,
                vault_id=vault_id,
                kind="device",
                label=other.label,
                kdf=None,
                salt=b"",
                nonce=os.urandom(keyslots.NONCE_BYTES),
                slot_id=other.id,
            )
        )
    session.record("key_rotation_started", dropped=len(dropped))
    head = AuditHead(*chain.last_entry(session.db))
    new_doc = keyslots.seal(KeyslotsDoc(vault_id, tuple(new_slots), head), bytes(new_key))
    pending_doc = _rotating(folder / KEYSLOTS_FILE)
    pending_db = _rotating(folder / DB_FILE)
    lock = session._lock
    try:
        atomic_write(pending_doc, keyslots.serialize(new_doc), what="change the key")
        pending_db.unlink(missing_ok=True)
        session.export_database(pending_db, new_key)
        _fsync_file(pending_db)
    except BaseException:
        with contextlib.suppress(OSError):
            pending_doc.unlink()
            pending_db.unlink()
        raise
    session.stop_background_readers()
    session.db.close()
    session.is_open = False
    for i in range(len(session._key)):
        session._key[i] = 0
    try:
        new_session = _commit_rotation(folder, slot.id, new_key, lock, session._kdf)
    except BaseException:
        # The old session is closed; free the vault so the next unlock can finish or
        # undo the rotation (session.lock() is a no-op now).
        lock.release()
        raise
    new_session.record("key_rotated", dropped=len(dropped))
    return RotatedVault(new_session, recovery_code, tuple(dropped))


def _commit_rotation(
    folder: Path, slot_id: str, new_key: bytearray, lock: VaultLock, kdf: KdfParams | None
) -> VaultSession:
    """Steps 3 and 4 of rotate_key, then a session under the new key."""
    try:
        os.replace(_rotating(folder / KEYSLOTS_FILE), folder / KEYSLOTS_FILE)
        fsync_dir(folder)
    except OSError as exc:
        raise storage_error(exc, "change the key") from None
    finish_interrupted_rotation(folder)
    doc = keyslots.read(folder)
    new_session_slot = doc.slot(slot_id)
    if new_session_slot is None:  # pragma: no cover - we just wrote it
        raise SlotError("The new key file lost the passphrase slot.")
    return _open_session(folder, doc, new_session_slot, bytes(new_key), lock, kdf)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
