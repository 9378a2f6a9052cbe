"""The page set-up every RecordSafe PDF shares: the document with generic metadata, and a
footer on every page that can say "page N of M".

Metadata never names a client, recipient or purpose: a PDF's properties are shown by
file managers and search indexers even when its pages are encrypted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from recordsafe.outputs import pdf_fonts
from recordsafe.wording import long_day

RULE = colors.HexColor("#c7d2dc")
SIDE_MARGIN = 0.8 * inch
FOOTER_FONT_SIZE = 8
FOOTER_LEADING = 10


def long_date(day: dt.date) -> str:
    """5 December 2026: the date as every RecordSafe document writes it."""
    return long_day(day)


def new_document(
    buffer: IO[bytes],
    *,
    title: str,
    subject: str = "",
    pagesize: tuple[float, float] = LETTER,
    side: float = 0.8 * inch,
    top: float = 0.75 * inch,
    bottom: float = 1.0 * inch,
) -> SimpleDocTemplate:
    """A document written into `buffer` (memory: the caller encrypts before any write)."""
    return SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=side,
        rightMargin=side,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author="RecordSafe",
        subject=subject,
        creator="RecordSafe",
    )


def footer_canvas(
    footer: Callable[[int, int], str], font: str, *, side: float = 0.8 * inch
) -> type[Canvas]:
    """A canvas that holds every page until the end, so each footer can say "of M".

    `footer(page, pages)` gives the text, wrapped and centred under a thin rule.
    """

    class FooterCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                super().showPage()
            super().save()

        def _draw_footer(self, page: int, pages: int) -> None:
            width, _ = self._pagesize
            lines = simpleSplit(footer(page, pages), font, FOOTER_FONT_SIZE, width - 2 * side)
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.6)
            top = 0.42 * inch + FOOTER_LEADING * len(lines)
            self.line(side, top, width - side, top)
            self.setFillColor(pdf_fonts.MUTED)
            self.setFont(font, FOOTER_FONT_SIZE)
            y = top - FOOTER_LEADING
            for line in lines:
                self.drawCentredString(width / 2, y, line)
                y -= FOOTER_LEADING
            self.restoreState()

    return FooterCanvas


def facts_table(
    rows: Sequence[tuple[Flowable, Flowable]],
    *,
    label_width: float,
    gap: float,
    top_padding: float | None = None,
) -> Table:
    """Labels on the left, values on the right (a kit's details, a cover sheet, a
    certificate): top-aligned, flush left, `gap` points under each row."""
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), gap),
    ]
    if top_padding is not None:
        commands.append(("TOPPADDING", (0, 0), (-1, -1), top_padding))
    table = Table([list(row) for row in rows], colWidths=[label_width, None])
    table.setStyle(TableStyle(commands))
    return table


def code_box(code: Flowable, *, top: float, bottom: float) -> Table:
    """A secret code (recovery, custodian) in the house's framed panel, full width."""
    box = Table([[code]], colWidths=["100%"])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.5, pdf_fonts.ACCENT),
                ("BACKGROUND", (0, 0), (-1, -1), pdf_fonts.PANEL),
                ("TOPPADDING", (0, 0), (-1, -1), top),
                ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
            ]
        )
    )
    return box


class PathParagraph(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A folder or file path broken after its separators ("/", "\\"), never inside a name
    (a path copied from a kit by hand must not gain a break where a name has a space),
    then `after` (plain words, wrapped as usual)."""

    def __init__(self, path: str, style: ParagraphStyle, *, after: str = "") -> None:
        super().__init__()
        self._path = path
        self._after = after
        self._style = style
        self._inner = Paragraph(escape(path + after), style)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        lines = path_lines(self._path, self._style.fontName, self._style.fontSize, avail_width)
        # No-break spaces: the words after the path may wrap, the path's last line may not.
        text = "<br/>".join(escape(line).replace(" ", "&nbsp;") for line in lines)
        self._inner = Paragraph(text + escape(self._after), self._style)
        width, height = self._inner.wrap(avail_width, avail_height)
        return width, height

    def draw(self) -> None:
        self._inner.drawOn(self.canv, 0, 0)


def path_lines(path: str, font: str, size: float, width: float) -> list[str]:
    """`path` in lines no wider than `width`, each ending at a separator where it can."""
    parts = re.findall(r"[^/\\]*[/\\]|[^/\\]+$", path) or [path]
    lines = [""]
    for part in parts:
        if not lines[-1] or stringWidth(lines[-1] + part, font, size) <= width:
            lines[-1] += part
        else:
            lines.append(part)
    return [line for line in lines if line]
