"""Designating, replacing and revoking custodians; custodian mode and what it may not do."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from recordsafe.closure import custodian, custodian_kit
from recordsafe.closure.errors import ClosureError
from recordsafe.disclosure import consents
from recordsafe.records import notes
from recordsafe.vault import (
    TEST_PARAMS,
    ReadOnlyVault,
    SlotError,
    VaultSession,
    WrongSecret,
    open_vault,
)
from recordsafe.vault.backup import set_backup_dir
from tests.closure.conftest import CUSTODIAN_FORM, TODAY, Practice, as_custodian
from tests.conftest import PASSPHRASE


def test_designate_adds_a_custodian_slot_and_a_record(session: VaultSession) -> None:
    made = custodian.designate(session, CUSTODIAN_FORM)
    slots = [s for s in session.slots if s.kind == "custodian"]
    assert [s.id for s in slots] == list(made.custodian.slot_ids)
    assert slots[0].label == "Custodian code — Dr Rosa Vega"
    assert custodian.active_custodians(session) == [made.custodian]
    assert custodian.has_working_code(session, made.custodian)


def test_the_form_is_checked(session: VaultSession) -> None:
    with pytest.raises(ClosureError, match="name"):
        custodian.designate(session, replace(CUSTODIAN_FORM, name="  "))
    with pytest.raises(ClosureError, match="reach the custodian"):
        custodian.designate(session, replace(CUSTODIAN_FORM, contact=""))
    assert not [s for s in session.slots if s.kind == "custodian"]


def test_replacing_and_revoking_stop_the_old_code(session: VaultSession) -> None:
    first = custodian.designate(session, CUSTODIAN_FORM)
    alternate = custodian.designate(
        session, replace(CUSTODIAN_FORM, role="alternate", name="Dr Sam Lee")
    )
    second = custodian.designate(session, replace(CUSTODIAN_FORM, name="Dr Kim Ash"))
    assert [c.name for c in custodian.active_custodians(session)] == ["Dr Kim Ash", "Dr Sam Lee"]
    folder = session.folder
    present = {s.id for s in session.slots}
    assert not present & set(first.custodian.slot_ids)
    reprint = custodian.new_code(session, second.custodian.id)
    assert reprint.code != second.code
    custodian.revoke(session, alternate.custodian.id)
    session.lock()
    for old in (first.code, second.code, alternate.code):
        with pytest.raises(WrongSecret):
            open_vault(folder, old, kinds=("custodian",), kdf=TEST_PARAMS)
    opened = open_vault(folder, reprint.code, kinds=("custodian",), kdf=TEST_PARAMS)
    opened.lock()


def test_wrong_custodian_code_is_refused(session: VaultSession) -> None:
    custodian.designate(session, CUSTODIAN_FORM)
    folder = session.folder
    session.lock()
    with pytest.raises(WrongSecret, match="code does not open"):
        open_vault(folder, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG", kinds=("custodian",))
    # The practitioner's passphrase is not a custodian code either.
    with pytest.raises(WrongSecret):
        open_vault(folder, PASSPHRASE, kinds=("custodian",), kdf=TEST_PARAMS)


def test_custodian_mode_first_unlock_and_own_passphrase(practice: Practice) -> None:
    made = custodian.designate(practice.session, CUSTODIAN_FORM)
    folder = practice.session.folder
    cust = as_custodian(practice.session, made.code)
    try:
        assert cust.is_custodian and cust.actor == "custodian"
        assert custodian.current_custodian(cust) == custodian.get_custodian(cust, made.custodian.id)
        assert custodian.note_unlock(cust) is True
        assert custodian.note_unlock(cust) is False
        with pytest.raises(ClosureError):
            custodian.set_own_passphrase(cust, "short")
        custodian.set_own_passphrase(cust, "lighthouse meadow copper 77 violin")
        assert custodian.has_own_passphrase(cust)
    finally:
        cust.lock()
    again = open_vault(
        folder, "lighthouse meadow copper 77 violin", kinds=("custodian",), kdf=TEST_PARAMS
    )
    try:
        assert again.is_custodian, "the custodian's passphrase must open custodian mode only"
        assert custodian.note_unlock(again) is False
    finally:
        again.lock()
    # The custodian's passphrase never opens the practitioner's mode.
    with pytest.raises(WrongSecret):
        open_vault(folder, "lighthouse meadow copper 77 violin", kdf=TEST_PARAMS)
    back = open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        activity = custodian.custodian_activity(back)
        assert activity.first_unlock_at is not None
        assert activity.by_action["custodian_first_unlock"] == 1
        custodian.acknowledge_activity(back, activity)
        assert custodian.custodian_activity(back).entries == 0
    finally:
        back.lock()


def test_custodian_is_refused_clinical_and_key_changes(practice: Practice) -> None:
    made = custodian.designate(practice.session, CUSTODIAN_FORM)
    draft = practice.notes["ada_draft"]
    cust = as_custodian(practice.session, made.code)
    try:
        with pytest.raises(ReadOnlyVault, match="custodian cannot edit notes"):
            notes.save_draft(cust, draft, body="Changed by the custodian.")
        with pytest.raises(ReadOnlyVault, match="custodian cannot sign notes"):
            notes.sign_note(cust, draft)
        with pytest.raises(ReadOnlyVault, match="remove a key"):
            cust.remove_slot(next(s.id for s in cust.slots if s.kind == "passphrase"))
        with pytest.raises(ReadOnlyVault, match="designate a custodian"):
            custodian.designate(cust, replace(CUSTODIAN_FORM, name="Someone Else"))
        with pytest.raises(ReadOnlyVault, match="revoke a custodian"):
            custodian.revoke(cust, made.custodian.id)
        with pytest.raises(ReadOnlyVault):
            cust.add_passphrase("another strong passphrase 99 words")
        assert notes.open_note(cust, draft).body == "Draft."
    finally:
        cust.lock()


def test_practitioner_cannot_add_a_custodian_passphrase(session: VaultSession) -> None:
    with pytest.raises(ClosureError):
        custodian.set_own_passphrase(session, "lighthouse meadow copper 77 violin")
    with pytest.raises(SlotError):
        session.add_custodian_passphrase("lighthouse meadow copper 77 violin", "x")


def test_handoff_backup_is_verified_with_the_custodian_code(
    session: VaultSession, tmp_path: Path
) -> None:
    made = custodian.designate(session, CUSTODIAN_FORM)
    backups = tmp_path / "backups"
    backups.mkdir()
    set_backup_dir(session, backups)
    result = custodian.handoff_backup(session, backups, made.code)
    assert result.verified, result.problems
    assert custodian.last_handoff_backup(session) == result.file
    bad = custodian.handoff_backup(session, backups, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG")
    assert not bad.verified and bad.problems


def test_kit_holds_the_code_and_the_instructions(session: VaultSession, tmp_path: Path) -> None:
    made = custodian.designate(session, CUSTODIAN_FORM)
    facts = custodian_kit.KitFacts(session.name, session.folder, tmp_path, tmp_path / "b.rsbackup")
    target = tmp_path / "kit.pdf"
    custodian_kit.write_custodian_kit(
        target, made.custodian, made.code, facts, made=date(2026, 1, 2)
    )
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) >= 1
    text = _pdf_text(target)
    assert made.code in text
    assert "Tell every client within 30 days." in text
    with pytest.raises(ValueError):
        custodian_kit.render_custodian_kit(made.custodian, PASSPHRASE, facts)


def _pdf_text(path: Path) -> str:
    import subprocess  # noqa: PLC0415

    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_custodian_cannot_release_around_the_gate(practice: Practice) -> None:
    """A transfer to a successor without the client's consent is blocked, and `disclose`
    refuses a decision that is not all allowed: there is no way around the gate."""
    from datetime import date as _date  # noqa: PLC0415

    from recordsafe.disclosure import gate  # noqa: PLC0415
    from recordsafe.disclosure.errors import DisclosureError  # noqa: PLC0415
    from recordsafe.records import fields  # noqa: PLC0415

    made = custodian.designate(practice.session, CUSTODIAN_FORM)
    cust = as_custodian(practice.session, made.code)
    try:
        request = gate.Request(
            items=(gate.Item("note", practice.notes["ada"]),),
            recipient=gate.Recipient("Dr New Provider"),
            purpose="custodian_transfer",
            requested_by="third_party",
        )
        decision = gate.evaluate(cust, request, today=_date(2026, 11, 26))
        assert not decision.all_allowed
        assert "consent" in decision.items[0].reason
        with pytest.raises(DisclosureError, match="Only allowed items"):
            gate.disclose(cust, request, decision, client_informed=True)
        assert cust.db.scalar("SELECT count(*) FROM disclosures") == 0
        with pytest.raises(ReadOnlyVault, match="client fields"):
            fields.set_field(cust, "pronouns", enabled=True, why="x")
    finally:
        cust.lock()


def test_custodian_records_and_revokes_the_consent_a_transfer_rests_on(
    practice: Practice,
) -> None:
    """Found in review: after closure the custodian could release under a consent but not
    record a new one (transfers need one) nor honour a revocation."""
    made = custodian.designate(practice.session, CUSTODIAN_FORM)
    cust = as_custodian(practice.session, made.code)
    try:
        form = consents.ConsentForm(
            client_id=practice.clients["ben"],
            recipient_name="Dr New Provider",
            purposes=("treatment",),
            signed_on=TODAY,
            disclosing_party="Dr Rosa Vega, records custodian",
            kinds=("progress",),
            expires_on=date(2027, 11, 26),
            states_right_to_revoke=True,
            states_conditioning=True,
            states_redisclosure=True,
        )
        consent_id = consents.record_consent(cust, form, today=TODAY)
        consents.revoke(cust, consent_id, on=TODAY, received_how="letter")
        assert consents.get_consent(cust, consent_id).revoked_on == TODAY
        actors = {
            str(r[0])
            for r in cust.db.execute(
                "SELECT actor FROM audit_log WHERE action IN ('consent_recorded', "
                "'consent_revoked')"
            )
        }
        assert actors == {"custodian"}
    finally:
        cust.lock()


def test_a_revocation_leaves_no_unlinked_custodian_key(session: VaultSession) -> None:
    """Found in review: a crash between writing a custodian's slot and linking it left a
    key no revocation removed."""
    primary = custodian.designate(session, CUSTODIAN_FORM)
    alternate = custodian.designate(
        session, replace(CUSTODIAN_FORM, role="alternate", name="Dr Sam Lee")
    )
    orphan, orphan_code = session.add_code_slot("custodian", "written, never linked")
    custodian.revoke(session, primary.custodian.id)
    left = {s.id for s in session.slots if s.kind == "custodian"}
    assert orphan.id not in left
    assert set(alternate.custodian.slot_ids) <= left  # the alternate still holds a key
    folder = session.folder
    session.lock()
    with pytest.raises(WrongSecret):
        open_vault(folder, orphan_code, kinds=("custodian",), kdf=TEST_PARAMS)
    open_vault(folder, alternate.code, kinds=("custodian",), kdf=TEST_PARAMS).lock()


def test_the_alternates_kit_names_the_custodian_and_paths_break_only_at_a_slash(
    session: VaultSession, tmp_path: Path
) -> None:
    primary = custodian.designate(session, CUSTODIAN_FORM)
    alternate = custodian.designate(
        session,
        custodian.CustodianForm(
            role="alternate", name="Dr Kim Ash", contact="555-0177", instructions="Same."
        ),
    )
    drive = tmp_path / "Blue USB drive" / "Practice backups of a very long folder name"
    drive.mkdir(parents=True)
    handoff = drive / "Demo practice-20261206-0030.rsbackup"
    facts = custodian_kit.kit_facts(session)
    facts = replace(facts, backup_folder=drive, handoff_backup=handoff)
    assert facts.primary_name == "Dr Rosa Vega"
    target = tmp_path / "kit.pdf"
    custodian_kit.write_custodian_kit(target, alternate.custodian, alternate.code, facts)
    text = _pdf_text(target)
    flat = " ".join(text.split())
    assert "Dr Rosa Vega" in flat and "555-0100" in flat
    assert "only if Dr Rosa Vega, the records custodian (rosa.vega@example.org, 555-0100)" in flat
    assert "cannot or will not act" in flat
    # Names with spaces are never split across lines: a line breaks after a slash.
    for name in ("Blue USB drive", "Demo practice-20261206-0030.rsbackup"):
        assert name.replace(" ", "\u00a0") in text or name in text, name
    assert "the newest backup file in the backup folder" in flat
    # The primary's own kit names no other custodian to wait for.
    custodian_kit.write_custodian_kit(target, primary.custodian, primary.code, facts)
    assert "cannot or will not act" not in " ".join(_pdf_text(target).split())
