"""Issue 15, breach notices page (second walk): the custodian signs, a notice cannot go by
post without an address, the waiting list is summarised, the address a letter used shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.closure import custodian
from recordsafe.ui.breach.common import NOTICES
from recordsafe.ui.breach.incident_wizard import IncidentWizard
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from recordsafe.ui.qt import QtWidgets
from tests.breach.conftest import Practice
from tests.breach.test_notices import details, reportable_incident
from tests.closure.conftest import CUSTODIAN_FORM, as_custodian
from tests.ui.breach.conftest import shoot


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
