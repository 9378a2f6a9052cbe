"""PDF documents are drawn inside the app from the vault's bytes, never via a file."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from reportlab.pdfgen import canvas

from recordsafe.app_config import AppConfig
from recordsafe.records import clients, documents
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import Qt, QtPdf, QtWidgets
from recordsafe.ui.records.document_view import DAMAGED_PDF, DocumentView
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.vault import VaultSession

CANARY = "CANARY-h14-Quokka-Marmalade"


def two_page_pdf() -> bytes:
    """A real 2-page PDF with known text; uncompressed, so the canary is in its raw bytes."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pageCompression=0)
    pdf.setTitle("Consent form")
    pdf.setAuthor("Harbour Practice")
    pdf.setSubject("Intake")
    for number in (1, 2):
        pdf.setFont("Helvetica", 18)
        pdf.drawString(72, 760, f"Page {number} of the consent form")
        pdf.drawString(72, 730, f"{CANARY} {number}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Python's and Qt's temp folder, pointed at an empty folder the test can watch."""
    folder = tmp_path / "private-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def show(qtbot: QtBot, view: DocumentView) -> None:
    view.show()
    qtbot.waitExposed(view)
    assert view.pdf_view is not None
    view.pdf_view.grab()  # makes the PDF engine draw (and so read) the visible pages


def test_pdf_is_drawn_from_memory(
    qtbot: QtBot,
    page: RecordsPage,
    session: VaultSession,
    tmp_path: Path,
    recordsafe_home: Path,
    private_temp: Path,
) -> None:
    data = two_page_pdf()
    assert CANARY.encode() in data  # otherwise the leak check below would prove nothing
    cid = clients.create_client(session, "Ada Wren")
    doc_id = documents.add_document_bytes(session, cid, "consent.pdf", data)

    view = page.open_document(doc_id)
    assert isinstance(view, DocumentView)
    show(qtbot, view)
    pdf = view.pdf_document
    assert pdf is not None and view.pdf_view is not None
    assert pdf.status() == QtPdf.QPdfDocument.Status.Ready
    assert pdf.pageCount() == 2 and view.pages == 2
    assert f"{CANARY} 2" in pdf.getAllText(1).text()
    assert view.pdf_view.document() is pdf
    assert view.pdf_message is None
    assert view.page_label is not None and view.page_label.text() == "Page 1 of 2"
    metadata = view.findChild(QtWidgets.QLabel, "pdfPages")
    assert metadata is not None and metadata.text() == (
        "2 pages · Title: Consent form · Author: Harbour Practice · Subject: Intake"
    )

    view.next_page()
    qtbot.waitUntil(lambda: view.current_page() == 1)
    assert view.page_label.text() == "Page 2 of 2"
    view.next_page()  # already on the last page: stays there
    assert view.current_page() == 1
    assert not view.next_button.isEnabled() and view.previous_button.isEnabled()
    view.zoom_in()  # zooming keeps the reader on the page they were reading
    view.zoom_in()
    qtbot.wait(50)
    assert view.current_page() == 1
    view.fit_width()
    qtbot.wait(50)
    assert view.current_page() == 1
    view.previous_page()
    qtbot.waitUntil(lambda: view.current_page() == 0)
    assert not view.previous_button.isEnabled() and view.next_button.isEnabled()
    view.pdf_view.grab()

    assert os.listdir(private_temp) == []
    assert files_containing(tmp_path, CANARY.encode()) == []  # the vault's files included
    assert files_containing(recordsafe_home, CANARY.encode()) == []


def test_page_down_and_up_keys_turn_pages(
    qtbot: QtBot, session: VaultSession, private_temp: Path
) -> None:
    cid = clients.create_client(session, "Ada Wren")
    doc_id = documents.add_document_bytes(session, cid, "consent.pdf", two_page_pdf())
    view = DocumentView(session, doc_id)
    qtbot.addWidget(view)
    show(qtbot, view)
    qtbot.keyClick(view.pdf_view, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: view.current_page() == 1)
    assert view.page_label is not None and view.page_label.text() == "Page 2 of 2"
    qtbot.keyClick(view.pdf_view, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: view.current_page() == 0)
    close = view.findChild(QtWidgets.QDialogButtonBox)
    qtbot.keyClick(close, Qt.Key.Key_PageDown)  # focus elsewhere in the window: same keys
    qtbot.waitUntil(lambda: view.current_page() == 1)
    view.reject()
    assert os.listdir(private_temp) == []


def test_lock_lets_go_of_document_buffer_and_bytes(
    qtbot: QtBot, session: VaultSession, private_temp: Path
) -> None:
    cid = clients.create_client(session, "Ada Wren")
    doc_id = documents.add_document_bytes(session, cid, "consent.pdf", two_page_pdf())
    view = DocumentView(session, doc_id)
    qtbot.addWidget(view)
    show(qtbot, view)
    pdf, buffer, pdf_view = view.pdf_document, view.pdf_buffer, view.pdf_view
    assert pdf is not None and buffer is not None and pdf_view is not None
    assert buffer.data().size() > 0

    with qtbot.waitSignals([pdf.destroyed, buffer.destroyed, pdf_view.destroyed]):
        view.drop_session()
        assert pdf.status() == QtPdf.QPdfDocument.Status.Null  # closed: pages forgotten
        assert buffer.data().size() == 0 and not buffer.isOpen()

    assert view.document is None and view.pages is None
    assert view.pdf_document is None and view.pdf_buffer is None and view.pdf_view is None
    view.reject()  # closing after a lock is harmless
    assert os.listdir(private_temp) == []


def test_locking_the_main_window_drops_an_open_pdf(
    qtbot: QtBot, session: VaultSession, config: AppConfig, private_temp: Path
) -> None:
    cid = clients.create_client(session, "Ada Wren")
    doc_id = documents.add_document_bytes(session, cid, "consent.pdf", two_page_pdf())
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = window.records_page.open_document(doc_id)
    assert view is not None
    show(qtbot, view)
    pdf, buffer = view.pdf_document, view.pdf_buffer
    assert pdf is not None and buffer is not None

    gone: list[str] = []
    for name, thing in (("pdf", pdf), ("buffer", buffer), ("view", view)):
        thing.destroyed.connect(lambda *_, name=name: gone.append(name))
    window.request_lock()
    assert view.document is None and view.pdf_document is None  # let go at once, not later
    assert pdf.status() == QtPdf.QPdfDocument.Status.Null and buffer.data().size() == 0
    qtbot.waitUntil(lambda: sorted(gone) == ["buffer", "pdf", "view"])

    assert os.listdir(private_temp) == []


def test_damaged_pdf_shows_a_plain_message(
    qtbot: QtBot, session: VaultSession, private_temp: Path
) -> None:
    cid = clients.create_client(session, "Ada Wren")
    damaged = two_page_pdf()[:200] + b"\x00 torn scan \x00" * 40
    doc_id = documents.add_document_bytes(session, cid, "torn.pdf", damaged)
    view = DocumentView(session, doc_id)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert view.pdf_document is not None
    assert view.pdf_document.status() == QtPdf.QPdfDocument.Status.Error
    assert view.pdf_view is None and view.pages is None
    assert view.pdf_message is not None and view.pdf_message.isVisible()
    assert view.pdf_message.text() == DAMAGED_PDF
    assert "Traceback" not in view.pdf_message.text()
    view.reject()
    assert os.listdir(private_temp) == []
