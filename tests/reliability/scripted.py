"""The scripted session the leak scan and the no-network test run: a practitioner's day.

Create a vault, add a client, record the intake, open a case, write, save, sign and
amend a note, attach a PDF, record a consent, search, view, release the note through the
disclosure gate as an AES-256 encrypted PDF and export the audit log the same way (both
into `export_dir`), back up with
`create_backup`, verify the backup, lock, unlock and lock again. Canary strings go into
the client's name and contact, the case title, the note, the attachment's name and
contents, the consent's recipient and expiry event, the release's cover, and the search
terms.

`run` returns an `Outcome` of everything observable that does not depend on the clock,
so two runs can be compared for "behaves exactly the same".
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pikepdf

from recordsafe import app_log
from recordsafe.audit.export import AuditQuery, build_export, save_export
from recordsafe.disclosure import consents, gate, release_pdf
from recordsafe.outputs import encryption
from recordsafe.outputs.staged import StagedRelease
from recordsafe.records import cases, clients, documents, intake, notes, search
from recordsafe.vault import TEST_PARAMS, VaultSession, create_vault, open_vault
from recordsafe.vault.backup import create_backup, verify_backup
from tests.conftest import PASSPHRASE
from tests.reliability.pdf_text import pdf_text

CANARY_NAME = "Quillon Canarywhistle"
CANARY_CONTACT = "canary-contact-5e1d@example.invalid"
CANARY_NOTE = "Marmaladecanary Fjördcanary 91b4"
CANARY_PDF = "CanaryPDFthistle27c8"
CANARY_FILE = "Canarywhistle intake form.pdf"
CANARY_RECIPIENT = "Dr Canaryfinch Obel"
CANARY_EXPIRY = "When Canaryrook treatment ends"
EXPORT_NAME = "Release 2025-06-02.pdf"  # what the release dialog proposes: no names
AUDIT_EXPORT_NAME = "Audit log 2025-06-02.pdf"
CANARIES = (
    CANARY_RECIPIENT,
    "Canaryfinch",
    CANARY_EXPIRY,
    "Canaryrook",
    CANARY_NAME,
    "Canarywhistle",
    CANARY_CONTACT,
    CANARY_NOTE,
    "Marmaladecanary",
    "Fjördcanary",
    CANARY_PDF,
)
DAY = date(2025, 6, 2)


def needles() -> list[bytes]:
    """Each canary as UTF-8 and UTF-16-LE, as written and in lower case."""
    texts = {t for canary in CANARIES for t in (canary, canary.lower())}
    return sorted({t.encode(enc) for t in texts for enc in ("utf-8", "utf-16-le")})


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with `text` in an uncompressed content stream (so it is greppable)."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


@dataclass(frozen=True)
class Outcome:
    client_hits: int
    note_hits: int
    document_matches: bool
    verify_ok: bool
    backup_ok: bool
    backups_made: int
    reopened_findings: tuple[str, ...]
    audit: tuple[tuple[str, int | None, str], ...]  # action, client, detail: no times
    export_has_canaries: bool  # decrypted with its password, the release shows them
    export_locked: bool  # without the password it does not open
    audit_export_locked: bool


def run(folder: Path, backup_dir: Path, export_dir: Path) -> Outcome:
    """The scripted session; the app log (at DEBUG) is on for its whole length."""
    app_log.setup_logging(logging.DEBUG)
    try:
        return _run(folder, backup_dir, export_dir)
    finally:
        app_log.teardown_logging()


def _release(session: VaultSession, cid: int, note_id: int, export_dir: Path) -> tuple[Path, str]:
    """Consent, then the gate: evaluate, disclose an encrypted PDF (as the release dialog)."""
    form = consents.ConsentForm(
        client_id=cid,
        recipient_name=CANARY_RECIPIENT,
        purposes=("treatment",),
        signed_on=DAY,
        disclosing_party="The practice",
        kinds=("progress",),
        expires_on=DAY + timedelta(days=365),
        expiry_event=CANARY_EXPIRY,
        states_right_to_revoke=True,
        states_conditioning=True,
        states_redisclosure=True,
    )
    consents.record_consent(session, form, today=DAY)
    request = gate.Request(
        (gate.Item("note", note_id),),
        gate.Recipient(CANARY_RECIPIENT),
        "treatment",
        "third_party",
    )
    decision = gate.evaluate(session, request, today=DAY)
    note = notes.open_note(session, note_id)
    cover = release_pdf.CoverInfo(
        recipient=CANARY_RECIPIENT,
        recipient_address="",
        purpose="treatment",
        practice_name="The practice",
        practitioner="",
        released_on=DAY,
        client_label=CANARY_NAME,
    )
    pdf = release_pdf.render_release_pdf(
        [release_pdf.ReleaseItem("Progress note", DAY.isoformat(), "Progress note", note.body)],
        cover,
    )
    password = encryption.generate_password()
    staged = StagedRelease(export_dir / EXPORT_NAME, encryption.encrypt_pdf(pdf, password), session)
    gate.disclose(
        session,
        request,
        decision,
        write_output=staged.write,
        discard_output=staged.discard,
        client_informed=True,
    )
    return staged.target, password


def _locked(path: Path) -> bool:
    try:
        pdf_text(path.read_bytes())
    except pikepdf.PasswordError:
        return True
    return False


def _run(folder: Path, backup_dir: Path, export_dir: Path) -> Outcome:
    session = create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS).session
    try:
        cid = clients.create_client(session, CANARY_NAME, contact=CANARY_CONTACT)
        intake.record_intake(session, cid, explained_on=DAY, method="in_person")
        case_id = cases.create_case(session, "individual", f"Work with {CANARY_NAME}", [cid])
        note_id = notes.create_note(session, case_id, note_date=DAY, body="Draft.")
        notes.save_draft(session, note_id, body=f"Session: {CANARY_NOTE} discussed.")
        notes.sign_note(session, note_id)
        addendum = notes.add_addendum(session, note_id, body=f"Addendum: {CANARY_NOTE}.")
        notes.sign_note(session, addendum)
        pdf = tiny_pdf(CANARY_PDF)
        doc_id = documents.add_document_bytes(session, cid, CANARY_FILE, pdf)
        client_hits = len(search.search(session, "Canarywhistle").clients)
        note_hits = len(search.search(session, "marmaladecanary").notes)
        clients.get_client(session, cid)
        notes.open_note(session, note_id)
        document_matches = documents.open_document(session, doc_id).data == pdf
        export, password = _release(session, cid, note_id, export_dir)
        shown = pdf_text(export.read_bytes(), password)
        export_has_canaries = all(c in shown for c in (CANARY_NAME, CANARY_RECIPIENT, CANARY_NOTE))
        export_locked = _locked(export)
        audit_pdf = build_export(session, AuditQuery(), description="All entries")
        save_export(session, audit_pdf, export_dir / AUDIT_EXPORT_NAME)
        audit_export_locked = _locked(export_dir / AUDIT_EXPORT_NAME)
        verify_ok = session.verify().ok
        backup = create_backup(session, backup_dir)
    finally:
        session.lock()
    backup_ok = verify_backup(backup, PASSPHRASE).ok
    again = open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        findings = tuple(again.integrity_findings)
        rows = again.db.execute("SELECT action, client_id, detail FROM audit_log ORDER BY seq")
    finally:
        again.lock()
    audit = tuple((str(a), c, _stable_detail(str(d))) for a, c, d in rows)
    return Outcome(
        client_hits,
        note_hits,
        document_matches,
        verify_ok,
        backup_ok,
        len(list(backup_dir.glob("*.rsbackup"))),
        findings,
        audit,
        export_has_canaries,
        export_locked,
        audit_export_locked,
    )


UNSTABLE_KEYS = ("file", "slot")  # the backup's name holds the minute; slot ids are random


def _stable_detail(detail: str) -> str:
    data = json.loads(detail)
    for key in UNSTABLE_KEYS:
        if key in data:
            data[key] = f"<{key}>"
    return json.dumps(data, sort_keys=True)
