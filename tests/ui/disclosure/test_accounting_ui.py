"""The accounting window lists every disclosure, the exclusions marked; follow-ups."""

from __future__ import annotations

import sys
import types
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.disclosure import followups
from recordsafe.disclosure.gate import Recipient, Request, disclose, evaluate
from recordsafe.ui.disclosure.accounting_window import (
    LISTED,
    NO_RELEASE,
    NOTHING,
    RELEASE_MODULE,
    AccountingWindow,
)
from recordsafe.ui.disclosure.consents_tab import ConsentsTab
from recordsafe.ui.disclosure.followups_window import NOTHING_OPEN, FollowupsWindow
from recordsafe.ui.qt import QtWidgets
from tests.disclosure.conftest import TODAY, World, give_consent
from tests.ui.disclosure.conftest import audit_actions


def release(world: World, request: Request) -> int:
    decision = evaluate(world.session, request, today=TODAY)
    return disclose(world.session, request, decision, client_informed=True)


def emergency(world: World) -> int:
    return release(
        world,
        Request(
            items=(world.item("ada_progress"),),
            recipient=Recipient("Crisis team", "County Hospital", "2 Hill Road"),
            purpose="emergency",
            requested_by="third_party",
            emergency_attested=True,
            emergency_justification="Stated a plan and means tonight.",
        ),
    )


def test_accounting_marks_the_excluded_disclosure(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    empty = tab.open_accounting()
    assert empty is not None
    assert empty.summary.text() == NOTHING
    empty.reject()

    give_consent(world.session, world.clients["ada"])
    release(
        world,
        Request(
            items=(world.item("ada_progress"),),
            recipient=Recipient("Dr Lee"),
            purpose="treatment",
            requested_by="third_party",
        ),
    )
    emergency(world)
    window = tab.open_accounting()
    assert isinstance(window, AccountingWindow)
    rows = window.table.rowCount()
    assert rows == 2
    texts = [[window.table.item(r, c).text() for c in range(5)] for r in range(rows)]
    by_recipient = {row[1].split("\n")[0]: row for row in texts}
    assert by_recipient["Dr Lee"][4] == "Excluded: Disclosed under the client's authorization"
    assert by_recipient["Dr Lee"][3] == "Treatment"
    crisis = by_recipient["Crisis team, County Hospital"]
    assert crisis[1] == "Crisis team, County Hospital\n2 Hill Road"
    assert crisis[2] == "Progress note of 2025-03-04"
    assert crisis[3] == "Emergency"
    assert crisis[4] == LISTED
    assert crisis[0] == "01 Jun 2025"
    assert window.summary.text() == "1 listed in the accounting, 1 excluded (kept on record)."
    assert "accounting_viewed" in audit_actions(world)

    window.show_excluded.setChecked(False)
    assert window.table.rowCount() == 1
    assert window.table.item(0, 4).text() == LISTED


def test_follow_ups_listed_and_marked_done(qtbot: QtBot, world: World) -> None:
    emergency(world)
    window = FollowupsWindow(world.session, today=date(2025, 6, 20))
    qtbot.addWidget(window)
    assert window.table.rowCount() == 1
    assert window.table.item(0, 0).text() == "Ada Wren"
    assert window.table.item(0, 1).text() == "Inform the client of an emergency disclosure"
    due = window.rows[0].due_on
    assert window.table.item(0, 2).text() == due.strftime("%d %b %Y")
    assert window.done_button.isEnabled()  # the first row is chosen for the user
    window.done_button.click()
    assert window.table.rowCount() == 0
    assert not window.empty_label.isHidden()
    assert window.empty_label.text() == NOTHING_OPEN
    assert followups.open_followups(world.session) == []
    assert "followup_done" in audit_actions(world)


def test_print_for_the_client_opens_the_release_dialog(
    qtbot: QtBot, world: World, tab: ConsentsTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contract with the release dialog (another module): `open_accounting_release(
    session, client_id, parent=...)` returns the dialog that releases the gate item
    ("accounting", client_id) to the client; this window only opens it."""
    calls: list[tuple[object, int]] = []

    def open_accounting_release(
        session: object, client_id: int, *, parent: QtWidgets.QWidget
    ) -> QtWidgets.QDialog:
        calls.append((session, client_id))
        return QtWidgets.QDialog(parent)

    fake = types.ModuleType(RELEASE_MODULE)
    fake.open_accounting_release = open_accounting_release  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, RELEASE_MODULE, fake)
    window = tab.open_accounting()
    assert window is not None
    announced: list[QtWidgets.QDialog] = []
    window.dialog_opened.connect(announced.append)
    window.print_button.click()
    assert calls == [(world.session, world.clients["ada"])]
    assert window.dialog is not None and window.dialog.isVisible()
    assert announced == [window.dialog]  # the main window gives it Ctrl+L


def test_print_without_the_release_dialog_says_so(
    qtbot: QtBot, tab: ConsentsTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, RELEASE_MODULE, None)  # not importable
    window = tab.open_accounting()
    assert window is not None
    window.print_button.click()
    boxes = [b for b in window.findChildren(QtWidgets.QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == [NO_RELEASE]
    boxes[0].accept()
