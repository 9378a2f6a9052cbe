"""The release dialog's tests: the gate tests' small practice, and helpers to drive it."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.disclosure.gate import Item
from recordsafe.ui.disclosure.release_dialog import ReleaseDialog
from recordsafe.ui.qt import QtWidgets
from tests.disclosure.conftest import TODAY, World, world  # noqa: F401 - the fixture

__all__ = ["TODAY", "World", "decrypt", "open_dialog", "page_texts"]


def open_dialog(
    qtbot: QtBot, w: World, client: str, *keys: str, whole_record: bool = False
) -> ReleaseDialog:
    items: list[Item] | None = None if whole_record else [w.item(k) for k in keys]
    dialog = ReleaseDialog(w.session, w.clients[client], items, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_request(
    dialog: ReleaseDialog,
    *,
    recipient: str = "Dr Lee",
    organisation: str = "",
    purpose: str = "treatment",
    requested_by: str = "third_party",
) -> None:
    dialog.recipient_name.setText(recipient)
    dialog.recipient_org.setText(organisation)
    dialog.set_purpose(purpose)
    dialog.set_requester(requested_by)


def decrypt(data: bytes, password: str) -> bytes:
    """The decrypted PDF, in memory only."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data), password=password) as pdf:
        pdf.save(out)
    return out.getvalue()


def page_texts(plain_pdf: bytes) -> list[str]:
    """Each page's text (pdftotext reads stdin and writes stdout: no file on disk)."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=plain_pdf,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return [page for page in text.split("\f") if page.strip()]


@pytest.fixture
def cleanup_dialogs(qtbot: QtBot) -> Iterator[None]:
    yield
    for widget in QtWidgets.QApplication.topLevelWidgets():
        if isinstance(widget, QtWidgets.QMessageBox):
            widget.close()


def written(tmp_path: Path) -> Path:
    return tmp_path / "out" / "release.pdf"
