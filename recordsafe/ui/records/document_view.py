"""Show an attached document inside the app, from bytes in memory only.

Images are decoded straight from the vault's bytes into a pixmap. PDFs are drawn by
Qt's PDF module (QPdfDocument + QPdfView) reading from a QBuffer over those bytes:
nothing is ever written to a temporary file or opened by path. The buffer must outlive
the document, because the PDF engine reads pages from it lazily while they are drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from recordsafe.records import documents
from recordsafe.records.documents import Document
from recordsafe.ui.qt import Qt, QtCore, QtGui, QtPdf, QtPdfWidgets, QtWidgets
from recordsafe.ui.widgets.dates import format_stamp_day
from recordsafe.ui.widgets.forms import hint
from recordsafe.ui.widgets.screen import resize_within_screen
from recordsafe.vault import VaultSession
from recordsafe.wording import counted

QPdfDocument = QtPdf.QPdfDocument
QPdfView = QtPdfWidgets.QPdfView
Field = QPdfDocument.MetaDataField
# The facts worth a glance above the pages; the rest of a PDF's metadata is noise.
PDF_FIELDS = ((Field.Title, "Title"), (Field.Author, "Author"), (Field.Subject, "Subject"))
DAMAGED_PDF = "This PDF could not be shown (the file may be damaged)."
ZOOM_STEP = 1.25


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def pages_text(count: int) -> str:
    return counted(count, "page")


class DocumentView(QtWidgets.QDialog):
    def __init__(
        self, session: VaultSession, document_id: int, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.document: Document | None = documents.open_document(session, document_id)  # audited
        info = self.document.info
        self.setWindowTitle(info.name)
        header = QtWidgets.QLabel(info.name)
        header.setStyleSheet("QLabel { font-size: 15px; font-weight: bold; }")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(header)
        added = format_stamp_day(info.added_at)
        layout.addWidget(hint(f"{_kind(info.mime)} · {size_text(info.size)} · added {added}"))
        self.image_label: QtWidgets.QLabel | None = None
        self.pages: int | None = None
        self.pdf_document: QtPdf.QPdfDocument | None = None
        self.pdf_view: QtPdfWidgets.QPdfView | None = None
        self.pdf_buffer: QtCore.QBuffer | None = None
        self.pdf_message: QtWidgets.QLabel | None = None
        self.page_label: QtWidgets.QLabel | None = None
        if info.mime == "application/pdf":
            layout.addWidget(self._pdf_panel(self.document.data), 1)
            # A page at fit-to-width wants a tall window, but never taller than the screen.
            resize_within_screen(self, *((820, 980) if self.pdf_view is not None else (560, 320)))
        else:
            layout.addWidget(self._image_panel(self.document.data), 1)
            resize_within_screen(self, 760, 620)
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    # --- images ------------------------------------------------------------------------

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

    # --- PDFs --------------------------------------------------------------------------

    def _load_pdf(self, data: bytes) -> QtPdf.QPdfDocument:
        # QBuffer over a QByteArray copy of the bytes; both are children of this dialog and
        # live exactly as long as the document (drop_session lets all three go together).
        buffer = QtCore.QBuffer(self)
        buffer.setData(QtCore.QByteArray(data))
        buffer.open(QtCore.QIODevice.OpenModeFlag.ReadOnly)
        self.pdf_buffer = buffer
        document = QPdfDocument(self)
        document.load(buffer)  # synchronous for a random-access device such as QBuffer
        self.pdf_document = document
        return document

    def _pdf_panel(self, data: bytes) -> QtWidgets.QWidget:
        document = self._load_pdf(data)
        box = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            message = QtWidgets.QLabel(DAMAGED_PDF)
            message.setObjectName("pdfMessage")
            message.setWordWrap(True)
            message.setAlignment(Qt.AlignmentFlag.AlignCenter)
            message.setStyleSheet("QLabel { font-size: 14px; }")
            column.addWidget(message, 1)
            column.addWidget(hint("It is still kept in the vault exactly as it was attached."))
            self.pdf_message = message
            return box
        self.pages = document.pageCount()
        facts = [pages_text(self.pages)]
        facts += [
            f"{label}: {value}"
            for field, label in PDF_FIELDS
            if (value := str(document.metaData(field) or "").strip())
        ]
        metadata = QtWidgets.QLabel(" · ".join(facts))
        metadata.setObjectName("pdfPages")
        metadata.setWordWrap(True)
        column.addWidget(metadata)
        column.addLayout(self._pdf_toolbar())
        view = QPdfView(box)
        view.setObjectName("pdfView")
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        view.setDocument(document)
        view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        view.installEventFilter(self)
        self.pdf_view = view
        column.addWidget(view, 1)
        self._show_page_number()
        return box

    def _pdf_toolbar(self) -> QtWidgets.QHBoxLayout:
        keys = QtGui.QKeySequence.StandardKey
        row = QtWidgets.QHBoxLayout()
        # Page Up/Down are handled by keyPressEvent/eventFilter, not button shortcuts: the
        # scroll area would otherwise eat them to scroll one screen instead of one page.
        self.previous_button = _button("◀ Previous page", "Page Up", self.previous_page)
        self.next_button = _button("Next page ▶", "Page Down", self.next_page)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        self.page_label = QtWidgets.QLabel()
        self.page_label.setObjectName("pdfPageNumber")
        row.addWidget(self.page_label)
        row.addStretch(1)
        row.addWidget(_button("Zoom out", "Ctrl+Minus", self.zoom_out, keys.ZoomOut))
        row.addWidget(_button("Fit width", "Fit the page to the window's width", self.fit_width))
        row.addWidget(_button("Zoom in", "Ctrl+Plus", self.zoom_in, keys.ZoomIn))
        return row

    def current_page(self) -> int:
        """The page shown at the top of the view, counting from 0."""
        return 0 if self.pdf_view is None else self.pdf_view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        if self.pdf_view is None or self.pages is None:
            return
        page = max(0, min(page, self.pages - 1))
        navigator = self.pdf_view.pageNavigator()
        navigator.jump(page, QtCore.QPointF(), navigator.currentZoom())

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    def fit_width(self) -> None:
        if self.pdf_view is not None:
            with self._keeping_place(self.pdf_view):
                self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _zoom(self, factor: float) -> None:
        if self.pdf_view is None:
            return
        zoom = max(0.25, min(self.pdf_view.zoomFactor() * factor, 8.0))
        with self._keeping_place(self.pdf_view):
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.pdf_view.setZoomFactor(zoom)

    @staticmethod
    @contextmanager
    def _keeping_place(view: QtPdfWidgets.QPdfView) -> Iterator[None]:
        """Keep the same spot of the document in view across a zoom change.

        QPdfView keeps the scroll bars' raw values, so zooming in would jump far down the
        document. This keeps the line at the top of the view at the top (so the reader
        stays on their page) and the middle of the page's width in the middle.
        """
        vertical, horizontal = view.verticalScrollBar(), view.horizontalScrollBar()

        def spot() -> tuple[float, float]:
            height = vertical.maximum() + view.viewport().height()
            width = horizontal.maximum() + view.viewport().width()
            middle = horizontal.value() + view.viewport().width() / 2
            return vertical.value() / max(1, height), middle / max(1, width)

        top, middle = spot()
        yield
        height = vertical.maximum() + view.viewport().height()
        width = horizontal.maximum() + view.viewport().width()
        vertical.setValue(round(top * height))
        horizontal.setValue(round(middle * width - view.viewport().width() / 2))

    def _turn_page(self, event: QtGui.QKeyEvent) -> bool:
        """Page Up/Down move one PDF page (not one screen); True when the key was used."""
        if self.pdf_view is None or event.modifiers() != Qt.KeyboardModifier.NoModifier:
            return False
        if event.key() == Qt.Key.Key_PageUp:
            self.previous_page()
        elif event.key() == Qt.Key.Key_PageDown:
            self.next_page()
        else:
            return False
        return True

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if (
            watched is self.pdf_view
            and event.type() == QtCore.QEvent.Type.KeyPress
            and isinstance(event, QtGui.QKeyEvent)
            and self._turn_page(event)
        ):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if not self._turn_page(event):
            super().keyPressEvent(event)

    def _show_page_number(self) -> None:
        if self.page_label is not None and self.pages is not None:
            page = self.current_page()
            self.page_label.setText(f"Page {page + 1} of {self.pages}")
            self.previous_button.setEnabled(page > 0)
            self.next_button.setEnabled(page < self.pages - 1)

    # --- letting go --------------------------------------------------------------------

    def drop_session(self) -> None:
        """The window is locking: forget the document, the PDF engine's copy and the bytes."""
        if self.pdf_document is not None:
            self.pdf_document.close()  # the view goes blank; then the buffer it read from goes
            self.pdf_document.deleteLater()
        if self.pdf_view is not None:
            # Not setDocument(None): Qt warns about its link model. Deleting the view is cleaner.
            self.pdf_view.removeEventFilter(self)
            self.pdf_view.hide()
            self.pdf_view.deleteLater()
        if self.pdf_buffer is not None:
            self.pdf_buffer.close()
            self.pdf_buffer.setData(QtCore.QByteArray())
            self.pdf_buffer.deleteLater()
        if self.image_label is not None:
            self.image_label.clear()
        self.pdf_document = None
        self.pdf_view = None
        self.pdf_buffer = None
        self.document = None
        self.pages = None

    def done(self, result: int) -> None:
        # Closing also lets go of the bytes at once, not whenever Qt deletes the dialog.
        self.drop_session()
        super().done(result)


def _button(
    text: str,
    tip: str,
    action: Callable[[], None],
    key: QtGui.QKeySequence.StandardKey | None = None,
) -> QtWidgets.QPushButton:
    button = QtWidgets.QPushButton(text)
    button.setToolTip(tip)
    button.setAutoDefault(False)  # Enter must not press "next page" instead of Close
    if key is not None:
        button.setShortcut(QtGui.QKeySequence(key))
    button.clicked.connect(action)
    return button


def _kind(mime: str) -> str:
    return {"application/pdf": "PDF", "image/png": "PNG image", "image/jpeg": "JPEG image"}.get(
        mime, mime
    )
