"""Fixtures for the disclosure windows: the gate tests' small practice (Ada, the Smiths,
Bob) in a real vault, Ada's Consents tab on a fixed "today", and helpers that drive the
release dialog and read what it wrote."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.disclosure.gate import Item
from recordsafe.ui.disclosure.consents_tab import ConsentsTab
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.ui.qt import QtCore, QtWidgets
from tests.disclosure.conftest import TODAY, World, world  # noqa: F401 - the fixture

__all__ = [
    "TODAY",
    "World",
    "decrypt",
    "open_dialog",
    "page_texts",
    "reads_whole",
    "release_for_client",
    "save_and_read",
]


@pytest.fixture
def tab(qtbot: QtBot, world: World) -> Iterator[ConsentsTab]:  # noqa: F811
    widget = ConsentsTab(world.session, world.clients["ada"], "Ada Wren", today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    yield widget
    for dialog in widget.findChildren(QtWidgets.QDialog):
        dialog.reject()


def ok(dialog: QtWidgets.QDialog) -> None:
    """Press the dialog's OK-role button, as a user would."""
    buttons = dialog.findChild(QtWidgets.QDialogButtonBox)
    assert buttons is not None
    buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()


def audit_actions(world: World) -> list[str]:  # noqa: F811
    rows = world.session.db.execute("SELECT action FROM audit_log ORDER BY seq")
    return [str(r[0]) for r in rows]


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
    dialog.request_page.recipient_name.setText(recipient)
    dialog.request_page.recipient_org.setText(organisation)
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


def save_and_read(qtbot: QtBot, dialog: ReleaseDialog, target: Path) -> list[str]:
    """From the output page: save with the generated password, then each page's text."""
    password = dialog.output_page.password_page.generated
    dialog.output_page.path_field.set_path(target)
    dialog.next()  # "Release and save"
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    return page_texts(decrypt(target.read_bytes(), password))


@pytest.fixture
def cleanup_dialogs(qtbot: QtBot) -> Iterator[None]:
    yield
    for widget in QtWidgets.QApplication.topLevelWidgets():
        if isinstance(widget, QtWidgets.QMessageBox):
            widget.close()


def release_for_client(tab: ConsentsTab) -> ReleaseDialog:
    """ "Print for the client…" in the client's accounting: the release dialog it opens."""
    window = tab.open_accounting()
    assert window is not None
    window.print_button.click()
    dialog = window.dialog
    assert isinstance(dialog, ReleaseDialog)
    return dialog


def written(tmp_path: Path) -> Path:
    return tmp_path / "out" / "release.pdf"


def reads_whole(table: QtWidgets.QTableWidget) -> None:
    """Every cell's text shows whole: no sideways scrolling, no column past the edge, no
    text cut (it wraps inside its row)."""
    assert table.horizontalScrollBar().maximum() == 0
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    metrics = table.fontMetrics()
    # What the style leaves either side of a cell's text (as Qt's item delegate does).
    margin = 2 * (
        table.style().pixelMetric(QtWidgets.QStyle.PixelMetric.PM_FocusFrameHMargin, None, table)
        + 1
    )
    for row in range(table.rowCount()):
        for column in range(1, table.columnCount()):
            text = table.item(row, column).text()
            room = QtCore.QRect(0, 0, table.columnWidth(column) - margin, 10_000)
            needed = metrics.boundingRect(room, QtCore.Qt.TextFlag.TextWordWrap, text)
            assert needed.width() <= room.width(), (text, table.columnWidth(column))
            assert needed.height() <= table.rowHeight(row), (text, table.rowHeight(row))
    for column in range(table.columnCount()):
        label = table.horizontalHeaderItem(column).text()
        assert metrics.horizontalAdvance(label) <= table.columnWidth(column), label
