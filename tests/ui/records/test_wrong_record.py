"""The highlighted client and the open page never disagree (issue 14, wrong-record risk).

Arrow keys move the list's highlight without opening anyone (an open is an audited read);
the page of a client who is no longer highlighted closes at once, so no menu action can
act on it. Enter opens the highlighted client. Every dialog that changes a record names
the client in its title.
"""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.records import cases, clients, intake
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.vault import VaultSession
from tests.ui.records.test_views_audited_once import audit_since, click_row, last_seq


@pytest.fixture
def two(session: VaultSession) -> tuple[int, int]:
    ids = []
    for name in ("Ada Wren", "Bea Lark"):
        cid = clients.create_client(session, name)
        intake.record_intake(session, cid, explained_on=date(2025, 1, 6), method="in_person")
        cases.create_case(session, "individual", f"{name} work", [cid])
        ids.append(cid)
    return ids[0], ids[1]


def test_arrow_key_closes_the_page_of_the_client_left_behind(
    qtbot: QtBot, page: RecordsPage, session: VaultSession, two: tuple[int, int]
) -> None:
    ada, bea = two
    page.client_list.reload()
    qtbot.waitExposed(page)
    click_row(qtbot, page, ada)
    assert page.page is not None and page.page.client_id == ada
    table = page.client_list.table
    table.setFocus()
    start = last_seq(session)

    qtbot.keyClick(table, Qt.Key.Key_Down)
    highlighted = page.client_list.model.client_id(table.currentIndex().row())
    assert highlighted == bea
    # Ada's page is gone: nothing on screen or in the menus can act on her record.
    assert page.page is None
    assert page.right.currentWidget() is page.placeholder
    assert "Press Enter" in page.placeholder.text()
    assert page.new_note() is None and page.edit_client() is None
    for box in page.findChildren(QtWidgets.QMessageBox):
        box.reject()
    # Browsing with the arrows reads (and audits) nobody.
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert [a for a, _ in audit_since(session, start)].count("client_viewed") == 0

    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert page.page is not None and page.page.client_id == bea
    assert [a for a, _ in audit_since(session, start)].count("client_viewed") == 1


def test_dialogs_that_change_a_record_name_the_client(
    qtbot: QtBot, page: RecordsPage, two: tuple[int, int]
) -> None:
    ada, _bea = two
    page.open_client(ada)
    assert page.page is not None
    for open_dialog in (page.edit_client, page.record_intake, page.new_case,
                        page.attach_document, page.new_note):  # fmt: skip
        dialog = open_dialog()
        assert dialog is not None
        assert "Ada Wren" in dialog.windowTitle(), dialog.windowTitle()
        dialog.reject()
    page.set_privacy_mode(True)
    dialog = page.edit_client()
    assert dialog is not None and "A. W." in dialog.windowTitle()
    assert "Ada" not in dialog.windowTitle()
    dialog.reject()
