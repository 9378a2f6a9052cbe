"""The house style of every PDF RecordSafe makes (Emergency Kit, releases): the bundled
DejaVu fonts and the four colours.

Registered once with reportlab, so names with diacritics and non-Latin scripts print;
the PDF core fonts are the fallback for a trimmed build without the TTFs.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from recordsafe.resources import resource_path

INK = colors.HexColor("#1f2a37")
MUTED = colors.HexColor("#4b5563")
ACCENT = colors.HexColor("#2f5d7c")
PANEL = colors.HexColor("#eef3f7")

SANS = "RecordSafe-Sans"
BOLD = "RecordSafe-Sans-Bold"
MONO = "RecordSafe-Mono"

_TTF = {
    SANS: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    MONO: "DejaVuSansMono.ttf",
}
_FALLBACK = {
    SANS: "Helvetica",
    BOLD: "Helvetica-Bold",
    MONO: "Courier",
}


def fonts() -> dict[str, str]:
    """Register the bundled TTFs once; map each role (SANS, BOLD, MONO) to a usable font."""
    chosen: dict[str, str] = {}
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _TTF.items():
        path = resource_path("fonts", filename)
        if name in registered:
            chosen[name] = name
        elif path.is_file():
            pdfmetrics.registerFont(TTFont(name, str(path)))
            chosen[name] = name
        else:
            chosen[name] = _FALLBACK[name]
    sans, bold = chosen[SANS], chosen[BOLD]
    if sans == SANS:
        # So that <b> inside a paragraph picks the bold TTF (Helvetica has this built in).
        pdfmetrics.registerFontFamily(sans, normal=sans, bold=bold, italic=sans, boldItalic=bold)
    return chosen


def house_styles(
    chosen: dict[str, str], *, subtitle_after: float, heading_before: float
) -> dict[str, ParagraphStyle]:
    """The paragraph styles every RecordSafe PDF shares: body, title, subtitle, heading, label."""
    sans, bold = chosen[SANS], chosen[BOLD]
    base = ParagraphStyle("body", fontName=sans, fontSize=10.5, leading=14.5, textColor=INK)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=22, leading=27),
        "subtitle": ParagraphStyle("subtitle", base, textColor=MUTED, spaceAfter=subtitle_after),
        "heading": ParagraphStyle(
            "heading",
            base,
            fontName=bold,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceBefore=heading_before,
            spaceAfter=5,
        ),
        "label": ParagraphStyle("label", base, fontName=bold, textColor=MUTED),
    }
