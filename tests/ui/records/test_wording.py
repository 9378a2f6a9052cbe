"""Words and dates on the records windows (issues 15 and 16): one date format, counted
nouns instead of "client(s)", no character the font cannot draw, the menu named right."""

from __future__ import annotations

import re
from datetime import date

from pytestqt.qtbot import QtBot

from recordsafe.records import cases, clients, documents, fields, intake, notes
from recordsafe.ui.qt import QtGui, QtWidgets
from recordsafe.ui.records.client_dialog import ClientDialog
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.ui.widgets.dates import format_day
from recordsafe.vault import VaultSession
from recordsafe.wording import counted
from tests.ui.records.conftest import ok
from tests.ui.records.test_no_drag_out import png

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_counted_nouns() -> None:
    assert counted(1, "client") == "1 client"
    assert counted(0, "note") == "0 notes"
    assert counted(2, "child", "children") == "2 children"


def test_client_dialog_names_the_real_menu_and_shows_dates_like_everywhere_else(
    qtbot: QtBot, page: RecordsPage, session: VaultSession
) -> None:
    cid = clients.create_client(session, "Ada Wren", dob=date(1956, 7, 26))
    page.open_client(cid)
    dialog = page.edit_client()
    assert isinstance(dialog, ClientDialog)
    hints = " ".join(label.text() for label in dialog.findChildren(QtWidgets.QLabel))
    assert "Practice ▸ Client fields…" in hints and "Settings" not in hints
    assert "…." not in hints  # a menu item's dots then a full stop read as four dots
    assert dialog.dob_edit.text() == "26 Jul 1956"
    ok(dialog)  # the shown date reads back as the same day
    assert clients.get_client(session, cid).dob == date(1956, 7, 26)


def test_search_results_count_in_words_and_draw_every_character(
    qtbot: QtBot, page: RecordsPage, session: VaultSession
) -> None:
    cid = clients.create_client(session, "Ada Wren")
    intake.record_intake(session, cid, explained_on=date(2025, 1, 6), method="in_person")
    case_id = cases.create_case(session, "individual", "Work", [cid])
    notes.create_note(session, case_id, body="Ada kept the sleep diary.")
    documents.add_document_bytes(session, cid, "scan.png", png())
    opened = page.open_client(cid)
    assert opened is not None
    shown = opened.documents_list.item(0).text()
    assert f"added {format_day(date.today())}" in shown and not ISO_DAY.search(shown)

    page.client_list.search_edit.setText("ada")
    page.client_list.run_search()
    assert page.client_list.count_label.text().startswith("1 client, 1 note found")
    for i in range(page.client_list.results_list.count()):
        item = page.client_list.results_list.item(i)
        label = page.client_list.results_list.itemWidget(item)
        assert isinstance(label, QtWidgets.QLabel)
        metrics = QtGui.QFontMetrics(label.font())
        plain = QtGui.QTextDocumentFragment.fromHtml(label.text()).toPlainText()
        missing = [c for c in plain if c.strip() and not metrics.inFontUcs4(ord(c))]
        assert missing == [], plain


def test_the_destroy_window_writes_every_date_one_way(qtbot: QtBot, session: VaultSession) -> None:
    from recordsafe.closure import retention  # noqa: PLC0415
    from recordsafe.ui.closure.destroy_dialog import DestroyDialog  # noqa: PLC0415

    cid = clients.create_client(session, "Ada Wren")
    intake.record_intake(session, cid, explained_on=date(2025, 1, 6), method="in_person")
    retention.set_rule(session, retention.RetentionRule(years=7), today=date.today())
    dialog = DestroyDialog(session, cid)
    qtbot.addWidget(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QtWidgets.QLabel))
    assert "06 Jan 2025" in shown  # the last contact, in the dialog and in the refusal
    assert not ISO_DAY.search(shown), shown


def test_the_page_names_a_field_as_the_practice_does_and_keeps_an_address_on_one_line(
    page: RecordsPage, session: VaultSession
) -> None:
    fields.set_field(session, "address", enabled=True, why="Letters by post")
    fields.set_field(session, "emergency_contact", enabled=True, why="Crisis plan")
    cid = clients.create_client(
        session,
        "Ada Wren",
        extra={"address": "3 Elm Street\nSpringfield, OR 97000", "emergency_contact": "Jo"},
    )
    client_page = page.open_client(cid)
    assert client_page is not None
    facts = client_page.facts_label.text()
    assert "postal address: 3 Elm Street, Springfield, OR 97000" in facts
    assert "emergency contact: Jo" in facts and "\n" not in facts
