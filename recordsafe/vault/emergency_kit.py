"""The Emergency Kit: one printable page with the recovery code and what to do with it.

The PDF is built in memory and written once with `atomic_write`, so a crash never leaves
half a kit (or a stray temp copy of the code) on disk. It holds the vault's name and
folder but never client content. Fonts: the bundled DejaVu TTFs, so names with
diacritics print; the PDF core fonts are the fallback for a trimmed build.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from recordsafe.outputs import pdf_fonts, pdf_layout
from recordsafe.vault.atomic import atomic_write
from recordsafe.vault.codes import looks_like_code
from recordsafe.wording import long_day

TITLE = "RecordSafe Emergency Kit"
MUTED = pdf_fonts.MUTED


def _styles(fonts: dict[str, str]) -> dict[str, ParagraphStyle]:
    house = pdf_fonts.house_styles(fonts, subtitle_after=4, heading_before=12)
    base, mono = house["body"], fonts[pdf_fonts.MONO]
    return {
        **house,
        "small": ParagraphStyle("small", base, fontSize=9, leading=12, textColor=MUTED),
        "code": ParagraphStyle(
            "code", base, fontName=mono, fontSize=22, leading=28, alignment=TA_CENTER
        ),
        "command": ParagraphStyle("command", base, fontName=mono, fontSize=9.5, leading=13),
    }


def _details(
    style: dict[str, ParagraphStyle], vault_name: str, vault_folder: Path, made: dt.date
) -> Table:
    return pdf_layout.facts_table(
        [
            (Paragraph("Vault", style["label"]), Paragraph(escape(vault_name), style["body"])),
            (
                Paragraph("Folder", style["label"]),
                pdf_layout.PathParagraph(str(vault_folder), style["body"]),
            ),
            (
                Paragraph("Made on", style["label"]),
                Paragraph(long_day(made), style["body"]),
            ),
        ],
        label_width=1.0 * inch,
        gap=2,
    )


def _code_box(style: dict[str, ParagraphStyle], recovery_code: str) -> Table:
    return pdf_layout.code_box(Paragraph(escape(recovery_code), style["code"]), top=12, bottom=14)


def _steps(style: dict[str, ParagraphStyle], vault_folder: Path) -> list[Any]:
    steps = [
        "Open RecordSafe.",
        "Choose this vault and click <b>Unlock</b>.",
        "Click <b>“Forgot passphrase? Use recovery code”</b>.",
        "Type the recovery code above. Dashes and spaces do not matter.",
        "Set a new passphrase. Then make a new Emergency Kit: RecordSafe offers it.",
    ]
    numbered = ListFlowable(
        [ListItem(Paragraph(s, style["body"]), leftIndent=18) for s in steps],
        bulletType="1",
        bulletFormat="%s.",
        bulletFontName=style["body"].fontName,
        bulletFontSize=10.5,
        leftIndent=18,
    )
    command = f'recordsafe recover "{vault_folder}"'
    return [
        numbered,
        Spacer(1, 4),
        Paragraph("Or, in a terminal:", style["body"]),
        Paragraph(escape(command), style["command"]),
    ]


def _passphrase_space(style: dict[str, ParagraphStyle]) -> KeepTogether:
    caution = (
        "You may write your passphrase here, but only if this page will be locked away: "
        "with the passphrase written on it, this page alone opens your vault. "
        "If in doubt, leave it blank."
    )
    lines = Table([[""], [""]], colWidths=["100%"], rowHeights=[0.42 * inch, 0.42 * inch])
    lines.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.6, MUTED)]))
    return KeepTogether(
        [
            Paragraph("Your passphrase (optional)", style["heading"]),
            Paragraph(caution, style["small"]),
            lines,
        ]
    )


def render_emergency_kit(
    *,
    vault_name: str,
    vault_folder: Path,
    recovery_code: str,
    made: dt.date | None = None,
) -> bytes:
    """Build the kit as PDF bytes, in memory only."""
    if not looks_like_code(recovery_code):
        raise ValueError("the Emergency Kit needs a recovery code, not another secret")
    made = made or dt.date.today()
    style = _styles(pdf_fonts.fonts())
    buffer = io.BytesIO()
    doc = pdf_layout.new_document(
        buffer,
        title=TITLE,
        subject="Recovery code for a RecordSafe vault",
        top=0.7 * inch,
        bottom=0.7 * inch,
    )
    story: list[Any] = [
        Paragraph(TITLE, style["title"]),
        Paragraph("The way back into your vault if you forget your passphrase.", style["subtitle"]),
        Spacer(1, 6),
        _details(style, vault_name, vault_folder, made),
        Paragraph("Your recovery code", style["heading"]),
        _code_box(style, recovery_code),
        Spacer(1, 4),
        Paragraph(
            "Letters and digits only: there is no I, L, O or U, so 0 is zero and 1 is one.",
            style["small"],
        ),
        Paragraph("If you forget your passphrase", style["heading"]),
        *_steps(style, vault_folder),
        Paragraph("Keep this page safe", style["heading"]),
        Paragraph(
            "Keep this page somewhere safe and private (a locked drawer, a safe); anyone with "
            "this code and your vault or a backup can read your records. Do not photograph "
            "it or keep it on this computer.",
            style["body"],
        ),
        Spacer(1, 4),
        Paragraph(
            "This code stops working if you make a new recovery code or rotate the vault key. "
            "Then print the new kit and destroy this one.",
            style["body"],
        ),
        _passphrase_space(style),
    ]
    doc.build(story)
    return buffer.getvalue()


def write_emergency_kit(
    target: Path,
    *,
    vault_name: str,
    vault_folder: Path,
    recovery_code: str,
    made: dt.date | None = None,
) -> None:
    """Render the kit and write it to `target` atomically (StorageError on a disk problem)."""
    pdf = render_emergency_kit(
        vault_name=vault_name,
        vault_folder=vault_folder,
        recovery_code=recovery_code,
        made=made,
    )
    atomic_write(target, pdf, what="save the Emergency Kit")
