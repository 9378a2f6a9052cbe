"""Printing PDF bytes page by page onto a real QPrinter (a PDF "printer" in tests)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.disclosure import release_pdf
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.ui.disclosure import printing
from recordsafe.ui.qt import QtPrintSupport, QtWidgets


def pdf_printer(target: Path) -> QtPrintSupport.QPrinter:
    printer = QtPrintSupport.QPrinter()
    printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def test_every_page_is_printed(qtbot: QtBot, tmp_path: Path) -> None:
    # No client content here: made-up items.
    items = [
        release_pdf.ReleaseItem(f"Item {n}", "2025", "test", "Lorem ipsum. " * 300)
        for n in range(3)
    ]
    cover = release_pdf.CoverInfo("Nobody", "", "Testing", "Practice", "", dt.date(2025, 1, 1), "-")
    data = release_pdf.render_release_pdf(items, cover)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    assert pages > 1
    printing.print_pdf(data, pdf_printer(tmp_path / "printed.pdf"))
    with pikepdf.open(tmp_path / "printed.pdf") as printed:
        assert len(printed.pages) == pages


def test_unreadable_bytes_are_refused_in_words(qtbot: QtBot, tmp_path: Path) -> None:
    with pytest.raises(DisclosureError, match="could not be prepared for printing"):
        printing.print_pdf(b"not a pdf", pdf_printer(tmp_path / "printed.pdf"))


def test_a_printer_that_writes_a_file_is_refused(qtbot: QtBot, tmp_path: Path) -> None:
    """Found in review: Qt's print dialog offers "Print to file", an unencrypted PDF."""
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    chosen: list[QtPrintSupport.QPrinter] = []
    printing._chosen(parent, pdf_printer(tmp_path / "plain.pdf"), chosen.append)
    assert chosen == []
    boxes = [b for b in parent.findChildren(QtWidgets.QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == [printing.NO_FILE_PRINTING]
    boxes[0].accept()
    assert not (tmp_path / "plain.pdf").exists()
    assert printing.writes_a_file(pdf_printer(tmp_path / "x.pdf"))
