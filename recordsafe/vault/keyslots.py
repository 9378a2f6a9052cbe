"""keyslots.json: the readable-without-a-key document that wraps the vault key.

The byte-exact format is in docs/vault-format.md. Parsing is strict: anything not
exactly of the documented shape is refused with a `VaultFormatError`, so a damaged or
hostile file can never reach the crypto with odd types.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from recordsafe.vault.atomic import atomic_write
from recordsafe.vault.errors import TamperDetected, VaultFormatError, VaultTooNew
from recordsafe.vault.kdf import KEY_BYTES, MAX_FILE_WORK, KdfParams

FORMAT_NAME = "recordsafe-vault"
FORMAT_VERSION = 1
KEYSLOTS_FILE = "keyslots.json"
# Sixteen slots take about 12 KB; anything far larger is refused before it is parsed.
MAX_KEYSLOTS_BYTES = 64 * 1024
MAX_SLOTS = 16
MAC_INFO = b"recordsafe keyslots mac"
NONCE_BYTES = 12
TAG_BYTES = 16
GENESIS_HASH = "0" * 64

SlotKind = Literal["passphrase", "recovery", "custodian", "device"]
SLOT_KINDS: tuple[SlotKind, ...] = ("passphrase", "recovery", "custodian", "device")


@dataclass(frozen=True)
class KeySlot:
    id: str
    kind: SlotKind
    label: str
    created_at: str
    kdf: KdfParams | None  # None for device slots ("kdf": {"name": "none"})
    salt: bytes
    nonce: bytes
    ciphertext: bytes


@dataclass(frozen=True)
class AuditHead:
    count: int = 0
    hash: str = GENESIS_HASH


@dataclass(frozen=True)
class KeyslotsDoc:
    vault_id: str
    slots: tuple[KeySlot, ...]
    audit_head: AuditHead = field(default_factory=AuditHead)
    mac: bytes = b""
    # The canonical bytes the MAC covers, exactly as read from disk (empty for a document
    # built in memory), so unknown fields added by a future writer are still covered.
    signed: bytes = field(default=b"", compare=False, repr=False)

    def slot(self, slot_id: str) -> KeySlot | None:
        return next((s for s in self.slots if s.id == slot_id), None)

    def with_slots(self, slots: tuple[KeySlot, ...]) -> KeyslotsDoc:
        return replace(self, slots=slots, signed=b"")

    def with_head(self, head: AuditHead) -> KeyslotsDoc:
        return replace(self, audit_head=head, signed=b"")


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- wrapping -------------------------------------------------------------------------


def associated_data(vault_id: str, slot_id: str, kind: str) -> bytes:
    return f"recordsafe/v1|{vault_id}|{slot_id}|{kind}".encode()


def wrap_key(
    vault_key: bytes,
    kek: bytes,
    *,
    vault_id: str,
    kind: SlotKind,
    label: str,
    kdf: KdfParams | None,
    salt: bytes,
    nonce: bytes,
    slot_id: str | None = None,
) -> KeySlot:
    """A new slot holding `vault_key` sealed under `kek`."""
    slot_id = slot_id or str(uuid.uuid4())
    sealed = AESGCM(kek).encrypt(nonce, vault_key, associated_data(vault_id, slot_id, kind))
    return KeySlot(slot_id, kind, label, now_utc(), kdf, salt, nonce, sealed)


def unwrap_key(slot: KeySlot, kek: bytes, vault_id: str) -> bytes | None:
    """The vault key, or None when `kek` is not this slot's key (or the slot was altered)."""
    try:
        key = AESGCM(kek).decrypt(
            slot.nonce, slot.ciphertext, associated_data(vault_id, slot.id, slot.kind)
        )
    except InvalidTag:
        return None
    return key if len(key) == KEY_BYTES else None


# --- MAC ------------------------------------------------------------------------------


def mac_key(vault_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=MAC_INFO).derive(vault_key)


def canonical_bytes(document: dict[str, Any]) -> bytes:
    body = {k: v for k, v in document.items() if k != "mac"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def compute_mac(doc: KeyslotsDoc, vault_key: bytes) -> bytes:
    signed = doc.signed or canonical_bytes(to_json(doc))
    return hmac.new(mac_key(vault_key), signed, hashlib.sha256).digest()


def verify_mac(doc: KeyslotsDoc, vault_key: bytes) -> None:
    if not hmac.compare_digest(compute_mac(doc, vault_key), doc.mac):
        raise TamperDetected(
            "The vault's key file (keyslots.json) has been altered since RecordSafe last "
            "wrote it. Your records may still be intact; restore keyslots.json from a "
            "backup or contact support before making changes."
        )


def seal(doc: KeyslotsDoc, vault_key: bytes) -> KeyslotsDoc:
    unsigned = replace(doc, signed=b"")
    return replace(unsigned, mac=compute_mac(unsigned, vault_key))


# --- JSON form ------------------------------------------------------------------------


def slot_to_json(slot: KeySlot) -> dict[str, Any]:
    kdf: dict[str, Any]
    if slot.kdf is None:
        kdf = {"name": "none"}
    else:
        kdf = {
            "name": "argon2id",
            "version": 19,
            "time_cost": slot.kdf.time_cost,
            "memory_kib": slot.kdf.memory_kib,
            "parallelism": slot.kdf.parallelism,
            "salt": _b64(slot.salt),
        }
    return {
        "id": slot.id,
        "kind": slot.kind,
        "label": slot.label,
        "created_at": slot.created_at,
        "kdf": kdf,
        "wrap": {
            "name": "aes-256-gcm",
            "nonce": _b64(slot.nonce),
            "ciphertext": _b64(slot.ciphertext),
        },
    }


def to_json(doc: KeyslotsDoc) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "vault_id": doc.vault_id,
        "slots": [slot_to_json(s) for s in doc.slots],
        "audit_head": {"count": doc.audit_head.count, "hash": doc.audit_head.hash},
    }
    if doc.mac:
        document["mac"] = _b64(doc.mac)
    return document


def serialize(doc: KeyslotsDoc) -> bytes:
    return (json.dumps(to_json(doc), indent=2, sort_keys=True) + "\n").encode("utf-8")


# --- strict parsing -------------------------------------------------------------------


def _bad(detail: str) -> VaultFormatError:
    return VaultFormatError(f"The vault's key file (keyslots.json) is damaged: {detail}.")


def _too_costly(detail: str) -> VaultFormatError:
    return VaultFormatError(
        f"The vault's key file (keyslots.json) asks for far more work to unlock than "
        f"RecordSafe ever sets ({detail}), so RecordSafe did not try it: the file may have "
        "been altered. Restore keyslots.json from a backup."
    )


def _field(obj: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = obj.get(name)
    # bool is an int in Python; a key file never uses booleans, so refuse them here.
    if not isinstance(value, kind) or isinstance(value, bool):
        raise _bad(f"{where}: '{name}' is missing or of the wrong type")
    return value


def _b64field(obj: dict[str, Any], name: str, where: str, size: int | None = None) -> bytes:
    text = _field(obj, name, str, where)
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise _bad(f"{where}: '{name}' is not valid base64") from None
    # Only the canonical spelling: unused padding bits could otherwise be altered unseen.
    if _b64(data) != text:
        raise _bad(f"{where}: '{name}' is not valid base64")
    if size is not None and len(data) != size:
        raise _bad(f"{where}: '{name}' has the wrong length")
    return data


def _uuid(text: str, where: str) -> str:
    try:
        parsed = uuid.UUID(text)
    except ValueError:
        raise _bad(f"{where} is not a valid identifier") from None
    if str(parsed) != text:
        raise _bad(f"{where} is not a valid identifier")
    return text


def _parse_kdf(obj: dict[str, Any], kind: str, where: str) -> tuple[KdfParams | None, bytes]:
    kdf = _field(obj, "kdf", dict, where)
    name = _field(kdf, "name", str, f"{where} kdf")
    if kind == "device":
        if name != "none":
            raise _bad(f"{where}: a device slot must have kdf 'none'")
        return None, b""
    if name != "argon2id" or kdf.get("version") != 19:
        raise _bad(f"{where}: unknown key derivation '{name}'")
    params = KdfParams(
        time_cost=_field(kdf, "time_cost", int, f"{where} kdf"),
        memory_kib=_field(kdf, "memory_kib", int, f"{where} kdf"),
        parallelism=_field(kdf, "parallelism", int, f"{where} kdf"),
    )
    # Bounds keep a hostile file from making unlock take hours or all memory (kdf.py).
    if not params.within_read_bounds():
        raise _too_costly(f"{where}: key derivation cost out of range")
    salt = _b64field(kdf, "salt", f"{where} kdf")
    if not 8 <= len(salt) <= 64:
        raise _bad(f"{where}: salt has the wrong length")
    return params, salt


def _parse_slot(obj: Any, index: int) -> KeySlot:
    where = f"slot {index + 1}"
    if not isinstance(obj, dict):
        raise _bad(f"{where} is not an object")
    slot_id = _uuid(_field(obj, "id", str, where), f"{where} id")
    kind = _field(obj, "kind", str, where)
    if kind not in SLOT_KINDS:
        raise _bad(f"{where}: unknown slot kind")
    label = _field(obj, "label", str, where)
    created_at = _field(obj, "created_at", str, where)
    params, salt = _parse_kdf(obj, kind, where)
    wrap = _field(obj, "wrap", dict, where)
    if wrap.get("name") != "aes-256-gcm":
        raise _bad(f"{where}: unknown key wrap")
    nonce = _b64field(wrap, "nonce", f"{where} wrap", NONCE_BYTES)
    ciphertext = _b64field(wrap, "ciphertext", f"{where} wrap", KEY_BYTES + TAG_BYTES)
    return KeySlot(slot_id, kind, label, created_at, params, salt, nonce, ciphertext)


def parse(data: bytes) -> KeyslotsDoc:
    """Strictly parse keyslots.json bytes; `VaultFormatError`/`VaultTooNew` on anything off."""
    if not data.strip():
        raise _bad("the file is empty")
    try:
        document = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        # ValueError covers bad UTF-8, bad JSON and integers over Python's digit limit.
        raise _bad("it is not valid JSON (it may be truncated)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise VaultFormatError("This folder does not hold a RecordSafe vault key file.")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _bad("its version is missing")
    if version > FORMAT_VERSION:
        raise VaultTooNew(
            f"This vault was made by a newer version of RecordSafe (format {version}). "
            "Update RecordSafe to open it; the vault has not been changed."
        )
    vault_id = _uuid(_field(document, "vault_id", str, "header"), "the vault id")
    raw_slots = _field(document, "slots", list, "header")
    if len(raw_slots) > MAX_SLOTS:
        raise _too_costly(f"{len(raw_slots)} slots; at most {MAX_SLOTS} are accepted")
    slots = tuple(_parse_slot(obj, i) for i, obj in enumerate(raw_slots))
    # Each slot alone within bounds, yet all of them tried in turn at one unlock.
    if sum(s.kdf.work for s in slots if s.kdf is not None) > MAX_FILE_WORK:
        raise _too_costly("its slots together: key derivation cost out of range")
    if len({s.id for s in slots}) != len(slots):
        raise _bad("two slots share an id")
    head_obj = _field(document, "audit_head", dict, "header")
    count = _field(head_obj, "count", int, "audit head")
    head_hash = _field(head_obj, "hash", str, "audit head")
    if count < 0 or len(head_hash) != 64 or any(c not in "0123456789abcdef" for c in head_hash):
        raise _bad("the audit head is malformed")
    mac = _b64field(document, "mac", "header", 32)
    return KeyslotsDoc(vault_id, slots, AuditHead(count, head_hash), mac, canonical_bytes(document))


def read(folder: Path) -> KeyslotsDoc:
    path = folder / KEYSLOTS_FILE
    try:
        # Not opened unless a regular file: a FIFO put in its place would block forever.
        if path.exists() and not path.is_file():
            raise _bad("it is not a regular file")
        with path.open("rb") as handle:
            data = handle.read(MAX_KEYSLOTS_BYTES + 1)
    except FileNotFoundError:
        raise VaultFormatError(
            "This folder has no keyslots.json, so it is not a RecordSafe vault or its key "
            "file was deleted. Restore the vault from a backup."
        ) from None
    except OSError as exc:
        raise VaultFormatError(f"Could not read the vault's key file: {exc.strerror}.") from None
    if len(data) > MAX_KEYSLOTS_BYTES:
        raise _bad("it is far larger than any real key file")
    return parse(data)


def write(folder: Path, doc: KeyslotsDoc) -> None:
    atomic_write(folder / KEYSLOTS_FILE, serialize(doc), what="save the vault's key file")
