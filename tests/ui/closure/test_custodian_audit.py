"""Issue 15: what the practitioner's return summary says of a custodian's session (one
note opened once is one view, its days written as every window writes them), and the
custodians window right after a designation."""

from __future__ import annotations

from datetime import date, datetime

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import custodian
from recordsafe.ui.closure.actions import ClosureActions
from recordsafe.ui.closure.custodians_dialog import CustodiansDialog
from recordsafe.ui.closure.designate_dialog import DesignateDialog
from recordsafe.ui.qt import Qt
from recordsafe.ui.records.note_editor import NoteEditor
from recordsafe.ui.widgets.dates import format_day
from recordsafe.vault import VaultSession
from tests.closure.conftest import CUSTODIAN_FORM, Practice
from tests.ui.closure.conftest import shot
from tests.ui.closure.helpers import (
    click,
    custodian_window,
    fill_check,
    open_window,
    practitioner_back,
)
from tests.ui.closure.test_custodian_named import clipped


def test_a_note_opened_once_is_one_view_and_the_summary_writes_days_one_way(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    code = custodian.designate(session, CUSTODIAN_FORM).code
    folder = session.folder
    with custodian_window(qtbot, config, session, code) as (cust, win):
        page = win.records_page.open_client(practice.clients["ada"])
        assert page is not None
        qtbot.waitExposed(page)
        notes_list = page.progress_list
        item = notes_list.item(0)
        where = notes_list.visualItemRect(item).center()
        before = int(cust.db.scalar("SELECT max(seq) FROM audit_log"))
        # A double-click, as the practitioner opens a note (a press, then the second one).
        qtbot.mouseClick(notes_list.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(notes_list.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.waitUntil(lambda: win.records_page.dialog is not None)
        editors = [e for e in win.findChildren(NoteEditor) if e.isVisible()]
        assert len(editors) == 1
        views = cust.db.scalar(
            "SELECT count(*) FROM audit_log WHERE seq > ? AND action = 'note_viewed'", (before,)
        )
        assert views == 1  # it wrote two
        editors[0].reject()

    with practitioner_back(qtbot, config, folder) as (_back, seen):
        text = seen.text.text()
        assert "Viewed a note: 1" in text
        first = custodian.custodian_activity(_back).first_unlock_at
        assert first is not None
        # '06 Dec 2026, 02:34' as every window writes a day, not 'Sun 6 Dec 2026, 02:34:15'.
        assert f"for the first time on {format_day(_day(first))}, " in text


def _day(stamp: str) -> date:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().date()


def test_the_custodians_window_shows_both_whole_right_after_designating_the_alternate(
    qtbot: QtBot, config: AppConfig, session: VaultSession
) -> None:
    custodian.designate(session, CUSTODIAN_FORM)
    win = open_window(qtbot, session, config)
    window = win.area(ClosureActions).open_custodians()
    assert isinstance(window, CustodiansDialog)
    qtbot.waitExposed(window)
    click(qtbot, window.buttons_by_role["alternate"]["designate"])
    dialog = next(d for d in win.findChildren(DesignateDialog) if d.isVisible())
    qtbot.keyClicks(dialog.form.name, "Dr Kim Ash")
    qtbot.keyClicks(dialog.form.contact, "kim.ash@example.org, 555-0177")
    click(qtbot, dialog.make_button)
    qtbot.waitUntil(lambda: dialog.code_shown, timeout=10_000)
    assert "Designated" in window.labels["alternate"].text()
    assert clipped(window) == []  # the last line, "Designated …", was cut off
    fill_check(qtbot, dialog)
    click(qtbot, dialog.done_button)
    assert clipped(window) == []
    shot(window, "33-both-designated")
    window.close()
    win.request_lock()
