"""A view is audited once per time the practitioner opens it: not per repaint, privacy
toggle or repeated click; and the participant picker is not audited per keystroke."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.records import cases, clients, intake, notes
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.records.case_dialog import CaseDialog
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.vault import VaultSession


def audit_since(session: VaultSession, seq: int) -> list[tuple[str, dict[str, object]]]:
    rows = session.db.execute(
        "SELECT action, detail FROM audit_log WHERE seq > ? ORDER BY seq", (seq,)
    )
    return [(str(a), json.loads(d) if d else {}) for a, d in rows]


def last_seq(session: VaultSession) -> int:
    return int(session.db.scalar("SELECT coalesce(max(seq), 0) FROM audit_log"))


@pytest.fixture
def ada(session: VaultSession) -> int:
    """A client with progress and psychotherapy notes."""
    cid = clients.create_client(session, "Ada Wren")
    intake.record_intake(session, cid, explained_on=date(2025, 1, 6), method="in_person")
    case_id = cases.create_case(session, "individual", "Individual work", [cid])
    for body in ("First session.", "Second session."):
        notes.create_note(session, case_id, body=body)
    notes.create_note(session, case_id, kind="psychotherapy", body="Process notes.")
    return cid


def click_row(qtbot: QtBot, page: RecordsPage, client_id: int, *, double: bool = False) -> None:
    table = page.client_list.table
    row = page.client_list.model.row_of(client_id)
    assert row is not None
    where = table.visualRect(page.client_list.model.index(row, 0)).center()
    if double:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    else:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_open_client_audits_each_view_once_and_privacy_adds_none(
    qtbot: QtBot, page: RecordsPage, session: VaultSession, ada: int
) -> None:
    page.client_list.reload()
    qtbot.waitExposed(page)
    start = last_seq(session)
    click_row(qtbot, page, ada)
    opened = page.page
    assert opened is not None and opened.client_id == ada
    seen = audit_since(session, start)
    assert [a for a, _ in seen].count("client_viewed") == 1
    # Only the tab on screen is read: the progress notes.
    listed = [d["kind_group"] for a, d in seen if a == "client_notes_viewed"]
    assert listed == ["progress"]
    assert opened.progress_list.count() == 2

    # The psychotherapy tab is read (and audited) when the practitioner opens it, once.
    mark = last_seq(session)
    opened.tabs.setCurrentIndex(1)
    assert opened.psychotherapy_list.count() == 1
    opened.tabs.setCurrentIndex(0)
    opened.tabs.setCurrentIndex(1)
    seen = audit_since(session, mark)
    assert [(a, d["kind_group"]) for a, d in seen] == [("client_notes_viewed", "psychotherapy")]

    # Privacy mode only changes how the rows are drawn.
    mark = last_seq(session)
    page.privacy_action.trigger()
    assert all("hidden" in opened.psychotherapy_list.item(i).text() for i in range(1))
    assert all("hidden" in opened.progress_list.item(i).text() for i in range(2))
    page.privacy_action.trigger()
    assert "Process notes." in opened.psychotherapy_list.item(0).text()
    assert opened.progress_list.count() == 2
    assert audit_since(session, mark) == []

    # Clicking the client already on screen again is not a new view.
    click_row(qtbot, page, ada)
    click_row(qtbot, page, ada, double=True)
    assert page.page is opened
    assert audit_since(session, mark) == []


def test_a_new_open_is_a_new_view(
    qtbot: QtBot, page: RecordsPage, session: VaultSession, ada: int
) -> None:
    other = clients.create_client(session, "Basil Teal")
    page.client_list.reload()
    page.open_client(ada)
    page.open_client(other)
    start = last_seq(session)
    page.open_client(ada)
    seen = [a for a, _ in audit_since(session, start)]
    assert seen == ["client_viewed", "client_notes_viewed"]


def match_texts(dialog: CaseDialog) -> list[str]:
    return [dialog.matches.item(i).text() for i in range(dialog.matches.count())]


def test_participant_picker_is_not_audited_per_keystroke(
    qtbot: QtBot, page: RecordsPage, session: VaultSession, ada: int
) -> None:
    mr = clients.create_client(session, "Mr Smith")
    clients.create_client(session, "Mrs Smith")
    zoe = clients.create_client(session, "Zoë Bramblewood")
    page.open_client(mr)
    dialog = page.new_case()
    assert isinstance(dialog, CaseDialog)
    dialog.set_kind("couple")
    start = last_seq(session)
    qtbot.keyClicks(dialog.find_edit, "zoe b")
    qtbot.waitUntil(lambda: match_texts(dialog) == ["Zoë Bramblewood"])
    assert dialog.matches.item(0).data(Qt.ItemDataRole.UserRole)[0] == zoe
    dialog.find_edit.clear()
    qtbot.keyClicks(dialog.find_edit, "smi")  # a word's start; Mr Smith is already in
    qtbot.waitUntil(lambda: match_texts(dialog) == ["Mrs Smith"])
    assert audit_since(session, start) == []
    # Removing a participant (a button per row) still works.
    dialog.matches.itemClicked.emit(dialog.matches.item(0))
    assert len(dialog.rows) == 2
    remove = dialog.people_layout.itemAtPosition(1, 2).widget()  # Mrs Smith's row
    assert isinstance(remove, QtWidgets.QToolButton)
    remove.click()
    assert [r.client_id for r in dialog.rows] == [mr]
