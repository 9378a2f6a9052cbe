"""The release dialog over a real vault: exactly the gate's decision, narrowing, the
purposes that need more (emergency, subpoena), and what it writes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.disclosure import followups, subpoenas
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.ui.qt import Qt, QtCore, QtWidgets
from recordsafe.vault import VaultSession
from tests.disclosure.conftest import give_consent
from tests.ui.disclosure.conftest import (
    TODAY,
    World,
    audit_actions,
    decrypt,
    fill_request,
    open_dialog,
    page_texts,
)
from tests.ui.print_device import PrinterDevice


def count(session: VaultSession, table: str) -> int:
    return int(session.db.scalar(f"SELECT count(*) FROM {table}"))  # noqa: S608


def status_text(dialog: ReleaseDialog, row: int) -> str:
    assert dialog.model is not None
    return str(dialog.model.data(dialog.model.index(row, 3)))


def click_check(qtbot: QtBot, dialog: ReleaseDialog, row: int) -> None:
    """Click the row's check box as a user would (the first column's check indicator)."""
    assert dialog.model is not None
    rect = dialog.items_page.table.visualRect(dialog.model.index(row, 0))
    point = QtCore.QPoint(rect.left() + 10, rect.center().y())
    qtbot.mouseClick(dialog.items_page.table.viewport(), Qt.MouseButton.LeftButton, pos=point)


def checked(dialog: ReleaseDialog, row: int) -> bool:
    assert dialog.model is not None
    state = dialog.model.data(dialog.model.index(row, 0), Qt.ItemDataRole.CheckStateRole)
    return state == Qt.CheckState.Checked


def save_to(dialog: ReleaseDialog, target: Path) -> None:
    dialog.output_page.path_field.set_path(target)
    dialog.next()  # "Release and save"


def test_couple_wife_asking_for_husbands_note_is_blocked_naming_him(
    qtbot: QtBot, world: World
) -> None:
    dialog = open_dialog(qtbot, world, "mrs", "mr_alone", "joint", "mrs_alone")
    fill_request(dialog, recipient="Mrs Smith", purpose="client_request", requested_by="client")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentWidget() is dialog.items_page
    assert dialog.decision is not None
    assert [d.status for d in dialog.decision.items] == ["blocked", "blocked", "allowed"]
    assert "Needs Mr Smith's consent" in status_text(dialog, 0)
    assert "Mr Smith" in status_text(dialog, 1)
    assert status_text(dialog, 2).startswith("Allowed")
    # The table shows exactly the gate's decision, and blocked rows cannot be checked.
    for row, decided in enumerate(dialog.decision.items):
        assert decided.reason.removeprefix("Allowed: ") in status_text(dialog, row)
    click_check(qtbot, dialog, 0)
    assert not checked(dialog, 0)
    assert dialog.model is not None
    assert not dialog.model.set_checked(1, True)
    assert dialog.model.chosen() == [world.item("mrs_alone")]


def test_narrowing_releases_exactly_the_checked_items(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    session = world.session
    give_consent(session, world.clients["ada"])
    dialog = open_dialog(qtbot, world, "ada", whole_record=True)
    fill_request(dialog, organisation="City Clinic")
    dialog.next()
    assert dialog.decision is not None
    rows = {d.item: n for n, d in enumerate(dialog.decision.items)}
    first, second = rows[world.item("ada_progress")], rows[world.item("ada_progress_2")]
    # The whole record opens unchecked: the user picks the minimum necessary.
    assert not any(checked(dialog, n) for n in range(len(rows)))
    click_check(qtbot, dialog, first)
    assert checked(dialog, first) and not checked(dialog, second)
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.output_page
    password = dialog.output_page.password_page.generated
    target = tmp_path / "out.pdf"
    save_to(dialog, target)
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    assert count(session, "disclosures") == 1
    items = session.db.execute("SELECT item_kind, item_id FROM disclosure_items")
    assert [tuple(r) for r in items] == [("note", world.note_id("ada_progress"))]
    assert password in dialog.done_page.done_password.text()
    plain = decrypt(target.read_bytes(), password)
    pages = page_texts(plain)
    text = "\n".join(pages)
    assert "1 item," in text and "2. " not in text.split("Contents", 1)[1]


def test_a_typed_password_must_be_long_enough_and_typed_twice(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    give_consent(world.session, world.clients["ada"])
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    fill_request(dialog)
    dialog.next()
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    dialog.output_page.password_page.choose_radio.setChecked(True)
    qtbot.keyClicks(dialog.output_page.password_page.password_field.line_edit, "short")
    qtbot.keyClicks(dialog.output_page.password_page.repeat_field.line_edit, "short")
    save_to(dialog, tmp_path / "a.pdf")
    assert "at least 12 characters" in dialog.output_page.output_error.text()
    dialog.output_page.password_page.password_field.setText("a long enough password")
    dialog.output_page.password_page.repeat_field.setText("a long enough passw0rd")
    dialog.next()
    assert "not the same" in dialog.output_page.output_error.text()
    assert count(world.session, "disclosures") == 0
    assert not (tmp_path / "a.pdf").exists()
    dialog.output_page.password_page.repeat_field.setText("a long enough password")
    dialog.next()
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(tmp_path / "a.pdf")
    with pikepdf.open(tmp_path / "a.pdf", password="a long enough password") as pdf:
        assert len(pdf.pages) >= 2


def test_emergency_without_attestation_is_refused(qtbot: QtBot, world: World) -> None:
    session = world.session
    dialog = open_dialog(qtbot, world, "ada", "ada_progress", "ada_progress_2")
    fill_request(dialog, recipient="Duty psychiatrist", purpose="emergency")
    dialog.request_page.justification_edit.setPlainText("Stated a plan tonight.")
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.request_page
    assert "attestation" in dialog.request_page.request_error.text()
    # The gate refuses it too, whatever the window does.
    dialog.request_page.attest_check.setChecked(False)
    from recordsafe.disclosure import gate  # noqa: PLC0415

    refused = gate.decide(session, dialog.build_request(), today=dialog.today)
    assert all(d.status == "blocked" for d in refused.items)

    dialog.request_page.attest_check.setChecked(True)
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.items_page
    assert dialog.decision is not None and dialog.decision.all_allowed


def test_emergency_release_adds_a_followup(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    session = world.session
    dialog = open_dialog(qtbot, world, "ada", "ada_progress", "ada_progress_2")
    fill_request(dialog, recipient="Duty psychiatrist", purpose="emergency")
    dialog.request_page.attest_check.setChecked(True)
    dialog.request_page.justification_edit.setPlainText("Stated a plan for tonight.")
    dialog.next()
    click_check(qtbot, dialog, 1)  # only what the emergency needs
    assert dialog.model is not None and dialog.model.chosen() == [world.item("ada_progress")]
    dialog.items_page.informed_no.setChecked(True)
    dialog.next()
    assert "why the client was not told" in dialog.items_page.items_error.text()
    qtbot.keyClicks(dialog.items_page.not_informed_edit, "Could not be reached")
    dialog.next()
    save_to(dialog, tmp_path / "e.pdf")
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    open_ones = followups.open_followups(session)
    assert [f.reason for f in open_ones] == ["inform_client_emergency"]
    assert "follow-up" in dialog.done_page.followup_label.text()


def test_subpoena_answer_is_recorded_and_nothing_released(qtbot: QtBot, world: World) -> None:
    session = world.session
    dialog = open_dialog(qtbot, world, "ada", whole_record=True)
    fill_request(dialog, recipient="Jones & Co", purpose="legal", requested_by="court")
    dialog.request_page.legal_box.subpoena_check.setChecked(True)
    dialog.next()
    assert dialog.decision is not None
    assert all(d.status == "needs_action" for d in dialog.decision.items)
    assert dialog.items_page.subpoena_box.isVisible()
    assert dialog.model is not None and not dialog.model.set_checked(0, True)
    qtbot.keyClicks(dialog.items_page.subpoena_box.issuer, "Jones & Co for the plaintiff")
    qtbot.mouseClick(dialog.items_page.subpoena_box.record_button, Qt.MouseButton.LeftButton)
    assert "Choose" in dialog.items_page.subpoena_box.status.text()
    dialog.items_page.subpoena_box.protective_radio.setChecked(True)
    qtbot.mouseClick(dialog.items_page.subpoena_box.record_button, Qt.MouseButton.LeftButton)
    answers = subpoenas.responses_for(session, world.clients["ada"])
    assert [(a.response, a.issued_by, a.items) for a in answers] == [
        ("protective_order", "Jones & Co for the plaintiff", len(dialog.decision.items))
    ]
    assert "Nothing was released" in dialog.items_page.subpoena_box.status.text()
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.items_page
    assert "No item can be released" in dialog.items_page.items_error.text()
    assert count(session, "disclosures") == 0


def test_payer_never_gets_psychotherapy_notes(qtbot: QtBot, world: World) -> None:
    give_consent(world.session, world.clients["ada"], recipient_name="Acme Health",
                 purposes=("payment",))  # fmt: skip
    dialog = open_dialog(qtbot, world, "ada", "ada_psycho", "ada_progress")
    fill_request(dialog, recipient="Acme Health", purpose="payment")
    dialog.next()
    assert "never released to a payer" in status_text(dialog, 0)
    assert status_text(dialog, 1).startswith("Allowed")


def go_to_print(dialog: ReleaseDialog) -> None:
    fill_request(dialog)
    dialog.next()
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    dialog.output_page.print_radio.setChecked(True)
    assert "print" in dialog.next_button.text()
    dialog.next()  # the system's print dialog opens


def test_print_goes_through_the_gate_and_is_recorded(
    qtbot: QtBot, world: World, printer_device: PrinterDevice
) -> None:
    """Issue 16: every Print ended in an error; the real print dialog is pressed here."""
    session = world.session
    give_consent(session, world.clients["ada"])
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    go_to_print(dialog)
    assert count(session, "disclosures") == 0  # nothing until Print is pressed
    printer_device.press_print(qtbot)
    assert dialog.disclosure_id is not None
    assert count(session, "disclosures") == 1
    assert printer_device.pages() >= 2  # the cover sheet and the note
    # Issue 14: where the pages went, before (the print choice) and after.
    assert "print system" in dialog.output_page.print_destination.text()
    assert "sent to “Test printer”, through" in dialog.done_page.done_label.text()


def test_a_print_cancelled_records_nothing(
    qtbot: QtBot, world: World, printer_device: PrinterDevice
) -> None:
    """The guide: "if you cancel the print dialog, nothing is recorded"."""
    give_consent(world.session, world.clients["ada"])
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    go_to_print(dialog)
    printer_device.cancel(qtbot)
    assert dialog.disclosure_id is None
    assert count(world.session, "disclosures") == 0
    assert "disclosure_made" not in audit_actions(world)
    assert printer_device.pages() == 0
    assert dialog.isVisible()  # back on the output step, free to save instead


def test_a_court_order_allows_only_what_it_names(qtbot: QtBot, world: World) -> None:
    from recordsafe.disclosure import court_orders  # noqa: PLC0415
    from tests.disclosure.conftest import TODAY  # noqa: PLC0415

    order = court_orders.record_court_order(
        world.session,
        world.clients["ada"],
        court="County Court",
        ordered_on=TODAY,
        items=[("note", world.note_id("ada_progress"))],
        today=TODAY,
    )
    dialog = open_dialog(qtbot, world, "ada", "ada_progress", "ada_progress_2")
    fill_request(dialog, recipient="County Court", purpose="legal", requested_by="court")
    index = dialog.request_page.legal_box.court_order_combo.findData(order)
    assert index > 0 and "County Court" in dialog.request_page.legal_box.court_order_combo.itemText(
        index
    )
    dialog.request_page.legal_box.court_order_combo.setCurrentIndex(index)
    dialog.next()
    assert status_text(dialog, 0).startswith("Allowed")
    assert "does not name this note" in status_text(dialog, 1)
    assert dialog.model is not None and not dialog.model.set_checked(1, True)


def test_a_court_order_recorded_from_the_dialog_is_chosen(qtbot: QtBot, world: World) -> None:
    dialog = open_dialog(qtbot, world, "ada", "ada_progress", "ada_progress_2", "ada_letter")
    fill_request(dialog, recipient="County Court", purpose="legal", requested_by="court")
    assert dialog.request_page.legal_box.record_order_button.isVisible()
    order_dialog = dialog.open_court_order()
    # A letter cannot be ordered: only notes, documents and a summary are offered.
    assert list(order_dialog.item_checks) == [
        world.item("ada_progress"),
        world.item("ada_progress_2"),
    ]
    qtbot.keyClicks(order_dialog.court_edit, "County Court, docket 24-118")
    order_dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
    assert order_dialog.isVisible()
    assert "does not name any item" in order_dialog.error_label.text()
    order_dialog.item_checks[world.item("ada_progress")].setChecked(True)
    order_dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
    assert not order_dialog.isVisible()
    assert (
        "County Court, docket 24-118"
        in dialog.request_page.legal_box.court_order_combo.currentText()
    )
    dialog.next()
    assert status_text(dialog, 0).startswith("Allowed")
    assert "does not name this note" in status_text(dialog, 1)


def test_the_keyboard_alone_can_narrow(qtbot: QtBot, world: World) -> None:
    give_consent(world.session, world.clients["ada"])
    dialog = open_dialog(qtbot, world, "ada", "ada_progress", "ada_progress_2")
    assert dialog.focusWidget() is dialog.request_page.recipient_name
    fill_request(dialog)
    qtbot.keyClick(dialog.request_page.recipient_name, Qt.Key.Key_Return)  # the default button
    assert dialog.stack.currentWidget() is dialog.items_page
    assert dialog.model is not None
    dialog.items_page.table.setFocus()
    dialog.items_page.table.setCurrentIndex(dialog.model.index(1, 0))
    assert checked(dialog, 1)
    qtbot.keyClick(dialog.items_page.table, Qt.Key.Key_Space)
    assert not checked(dialog, 1) and checked(dialog, 0)


def test_a_check_from_yesterday_is_made_again(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    """Found in review: a dialog left open past midnight released on yesterday's check (a
    consent may have expired at midnight)."""
    dialog = ReleaseDialog(world.session, world.clients["ada"], [world.item("ada_progress")])
    qtbot.addWidget(dialog)
    dialog.show()
    fill_request(dialog, recipient="Duty psychiatrist", purpose="emergency")
    dialog.request_page.attest_check.setChecked(True)
    dialog.request_page.justification_edit.setPlainText("Stated a plan for tonight.")
    dialog.next()
    assert dialog.model is not None and dialog.model.chosen() == [world.item("ada_progress")]
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.output_page
    dialog.today = date.today() - timedelta(days=1)  # checked just before midnight
    save_to(dialog, tmp_path / "late.pdf")
    assert dialog.stack.currentWidget() is dialog.request_page
    assert "check them again" in dialog.request_page.request_error.text()
    assert count(world.session, "disclosures") == 0 and not (tmp_path / "late.pdf").exists()
    assert dialog.today == date.today()


def test_a_release_being_written_is_hidden_by_the_lock(qtbot: QtBot, world: World) -> None:
    """Found in the last review: an auto-lock could close the connection a release was
    writing through. Now the lock hides the dialog at once, and the app controller locks
    the session only when the runner's work has ended (tests/ui/test_lock_hides.py)."""
    from recordsafe.app_config import AppConfig  # noqa: PLC0415
    from recordsafe.ui.main_window import MainWindow  # noqa: PLC0415

    window = MainWindow(world.session, AppConfig())
    qtbot.addWidget(window)
    dialog = ReleaseDialog(
        world.session, world.clients["ada"], [world.item("ada_progress")], parent=window
    )
    dialog.show()
    dialog._set_busy(True)  # it refuses Close while it writes
    with qtbot.waitSignal(window.lock_requested, timeout=1000):
        window.request_lock()
    assert not dialog.isVisible()
    dialog._set_busy(False)
    dialog.close()


def test_the_lock_takes_the_session_and_the_password_from_the_dialog(
    qtbot: QtBot, world: World
) -> None:
    """The dialog holds a session, so it is a `HoldsSession`: on lock it lets go of the
    session, the texts and the typed password; a click left in it reaches nothing."""
    from recordsafe.app_config import AppConfig  # noqa: PLC0415
    from recordsafe.ui.disclosure.release.dialog import LOCKED  # noqa: PLC0415
    from recordsafe.ui.main_window import MainWindow  # noqa: PLC0415
    from recordsafe.ui.operations import HoldsSession  # noqa: PLC0415

    give_consent(world.session, world.clients["ada"])
    window = MainWindow(world.session, AppConfig())
    qtbot.addWidget(window)
    ada, note = world.clients["ada"], world.item("ada_progress")
    dialog = ReleaseDialog(world.session, ada, [note], today=TODAY, parent=window)
    assert isinstance(dialog, HoldsSession)
    dialog.show()
    fill_request(dialog)
    dialog.next()
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    assert dialog.texts
    password_page = dialog.output_page.password_page
    password_page.choose_radio.setChecked(True)
    qtbot.keyClicks(password_page.password_field.line_edit, "a long enough password")

    with qtbot.waitSignal(window.lock_requested, timeout=1000):
        window.request_lock()
    assert not dialog.isVisible()
    assert dialog.texts == [] and dialog.output_texts == []
    assert password_page.password_field.text() == ""
    dialog.back()
    dialog.back()
    dialog.next()  # the request checked again: refused in words, the session untouched
    assert dialog.request_page.request_error.text() == LOCKED
    dialog.close()
