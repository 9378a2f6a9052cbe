from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from recordsafe.records import documents
from recordsafe.records.errors import RecordError
from recordsafe.vault import ReadOnlyVault, VaultSession
from tests.records.conftest import audit_actions, reopen_as_custodian

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.mark.parametrize(
    ("data", "mime"), [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")]
)
def test_attach_and_open(
    session: VaultSession, client_id: int, tmp_path: Path, data: bytes, mime: str
) -> None:
    path = tmp_path / "scan.bin"
    path.write_bytes(data)
    doc_id = documents.add_document(session, client_id, path, name="Consent form")
    (info,) = documents.list_documents(session, client_id)
    assert (info.id, info.name, info.mime, info.size) == (doc_id, "Consent form", mime, len(data))
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    opened = documents.open_document(session, doc_id)
    assert opened.data == data
    assert audit_actions(session)[-1] == "document_viewed"
    # The bytes live inside the (encrypted) database, not beside it.
    assert sorted(p.name for p in session.folder.iterdir() if p.suffix == ".pdf") == []


def test_not_a_file(session: VaultSession, client_id: int, tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="not a file"):
        documents.add_document(session, client_id, tmp_path)
    with pytest.raises(RecordError, match="not a file"):
        documents.add_document(session, client_id, tmp_path / "missing.pdf")


def test_too_large(session: VaultSession, client_id: int, tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(documents.MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(RecordError, match="larger than 20 MB"):
        documents.add_document(session, client_id, path)
    with pytest.raises(RecordError, match="larger than 20 MB"):
        documents.add_document_bytes(
            session, client_id, "big", b"%PDF-" + bytes(documents.MAX_DOCUMENT_BYTES)
        )


@pytest.mark.parametrize(
    "data", [b"GIF89a" + b"\x00" * 10, b"PK\x03\x04zip", b"plain text, named .pdf", b""]
)
def test_wrong_type_refused_by_content_not_name(
    session: VaultSession, client_id: int, tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "looks-like.pdf"
    path.write_bytes(data)
    with pytest.raises(RecordError, match=r"PDF|empty"):
        documents.add_document(session, client_id, path)
    assert documents.list_documents(session, client_id) == []


def test_custodian_cannot_attach(session: VaultSession, client_id: int) -> None:
    custodian = reopen_as_custodian(session)
    try:
        with pytest.raises(ReadOnlyVault):
            documents.add_document_bytes(custodian, client_id, "x", PDF)
    finally:
        custodian.lock()
