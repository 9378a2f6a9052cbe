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
MAX_RENDER_DPI: Final = 300  # enough for text; a 1200-dpi page image would be huge


def choose_printer(
    parent: QtWidgets.QWidget, on_chosen: Callable[[QtPrintSupport.QPrinter], None]
) -> None:
    """The system's print dialog, window-modal; `on_chosen(printer)` only if the user prints.

    open(), not exec(): a nested event loop would outlive an auto-lock.
    """
    printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
    dialog = QtPrintSupport.QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    # "Print to file" would write the records as a plain, unencrypted PDF.
    dialog.setOption(QtPrintSupport.QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.accepted.connect(lambda: _chosen(parent, printer, on_chosen))
    dialog.open()  # type: ignore[call-arg]  # the stub misses the no-argument overload


def writes_a_file(printer: QtPrintSupport.QPrinter) -> bool:
    """A "printer" that is really a file (Qt's PDF output, or any output file name)."""
    return bool(
        printer.outputFileName()
        or printer.outputFormat() == QtPrintSupport.QPrinter.OutputFormat.PdfFormat
    )


def _chosen(
    parent: QtWidgets.QWidget,
    printer: QtPrintSupport.QPrinter,
    on_chosen: Callable[[QtPrintSupport.QPrinter], None],
) -> None:
    if writes_a_file(printer):
        show_message(parent, NO_FILE_PRINTING, icon=QtWidgets.QMessageBox.Icon.Warning)
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
