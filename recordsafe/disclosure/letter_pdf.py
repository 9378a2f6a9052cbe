"""A letter from the practice as PDF bytes, in memory only (the gate encrypts or prints it).

Letterhead (practice, practitioner, contact), date, the addressee's block, a "Confidential"
line, the title, the body, a signature; a footer on every page. The body is the filled
template's text: paragraphs separated by blank lines, "- " lines as a list, "**text**"
for bold. Nothing else in the text is markup (it is escaped), so a client's name with
"<" or "&" prints as written.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    Spacer,
)

from recordsafe.disclosure.practice_info import PracticeInfo
from recordsafe.disclosure.release_pdf import RULE
from recordsafe.outputs import pdf_fonts, pdf_layout
from recordsafe.outputs.pdf_layout import SIDE_MARGIN, long_date

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^\*\*[^*\n]+\*\*$")  # a line all bold, alone: a heading


def _inline(text: str) -> str:
    """Escaped text with **bold** and line breaks kept."""
    escaped = escape(_CONTROL.sub("", text)).replace("\t", "    ")
    return _BOLD.sub(r"<b>\1</b>", escaped).replace("\n", "<br/>")


def _styles() -> tuple[dict[str, str], dict[str, ParagraphStyle]]:
    fonts = pdf_fonts.fonts()
    house = pdf_fonts.house_styles(fonts, subtitle_after=4, heading_before=12)
    base, bold = house["body"], fonts[pdf_fonts.BOLD]
    return fonts, {
        **house,
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=13, leading=16),
        "head_small": ParagraphStyle(
            "head_small", base, fontSize=9, leading=12, textColor=pdf_fonts.MUTED
        ),
        "block": ParagraphStyle("block", base, leading=14),
        "subject": ParagraphStyle(
            "subject", base, fontName=bold, fontSize=12, leading=16, spaceBefore=14, spaceAfter=4
        ),
        "para": ParagraphStyle("para", base, leading=15, spaceBefore=7),
        # A heading never ends a page: it goes over with the text it heads.
        "heading": ParagraphStyle("heading", base, leading=15, spaceBefore=7, keepWithNext=1),
        "item": ParagraphStyle("item", base, leading=15),
        "marker": ParagraphStyle(
            "marker", base, fontSize=8.5, leading=11, textColor=pdf_fonts.ACCENT, spaceBefore=10
        ),
    }


def _body(text: str, style: dict[str, ParagraphStyle]) -> list[Any]:
    story: list[Any] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in block.strip().splitlines()]
        if lines and all(line.lstrip().startswith("- ") for line in lines):
            items = [
                ListItem(Paragraph(_inline(line.lstrip()[2:]), style["item"]), leftIndent=14)
                for line in lines
            ]
            story.append(ListFlowable(items, bulletType="bullet", start="\u2022", leftIndent=14))
        elif len(lines) == 1 and _HEADING.match(lines[0].strip()):
            story.append(Paragraph(_inline(lines[0].strip()), style["heading"]))
        elif lines:
            story.append(Paragraph(_inline("\n".join(lines)), style["para"]))
    return story


def render_letter_pdf(
    *,
    title: str,
    body: str,
    addressee_name: str,
    addressee_address: str | None,
    written_on: date,
    practice: PracticeInfo,
    signed_by: str | None = None,
) -> bytes:
    """`signed_by`: the name under the sign-off (default: the practitioner)."""
    fonts, style = _styles()
    buffer = io.BytesIO()
    doc = pdf_layout.new_document(buffer, title="Letter", side=SIDE_MARGIN)
    address = (addressee_address or "").strip()
    paragraphs = _body(body, style)
    # reportlab keeps a heading with a plain paragraph, not with a KeepTogether: the last
    # paragraph's heading joins the closing's group itself.
    last = max(len(paragraphs) - 1, 0)
    while last > 0 and paragraphs[last - 1].getKeepWithNext():
        last -= 1
    # A letter someone else signs (a records custodian: the practitioner may have died)
    # is headed with the signer's name and contact, never the practitioner's.
    signer = (signed_by or "").strip()
    if signer and signer.splitlines()[0] != practice.practitioner:
        letterhead = signer
    else:
        letterhead = "\n".join(p for p in (practice.practitioner, practice.contact) if p)
    story: list[Any] = [
        Paragraph(_inline(practice.name or "The practice"), style["head"]),
        Paragraph(_inline(letterhead), style["head_small"]),
        HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=8, spaceAfter=14),
        Paragraph(escape(long_date(written_on)), style["block"]),
        Spacer(1, 12),
        Paragraph(_inline(addressee_name + ("\n" + address if address else "")), style["block"]),
        Paragraph("CONFIDENTIAL", style["marker"]),
        Paragraph(_inline(title), style["subject"]),
        *paragraphs[:last],
        # The closing and signature never split across a page break, nor go over alone:
        # they stay with the letter's last paragraph (and the heading above it).
        KeepTogether(
            [
                *paragraphs[last:],
                Spacer(1, 18),
                Paragraph("With kind regards,", style["para"]),
                Spacer(1, 22),
                Paragraph(_inline(signed_by or practice.practitioner or ""), style["block"]),
                Paragraph(_inline(practice.name or ""), style["head_small"]),
            ]
        ),
    ]

    def footer(page: int, pages: int) -> str:
        return (
            f"Confidential letter to {addressee_name}, {long_date(written_on)}"
            f" \u2014 page {page} of {pages}"
        )

    doc.build(
        story,
        canvasmaker=pdf_layout.footer_canvas(footer, fonts[pdf_fonts.SANS], side=SIDE_MARGIN),
    )
    return buffer.getvalue()
