"""What a disclosure produces: a PDF with a cover sheet and a footer on every page.

The plaintext PDF exists only as bytes in memory: reportlab renders into a BytesIO, pikepdf
encrypts from bytes to bytes (AES-256, revision 6), and only the encrypted result is
written, once, atomically. Nothing here knows about consents or the gate: the gate decides
what may go out and calls these functions with exactly the chosen items.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import pikepdf
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from recordsafe.outputs import pdf_fonts, pdf_layout
from recordsafe.outputs.pdf_layout import long_date

TITLE = "Release of records"
MUTED, ACCENT, PANEL = pdf_fonts.MUTED, pdf_fonts.ACCENT, pdf_fonts.PANEL
RULE = pdf_layout.RULE

SIDE_MARGIN = pdf_layout.SIDE_MARGIN

# The standard HIPAA caution against redisclosure (164.508(c)(2)(iii) warns that released
# information may be redisclosed and no longer protected; this asks the recipient not to).
REDISCLOSURE_NOTICE = (
    "This information has been disclosed to you from confidential records that are "
    "protected by federal and state law. You may not disclose it to anyone else unless "
    "the person it concerns has authorized that in writing or the law otherwise allows "
    "it. Once redisclosed, it may no longer be protected by federal privacy rules. If "
    "you received this in error, tell the sender and destroy every copy."
)

# A release to the client themselves, at their request (their right of access, 164.524):
# no caution against redisclosure, which would tell them they may not pass on their own
# records; a word on keeping them safe instead.
OWN_RECORDS_HEAD = "Your own records"
OWN_RECORDS_NOTICE = "These are your own records: you may share them as you choose. Keep them safe."

# 42 CFR 2.32(a)(1), "Statement 1", as amended by the 2024 final rule (89 FR 12472,
# Feb. 16, 2024), quoted exactly from the eCFR text of § 2.32 (Notice and copy of
# consent to accompany disclosure). Items (i)-(iii) are the rule's own numbering.
PART2_NOTICE = (
    "This record which has been disclosed to you is protected by Federal confidentiality "
    "rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, "
    "or testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, "
    "except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance "
    "with 42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you from making any "
    "other use or disclosure of this record unless at least one of the following applies:"
)
PART2_CONDITIONS = (
    "(i) Further use or disclosure is expressly permitted by the written consent of the "
    "individual whose information is being disclosed in this record or as otherwise "
    "permitted by 42 CFR part 2.",
    "(ii) You are a covered entity or business associate and have received the record "
    "for treatment, payment, or health care operations, or",
    "(iii) You have received the record from a covered entity or business associate as "
    "permitted by 45 CFR part 164, subparts A and E.",
)
PART2_CLOSING = (
    "A general authorization for the release of medical or other information is NOT "
    "sufficient to meet the required elements of written consent to further use or "
    "redisclose the record (see 42 CFR 2.31)."
)

# Control characters other than tab and newline break reportlab's markup parser.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class ReleaseItem:
    """One released item (a note, a document summary, ...), already chosen by the gate."""

    title: str
    date: str
    kind: str
    body: str
    # A document's file travels inside the PDF as an attachment (encrypted with it).
    attachment_name: str | None = None
    attachment: bytes | None = None


@dataclass(frozen=True)
class CoverInfo:
    recipient: str
    recipient_address: str
    purpose: str
    practice_name: str
    practitioner: str
    released_on: dt.date
    client_label: str
    part2: bool = False
    court_order: str = ""  # the order a court-ordered release cites (court, date, what it says)
    # Released to the client themselves at their request: the notices against
    # redisclosure (HIPAA, 42 CFR 2.32) are for other recipients.
    to_the_client: bool = False


def footer_text(cover: CoverInfo, page: int, pages: int) -> str:
    return (
        f"Released to {cover.recipient} "
        # "at the client's request" reads on its own; "for at the client's request" did not.
        f"{'' if cover.purpose.startswith('at ') else 'for '}{cover.purpose} "
        f"on {long_date(cover.released_on)}"
        f" \u2014 page {page} of {pages}"
    )


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def _markup(text: str) -> str:
    """Plain text as paragraph markup: escaped, line breaks kept."""
    return escape(_clean(text)).replace("\t", "    ").replace("\n", "<br/>")


def _styles(fonts: dict[str, str]) -> dict[str, ParagraphStyle]:
    house = pdf_fonts.house_styles(fonts, subtitle_after=10, heading_before=14)
    base, bold = house["body"], fonts[pdf_fonts.BOLD]
    return {
        **house,
        "item_title": ParagraphStyle(
            "item_title", base, fontName=bold, fontSize=12.5, leading=16, spaceAfter=1
        ),
        "meta": ParagraphStyle("meta", base, fontSize=9, leading=12, textColor=MUTED),
        "body": ParagraphStyle("item_body", base, spaceBefore=5),
        "notice": ParagraphStyle("notice", base, fontSize=9.5, leading=13),
        "notice_item": ParagraphStyle(
            "notice_item", base, fontSize=9.5, leading=13, leftIndent=14, spaceBefore=3
        ),
        "notice_head": ParagraphStyle(
            "notice_head", base, fontName=bold, fontSize=10, leading=13, spaceAfter=3
        ),
        "small": ParagraphStyle("small", base, fontSize=9, leading=12, textColor=MUTED),
    }


def _details(style: dict[str, ParagraphStyle], cover: CoverInfo, count: int) -> Table:
    recipient = _markup(cover.recipient)
    if cover.recipient_address.strip():
        recipient += "<br/>" + _markup(cover.recipient_address.strip())
    sender = _markup(cover.practice_name)
    if cover.practitioner.strip():
        sender += "<br/>" + _markup(cover.practitioner)
    rows = [
        ("Released to", recipient),
        ("Purpose", _markup(cover.purpose)),
        *([("Court order", _markup(cover.court_order))] if cover.court_order else []),
        ("Released on", escape(long_date(cover.released_on))),
        ("About", _markup(cover.client_label)),
        ("From", sender),
        ("Contents", f"{count} item{'s' if count != 1 else ''}, listed from the next page"),
    ]
    return pdf_layout.facts_table(
        [(Paragraph(k, style["label"]), Paragraph(v, style["body"])) for k, v in rows],
        label_width=1.15 * inch,
        gap=6,
        top_padding=0,
    )


def _notice_box(style: dict[str, ParagraphStyle], cover: CoverInfo) -> Table:
    cells: list[Any] = (
        [
            Paragraph(OWN_RECORDS_HEAD, style["notice_head"]),
            Paragraph(escape(OWN_RECORDS_NOTICE), style["notice"]),
        ]
        if cover.to_the_client
        else [
            Paragraph("Confidential: do not redisclose", style["notice_head"]),
            Paragraph(escape(REDISCLOSURE_NOTICE), style["notice"]),
        ]
    )
    if cover.part2 and not cover.to_the_client:
        cells += [
            Spacer(1, 8),
            Paragraph("Notice required by 42 CFR 2.32", style["notice_head"]),
            Paragraph(escape(PART2_NOTICE), style["notice"]),
            *(Paragraph(escape(line), style["notice_item"]) for line in PART2_CONDITIONS),
            Spacer(1, 3),
            Paragraph(escape(PART2_CLOSING), style["notice"]),
        ]
    box = Table([[cells]], colWidths=["100%"])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                ("BACKGROUND", (0, 0), (-1, -1), PANEL),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
            ]
        )
    )
    return box


def _contents(style: dict[str, ParagraphStyle], items: list[ReleaseItem]) -> list[Any]:
    lines = [
        Paragraph(
            f"{n}. {_markup(item.title)} <font color='#4b5563'>\u00b7 {_markup(item.date)}</font>",
            style["small"],
        )
        for n, item in enumerate(items, start=1)
    ]
    return [Paragraph("Contents", style["heading"]), *lines]


def _item(style: dict[str, ParagraphStyle], number: int, item: ReleaseItem) -> list[Any]:
    meta = " \u00b7 ".join(_markup(part) for part in (item.date, item.kind) if part.strip())
    head = [
        Paragraph(f"{number}. {_markup(item.title)}", style["item_title"]),
        Paragraph(meta, style["meta"]),
    ]
    paragraphs = [p for p in re.split(r"\n\s*\n", _clean(item.body).strip()) if p.strip()]
    body = [Paragraph(_markup(p.strip()), style["body"]) for p in paragraphs]
    # The heading never sits alone at the bottom of a page.
    first = [KeepTogether(head + body[:1])] if body else [KeepTogether(head)]
    return [
        CondPageBreak(1.2 * inch),
        *first,
        *body[1:],
        Spacer(1, 10),
        HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=2, spaceAfter=12),
    ]


def render_release_pdf(items: list[ReleaseItem], cover: CoverInfo) -> bytes:
    """The release as PDF bytes, in memory only: cover sheet, contents, items; footers."""
    fonts = pdf_fonts.fonts()
    style = _styles(fonts)
    buffer = io.BytesIO()
    doc = pdf_layout.new_document(buffer, title=TITLE, side=SIDE_MARGIN)
    story: list[Any] = [
        Paragraph(TITLE, style["title"]),
        Paragraph(
            "Confidential health information, released on the terms below.", style["subtitle"]
        ),
        _details(style, cover, len(items)),
        Spacer(1, 10),
        _notice_box(style, cover),
        PageBreak(),
        *_contents(style, items),
        Spacer(1, 8),
        HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=2, spaceAfter=14),
    ]
    for number, item in enumerate(items, start=1):
        story += _item(style, number, item)
    doc.build(
        story,
        canvasmaker=pdf_layout.footer_canvas(
            lambda page, pages: footer_text(cover, page, pages),
            fonts[pdf_fonts.SANS],
            side=SIDE_MARGIN,
        ),
    )
    return _attach(buffer.getvalue(), items)


def _attach(data: bytes, items: list[ReleaseItem]) -> bytes:
    """Embed the documents' files (in memory; `encrypt_pdf` then encrypts them too)."""
    files = [(i.attachment_name or "document", i.attachment) for i in items if i.attachment]
    if not files:
        return data
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, (name, payload) in enumerate(files, start=1):
            # Numbered keys: two documents may share a file name.
            key = f"{number:02d}-{name}"
            pdf.attachments[key] = pikepdf.AttachedFileSpec(pdf, payload, filename=key)
        pdf.save(out)
    return out.getvalue()
