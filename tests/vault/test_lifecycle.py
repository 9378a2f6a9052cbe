"""Create, open, lock, change secrets, recover, remember on device, rotate: the happy paths."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import keyring
import pytest

from recordsafe.vault import (
    TEST_PARAMS,
    CreatedVault,
    SlotError,
    VaultError,
    VaultSession,
    WrongSecret,
    create_vault,
    device_keys,
    is_vault_folder,
    open_vault,
    open_with_device,
    recover,
    remembered_on_device,
    rotate_key,
)
from tests.conftest import PASSPHRASE
from tests.keyrings import LockedKeyring, MemoryKeyring
from tests.vault.helpers import audit_actions, key_opens_db, reopen

NEW_PASSPHRASE = "copper meadow violin 77 tundra"


def test_create_open_lock_round_trip(created: CreatedVault, vault_path: Path) -> None:
    session = created.session
    assert is_vault_folder(vault_path)
    assert session.is_open and session.name == "Practice"
    session.set_setting("practice_name", "Test practice")
    vault_id = session.vault_id
    session.lock()
    assert not session.is_open
    session.lock()  # twice is fine
    with pytest.raises(VaultError, match="locked"):
        session.record("viewed")
    again = reopen(vault_path)
    try:
        assert again.vault_id == vault_id
        assert again.get_setting("practice_name") == "Test practice"
        assert again.integrity_findings == []
        assert again.verify().ok, again.verify().lines()
        assert audit_actions(again)[-1] == "unlocked"
    finally:
        again.lock()


def test_lock_zeroes_the_key(session: VaultSession) -> None:
    buffer = session._key
    assert any(buffer)
    session.lock()
    assert not any(buffer)


def test_change_passphrase_rewraps_only(created: CreatedVault, vault_path: Path) -> None:
    session = created.session
    key = session.key_for_backup()
    db_file = vault_path / "vault.db"
    inode = db_file.stat().st_ino
    # SQLCipher's per-file salt (the first 16 bytes) changes with any re-encryption.
    salt = db_file.read_bytes()[:16]
    session.change_passphrase(NEW_PASSPHRASE)
    assert session.key_for_backup() == key
    session.lock()
    assert db_file.stat().st_ino == inode
    assert db_file.read_bytes()[:16] == salt
    assert key_opens_db(vault_path, key)
    with pytest.raises(WrongSecret):
        reopen(vault_path, PASSPHRASE)
    again = reopen(vault_path, NEW_PASSPHRASE)
    try:
        assert "passphrase_changed" in audit_actions(again)
        assert again.key_for_backup() == key
    finally:
        again.lock()


@pytest.mark.parametrize(
    "spelling",
    [
        lambda c: c,
        lambda c: c.lower(),
        lambda c: c.replace("-", ""),
        lambda c: c.replace("-", " "),
        lambda c: "  " + c.lower().replace("-", " - ") + " ",
    ],
    ids=["as-printed", "lowercase", "no-dashes", "spaces", "mixed"],
)
def test_recover_with_code_in_any_spelling(
    created: CreatedVault, vault_path: Path, spelling: object
) -> None:
    created.session.lock()
    code = spelling(created.recovery_code)  # type: ignore[operator]
    session = recover(vault_path, code, NEW_PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert session.slot.kind == "recovery"
        assert "recovered_with_code" in audit_actions(session)
    finally:
        session.lock()
    with pytest.raises(WrongSecret):
        reopen(vault_path, PASSPHRASE)
    reopen(vault_path, NEW_PASSPHRASE).lock()


def test_recover_refuses_a_wrong_or_malformed_code(created: CreatedVault, vault_path: Path) -> None:
    created.session.lock()
    with pytest.raises(WrongSecret, match="28 letters"):
        recover(vault_path, "not a code", NEW_PASSPHRASE, kdf=TEST_PARAMS)
    other = "0000-0000-0000-0000-0000-0000-0000"
    with pytest.raises(WrongSecret, match="code does not open"):
        recover(vault_path, other, NEW_PASSPHRASE, kdf=TEST_PARAMS)
    reopen(vault_path).lock()  # nothing changed


def test_new_recovery_code_revokes_the_old(created: CreatedVault, vault_path: Path) -> None:
    new_code = created.session.new_recovery_code()
    assert [s.kind for s in created.session.slots].count("recovery") == 1
    created.session.lock()
    with pytest.raises(WrongSecret):
        reopen(vault_path, created.recovery_code, kinds=("recovery",))
    reopen(vault_path, new_code, kinds=("recovery",)).lock()


def test_remove_slot_never_removes_the_last_passphrase(session: VaultSession) -> None:
    only = next(s for s in session.slots if s.kind == "passphrase")
    with pytest.raises(SlotError, match="only passphrase"):
        session.remove_slot(only.id)
    second = session.add_passphrase(NEW_PASSPHRASE, "Spare")
    session.remove_slot(only.id)
    assert [s.id for s in session.slots if s.kind == "passphrase"] == [second.id]
    with pytest.raises(SlotError, match="only passphrase"):
        session.remove_slot(second.id)
    with pytest.raises(SlotError, match="no longer exists"):
        session.remove_slot(only.id)


def test_custodian_slot_opens_as_custodian(session: VaultSession, vault_path: Path) -> None:
    slot, code = session.add_code_slot("custodian", "Dr. Custodian")
    session.lock()
    custodian = reopen(vault_path, code, kinds=("custodian",))
    try:
        assert custodian.is_custodian and custodian.slot.id == slot.id
        with pytest.raises(VaultError, match="custodian cannot"):
            custodian.change_passphrase(NEW_PASSPHRASE)
    finally:
        custodian.lock()


def test_device_slot_opens_with_memory_keyring(
    session: VaultSession, vault_path: Path, memory_keyring: MemoryKeyring
) -> None:
    assert device_keys.status().available
    assert session.remember_on_device("This laptop")
    assert (device_keys.SERVICE, f"{session.vault_id}/{session.slots[-1].id}") in (
        memory_keyring.store
    )
    session.lock()
    assert remembered_on_device(vault_path)
    device_session = open_with_device(vault_path, kdf=TEST_PARAMS)
    assert device_session is not None
    try:
        assert device_session.slot.kind == "device"
        assert device_session.verify().ok
    finally:
        device_session.lock()


@pytest.mark.usefixtures("no_keyring")
def test_no_keyring_means_remember_returns_false(session: VaultSession, vault_path: Path) -> None:
    assert not device_keys.status().available
    before = session.slots
    assert session.remember_on_device("This laptop") is False
    assert session.slots == before
    session.lock()
    assert not remembered_on_device(vault_path)
    assert open_with_device(vault_path) is None


def test_locked_keyring_returns_none(session: VaultSession, vault_path: Path) -> None:
    assert session.remember_on_device("This laptop")
    session.lock()
    keyring.set_keyring(LockedKeyring())
    assert open_with_device(vault_path) is None
    assert not remembered_on_device(vault_path)
    # Remembering again fails quietly too.
    again = reopen(vault_path)
    try:
        before = again.slots
        assert again.remember_on_device("Other") is False
        assert again.slots == before
    finally:
        again.lock()


def test_keyring_entry_deleted_returns_none(
    session: VaultSession, vault_path: Path, memory_keyring: MemoryKeyring
) -> None:
    assert session.remember_on_device("This laptop")
    session.lock()
    memory_keyring.store.clear()
    assert open_with_device(vault_path) is None


def test_keyring_entry_replaced_returns_none(
    session: VaultSession, vault_path: Path, memory_keyring: MemoryKeyring
) -> None:
    assert session.remember_on_device("This laptop")
    session.lock()
    for entry in memory_keyring.store:
        memory_keyring.store[entry] = "AAAA" * 11  # 33 bytes of zeros: wrong length
    assert open_with_device(vault_path) is None
    for entry in memory_keyring.store:
        memory_keyring.store[entry] = base64.b64encode(os.urandom(32)).decode()
    assert open_with_device(vault_path) is None


def test_removing_a_device_slot_forgets_the_keyring_entry(
    session: VaultSession, memory_keyring: MemoryKeyring
) -> None:
    assert session.remember_on_device("This laptop")
    device = session.slots[-1]
    session.remove_slot(device.id)
    assert memory_keyring.store == {}


def test_rotate_key(created: CreatedVault, vault_path: Path, memory_keyring: MemoryKeyring) -> None:
    session = created.session
    session.set_setting("practice_name", "Kept")
    assert session.remember_on_device("This laptop")
    session.add_code_slot("custodian", "Dr. Custodian")
    device_id = session.slots[-2].id
    old_key = session.key_for_backup()
    entries_before = len(audit_actions(session))
    with pytest.raises(WrongSecret):
        rotate_key(session, "wrong wrong wrong wrong")
    assert session.is_open  # a typo does not lock the practitioner out
    rotated = rotate_key(session, PASSPHRASE)
    new = rotated.session
    try:
        assert not session.is_open and new.is_open
        assert rotated.dropped == ("Dr. Custodian",)
        assert {s.kind for s in new.slots} == {"passphrase", "recovery", "device"}
        assert any(s.id == device_id for s in new.slots)
        new_key = new.key_for_backup()
        assert new_key != old_key
        assert new.get_setting("practice_name") == "Kept"
        actions = audit_actions(new)
        assert len(actions) > entries_before
        assert actions[-2:] == ["unlocked", "key_rotated"]
        assert new.verify().ok, new.verify().lines()
    finally:
        new.lock()
    assert not key_opens_db(vault_path, old_key)
    assert not list(vault_path.glob("*.rotating"))
    with pytest.raises(WrongSecret):
        reopen(vault_path, created.recovery_code, kinds=("recovery",))
    reopen(vault_path, rotated.recovery_code, kinds=("recovery",)).lock()
    device_session = open_with_device(vault_path, kdf=TEST_PARAMS)
    assert device_session is not None
    device_session.lock()


def test_wrong_passphrase_is_noted_then_audited(created: CreatedVault, vault_path: Path) -> None:
    created.session.lock()
    for _ in range(2):
        with pytest.raises(WrongSecret, match="does not open this vault"):
            reopen(vault_path, "not the passphrase at all")
    assert (vault_path / "failed_unlocks.json").exists()
    session = reopen(vault_path)
    try:
        actions = audit_actions(session)
        assert actions.count("unlock_failed") == 2
        assert actions[-1] == "unlocked"
        assert not (vault_path / "failed_unlocks.json").exists()
    finally:
        session.lock()


@pytest.mark.parametrize(
    ("passphrase", "message"),
    [
        ("", "Enter a passphrase"),
        ("short", "at least"),
        ("aaaaaaaaaaaaaaaa", "too easy"),
        ("password1234", "too easy"),
        (" harbour lantern quietly 42 mosaic", "space"),
    ],
)
def test_create_refuses_weak_passphrases(tmp_path: Path, passphrase: str, message: str) -> None:
    folder = tmp_path / "Weak.rsvault"
    with pytest.raises(VaultError, match=message):
        create_vault(folder, passphrase, kdf=TEST_PARAMS)
    assert not folder.exists()


def test_create_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "Busy.rsvault"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(VaultError, match="not empty"):
        create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    assert (folder / "notes.txt").read_text() == "keep me"


def test_open_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(VaultError, match="no vault"):
        open_vault(tmp_path / "Nowhere.rsvault", PASSPHRASE, kdf=TEST_PARAMS)
