"""Issue 15, breach notices page (second walk): the custodian signs, a notice cannot go by
post without an address, the waiting list is summarised, the address a letter used shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.breach import affected, assessment
from recordsafe.closure import custodian
from recordsafe.records import clients
from recordsafe.ui.breach.common import AFFECTED, NOTICES
from recordsafe.ui.breach.incident_wizard import IncidentWizard
from recordsafe.ui.breach.notices_page import NoticesPage
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import format_day
from tests.breach.conftest import (
    DESTROYED_ON,
    Practice,
    backup_incident,
    destroy_old_client,
    export_incident,
)
from tests.breach.test_incidents_assessment import REPORTABLE
from tests.breach.test_notices import details, legacy_notice, reportable_incident
from tests.closure.conftest import CUSTODIAN_FORM, as_custodian
from tests.ui.breach.conftest import Button, press, shoot


def continue_at_notices(dialog: BreachRegisterDialog) -> IncidentWizard:
    """Continue on the selected incident: the wizard at its notices page."""
    dialog.continue_button.click()
    wizard = dialog.wizard
    assert wizard.currentId() == NOTICES
    return wizard


@pytest.fixture
def custodian_register(qtbot: QtBot, practice: Practice) -> Iterator[BreachRegisterDialog]:
    """A reportable incident, then the register as the custodian sees it."""
    details(practice)
    reportable_incident(practice)
    made = custodian.designate(practice.session, CUSTODIAN_FORM)
    session = as_custodian(practice.session, made.code)
    dialog = BreachRegisterDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    for child in dialog.findChildren(QtWidgets.QDialog):
        child.reject()
    session.lock()


def test_in_custodian_mode_the_page_says_the_custodian_signs(
    custodian_register: BreachRegisterDialog,
) -> None:
    wizard = continue_at_notices(custodian_register)
    text = wizard.notices_page.practice.text()
    shoot(wizard, "30-custodian-signs")
    assert "Signed: Dr Rosa Vega, records custodian." in text
    assert "rosa.vega@example.org, 555-0100" in text
    assert "Sam Reed" not in text and "1 Quay Street" not in text


def row_of(page: NoticesPage, name: str) -> int:
    (row,) = [r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == name]
    return row


def test_many_waiting_are_summed_up_and_a_typed_address_shows_after_reopening(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    session = practice.session
    details(practice)
    for number in range(40):  # a phone number only: each needs an address
        clients.create_client(session, f"Client Number{number:02d}", contact="555-0100")
    incident_id = export_incident(practice, exposed_kind="vault", exposed_disclosure_id=None)
    affected.keep_derived(session, incident_id, affected.derive(session, incident_id))
    assessment.sign_assessment(session, incident_id, REPORTABLE)
    register_dialog.refresh()
    wizard = continue_at_notices(register_dialog)
    wizard.resize(960, 720)  # as on a laptop's 768-pixel-high screen (the walk's)
    page = wizard.notices_page
    page.write_button.click()
    message = page.message.text()
    assert message.startswith("3 letters written. Still waiting (41): ")
    assert "and 36 more." in message and "Client Number10" not in message
    shoot(wizard, "31-waiting-summed-up")
    qtbot.wait(10)
    shown_rows = page.table.viewport().height() // page.table.rowHeight(0)
    assert shown_rows >= 9, shown_rows  # the list keeps its room
    # An address typed for Cleo goes on her letter only; it still shows once written.
    cleo = row_of(page, "Cleo Hart")
    page.table.selectRow(cleo)
    qtbot.keyClicks(page.address, "3 Bay Road, Springfield")
    page.use_address.click()
    page.write_button.click()
    assert page.table.item(row_of(page, "Cleo Hart"), 3).text() == "Written: save or print it"
    wizard.reject()
    page = continue_at_notices(register_dialog).notices_page
    assert page.table.item(row_of(page, "Cleo Hart"), 2).text() == "3 Bay Road, Springfield"


def test_by_post_without_a_postal_address_is_refused_and_the_address_can_be_given(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    details(practice)
    incident_id = reportable_incident(practice)
    legacy_notice(practice, incident_id)
    register_dialog.refresh()
    page = continue_at_notices(register_dialog).notices_page
    row = row_of(page, "Cleo Hart")
    assert page.table.item(row, 2).text() == "None: give one for the post"
    page.table.selectRow(row)
    page.how.setCurrentIndex(page.how.findData("post"))
    page.deliver_button.click()
    assert page.problem.isVisible()
    assert "no postal address, so it cannot have gone by post" in page.problem.text()
    assert page.table.item(row, 3).text().startswith("Saved or printed")
    # A telephone number typed in is still none; the real address is kept on the letter.
    assert page.use_address.isEnabled()
    qtbot.keyClicks(page.address, "555-0167")
    page.use_address.click()
    assert "not a postal address" in page.problem.text()
    page.address.clear()
    qtbot.keyClicks(page.address, "3 Bay Road, Springfield")
    page.use_address.click()
    assert page.table.item(row, 2).text() == "3 Bay Road, Springfield"
    page.table.selectRow(row)
    page.deliver_button.click()
    assert page.table.item(row, 3).text().startswith("Delivered (post) on")
    assert not page.problem.isVisible()


def test_a_destroyed_record_in_a_lost_backup_is_listed_to_notify_another_way(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    details(practice)
    destroy_old_client(practice)
    incident_id = backup_incident(practice, DESTROYED_ON - timedelta(days=20))
    assessment.sign_assessment(practice.session, incident_id, REPORTABLE)
    register_dialog.refresh()
    register_dialog.continue_button.click()
    wizard = register_dialog.wizard
    assert wizard.currentId() == AFFECTED
    page = wizard.affected_page
    why = f"Record destroyed on {format_day(DESTROYED_ON)}; the lost backup still holds it"
    rows = [
        tuple(page.table.item(r, c).text() for c in range(3)) for r in range(page.table.rowCount())
    ]
    assert ("Olive Oak", why, "Affected") in rows
    assert "record destroyed since the backup was made" in page.summary.text()
    press(wizard, Button.NextButton)
    notices_page = wizard.notices_page
    notices_page.write_button.click()
    row = row_of(notices_page, "Olive Oak")
    assert notices_page.table.item(row, 2).text() == "None on file"
    assert notices_page.table.item(row, 3).text() == f"Needs an address: r{why[1:]}"
    assert "notify them another way" in notices_page.message.text()
    notices_page.table.selectRow(row)  # nothing to write from: no action offered
    assert not notices_page.save_button.isEnabled() and not notices_page.use_address.isEnabled()
    shoot(wizard, "32-destroyed-record")
