"""What each gate item says, as `outputs.ReleaseItem`s ready for the release PDF.

    items = release_items(session, decision.allowed_request().items, today=date(...))

Only the gate's caller uses this, with items the gate allowed. A note carries its addenda
(a correction travels with what it corrects); a document's file goes inside the PDF as an
attachment; a summary names no other person (a couple's or family's other members are
their own records); an accounting lists the disclosures the client is owed (164.528);
an audit extract lists what happened to the record, without detail values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from recordsafe.audit import chain
from recordsafe.audit.actions import action_label
from recordsafe.disclosure import accounting, letters
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.gate import Item
from recordsafe.disclosure.release_pdf import ReleaseItem
from recordsafe.outputs.pdf_layout import long_date
from recordsafe.records import cases, clients, documents, intake, notes
from recordsafe.vault import VaultSession

AUDIT_LIMIT: Final = 5000  # the newest entries; a longer history is released in parts


def _note(session: VaultSession, note_id: int) -> ReleaseItem:
    note = notes.open_note(session, note_id)
    body = note.body
    for addendum_id in note.addenda:
        addendum = notes.open_note(session, addendum_id)
        body += (
            f"\n\nAddendum of {long_date(addendum.note_date)} by {addendum.author}:\n"
            f"{addendum.body}"
        )
    return ReleaseItem(
        title=notes.KINDS.get(note.kind, "Note"),
        date=long_date(note.note_date),
        kind=f"written by {note.author}" + ("" if note.status == "signed" else " (draft)"),
        body=body,
    )


def _document(session: VaultSession, doc_id: int) -> ReleaseItem:
    doc = documents.open_document(session, doc_id)
    size_kb = max(1, round(doc.info.size / 1024))
    return ReleaseItem(
        title=f"Document: {doc.info.name}",
        date=long_date(date.fromisoformat(doc.info.added_at[:10])),
        kind="document",
        body=(
            f"The file \u201c{doc.info.name}\u201d ({doc.info.mime}, {size_kb} KB) is attached "
            "to this PDF: open your PDF reader's attachments panel to see it."
        ),
        attachment_name=doc.info.name,
        attachment=doc.data,
    )


def _summary(session: VaultSession, client_id: int, today: date) -> ReleaseItem:
    client = clients.get_client(session, client_id)
    lines = [f"Name: {client.name}"]
    if client.dob:
        lines.append(f"Date of birth: {long_date(client.dob)}")
    status = {"active": "Active", "closed": "Closed", "deceased": "Deceased"}
    lines.append(f"Status: {status.get(client.status, client.status)}")
    for record in intake.intake_records(session, client_id):
        lines.append(f"Limits of confidentiality explained on {long_date(record.explained_on)}")
    for case in cases.client_cases(session, client_id):
        span = long_date(case.opened_on)
        if case.closed_on:
            span += f" to {long_date(case.closed_on)}"
        # Only the kind of work: the other participants are not this client's information.
        lines.append(f"{case.kind.capitalize()} work: {span}")
    counts = [
        (group, notes.count_client_notes(session, client_id, kind_group=group))
        for group in ("progress", "psychotherapy")
    ]
    lines.append(f"Notes on file: {counts[0][1]}; psychotherapy notes kept apart: {counts[1][1]}")
    return ReleaseItem(
        title=f"Summary of the record of {client.name}",
        date=long_date(today),
        kind="summary",
        body="\n".join(lines),
    )


def _accounting(session: VaultSession, client_id: int, today: date) -> ReleaseItem:
    listed = accounting.accounting_for(session, client_id, today=today)
    entries = [e for e in listed if e.accountable]
    start = long_date(accounting.window_start(today))
    paragraphs = [
        f"Disclosures of your information from {start} to {long_date(today)} that the law "
        "asks us to account for (HIPAA 164.528). Disclosures to you, under your own "
        "authorization, or of de-identified information are not listed."
    ]
    if not entries:
        paragraphs.append("There were no such disclosures in this period.")
    for entry in entries:
        recipient = entry.recipient_name
        if entry.recipient_organisation:
            recipient += f", {entry.recipient_organisation}"
        if entry.recipient_address:
            recipient += f", {entry.recipient_address}"
        what = "; ".join(item.description for item in entry.items)
        paragraphs.append(
            f"{long_date(entry.disclosed_on)}\nTo: {recipient}\nWhat: {what}\n"
            f"Purpose: {entry.purpose_label}"
        )
    return ReleaseItem(
        title="Accounting of disclosures",
        date=long_date(today),
        kind="accounting",
        body="\n\n".join(paragraphs),
    )


def _audit(session: VaultSession, client_id: int, today: date) -> ReleaseItem:
    entries = chain.query(session.db, client_id=client_id, limit=AUDIT_LIMIT)
    session.record("audit_extract_read", client_id, entries=len(entries))
    lines = [
        f"{entry.at[:16].replace('T', ' ')} UTC \u2014 "
        f"{'records custodian' if entry.actor == 'custodian' else 'practitioner'} \u2014 "
        f"{action_label(entry.action).lower()}"
        for entry in reversed(entries)
    ]
    if len(entries) == AUDIT_LIMIT:
        lines.insert(0, f"(The newest {AUDIT_LIMIT} entries.)")
    return ReleaseItem(
        title="Audit extract: what was done with the record",
        date=long_date(today),
        kind="audit extract",
        body="\n".join(lines) or "No entries.",
    )


def _letter(session: VaultSession, letter_id: int) -> ReleaseItem:
    letter = letters.get_letter(session, letter_id)
    return ReleaseItem(
        title=letter.title,
        date=long_date(letter.written_on),
        kind=f"letter to {letter.addressee_name}",
        body=letter.body,
    )


def release_items(
    session: VaultSession, items: Sequence[Item], *, today: date
) -> list[ReleaseItem]:
    """The content of each item, in order. Reading them is audited by the records modules."""
    out: list[ReleaseItem] = []
    for item in items:
        if item.kind == "note":
            out.append(_note(session, item.id))
        elif item.kind == "document":
            out.append(_document(session, item.id))
        elif item.kind == "summary":
            out.append(_summary(session, item.id, today))
        elif item.kind == "accounting":
            out.append(_accounting(session, item.id, today))
        elif item.kind == "audit":
            out.append(_audit(session, item.id, today))
        elif item.kind == "letter":
            out.append(_letter(session, item.id))
        else:
            raise DisclosureError("An item is of an unknown kind.")
    return out
