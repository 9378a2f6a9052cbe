"""Show an attached document inside the app, from bytes in memory only.

Images are decoded straight from the vault's bytes into a pixmap; nothing is written to
a temporary file. PDFs show their page count and metadata (read with pikepdf from the
bytes): drawing PDF pages needs Qt's PDF module, which the PySide6 build we ship lacks.
"""

from __future__ import annotations

import io

import pikepdf

from recordsafe.records import documents
from recordsafe.records.documents import Document
from recordsafe.ui.qt import Qt, QtGui, QtWidgets
from recordsafe.ui.records.common import hint
from recordsafe.vault import VaultSession

PDF_FIELDS = (("/Title", "Title"), ("/Author", "Author"), ("/Subject", "Subject"),
              ("/Creator", "Made with"), ("/Producer", "Produced by"),
              ("/CreationDate", "Created"))  # fmt: skip


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def pdf_facts(data: bytes) -> tuple[int | None, list[tuple[str, str]]]:
    """(page count, [(label, value)]) of a PDF in memory; (None, []) if it cannot be read."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            info = pdf.docinfo
            facts = [(label, str(info[key])) for key, label in PDF_FIELDS if key in info]
            return len(pdf.pages), facts
    except (pikepdf.PdfError, ValueError):
        return None, []


class DocumentView(QtWidgets.QDialog):
    def __init__(
        self, session: VaultSession, document_id: int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.document: Document = documents.open_document(session, document_id)  # audited
        info = self.document.info
        self.setWindowTitle(info.name)
        self.resize(760, 620)
        header = QtWidgets.QLabel(info.name)
        header.setStyleSheet("QLabel { font-size: 15px; font-weight: bold; }")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(
            hint(f"{_kind(info.mime)} · {size_text(info.size)} · added {info.added_at[:10]}")
        )
        self.image_label: QtWidgets.QLabel | None = None
        self.pages: int | None = None
        if info.mime == "application/pdf":
            layout.addWidget(self._pdf_panel(self.document.data), 1)
            self.resize(560, 320)
        else:
            layout.addWidget(self._image_panel(self.document.data), 1)
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    def _image_panel(self, data: bytes) -> QtWidgets.QWidget:
        pixmap = QtGui.QPixmap()
        label = QtWidgets.QLabel()
        label.setObjectName("documentImage")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if pixmap.loadFromData(data):
            label.setPixmap(pixmap)
        else:
            label.setText("This image could not be shown (the file may be damaged).")
        self.image_label = label
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        return scroll

    def _pdf_panel(self, data: bytes) -> QtWidgets.QWidget:
        self.pages, facts = pdf_facts(data)
        box = QtWidgets.QWidget()
        form = QtWidgets.QFormLayout(box)
        if self.pages is None:
            form.addRow(QtWidgets.QLabel("This PDF could not be read (it may be damaged)."))
        else:
            pages = QtWidgets.QLabel(f"{self.pages} page{'s' if self.pages != 1 else ''}")
            pages.setObjectName("pdfPages")
            form.addRow("Pages:", pages)
            for label, value in facts:
                form.addRow(f"{label}:", QtWidgets.QLabel(value))
        form.addRow(
            hint(
                "Showing PDF pages inside RecordSafe is not available in this version. The "
                "document is safe in the vault; to print or send it, use the disclosure step "
                "(coming), which records who received it."
            )
        )
        return box


def _kind(mime: str) -> str:
    return {"application/pdf": "PDF", "image/png": "PNG image", "image/jpeg": "JPEG image"}.get(
        mime, mime
    )
