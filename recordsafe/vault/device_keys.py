"""Device secrets in the OS keyring, for "Remember on this computer".

Vorta's lesson: try the keyring, and when it is missing, locked, or raises, fall back
to asking for the passphrase with a message, never a crash and never a plaintext file.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

SERVICE = "RecordSafe"


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    reason: str  # why not, in plain words, when unavailable


def _backend() -> object | None:
    try:
        import keyring  # noqa: PLC0415 (imported late: slow, and may be absent)
        from keyring.backends import fail  # noqa: PLC0415
    except Exception:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring):
        return None
    # keyring's priority < 1 marks backends that are not secure stores (e.g. plaintext).
    priority = getattr(backend, "priority", 0)
    if not isinstance(priority, int | float) or priority < 1:
        return None
    return backend


def status() -> KeyringStatus:
    if _backend() is None:
        return KeyringStatus(
            False,
            "No secure system keyring was found on this computer, so RecordSafe cannot "
            "remember the vault here. You will type your passphrase (or code) each time.",
        )
    return KeyringStatus(True, "")


def _user(vault_id: str, slot_id: str) -> str:
    return f"{vault_id}/{slot_id}"


def store(vault_id: str, slot_id: str, secret: bytes) -> bool:
    """Keep `secret` in the keyring; False (never an exception) when that fails."""
    backend = _backend()
    if backend is None:
        return False
    try:
        backend.set_password(  # type: ignore[attr-defined]
            SERVICE, _user(vault_id, slot_id), base64.b64encode(secret).decode("ascii")
        )
    except Exception:
        return False
    return True


def load(vault_id: str, slot_id: str) -> bytes | None:
    """The secret for this slot, or None when the keyring is absent, locked or changed."""
    backend = _backend()
    if backend is None:
        return None
    try:
        value = backend.get_password(SERVICE, _user(vault_id, slot_id))  # type: ignore[attr-defined]
    except Exception:
        return None
    if not isinstance(value, str):
        return None
    try:
        secret = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    return secret if len(secret) == 32 else None


def forget(vault_id: str, slot_id: str) -> None:
    backend = _backend()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, _user(vault_id, slot_id))  # type: ignore[attr-defined]
    except Exception:  # noqa: S110 (nothing to forget is fine)
        pass
