"""The audit log, exported as an AES-256 encrypted PDF (never a plain file).

    export = build_export(session, AuditQuery(client_id=4), description="Client no. 4")
    save_export(session, export, target)       # recorded as `audit_exported`, then written
    export.password                            # for the user to pass on separately

The log holds no client content: actions, times, client NUMBERS and ids. The export
shows exactly that, and says so on its first page: no names, no record content (a
per-client extract with names is a release through the disclosure gate, item kind
"audit"). The PDF exists in plaintext only as bytes in memory: rendered into a BytesIO,
encrypted bytes to bytes (`outputs.encryption.encrypt_pdf`), and written once through
`StagedRelease`, so the file under its name never exists without the
`audit_exported` entry committed before it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import LongTable, Paragraph, Spacer, TableStyle

from recordsafe.audit import chain, queries
from recordsafe.audit.words import action_label, detail_words, readable_when, who
from recordsafe.outputs import encryption, pdf_fonts, pdf_layout
from recordsafe.outputs.staged import StagedRelease
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError
from recordsafe.wording import long_day

TITLE: Final = "Audit log"
NUMBERS_ONLY: Final = (
    "This export shows client numbers only: never a client's name, and never the "
    "content of a record. Look a number up in RecordSafe to see whose record it is."
)
MAX_ENTRIES: Final = 20_000  # a PDF beyond this is unreadable: narrow the filters
PAGE_SIZE = landscape(LETTER)


class ExportTooLarge(VaultError):
    """More entries than an export holds: the user narrows the filters."""


@dataclass(frozen=True)
class AuditQuery:
    client_id: int | None = None
    action: str | None = None
    since: str | None = None  # UTC stamps as the log stores them; until is exclusive
    until: str | None = None

    @property
    def filtered(self) -> bool:
        return any(v is not None for v in (self.client_id, self.action, self.since, self.until))


@dataclass(frozen=True)
class AuditExport:
    pdf: bytes  # encrypted
    password: str
    entries: int
    query: AuditQuery


def _entries(session: VaultSession, query: AuditQuery) -> list[chain.AuditEntry]:
    found = chain.query(
        session.db,
        client_id=query.client_id,
        action=query.action,
        since=query.since,
        until=query.until,
        limit=MAX_ENTRIES + 1,
    )
    if len(found) > MAX_ENTRIES:
        raise ExportTooLarge(
            f"These filters match more than {MAX_ENTRIES:,} entries, too many for one "
            "export. Choose a shorter period or one client, and export in parts."
        )
    return found


def _footer(vault_name: str, made: dt.date) -> Callable[[int, int], str]:
    def text(page: int, pages: int) -> str:
        return (
            f"Audit log of {vault_name}, exported {long_day(made)}. "
            f"Client numbers only. Page {page} of {pages}"
        )

    return text


def render_audit_pdf(
    entries: list[chain.AuditEntry],
    *,
    vault_name: str,
    description: str,
    made: dt.date,
    key_names: Mapping[str, str] | None = None,
) -> bytes:
    """The log as PDF bytes, in memory only: a heading, the notice, one row per entry; keys
    by their names in `key_names` (audit.queries.key_names), as the viewer shows them."""
    fonts = pdf_fonts.fonts()
    house = pdf_fonts.house_styles(fonts, subtitle_after=8, heading_before=10)
    cell = ParagraphStyle("cell", house["body"], fontSize=8.5, leading=10.5)
    head = ParagraphStyle("head", cell, fontName=fonts[pdf_fonts.BOLD], textColor=pdf_fonts.MUTED)
    notice = ParagraphStyle("notice", house["body"], textColor=pdf_fonts.ACCENT)
    rows: list[list[Any]] = [
        [Paragraph(t, head) for t in ("No.", "When", "Who", "Action", "Client no.", "Details")]
    ]
    for e in entries:
        rows.append(
            [
                Paragraph(str(e.seq), cell),
                Paragraph(escape(readable_when(e.at)), cell),
                Paragraph(escape(who(e.actor, e.detail)), cell),
                Paragraph(escape(action_label(e.action)), cell),
                Paragraph("" if e.client_id is None else str(e.client_id), cell),
                Paragraph(escape(detail_words(e.detail, key_names)), cell),
            ]
        )
    table = LongTable(
        rows,
        colWidths=[0.6 * inch, 1.9 * inch, 1.2 * inch, 2.3 * inch, 0.8 * inch, None],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, pdf_fonts.ACCENT),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, pdf_fonts.PANEL]),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    count = f"{len(entries):,} {'entry' if len(entries) == 1 else 'entries'}, newest first."
    story: list[Any] = [
        Paragraph(TITLE, house["title"]),
        Paragraph(
            escape(f"{vault_name} · exported on {long_day(made)} · {description}"),
            house["subtitle"],
        ),
        Paragraph(escape(NUMBERS_ONLY), notice),
        Spacer(1, 4),
        Paragraph(escape(count), house["body"]),
        Spacer(1, 8),
        table,
    ]
    buffer = io.BytesIO()
    doc = pdf_layout.new_document(
        buffer, title=TITLE, pagesize=PAGE_SIZE, side=0.6 * inch, top=0.6 * inch, bottom=0.7 * inch
    )
    doc.build(
        story,
        canvasmaker=pdf_layout.footer_canvas(
            _footer(vault_name, made), fonts[pdf_fonts.SANS], side=0.6 * inch
        ),
    )
    return buffer.getvalue()


def build_export(
    session: VaultSession,
    query: AuditQuery,
    *,
    description: str,
    today: dt.date | None = None,
) -> AuditExport:
    """Read the (filtered) log and make the encrypted PDF; writes nothing. Slow: run it
    off the UI thread. `description` says in words which entries (e.g. the filters)."""
    entries = _entries(session, query)
    made = today or dt.date.today()
    pdf = render_audit_pdf(
        entries,
        vault_name=session.name,
        description=description,
        made=made,
        key_names=queries.key_names(session),
    )
    password = encryption.generate_password()
    return AuditExport(encryption.encrypt_pdf(pdf, password), password, len(entries), query)


def save_export(session: VaultSession, export: AuditExport, target: Path) -> None:
    """Record `audit_exported` and write the file: the record commits first, then the file
    gets its name (a crash in between leaves a hidden, encrypted staged file)."""
    # Published when the transaction commits, discarded if it rolls back.
    staged = StagedRelease(target, export.pdf, session)
    query = export.query
    with session.transaction():
        session.record(
            "audit_exported",
            query.client_id,
            entries=export.entries,
            filtered=query.filtered,
            action_filter=query.action,
            encrypted=True,
        )
        staged.write()
