"""Print PDF bytes (already released through the gate) on a chosen printer, page by page.

The bytes stay in memory: QPdfDocument reads them from a QBuffer, each page is rendered
to an image at the printer's resolution and painted; nothing is written to disk.
"""

from __future__ import annotations

from recordsafe.ui.qt import QtCore, QtGui, QtPdf, QtPrintSupport


def print_pdf(printer: QtPrintSupport.QPrinter, data: bytes) -> int:
    """Print every page; returns the number of pages printed (0 if the PDF is unreadable)."""
    buffer = QtCore.QBuffer()
    buffer.setData(QtCore.QByteArray(data))
    buffer.open(QtCore.QIODevice.OpenModeFlag.ReadOnly)
    document = QtPdf.QPdfDocument()
    document.load(buffer)
    pages = document.pageCount()
    if pages <= 0:
        return 0
    painter = QtGui.QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for page in range(pages):
            if page:
                printer.newPage()
            area = painter.viewport()
            size = (
                document.pagePointSize(page)
                .toSize()
                .scaled(area.size(), QtCore.Qt.AspectRatioMode.KeepAspectRatio)
            )
            image = document.render(page, size)
            painter.drawImage(QtCore.QPoint(0, 0), image)
    finally:
        painter.end()
        document.close()
    return pages
