"""A key file cannot make unlock take hours or all memory: its cost is bounded before any
key derivation runs (issue 14, "a key file can stall unlock for hours")."""

from __future__ import annotations

import copy
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest

from recordsafe.vault import CreatedVault, VaultFormatError, keyslots
from recordsafe.vault.kdf import (
    DEFAULT_PARALLELISM,
    FLOOR_MEMORY_KIB,
    MAX_FILE_WORK,
    MAX_SLOT_WORK,
    MAX_TIME_COST,
    KdfParams,
)
from tests.vault.helpers import keyslots_json, reopen, write_keyslots_json

GIB_KIB = 1024 * 1024


@pytest.fixture
def closed(created: CreatedVault, vault_path: Path) -> dict[str, Any]:
    created.session.lock()
    return keyslots_json(vault_path)


def with_costly_copies(document: dict[str, Any], count: int, **kdf: int) -> dict[str, Any]:
    """`count` more passphrase slots like the first, each with the given KDF costs."""
    document = copy.deepcopy(document)
    for _ in range(count):
        slot = copy.deepcopy(document["slots"][0])
        slot["id"] = str(uuid.uuid4())
        slot["kdf"].update(kdf)
        document["slots"].insert(0, slot)
    return document


def refused(document: dict[str, Any]) -> str:
    with pytest.raises(VaultFormatError) as info:
        keyslots.parse(json.dumps(document).encode())
    return info.value.message


def test_the_reported_key_file_is_refused_before_any_derivation(closed: dict[str, Any]) -> None:
    """The issue's file: three slots asking for 4 GiB and 4 passes (48 s and 4 GiB)."""
    message = refused(with_costly_copies(closed, 3, memory_kib=4 * GIB_KIB, time_cost=4))
    assert "did not try it" in message and "Restore keyslots.json" in message


def test_one_slot_of_a_gibibyte_and_many_passes_is_refused(closed: dict[str, Any]) -> None:
    refused(with_costly_copies(closed, 1, memory_kib=GIB_KIB, time_cost=16))
    refused(with_costly_copies(closed, 1, time_cost=1000))
    refused(with_costly_copies(closed, 1, parallelism=64, memory_kib=FLOOR_MEMORY_KIB))


def test_many_slots_each_within_bounds_are_refused_together(closed: dict[str, Any]) -> None:
    passes = MAX_SLOT_WORK // FLOOR_MEMORY_KIB  # each slot exactly at the per-slot bound
    count = MAX_FILE_WORK // MAX_SLOT_WORK + 1
    message = refused(
        with_costly_copies(closed, count, time_cost=passes, memory_kib=FLOOR_MEMORY_KIB)
    )
    assert "slots together" in message


def test_more_slots_than_any_vault_has_are_refused(closed: dict[str, Any]) -> None:
    message = refused(with_costly_copies(closed, keyslots.MAX_SLOTS))
    assert f"at most {keyslots.MAX_SLOTS}" in message


def test_an_oversize_key_file_is_refused_unparsed(closed: dict[str, Any], vault_path: Path) -> None:
    document = copy.deepcopy(closed)
    document["padding"] = "x" * keyslots.MAX_KEYSLOTS_BYTES
    write_keyslots_json(vault_path, document)
    with pytest.raises(VaultFormatError, match="far larger than any real key file"):
        reopen(vault_path)


def test_unlock_refuses_with_a_plain_message(closed: dict[str, Any], vault_path: Path) -> None:
    write_keyslots_json(vault_path, with_costly_copies(closed, 3, memory_kib=4 * GIB_KIB))
    with pytest.raises(VaultFormatError, match="asks for far more work to unlock"):
        reopen(vault_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_in_place_of_the_key_file_is_refused(
    created: CreatedVault, vault_path: Path
) -> None:
    created.session.lock()
    (vault_path / "keyslots.json").unlink()
    os.mkfifo(vault_path / "keyslots.json")
    with pytest.raises(VaultFormatError, match="not a regular file"):
        reopen(vault_path)


def test_calibrated_slots_stay_well_inside_the_bounds() -> None:
    """The most the app ever writes: calibration's ceiling at the memory floor."""
    most = KdfParams(MAX_TIME_COST, FLOOR_MEMORY_KIB, DEFAULT_PARALLELISM)
    assert most.within_read_bounds()
    assert 2 * most.work <= MAX_SLOT_WORK
    # A vault with a passphrase, a recovery code, two custodians and four more
    # passphrases, every one written at that ceiling, still opens.
    assert 8 * most.work <= MAX_FILE_WORK
