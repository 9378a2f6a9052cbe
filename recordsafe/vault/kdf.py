"""Argon2id key derivation: parameters, secret normalisation and calibration.

Parameters travel with each key slot, so a vault made on a fast desktop still opens on
a slow laptop, and a slot rewritten on new hardware gets parameters fitted to it.
"""

from __future__ import annotations

import os
import time
import unicodedata
from dataclasses import dataclass

from argon2.low_level import ARGON2_VERSION, Type, hash_secret_raw

from recordsafe.vault.errors import VaultError

KEY_BYTES = 32
SALT_BYTES = 16
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_TIME_COST = 3
DEFAULT_PARALLELISM = 4
# Unlock must stay under a second on a two-core laptop, so aim below it.
TARGET_SECONDS = 0.5
# Calibration's ceiling: 32 passes over 64 MiB take 0.5 s only on a machine about three
# times faster than a 2-core laptop (0.04 s per pass there).
MAX_TIME_COST = 32

# What a reader accepts from a key file, checked before any derivation runs (a hostile
# file must not make unlock take hours or all memory). Work is passes x KiB. The app
# writes at most MAX_TIME_COST x FLOOR_MEMORY_KIB per slot: half the per-slot bound.
MAX_READ_TIME_COST = 256
MAX_READ_MEMORY_KIB = 1024 * 1024  # 1 GiB, 16 times the floor the app writes
MAX_READ_PARALLELISM = 16
MAX_SLOT_WORK = 2 * MAX_TIME_COST * FLOOR_MEMORY_KIB  # about 2.5 s on that laptop
MAX_FILE_WORK = 4 * MAX_SLOT_WORK  # every slot of one file together: about 10 s there


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters as stored in a slot's `kdf` object."""

    time_cost: int = FLOOR_TIME_COST
    memory_kib: int = FLOOR_MEMORY_KIB
    parallelism: int = DEFAULT_PARALLELISM

    def meets_floor(self) -> bool:
        return self.time_cost >= FLOOR_TIME_COST and self.memory_kib >= FLOOR_MEMORY_KIB

    @property
    def work(self) -> int:
        """Passes times KiB: what one derivation costs, roughly, in time and memory."""
        return self.time_cost * self.memory_kib

    def within_read_bounds(self) -> bool:
        return (
            1 <= self.time_cost <= MAX_READ_TIME_COST
            and 8 <= self.memory_kib <= MAX_READ_MEMORY_KIB
            and 1 <= self.parallelism <= MAX_READ_PARALLELISM
            and self.memory_kib >= 8 * self.parallelism  # Argon2's own minimum
            and self.work <= MAX_SLOT_WORK
        )


# Cheap parameters for tests only; the app and CLI never pass these.
TEST_PARAMS = KdfParams(time_cost=1, memory_kib=8, parallelism=1)


def normalize_passphrase(passphrase: str) -> bytes:
    """NFC so that the same passphrase typed on another keyboard or OS matches."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def normalize_code(code: str) -> bytes:
    """Recovery and custodian codes: case, spaces and dashes do not matter."""
    cleaned = "".join(ch for ch in code.upper() if ch not in " -\t\r\n")
    return unicodedata.normalize("NFC", cleaned).encode("utf-8")


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive_key(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    """The 32-byte key-encryption key for one slot."""
    return hash_secret_raw(
        secret=secret,
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
        version=ARGON2_VERSION,
    )


def _available_memory_kib() -> int | None:
    """Free memory, where the platform tells us cheaply; None when it does not."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Raise the pass count until one derivation takes about `target_seconds`.

    Memory stays at the 64 MiB floor (more memory would make a small laptop swap) unless
    less than that is free, which is an error: the floor is never lowered.
    """
    available = _available_memory_kib()
    memory = FLOOR_MEMORY_KIB
    if available is not None and memory > available * 3 // 4:
        raise VaultError(
            "This computer has too little free memory to protect the vault key safely "
            "(64 MiB are needed). Close other programs and try again."
        )
    params = KdfParams(FLOOR_TIME_COST, memory, DEFAULT_PARALLELISM)
    salt = new_salt()
    started = time.perf_counter()
    derive_key(b"calibration", salt, params)
    per_pass = (time.perf_counter() - started) / params.time_cost
    if per_pass <= 0:
        return params
    wanted = int(target_seconds / per_pass)
    time_cost = max(FLOOR_TIME_COST, min(MAX_TIME_COST, wanted))
    return KdfParams(time_cost, memory, DEFAULT_PARALLELISM)
