"""Create, unlock, recover and re-key vaults: everything that turns a folder into a session."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from recordsafe.audit import chain
from recordsafe.vault import codes, device_keys, failed_unlocks, keyslots, schema, slot_record
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
from recordsafe.vault.lockfile import LOCK_FILE, VaultLock
from recordsafe.vault.passphrase_policy import estimate
from recordsafe.vault.session import (
    CUSTODIAN_PASSPHRASE_LABEL,
    PRACTITIONER,
    VaultSession,
    make_slot,
    secret_bytes,
)

VAULT_SUFFIX = ".rsvault"
CREATING_MARK = ".creating-"
_CREATING = re.compile(r"^\..+\.creating-[0-9a-f]{8}$")
ROTATING_SUFFIX = ".rotating"
_SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")

# Names the person at the key in a session just opened (a callback: the vault knows no
# custodians; closure does).
Identify = Callable[[VaultSession], object]


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
    """A new, empty vault with a passphrase slot and a recovery slot; all or nothing.

    The vault is built in a hidden sibling folder (`.NAME.rsvault.creating-XXXXXXXX`)
    and renamed into place at the end, so a kill leaves no half-made vault under the
    chosen name; the next create in the same folder removes such a dead one.
    `kdf=None` calibrates Argon2id on this machine (never below the floors); tests pass
    cheap parameters explicitly.
    """
    _check_new_passphrase(passphrase)
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise VaultError(f"'{folder}' already exists and is not empty; choose a new name.")
    try:
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, "create the vault folder") from None
    sweep_dead_creates(folder.parent)
    params = kdf or calibrate()
    staging = folder.with_name(f".{folder.name}{CREATING_MARK}{uuid.uuid4().hex[:8]}")
    try:
        staging.mkdir(mode=0o700)
    except OSError as exc:
        raise storage_error(exc, "create the vault folder") from None
    lock = VaultLock(staging)
    key = bytearray(os.urandom(32))
    recovery_code = codes.new_code()
    try:
        lock.acquire()
        doc = _build_new_vault(staging, key, passphrase, recovery_code, params)
        _move_into_place(staging, folder, lock)
        db = Database(folder / DB_FILE, key, create=False)
    except BaseException:
        lock.release()
        # Nothing under the chosen name yet: remove what we made, so that "Create" can
        # simply be tried again (e.g. after freeing disk space).
        shutil.rmtree(staging, ignore_errors=True)
        raise
    session = VaultSession(folder, db, key, doc, doc.slots[0], lock, kdf=kdf)
    return CreatedVault(session, recovery_code)


def _build_new_vault(
    staging: Path, key: bytearray, passphrase: str, recovery_code: str, params: KdfParams
) -> KeyslotsDoc:
    """The database, its first audit entry and the key file, in `staging`; returns the doc."""
    vault_id = str(uuid.uuid4())
    slots = (
        make_slot(key, vault_id, "passphrase", passphrase, "Passphrase", params),
        make_slot(key, vault_id, "recovery", recovery_code, "Recovery code", params),
    )
    db = Database(staging / DB_FILE, key, create=True)
    try:
        schema.migrate(db)
        # The first entry, and the first write of the key file, carry the head.
        chain.append(db, PRACTITIONER, "vault_created", None, {"format": keyslots.FORMAT_VERSION})
        doc = keyslots.seal(
            KeyslotsDoc(vault_id, slots, AuditHead(*chain.last_entry(db))), bytes(key)
        )
        with db.transaction():
            slot_record.write_record(db, slot_record.SlotRecord(slot_record.digests(slots)))
        keyslots.write(staging, doc)
    finally:
        db.close()  # checkpointed: vault.db alone holds everything before the rename
    return doc


def _move_into_place(staging: Path, folder: Path, lock: VaultLock) -> None:
    """Rename the finished vault to its name (the commit point of create)."""
    if os.name == "nt":  # pragma: no cover - Windows cannot rename a folder with open files
        lock.release()
    try:
        if folder.exists():
            folder.rmdir()  # the empty folder the user chose; anything in it refuses
        os.rename(staging, folder)
    except OSError as exc:
        raise storage_error(exc, "create the vault folder") from None
    # The rename is the commit point; a failing fsync of the parent cannot undo it
    # (atomic_write's reasoning).
    with contextlib.suppress(OSError):
        fsync_dir(folder.parent)
    lock.path = folder / LOCK_FILE  # the OS lock followed the open file
    if os.name == "nt":  # pragma: no cover
        lock.acquire()


def sweep_dead_creates(parent: Path) -> None:
    """Remove the hidden folders of creates that were killed before their rename.

    Dead is certain when the folder's lock can be taken: a running create holds it to
    the end, and the OS drops it with a killed process. Such a folder holds only a vault
    nobody was ever given the recovery code of, with no records.
    """
    try:
        found = [p for p in parent.glob(f".*{CREATING_MARK}*") if _CREATING.match(p.name)]
    except OSError:
        return
    for staging in found:
        lock = VaultLock(staging)
        try:
            lock.acquire()
        except VaultError:
            continue  # still being made, or not ours to judge
        for leftover in staging.iterdir():
            if leftover.name == LOCK_FILE:
                continue
            with contextlib.suppress(OSError):
                if leftover.is_dir():
                    shutil.rmtree(leftover)
                else:
                    leftover.unlink()
        lock.release()
        with contextlib.suppress(OSError):
            (staging / LOCK_FILE).unlink()
            staging.rmdir()


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
    identify: Identify | None = None,
) -> VaultSession:
    findings: list[str] = []
    try:
        keyslots.verify_mac(doc, key)
    except TamperDetected as exc:
        findings.append(exc.message)
    mac_ok = not findings
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
        # The key file against the database's own record of it: an edited or older
        # key file (rollback) is seen even when its MAC holds.
        compared = slot_record.compare(
            doc,
            slot_record.read_record(db),
            mac_ok=mac_ok,
            opened=slot.id,
            unvouched=slot_record.read_open(db).unvouched,
        )
        findings.extend(compared.findings)
    except BaseException:
        db.close()
        raise
    session = VaultSession(folder, db, key_buffer, doc, slot, lock, kdf=kdf)
    try:
        if identify is not None:
            identify(session)  # before the first entry, so the unlock names the person
        with session.transaction():
            for attempt in failed_unlocks.pending(folder):
                session.record("unlock_failed", at=attempt["at"], kind=attempt["kind"])
            if compared.record is not None:
                slot_record.write_record(db, compared.record)
            # Kept until reviewed: the next write re-seals the key file and moves the
            # head, which would otherwise make the finding vanish after one unlock.
            new = slot_record.add_open(db, findings, compared.unvouched)
            if new:
                session.record("integrity_problem", findings=len(new))
            session.record("unlocked", slot=slot.id, kind=slot.kind)
        session.integrity_findings = list(slot_record.read_open(db).findings)
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
    identify: Identify | None = None,
) -> VaultSession:
    """Unlock with a passphrase (or, with `kinds`, a recovery or custodian code).

    `identify` names the person at the key (custodian mode: closure.custodian.identify
    sets `actor_name`) before anything is recorded, the unlock itself included."""
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
        return _open_session(folder, doc, slot, key, lock, kdf, identify)
    except BaseException:
        lock.release()
        raise


def is_custodian_passphrase(folder: Path, secret: str) -> bool:
    """Whether a secret the practitioner's slots refused is a custodian's own passphrase,
    so the unlock window can say so. Nothing is opened or recorded, and custodian mode is
    never entered from the practitioner's field: who is at work is chosen, not guessed.
    Only slots labelled as a custodian's passphrase are tried (each try is a full key
    derivation), so a mistyped passphrase costs no more than that."""
    doc = _read_doc(folder)
    for slot in _candidates(doc, ("custodian",)):
        if slot.kdf is None or not slot.label.startswith(CUSTODIAN_PASSPHRASE_LABEL):
            continue
        kek = derive_key(secret_bytes(slot.kind, secret), slot.salt, slot.kdf)
        if keyslots.unwrap_key(slot, kek, doc.vault_id) is not None:
            return True
    return False


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
    # SQLite's files beside a half-written copy: a kill inside the export leaves a
    # rollback journal (and could leave -wal/-shm), needed by nothing once the copy goes.
    beside_pending_db = [pending_db.with_name(pending_db.name + s) for s in _SQLITE_SIDE_FILES]
    try:
        if pending_doc.exists():
            # Crash before the commit point: the old key file and database still rule.
            pending_doc.unlink()
            for stale in (pending_db, *beside_pending_db):
                stale.unlink(missing_ok=True)
            fsync_dir(folder)
        elif pending_db.exists():
            # Crash after the commit point: the key file wraps the new key; finish the swap.
            for leftover in ("-wal", "-shm"):
                (folder / (DB_FILE + leftover)).unlink(missing_ok=True)
            os.replace(pending_db, folder / DB_FILE)
            fsync_dir(folder)
        else:
            # No rotation pending: a journal of a copy deleted before it was swept.
            for stale in beside_pending_db:
                stale.unlink(missing_ok=True)
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
    with session.transaction():
        session.record("key_rotation_started", dropped=len(dropped))
        # In the database before its copy is made: the copy (the new vault.db) expects
        # the new key file, and the old vault.db accepts the old one if the rotation is
        # undone. Both know a new recovery code exists that may not be shown yet.
        slot_record.start_change(session.db, old_doc.slots, new_slots)
        slot_record.mark_unseen(session.db, new_slots[1].id, keyslots.now_utc())
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
