"""Printing a release: PDF bytes from memory to a printer, never through a file we write.

The release is rendered in memory (`release_pdf.render_release_pdf`), loaded into a
`QPdfDocument` from a `QBuffer`, and each page painted onto the `QPrinter` the user chose
in the system's print dialog. The gate records the print as a disclosure (the print is its
`write_output`: a print that fails records nothing). The one place the app prints
(tests/test_output_paths.py checks that).

Printing is the app's one use of the network: the pages go to the system's print service
(CUPS, usually on this computer at localhost:631, or the server its client settings name),
which sends them on to the printer, across the network when the printer is on it.
`where_pages_go()` says so before printing and `sent_to(printer)` after, with the
printer's address from CUPS (its device URI) where CUPS gives it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

from recordsafe.disclosure.errors import DisclosureError
from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import Qt, QtCore, QtGui, QtPdf, QtPrintSupport, QtWidgets

NO_FILE_PRINTING: Final = (
    "Nothing was printed: that printer writes a file, which would hold the records "
    "unencrypted. Choose a real printer, or save an encrypted PDF instead."
)
NO_PRINTER: Final = (
    "Nothing was printed: no printer is set up on this computer. Add one in the system's "
    "printer settings, or save an encrypted PDF instead."
)
MAX_RENDER_DPI: Final = 300  # enough for text; a 1200-dpi page image would be huge
# CUPS device URI schemes that reach a printer across the network; the first ones carry
# the pages in the clear.
PLAIN_NETWORK: Final = frozenset({"ipp", "http", "socket", "lpd"})
NETWORK: Final = PLAIN_NETWORK | {"ipps", "https", "smb", "dnssd", "mdns"}
FILE_DEVICES: Final = frozenset({"file", "cups-pdf"})  # "printers" that write a file
CUPS_PORT: Final = 631
SPOOL_FOLDER: Final = "recordsafe-print"


def new_printer() -> QtPrintSupport.QPrinter:
    """The printer the print dialog sets up (the one device tests replace)."""
    return QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)


def installed_printers() -> list[str]:
    """The printers the system has set up (the other device tests replace)."""
    return [info.printerName() for info in QtPrintSupport.QPrinterInfo.availablePrinters()]


def choose_printer(
    parent: QtWidgets.QWidget, on_chosen: Callable[[QtPrintSupport.QPrinter], None]
) -> QtPrintSupport.QPrintDialog | None:
    """The system's print dialog, window-modal; `on_chosen(printer)` only if the user prints.

    Cancelling calls nothing, so nothing is recorded. open(), not exec(): a nested event
    loop would outlive an auto-lock. With no printer set up at all, it says so at once
    (None): a dialog with an empty printer name would only say it after Print.
    """
    if not installed_printers():
        show_message(parent, NO_PRINTER)
        return None
    # Not deleted on close: `on_chosen` usually holds `parent`, and a child that drops the
    # last reference to its parent while being deleted deletes itself twice (a crash).
    # The previous one goes when the next one comes, or with `parent`.
    for old in parent.findChildren(
        QtPrintSupport.QPrintDialog, options=Qt.FindChildOption.FindDirectChildrenOnly
    ):
        old.deleteLater()
    printer = new_printer()
    dialog = QtPrintSupport.QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    # "Print to file" would write the records as a plain, unencrypted PDF.
    dialog.setOption(QtPrintSupport.QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    dialog.accepted.connect(lambda: _chosen(parent, printer, on_chosen))
    # QPrintDialog.open() takes (receiver, slot) in PySide6 and hides QDialog.open();
    # calling it with no arguments is a TypeError (issue 16: no print path worked).
    QtWidgets.QDialog.open(dialog)
    return dialog


def refusal(printer: QtPrintSupport.QPrinter) -> str | None:
    """Why `printer` must not be used, or None for a real printer.

    Qt turns a printer into PDF output when the system has no printer at all, and
    "Print to file" gives it a file name; a CUPS queue such as cups-pdf writes a PDF into
    the user's folders. Each would write the records unencrypted.
    """
    if printer.outputFileName():
        return NO_FILE_PRINTING
    address = printer_address(printer.printerName())
    if address and device_parts(address)[0] in FILE_DEVICES:
        return NO_FILE_PRINTING
    if printer.outputFormat() == QtPrintSupport.QPrinter.OutputFormat.PdfFormat:
        return NO_PRINTER
    return None


def _chosen(
    parent: QtWidgets.QWidget,
    printer: QtPrintSupport.QPrinter,
    on_chosen: Callable[[QtPrintSupport.QPrinter], None],
) -> None:
    problem = refusal(printer)
    if problem:
        show_message(parent, problem, icon=QtWidgets.QMessageBox.Icon.Warning)
        return
    on_chosen(printer)


# --- where the pages go ---------------------------------------------------------------------


def cups_server() -> str:
    """The print server CUPS uses: $CUPS_SERVER, else the client.conf ServerName, else
    this computer (CUPS's own order; a path is a local socket)."""
    named = os.environ.get("CUPS_SERVER", "").strip()
    for conf in (Path.home() / ".cups" / "client.conf", Path("/etc/cups/client.conf")):
        if named:
            break
        named = _server_name(conf)
    return named or "localhost"


def _server_name(conf: Path) -> str:
    try:
        lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for line in lines:
        key, _, value = line.strip().partition(" ")
        if key.lower() == "servername" and value.strip():
            return value.strip()
    return ""


def server_words(server: str) -> str:
    """'this computer's print system (CUPS at localhost:631)', or the remote server."""
    host = server.split(":", 1)[0] if not server.startswith("/") else server
    if server.startswith("/") or host in ("localhost", "127.0.0.1", "::1", "[::1]"):
        where = server if server.startswith("/") else f"{host}:{CUPS_PORT}"
        return f"this computer's print system (CUPS at {where})"
    shown = server if ":" in server else f"{server}:{CUPS_PORT}"
    return f"the print server {shown}, over the network (CUPS's client settings name it)"


def where_pages_go() -> str:
    """Said before printing: the app's one use of the network."""
    if sys.platform == "win32":
        system = "this computer's print system (the Windows print spooler)"
    else:
        system = server_words(cups_server())
    return (
        f"The pages go to {system}, which sends them to the printer you choose: across the "
        "network when it is a network printer. Nothing else in RecordSafe uses the network."
    )


def printer_words(name: str, address: str | None) -> str:
    """'“Office” (a network printer at 192.168.1.20; ...)' from a CUPS device URI."""
    shown = f"“{name}”" if name else "the printer"
    if not address:
        return shown
    scheme, host = device_parts(address)
    if scheme in NETWORK:
        at = f" at {host}" if host else ""
        plain = "; the pages cross the network unencrypted" if scheme in PLAIN_NETWORK else ""
        return f"{shown} (a network printer{at}{plain})"
    return f"{shown} (connected to this computer: {scheme})"


def device_parts(address: str) -> tuple[str, str | None]:
    """(scheme, host) of a CUPS device URI: ("ipp", "192.168.1.20"), ("usb", "HP")."""
    scheme, _, rest = address.partition(":")
    if not rest.startswith("//"):
        return scheme.lower(), None
    authority = rest[2:].split("/", 1)[0].rsplit("@", 1)[-1]
    if authority.startswith("["):  # an IPv6 address
        return scheme.lower(), authority[1:].split("]", 1)[0] or None
    return scheme.lower(), authority.split(":", 1)[0] or None


def sent_to(printer: QtPrintSupport.QPrinter) -> str:
    """Said after printing: which printer, where it is, through which print system."""
    words = printer_words(printer.printerName(), printer_address(printer.printerName()))
    system = "the Windows print spooler" if sys.platform == "win32" else "CUPS"
    return f"{words}, through {system}"


class _CupsOption(ctypes.Structure):
    _fields_ = (("name", ctypes.c_char_p), ("value", ctypes.c_char_p))


class _CupsDest(ctypes.Structure):
    _fields_ = (
        ("name", ctypes.c_char_p),
        ("instance", ctypes.c_char_p),
        ("is_default", ctypes.c_int),
        ("num_options", ctypes.c_int),
        ("options", ctypes.POINTER(_CupsOption)),
    )


@functools.cache
def _libcups() -> ctypes.CDLL | None:
    found = ctypes.util.find_library("cups")
    if found is None:
        return None
    try:
        lib = ctypes.CDLL(found)
    except OSError:
        return None
    lib.cupsGetNamedDest.restype = ctypes.POINTER(_CupsDest)
    lib.cupsGetNamedDest.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p)
    lib.cupsGetOption.restype = ctypes.c_char_p
    lib.cupsGetOption.argtypes = (
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(_CupsOption),
    )
    lib.cupsFreeDests.argtypes = (ctypes.c_int, ctypes.POINTER(_CupsDest))
    return lib


def printer_address(name: str) -> str | None:
    """The printer's device URI as CUPS has it (ipp://192.168.1.20/ipp/print, usb://...),
    or None where there is no CUPS, no such printer, or CUPS keeps it to itself. Qt does not
    expose it; asking is the same local CUPS request Qt's print dialog makes."""
    lib = _libcups() if name and sys.platform != "win32" else None
    if lib is None:
        return None
    dest = lib.cupsGetNamedDest(None, name.encode(), None)
    if not dest:
        return None
    try:
        value = lib.cupsGetOption(b"device-uri", dest[0].num_options, dest[0].options)
        return value.decode(errors="replace") if value else None
    finally:
        lib.cupsFreeDests(1, dest)


# --- printing -------------------------------------------------------------------------------


def print_pdf(pdf: bytes, printer: QtPrintSupport.QPrinter) -> None:
    """Paint every page of `pdf` onto `printer`; DisclosureError when it cannot print."""
    buffer = QtCore.QBuffer()
    buffer.setData(QtCore.QByteArray(pdf))
    buffer.open(QtCore.QIODevice.OpenModeFlag.ReadOnly)
    document = QtPdf.QPdfDocument()
    try:
        document.load(buffer)
        if document.status() != QtPdf.QPdfDocument.Status.Ready or document.pageCount() < 1:
            raise DisclosureError("The release could not be prepared for printing.")
        with private_spool():
            _paint(document, printer)
    finally:
        document.close()
        buffer.close()
        buffer.setData(QtCore.QByteArray())


@contextlib.contextmanager
def private_spool() -> Iterator[Path | None]:
    """While printing, the job's temporary file goes to a private folder in memory.

    Qt's CUPS engine writes the whole job (the pages as images) to a temporary file in
    $TMPDIR, /tmp by default and often on disk, and deletes it once CUPS has it; a crash
    in between would leave it there. XDG_RUNTIME_DIR is the user's own folder (0700),
    in memory on most systems and emptied at logout; what a crash left in ours is
    removed first. Elsewhere (no such folder, Windows) printing is unchanged.
    """
    folder = _spool_folder()
    if folder is None:
        yield None
        return
    previous = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(folder)
    try:
        yield folder
    finally:
        if previous is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = previous


def _spool_folder() -> Path | None:
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if sys.platform == "win32" or not runtime:
        return None
    try:
        info = os.stat(runtime)
        if stat.S_IMODE(info.st_mode) != 0o700 or info.st_uid != os.getuid():
            return None  # not the private folder the XDG spec promises
        folder = Path(runtime) / SPOOL_FOLDER
        folder.mkdir(mode=0o700, exist_ok=True)
        for leftover in folder.iterdir():
            leftover.unlink(missing_ok=True)
    except OSError:
        return None
    return folder


def _paint(document: QtPdf.QPdfDocument, printer: QtPrintSupport.QPrinter) -> None:
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    painter = QtGui.QPainter()
    if not painter.begin(printer):
        raise DisclosureError("The printer could not be used. Check that it is ready.")
    try:
        for page in range(document.pageCount()):
            if page and not printer.newPage():
                raise DisclosureError("The printer stopped partway. Check that it is ready.")
            points = document.pagePointSize(page)
            size = QtCore.QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(page, size)
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), QtCore.Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
    finally:
        painter.end()
