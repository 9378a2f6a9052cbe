"""The accounting window lists every disclosure, the exclusions marked; follow-ups."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.disclosure import court_orders, followups
from recordsafe.disclosure.gate import Item, Recipient, Request, disclose, evaluate
from recordsafe.ui.disclosure.accounting_window import LISTED, NOTHING, AccountingWindow
from recordsafe.ui.disclosure.consents_tab import ConsentsTab
from recordsafe.ui.disclosure.followups_window import NOTHING_OPEN, FollowupsWindow
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.ui.qt import QtWidgets
from tests.disclosure.conftest import TODAY, World, give_consent
from tests.ui.disclosure.conftest import audit_actions, decrypt, page_texts, reads_whole
from tests.ui.print_device import PrinterDevice


def release(world: World, request: Request) -> int:
    decision = evaluate(world.session, request, today=TODAY)
    return disclose(world.session, request, decision, client_informed=True)


def to_dr_lee(world: World) -> int:
    """A release under the client's consent (excluded from the accounting)."""
    give_consent(world.session, world.clients["ada"])
    return release(
        world,
        Request(
            items=(world.item("ada_progress"),),
            recipient=Recipient("Dr Lee"),
            purpose="treatment",
            requested_by="third_party",
        ),
    )


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

    to_dr_lee(world)
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
    assert crisis[2] == "Progress note of 04 Mar 2025"  # the window's one date format
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


def test_print_for_the_client_goes_through_the_release_dialog(
    qtbot: QtBot, world: World, tab: ConsentsTab, tmp_path: Path
) -> None:
    """The accounting leaves only as the gate item ("accounting", client_id), released to
    the client and recorded like any other disclosure."""
    window = tab.open_accounting()
    assert window is not None
    announced: list[QtWidgets.QDialog] = []
    window.dialog_opened.connect(announced.append)
    window.print_button.click()
    dialog = window.dialog
    assert isinstance(dialog, ReleaseDialog) and dialog.isVisible()
    assert announced == [dialog]  # the main window gives it Ctrl+L
    assert dialog.request_page.purpose() == "client_request"
    assert dialog.request_page.recipient_name.text() == "Ada Wren"
    assert dialog.decision is not None  # filled in and checked: it opens at the items
    assert [(d.item, d.status) for d in dialog.decision.items] == [
        (Item("accounting", world.clients["ada"]), "allowed")
    ]
    assert dialog.model is not None and dialog.model.chosen() == [
        Item("accounting", world.clients["ada"])
    ]
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    password = dialog.output_page.password_page.generated
    target = tmp_path / "accounting.pdf"
    dialog.output_page.path_field.set_path(target)
    dialog.next()
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    text = "\n".join(page_texts(decrypt(target.read_bytes(), password)))
    assert "Accounting of disclosures" in text
    row = world.session.db.execute(
        "SELECT purpose, basis, accounting_excluded FROM disclosures WHERE id = ?",
        (dialog.disclosure_id,),
    )[0]
    assert tuple(row) == ("client_request", "client_request", 1)


def test_print_for_the_client_prints_through_the_print_dialog(
    qtbot: QtBot, world: World, tab: ConsentsTab, printer_device: PrinterDevice
) -> None:
    """Issue 16: the accounting printed for the client, through the real print dialog."""
    window = tab.open_accounting()
    assert window is not None
    window.print_button.click()
    dialog = window.dialog
    assert isinstance(dialog, ReleaseDialog)
    assert dialog.decision is not None  # it opens filled in, at the items
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    dialog.output_page.print_radio.setChecked(True)
    dialog.next()
    before = len(window.entries)
    printer_device.press_print(qtbot)
    assert dialog.disclosure_id is not None
    assert printer_device.pages() >= 1
    # Issue 16: the window did not show the release of the accounting itself.
    assert len(window.entries) == before + 1
    assert window.entries[-1].disclosure_id == dialog.disclosure_id
    assert window.table.rowCount() == before + 1
    assert "Excluded" in window.table.item(window.table.rowCount() - 1, 4).text()


def test_every_column_reads_whole_at_the_window_size(qtbot: QtBot, world: World) -> None:
    """Issue 16 (walker 67): the purpose column had no visible header and ran past the
    window's edge ("Legal proceedings (court order: Cumberlan…")."""
    ada = world.clients["ada"]
    order = court_orders.record_court_order(
        world.session,
        ada,
        court="Cumberland County Superior Court, docket 24-118",
        ordered_on=date(2025, 3, 20),
        items=[("note", world.note_id("ada_progress"))],
        scope="Produce the progress notes of March 2025 and the intake assessment",
        today=TODAY,
    )
    release(
        world,
        Request(
            items=(world.item("ada_progress"),),
            recipient=Recipient("Clerk of the court", "Cumberland County Superior Court"),
            purpose="legal",
            requested_by="court",
            court_order_id=order,
        ),
    )
    to_dr_lee(world)
    window = AccountingWindow(world.session, ada, today=TODAY)
    qtbot.addWidget(window)
    window.show()  # at its default size
    qtbot.waitExposed(window)
    assert window.table.rowCount() == 2
    cited = window.table.item(0, 3).text()
    assert "Cumberland County Superior Court, docket 24-118, 20 Mar 2025" in cited
    reads_whole(window.table)
