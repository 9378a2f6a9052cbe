"""Documents: scanned forms (PDF, PNG, JPEG) kept inside the vault.

The bytes are a BLOB in the encrypted database (the vault is the encryption), so a
document never exists as a plain file after it is attached. The UI shows it from the
bytes `open_document` returns; it must not write them to a temporary file.

    doc_id = add_document(session, client_id, Path("consent.pdf"))
    doc_id = add_document_bytes(session, client_id, "consent.pdf", data)
    list_documents(session, client_id)   -> [DocumentInfo]  (no bytes)
    open_document(session, doc_id)       -> Document        (bytes; audited: document_viewed)

The type is decided by the file's first bytes, never by its name. Limit: 20 MB.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from recordsafe.records._common import clean_text, now_utc
from recordsafe.records.errors import NotFound, RecordError
from recordsafe.vault import VaultSession

MAX_DOCUMENT_BYTES: Final = 20 * 1024 * 1024
MAX_NAME_CHARS: Final = 255
# Leading bytes -> MIME type; the only types the app shows and accepts.
_MAGIC: Final = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
MIME_TYPES: Final = tuple(mime for _, mime in _MAGIC)


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    client_id: int
    name: str
    mime: str
    size: int
    sha256: str
    added_at: str


@dataclass(frozen=True)
class Document:
    info: DocumentInfo
    data: bytes


def detect_mime(data: bytes) -> str | None:
    """The MIME type from the leading bytes, or None when it is not a PDF, PNG or JPEG."""
    return next((mime for magic, mime in _MAGIC if data.startswith(magic)), None)


def _too_large() -> RecordError:
    return RecordError(f"The file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.")


def read_file(path: Path) -> bytes:
    """The file's bytes, refusing anything that is not a readable file within the limit."""
    path = Path(path)
    try:
        if not path.is_file():
            raise RecordError("That is not a file (it is missing, or a folder).")
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise _too_large()
        with path.open("rb") as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError:
        raise RecordError("The file could not be read.") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_large()  # it grew while we read it
    return data


def add_document(
    session: VaultSession, client_id: int, path: Path, *, name: str | None = None
) -> int:
    """Attach a file from disk to a client's record (the original file is left alone)."""
    data = read_file(path)
    return add_document_bytes(session, client_id, name or Path(path).name, data)


def add_document_bytes(session: VaultSession, client_id: int, name: str, data: bytes) -> int:
    session.require_practitioner("attach documents")
    label = clean_text(name)
    if not label:
        raise RecordError("The document needs a name.")
    label = label[:MAX_NAME_CHARS]
    if not data:
        raise RecordError("The file is empty.")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_large()
    mime = detect_mime(data)
    if mime is None:
        raise RecordError("Only PDF files and PNG or JPEG images can be attached.")
    digest = hashlib.sha256(data).hexdigest()
    with session.transaction():
        if session.db.scalar("SELECT 1 FROM clients WHERE id = ?", (client_id,)) is None:
            raise NotFound("That client no longer exists.")
        doc_id = session.db.execute_returning_id(
            "INSERT INTO documents (client_id, name, mime, size, sha256, data, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (client_id, label, mime, len(data), digest, bytes(data), now_utc()),
        )
        session.record("document_added", client_id, document=doc_id, mime=mime, size=len(data))
    return doc_id


_INFO_COLUMNS = "id, client_id, name, mime, size, sha256, added_at"


def list_documents(session: VaultSession, client_id: int) -> list[DocumentInfo]:
    rows = session.db.execute(
        f"SELECT {_INFO_COLUMNS} FROM documents WHERE client_id = ? "  # noqa: S608
        "ORDER BY added_at DESC, id DESC",
        (client_id,),
    )
    return [DocumentInfo(int(r[0]), int(r[1]), r[2], r[3], int(r[4]), r[5], r[6]) for r in rows]


def open_document(session: VaultSession, doc_id: int) -> Document:
    """The document's bytes, checked against the stored SHA-256; the view is audited."""
    rows = session.db.execute(
        f"SELECT {_INFO_COLUMNS}, data FROM documents WHERE id = ?",  # noqa: S608
        (doc_id,),
    )
    if not rows:
        raise NotFound("That document no longer exists.")
    r = rows[0]
    info = DocumentInfo(int(r[0]), int(r[1]), r[2], r[3], int(r[4]), r[5], r[6])
    data = bytes(r[7])
    if hashlib.sha256(data).hexdigest() != info.sha256:
        raise RecordError("The document's contents do not match its checksum; restore a backup.")
    session.record("document_viewed", info.client_id, document=doc_id)
    return Document(info, data)
