"""Documents are shown from bytes in memory; every view of a record is audited."""

from __future__ import annotations

import io
import os
import tempfile
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.records import clients, documents, intake
from recordsafe.ui.qt import QtCore, QtGui
from recordsafe.ui.records.attach_dialog import AttachDialog
from recordsafe.ui.records.document_view import DocumentView
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.vault import VaultSession
from tests.ui.records.conftest import ok


def png_bytes() -> bytes:
    image = QtGui.QImage(40, 30, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("#3366aa"))
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def pdf_bytes(pages: int) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    pdf.docinfo["/Title"] = "Consent form"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def actions(session: VaultSession) -> list[str]:
    return [str(r[0]) for r in session.db.execute("SELECT action FROM audit_log ORDER BY seq")]


def temp_entries() -> set[str]:
    return set(os.listdir(tempfile.gettempdir()))


def test_attach_and_view_image_and_pdf(
    qtbot: QtBot,
    page: RecordsPage,
    session: VaultSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A temp folder of this test's own: on a shared machine other programs write to /tmp.
    private = tmp_path / "temp"
    private.mkdir()
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    cid = clients.create_client(session, "Ada Wren")
    page.client_list.reload()
    page.open_client(cid)
    scan = tmp_path / "scan.png"
    scan.write_bytes(png_bytes())
    dialog = page.attach_document()
    assert isinstance(dialog, AttachDialog)
    dialog.path_edit.setText(str(scan))
    ok(dialog)
    assert dialog.document_id is not None
    assert page.page is not None and page.page.documents_list.count() == 1
    pdf_id = documents.add_document_bytes(session, cid, "consent.pdf", pdf_bytes(3))

    before = temp_entries()
    view = page.open_document(dialog.document_id)
    assert isinstance(view, DocumentView)
    assert view.image_label is not None and view.image_label.pixmap().width() == 40
    view.reject()
    pdf_view = DocumentView(session, pdf_id)
    qtbot.addWidget(pdf_view)
    assert pdf_view.pages == 3
    assert temp_entries() == before  # nothing written to the temp folder
    assert actions(session).count("document_viewed") == 2


def test_views_and_searches_are_audited(
    qtbot: QtBot, page: RecordsPage, session: VaultSession
) -> None:
    cid = clients.create_client(session, "Ada Wren")
    intake.record_intake(session, cid, explained_on=date.today(), method="phone")
    page.client_list.reload()
    before = len(actions(session))
    page.client_list.model.reload()  # lists of names are not a view of a record
    assert len(actions(session)) == before
    page.open_client(cid)
    seen = actions(session)[before:]
    assert "client_viewed" in seen and "client_notes_viewed" in seen
    page.client_list.search_edit.setText("wren")
    page.client_list.run_search()
    assert actions(session)[-1] == "search"
