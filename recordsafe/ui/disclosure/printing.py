"""Printing a release: PDF bytes from memory to a printer, never through a file we write.

The release is rendered in memory (`release_pdf.render_release_pdf`), loaded into a
`QPdfDocument` from a `QBuffer`, and each page painted onto the `QPrinter` the user chose
in the system's print dialog. The gate records the print as a disclosure (the print is its
`write_output`: a print that fails records nothing). The one place the app prints
(tests/test_output_paths.py checks that).
"""

from __future__ import annotations

from collections.abc import Callable
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


def new_printer() -> QtPrintSupport.QPrinter:
    """The printer the print dialog sets up (the one device tests replace)."""
    return QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)


def choose_printer(
    parent: QtWidgets.QWidget, on_chosen: Callable[[QtPrintSupport.QPrinter], None]
) -> QtPrintSupport.QPrintDialog:
    """The system's print dialog, window-modal; `on_chosen(printer)` only if the user prints.

    Cancelling calls nothing, so nothing is recorded. open(), not exec(): a nested event
    loop would outlive an auto-lock.
    """
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
    "Print to file" gives it a file name: either would write the records unencrypted.
    """
    if printer.outputFileName():
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
        _paint(document, printer)
    finally:
        document.close()
        buffer.close()
        buffer.setData(QtCore.QByteArray())


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
