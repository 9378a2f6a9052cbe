"""Requests with clocks: record, extend once with a reason, overdue in words, fulfil."""

from __future__ import annotations

from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from recordsafe.disclosure import requests
from recordsafe.disclosure.gate import Recipient, Request, disclose, evaluate
from recordsafe.ui.disclosure.consents_tab import ConsentsTab
from recordsafe.ui.disclosure.request_dialogs import ExtendDialog, FulfilDialog, RequestDialog
from recordsafe.ui.disclosure.requests_window import NOTHING_DUE, RequestsWindow
from recordsafe.ui.qt import QtGui
from recordsafe.ui.widgets.dates import to_qdate
from recordsafe.ui.widgets.meaning_colours import colour
from tests.disclosure.conftest import TODAY, World
from tests.ui.disclosure.conftest import audit_actions, ok


def column(window: RequestsWindow, index: int) -> list[str]:
    return [window.table.item(r, index).text() for r in range(window.table.rowCount())]


def test_a_request_s_clock_extension_and_overdue(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    window = tab.open_requests()
    assert isinstance(window, RequestsWindow)
    assert not window.empty_label.isHidden()
    assert window.empty_label.text() == NOTHING_DUE
    window.new_button.click()
    dialog = window.dialog
    assert isinstance(dialog, RequestDialog)
    dialog.received_on.setDate(to_qdate(TODAY - timedelta(days=40)))  # 30 days: overdue
    assert dialog.due_label.text() == "Due by 22 May 2025."
    ok(dialog)
    assert not dialog.isVisible()
    assert column(window, 1) == ["A copy of their own records"]
    assert column(window, 3) == ["22 May 2025"]
    assert column(window, 4) == ["OVERDUE by 10 days"]
    overdue = window.table.item(0, 4)
    assert overdue.font().bold()
    assert overdue.foreground().color() == QtGui.QColor(colour("error"))

    # An accounting request: 60 days, so 50 left; the overdue one stays first.
    window.new_button.click()
    second = window.dialog
    assert isinstance(second, RequestDialog)
    second.accounting.setChecked(True)
    second.received_on.setDate(to_qdate(TODAY - timedelta(days=10)))
    ok(second)
    assert column(window, 4) == ["OVERDUE by 10 days", "50 days left"]
    assert "record_request_received" in audit_actions(world)

    # The accounting request may be extended once, with a written reason.
    window.select_request(window.rows[1].id)
    window.extend_button.click()
    extend = window.dialog
    assert isinstance(extend, ExtendDialog)
    ok(extend)
    assert extend.isVisible()
    assert "written reason" in extend.error_label.text()
    extend.reason_edit.setPlainText("The records are held off site; we need more time.")
    ok(extend)
    assert not extend.isVisible()
    assert column(window, 4) == ["OVERDUE by 10 days", "80 days left"]
    assert "record_request_extended" in audit_actions(world)
    assert column(window, 5)[1].startswith("Extended from 21 Jul 2025: The records are held")
    window.select_request(window.rows[1].id)
    assert not window.extend_button.isEnabled()  # only one extension

    # The overdue request cannot be extended any more: the domain says why.
    window.select_request(window.rows[0].id)
    window.extend_button.click()
    late = window.dialog
    assert isinstance(late, ExtendDialog)
    late.reason_edit.setPlainText("Too late for this.")
    ok(late)
    assert "before the original due date" in late.error_label.text()
    late.reject()

    # Fulfilled: it leaves the list of what is due.
    window.select_request(window.rows[0].id)
    window.fulfil_button.click()
    fulfil = window.dialog
    assert isinstance(fulfil, FulfilDialog)
    assert fulfil.no_release.isChecked() and not fulfil.by_release.isEnabled()  # none yet
    ok(fulfil)
    assert fulfil.isVisible()
    assert "which release answered the request, or why" in fulfil.error_label.text()
    fulfil.reason_edit.setPlainText("The client withdrew the request.")
    ok(fulfil)
    assert column(window, 4) == ["80 days left"]
    assert requests.due_list(world.session, today=TODAY)[0].kind == "accounting"
    assert "record_request_fulfilled" in audit_actions(world)


def test_the_practice_list_is_sorted_by_deadline_across_clients(qtbot: QtBot, world: World) -> None:
    session = world.session
    requests.receive(session, world.clients["mr"], "accounting", received_on=TODAY, today=TODAY)
    requests.receive(
        session, world.clients["ada"], "own_records", received_on=date(2025, 5, 25), today=TODAY
    )
    window = RequestsWindow(session, today=TODAY)
    qtbot.addWidget(window)
    assert window.new_button.isHidden()  # a request is recorded from the client's page
    assert column(window, 0) == ["Ada Wren", "Mr Smith"]
    assert column(window, 4) == ["23 days left", "60 days left"]
    private = RequestsWindow(session, today=TODAY, private=True)
    qtbot.addWidget(private)
    assert column(private, 0) == ["A. W.", "M. S."]


def test_a_request_dated_in_the_future_is_refused(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    window = tab.open_requests()
    assert window is not None
    window.new_button.click()
    dialog = window.dialog
    assert isinstance(dialog, RequestDialog)
    # The picker stops at today; the domain refuses a later day all the same.
    dialog._today = TODAY - timedelta(days=5)
    ok(dialog)
    assert dialog.isVisible()
    assert "future" in dialog.error_label.text()


def test_mark_fulfilled_names_the_release_that_answered_it(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    """Issue 16: "Mark fulfilled" was not linked to any release."""
    session, ada = world.session, world.clients["ada"]
    own = requests.receive(session, ada, "own_records", received_on=TODAY, today=TODAY)
    to_doctor = _release(world, "emergency")
    to_ada = _release(world, "client_request")
    window = tab.open_requests()
    assert window is not None
    window.select_request(own)
    window.fulfil_button.click()
    fulfil = window.dialog
    assert isinstance(fulfil, FulfilDialog)
    assert fulfil.windowTitle() == "Mark a request fulfilled — Ada Wren"  # whose request
    assert fulfil.by_release.isChecked()
    texts = [fulfil.release_combo.itemText(i) for i in range(fulfil.release_combo.count())]
    assert len(texts) == 2 and all(t.startswith("01 Jun 2025 · to ") for t in texts)
    assert all(" · 1 note · " in t for t in texts)  # what each one released
    assert fulfil.release_combo.currentData() == to_ada  # the one made at the client's request
    assert "At the client's request" in fulfil.release_combo.currentText()
    fulfil.release_combo.setCurrentIndex(fulfil.release_combo.findData(to_doctor))
    fulfil.release_combo.setCurrentIndex(fulfil.release_combo.findData(to_ada))
    ok(fulfil)
    assert not fulfil.isVisible()
    answered = requests.get_request(session, own)
    assert (answered.fulfilled_on, answered.disclosure_id) == (TODAY, to_ada)
    assert window.rows == []


def _release(world: World, purpose: str, *keys: str) -> int:
    request = Request(
        items=tuple(world.item(key) for key in keys or ("ada_progress",)),
        recipient=Recipient("Ada Wren" if purpose == "client_request" else "Dr Moss"),
        purpose=purpose,  # type: ignore[arg-type]
        requested_by="client" if purpose == "client_request" else "third_party",
        requester_client_id=world.clients["ada"] if purpose == "client_request" else None,
        emergency_attested=purpose == "emergency",
        emergency_justification="Imminent harm." if purpose == "emergency" else None,
    )
    decision = evaluate(world.session, request, today=TODAY)
    return disclose(world.session, request, decision, client_informed=True)


def _fulfil_dialog(world: World, tab: ConsentsTab, request_id: int) -> FulfilDialog:
    window = tab.open_requests()
    assert window is not None
    window.select_request(request_id)
    window.fulfil_button.click()
    assert isinstance(window.dialog, FulfilDialog)
    return window.dialog


def test_mark_fulfilled_preselects_the_release_that_fits_the_request(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    """Issue 16 (walker 70): a request for her own records preselected the newest release,
    her accounting, and no entry said what was released."""
    session, ada = world.session, world.clients["ada"]
    own = requests.receive(session, ada, "own_records", received_on=TODAY, today=TODAY)
    asked = requests.receive(session, ada, "accounting", received_on=TODAY, today=TODAY)
    records = _release(world, "client_request", "ada_progress", "ada_progress_2", "ada_doc")
    accounting = _release(world, "client_request", "ada_accounting")  # the newest
    fulfil = _fulfil_dialog(world, tab, own)
    assert fulfil.release_combo.currentData() == records
    assert fulfil.release_combo.currentText() == (
        "01 Jun 2025 · to Ada Wren · 2 notes and 1 document · At the client's request"
    )
    entry = fulfil.release_combo.findData(accounting)
    assert fulfil.release_combo.itemText(entry) == (
        "01 Jun 2025 · to Ada Wren · The accounting of disclosures · At the client's request"
    )
    fulfil.reject()
    fulfil = _fulfil_dialog(world, tab, asked)
    assert fulfil.release_combo.currentData() == accounting
    fulfil.reject()


def test_mark_fulfilled_preselects_nothing_when_no_release_fits(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    session, ada = world.session, world.clients["ada"]
    asked = requests.receive(session, ada, "accounting", received_on=TODAY, today=TODAY)
    _release(world, "emergency")
    _release(world, "client_request")  # her records, not her accounting
    fulfil = _fulfil_dialog(world, tab, asked)
    assert fulfil.release_combo.currentIndex() == -1
    assert fulfil.release_combo.count() == 2  # both still offered
    ok(fulfil)  # nothing chosen: said, nothing recorded
    assert fulfil.isVisible()
    assert "which release" in fulfil.error_label.text()
    assert requests.get_request(session, asked).fulfilled_on is None
