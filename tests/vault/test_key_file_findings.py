"""Key-file findings that stay until reviewed, rollback of keyslots.json, and what verify
reports besides (issue 14: "tamper findings vanish after one unlock", "rollback")."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from recordsafe import cli
from recordsafe.vault import CreatedVault, VaultSession, WrongSecret
from tests.conftest import PASSPHRASE
from tests.vault.helpers import (
    audit_actions,
    keyslots_json,
    raw_db,
    reopen,
    write_keyslots_json,
)

NEW_PASSPHRASE = "cobalt meadow drifting 19 violin"


def add_unknown_slot(folder: Path) -> str:
    """A passphrase slot nobody made through RecordSafe (a copy under a new id)."""
    document = keyslots_json(folder)
    slot = copy.deepcopy(document["slots"][0])
    slot["id"] = "0b7a9c1e-4f3d-4a2b-9c8d-7e6f5a4b3c2d"
    slot["label"] = "Spare"
    document["slots"].append(slot)
    write_keyslots_json(folder, document)
    return str(slot["id"])


def cli_verify(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    cli.main(["verify", str(folder), "--passphrase-file", str(secret)])
    out, _ = capsys.readouterr()
    return out


def test_an_edited_key_file_stays_a_finding_until_reviewed(
    created: CreatedVault,
    vault_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(cli.TEST_KDF_ENV, "1")
    created.session.lock()
    unknown = add_unknown_slot(vault_path)
    first = cli_verify(vault_path, tmp_path, capsys)
    assert "key file: FAILED" in first and "“Spare”" in first
    # That unlock re-sealed the key file (the head moved on), unknown slot included...
    session = reopen(vault_path)
    session.set_setting("practice_name", "Written since")
    session.lock()
    # ...yet the second verify still says what was found, and names the slot.
    second = cli_verify(vault_path, tmp_path, capsys)
    assert "All checks passed" not in second
    assert "found at unlock: FAILED" in second and "“Spare”" in second
    assert "recorded in the audit log: FAILED" in second
    session = reopen(vault_path)
    try:
        assert session.integrity_findings  # shown in the window at every unlock
        # Our own re-sealing since is not mistaken for an older copy put back, and the
        # same finding is not recorded again at every unlock.
        assert not any("older copy" in f for f in session.integrity_findings)
        recorded = [a for a in audit_actions(session) if a == "integrity_problem"]
        assert len(recorded) == 1
        assert session.unvouched_slots == (unknown,)
        session.remove_slot(unknown)
        session.review_findings()
        assert session.verify().ok
    finally:
        session.lock()
    assert "All checks passed" in cli_verify(vault_path, tmp_path, capsys)
    again = reopen(vault_path)
    try:
        assert again.integrity_findings == []
    finally:
        again.lock()


def test_a_slot_kept_through_a_passphrase_change_is_still_unvouched(
    created: CreatedVault, vault_path: Path
) -> None:
    """A later key change must not vouch for a slot nobody has reviewed."""
    created.session.lock()
    unknown = add_unknown_slot(vault_path)
    session = reopen(vault_path)
    try:
        session.change_passphrase(NEW_PASSPHRASE)
    finally:
        session.lock()
    session = reopen(vault_path, NEW_PASSPHRASE)
    try:
        assert session.unvouched_slots == (unknown,)
        assert not session.verify().ok
    finally:
        session.lock()


@pytest.mark.parametrize("change", ["passphrase", "recovery code"])
def test_an_older_key_file_put_back_is_reported(
    created: CreatedVault, vault_path: Path, tmp_path: Path, change: str
) -> None:
    session = created.session
    old_code = created.recovery_code
    session.lock()
    old_file = tmp_path / "keyslots-before.json"
    shutil.copyfile(vault_path / "keyslots.json", old_file)
    session = reopen(vault_path)
    if change == "passphrase":
        session.change_passphrase(NEW_PASSPHRASE)
    else:
        session.new_recovery_code()
        session.recovery_code_shown()
    session.lock()
    shutil.copyfile(old_file, vault_path / "keyslots.json")  # a lost kit's code "works again"
    rolled_back = (
        reopen(vault_path)
        if change == "passphrase"
        else reopen(vault_path, old_code, kinds=("recovery",))
    )
    try:
        findings = " ".join(rolled_back.integrity_findings)
        assert "not the one RecordSafe last wrote" in findings
        assert "older copy" in findings
        report = rolled_back.verify()
        assert not report.ok
        assert report.checks["key file"]  # the slots it should not hold, named
        assert any("older copy" in p for p in report.checks["found at unlock"])
    finally:
        rolled_back.lock()


def test_a_new_key_file_is_no_finding(created: CreatedVault, vault_path: Path) -> None:
    session = created.session
    session.change_passphrase(NEW_PASSPHRASE)
    session.new_recovery_code()
    session.add_code_slot("custodian", "Dr. Lee")
    session.lock()
    again = reopen(vault_path, NEW_PASSPHRASE)
    try:
        assert again.integrity_findings == []
        assert again.verify().ok
    finally:
        again.lock()
    with pytest.raises(WrongSecret):
        reopen(vault_path)


def test_verify_names_a_dropped_audit_trigger(created: CreatedVault, vault_path: Path) -> None:
    key = created.session.key_for_backup()
    created.session.lock()
    with raw_db(vault_path, key) as conn:
        conn.execute("DROP TRIGGER audit_log_no_delete")
    session: VaultSession = reopen(vault_path)
    try:
        report = session.verify()
        assert not report.ok
        assert any("audit_log_no_delete" in p for p in report.checks["audit triggers"])
    finally:
        session.lock()
