"""The audit log export: an AES-256 encrypted PDF, client numbers only, recorded first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pikepdf
import pytest

from recordsafe.audit import chain, export
from recordsafe.audit.export import AuditQuery, ExportTooLarge, build_export, save_export
from recordsafe.outputs.staged import staged_leftovers
from recordsafe.records import clients, intake
from recordsafe.vault import StorageError, VaultSession
from tests.reliability.pdf_text import pdf_text

NAMES = ("Quillon Canarywhistle", "Ada Wren")


@pytest.fixture
def practice(session: VaultSession) -> list[int]:
    ids = []
    for name in NAMES:
        cid = clients.create_client(session, name, contact=f"{name.split()[0]}@example.invalid")
        intake.record_intake(session, cid, explained_on=date(2025, 1, 2), method="in_person")
        clients.get_client(session, cid)
        ids.append(cid)
    return ids


def test_the_export_opens_only_with_its_password_and_holds_no_names(
    session: VaultSession, practice: list[int], tmp_path: Path
) -> None:
    made = build_export(session, AuditQuery(), description="All entries")
    target = tmp_path / "Audit log.pdf"
    save_export(session, made, target)

    data = target.read_bytes()
    assert data == made.pdf and data.startswith(b"%PDF")
    with pytest.raises(pikepdf.PasswordError):
        pdf_text(data)
    with pytest.raises(pikepdf.PasswordError):
        pdf_text(data, "not-the-password")
    text = pdf_text(data, made.password)
    assert "client numbers only" in text and "never a client's name" in text
    assert "Intake recorded" in text and "Viewed client record" in text
    for cid in practice:
        assert str(cid) in text
    for name in NAMES:
        # Whole names in the raw bytes: a three-letter word turns up in 44 KB of
        # ciphertext about once in 400 runs by chance.
        assert name.encode() not in data
        for word in name.split():
            assert word not in text and word.lower() not in text.lower()
    assert "example.invalid" not in text
    assert staged_leftovers(tmp_path) == []

    entry = chain.query(session.db, action="audit_exported")[0]
    assert entry.detail["entries"] == made.entries > 5
    assert entry.detail["encrypted"] is True and entry.detail["filtered"] is False


def test_a_filtered_export_holds_only_its_entries(
    session: VaultSession, practice: list[int], tmp_path: Path
) -> None:
    ada = practice[1]
    made = build_export(session, AuditQuery(client_id=ada), description=f"client no. {ada}")
    assert made.entries == len(chain.query(session.db, client_id=ada))
    save_export(session, made, tmp_path / "Ada.pdf")
    text = pdf_text((tmp_path / "Ada.pdf").read_bytes(), made.password)
    assert f"client no. {ada}" in text
    assert "Client record created" in text and "Vault created" not in text
    entry = chain.query(session.db, action="audit_exported")[0]
    assert entry.client_id == ada and entry.detail["filtered"] is True


def test_too_many_entries_are_refused_in_plain_words(
    session: VaultSession, practice: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "MAX_ENTRIES", 3)
    with pytest.raises(ExportTooLarge, match="Choose a shorter period"):
        build_export(session, AuditQuery(), description="All entries")


def test_nothing_is_recorded_when_the_file_cannot_be_written(
    session: VaultSession, practice: list[int], tmp_path: Path
) -> None:
    made = build_export(session, AuditQuery(), description="All entries")
    with pytest.raises(StorageError, match="folder is gone"):
        save_export(session, made, tmp_path / "missing folder" / "Audit log.pdf")
    assert chain.query(session.db, action="audit_exported") == []
    assert session.verify().ok


def test_the_export_names_a_key_as_the_viewer_does(session: VaultSession) -> None:
    slot, _ = session.add_code_slot("custodian", "Primary custodian code — Dr Rosa Vega")
    made = build_export(session, AuditQuery(action="slot_added"), description="Keys added")
    text = " ".join(pdf_text(made.pdf, made.password).split())
    assert "Primary custodian code — Dr Rosa Vega" in text
    assert slot.id[:8] not in text
