"""Printing PDF bytes page by page (the notices' print path) onto a real QPrinter."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pikepdf
from pytestqt.qtbot import QtBot

from recordsafe.disclosure import outputs
from recordsafe.ui.breach.print_pdf import print_pdf
from recordsafe.ui.qt import QtPrintSupport


def test_every_page_is_printed(qtbot: QtBot, tmp_path: Path) -> None:
    # No client content here: a made-up item, printed to a PDF "printer".
    items = [
        outputs.ReleaseItem(f"Item {n}", "2025", "test", "Lorem ipsum. " * 300) for n in range(3)
    ]
    cover = outputs.CoverInfo("Nobody", "", "Testing", "Practice", "", dt.date(2025, 1, 1), "—")
    data = outputs.render_release_pdf(items, cover)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    printer = QtPrintSupport.QPrinter()
    printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(printer, data) == pages > 1
    with pikepdf.open(tmp_path / "printed.pdf") as printed:
        assert len(printed.pages) == pages


def test_unreadable_bytes_print_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    printer = QtPrintSupport.QPrinter()
    printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(printer, b"not a pdf") == 0
