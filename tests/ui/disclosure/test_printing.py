"""Printing PDF bytes page by page onto a real QPrinter (a PDF "printer" in tests)."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.disclosure import release_pdf
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.ui.disclosure import printing
from recordsafe.ui.qt import Qt, QtPrintSupport, QtWidgets
from tests.ui.print_device import PrinterDevice


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


def test_the_real_print_dialog_hands_over_the_printer_only_on_print(
    qtbot: QtBot, printer_device: PrinterDevice
) -> None:
    """Issue 16: `QPrintDialog.open()` with no arguments raised, so no print path worked."""
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    chosen: list[QtPrintSupport.QPrinter] = []
    printing.choose_printer(parent, chosen.append)
    assert printer_device.dialog(qtbot).windowModality() == Qt.WindowModality.WindowModal
    printer_device.cancel(qtbot)
    assert chosen == []  # cancelled: nothing printed, nothing recorded
    printing.choose_printer(parent, chosen.append)
    printer_device.press_print(qtbot)
    assert chosen == [printer_device.made[-1]]


def test_with_no_printer_set_up_it_says_so_and_prints_nothing(qtbot: QtBot) -> None:
    """No stand-in here: this machine's (empty) print system. Walker 49-50: the print
    dialog opened with an empty printer name and said "no printer" only after Print."""
    if QtPrintSupport.QPrinterInfo.availablePrinters():
        pytest.skip("this machine has a printer")
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    chosen: list[QtPrintSupport.QPrinter] = []
    assert printing.choose_printer(parent, chosen.append) is None
    assert chosen == []
    assert not parent.findChildren(QtPrintSupport.QPrintDialog)  # said before any dialog
    boxes = [b for b in parent.findChildren(QtWidgets.QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == [printing.NO_PRINTER]
    boxes[0].accept()


def test_a_printer_that_writes_a_file_is_refused(tmp_path: Path) -> None:
    """Found in review: Qt's print dialog can offer "Print to file", an unencrypted PDF."""
    assert printing.refusal(pdf_printer(tmp_path / "plain.pdf")) == printing.NO_FILE_PRINTING
    assert not (tmp_path / "plain.pdf").exists()


def test_the_print_choice_says_where_the_pages_go(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 14: printing is the one network use; the print choice names where pages go."""
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.cups/client.conf of the tester's
    monkeypatch.delenv("CUPS_SERVER", raising=False)
    if Path("/etc/cups/client.conf").exists():
        pytest.skip("this machine names a CUPS server in /etc/cups/client.conf")
    assert printing.cups_server() == "localhost"
    said = printing.where_pages_go()
    assert "this computer's print system (CUPS at localhost:631)" in said
    assert "Nothing else in RecordSafe uses the network" in said
    monkeypatch.setenv("CUPS_SERVER", "print.example.org")
    assert "the print server print.example.org:631, over the network" in printing.where_pages_go()
    monkeypatch.delenv("CUPS_SERVER")
    (tmp_path / ".cups").mkdir()
    (tmp_path / ".cups" / "client.conf").write_text("# mine\nServerName 10.0.0.5:8631\n")
    assert printing.cups_server() == "10.0.0.5:8631"


@pytest.mark.parametrize(
    ("address", "words"),
    [
        (None, "“Office”"),
        (
            "ipp://192.168.1.20/ipp/print",
            "“Office” (a network printer at 192.168.1.20; the pages cross the network unencrypted)",
        ),
        ("ipps://printer.example:631/ipp/print", "“Office” (a network printer at printer.example)"),
        ("socket://10.1.2.3:9100", "“Office” (a network printer at 10.1.2.3; the pages cross"),
        ("usb://Brother/HL-L2350DW?serial=E7", "“Office” (connected to this computer: usb)"),
    ],
)
def test_the_printer_is_named_with_its_address(address: str | None, words: str) -> None:
    assert printing.printer_words("Office", address).startswith(words)


def test_a_printer_that_writes_a_pdf_into_the_user_s_folders_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """cups-pdf is a CUPS queue that writes each job as a plain PDF file."""
    monkeypatch.setattr(printing, "printer_address", lambda _name: "cups-pdf:/")
    printer = QtPrintSupport.QPrinter()
    printer.setPrinterName("PDF")
    assert printing.refusal(printer) == printing.NO_FILE_PRINTING


def test_device_addresses_are_read_without_a_network_library() -> None:
    assert printing.device_parts("ipp://192.168.1.20:631/ipp/print") == ("ipp", "192.168.1.20")
    assert printing.device_parts("ipps://user@[fe80::1]:443/x") == ("ipps", "fe80::1")
    assert printing.device_parts("cups-pdf:/") == ("cups-pdf", None)
    assert printing.device_parts("USB://HP/LaserJet") == ("usb", "HP")


class SpoolWatchingPrinter(QtPrintSupport.QPrinter):
    """A PDF "printer" that notes where a CUPS job's temporary file would go."""

    def __init__(self, target: Path) -> None:
        super().__init__()
        self.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
        self.setOutputFileName(str(target))
        self.tmpdirs: list[str | None] = []

    def newPage(self) -> bool:
        self.tmpdirs.append(os.environ.get("TMPDIR"))
        return super().newPage()


def test_a_print_job_s_temporary_file_goes_to_a_private_folder(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Qt's CUPS engine writes the job to $TMPDIR first: a crash would leave it there."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    spool = runtime / printing.SPOOL_FOLDER
    spool.mkdir(mode=0o700)
    (spool / "cups-leftover").write_bytes(b"%PDF a job a crash left")
    items = [release_pdf.ReleaseItem("Item", "2025", "test", "Lorem ipsum. " * 400)]
    cover = release_pdf.CoverInfo("Nobody", "", "Testing", "Practice", "", dt.date(2025, 1, 1), "-")
    printer = SpoolWatchingPrinter(tmp_path / "printed.pdf")
    printing.print_pdf(release_pdf.render_release_pdf(items, cover), printer)
    assert printer.tmpdirs and set(printer.tmpdirs) == {str(spool)}
    assert list(spool.iterdir()) == []  # the leftover is gone
    assert os.environ["TMPDIR"] == str(tmp_path)  # put back after printing
    runtime.chmod(0o755)  # not private: printing goes on as before
    assert printing._spool_folder() is None
