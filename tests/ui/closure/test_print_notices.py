"""Closure notices printed through the real print dialog (issue 16: no print path worked)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.ui.closure.closure_wizard import ClosureWizard
from recordsafe.ui.qt import Qt, QtCore, QtWidgets
from tests.closure.conftest import Practice
from tests.ui.print_device import PrinterDevice


def disclosures(practice: Practice) -> int:
    return int(practice.session.db.execute("SELECT count(*) FROM disclosures")[0][0])


def test_selected_notices_print_and_a_cancel_records_nothing(
    qtbot: QtBot, practice: Practice, printer_device: PrinterDevice
) -> None:
    wizard = ClosureWizard(practice.session)
    qtbot.addWidget(wizard)
    wizard.show()
    radio = wizard.reason_page.buttons["retirement"]
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QtCore.QPoint(8, radio.height() // 2))
    next_button = wizard.button(QtWidgets.QWizard.WizardButton.NextButton)
    next_button.click()
    qtbot.keyClicks(wizard.keeper_page.keeper_name, "Dr Rosa Vega")
    qtbot.keyClicks(wizard.keeper_page.keeper_contact, "12 Quay Street, Salem")
    qtbot.keyClicks(wizard.keeper_page.referrals, "Harbour Counselling Centre, 555-0142.")
    next_button.click()
    page = wizard.notices_page
    assert wizard.currentPage() is page, wizard.keeper_page.error.text()
    before = disclosures(practice)
    page.table.selectRow(0)
    page.print_button.click()
    printer_device.cancel(qtbot)
    assert disclosures(practice) == before
    assert not page.notices[0].sent
    page.print_button.click()
    printer_device.press_print(qtbot)
    assert page.error.isHidden(), page.error.text()
    assert disclosures(practice) == before + 1
    assert page.notices[0].sent
    assert printer_device.pages() >= 1
