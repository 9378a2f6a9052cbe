"""Opening the breach register is one audit entry, however much the practitioner does there:
selecting incidents, recording a report or closing reloads the list, not a new viewing."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.breach import assessment
from recordsafe.ui.breach.actions import BreachActions
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from tests.breach.conftest import Practice, export_incident
from tests.breach.test_incidents_assessment import REPORTABLE
from tests.ui.breach.test_register_and_reminders import window


def viewed(practice: Practice) -> int:
    return int(
        practice.session.db.scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'breach_register_viewed'"
        )
        or 0
    )


def test_one_opening_of_the_register_is_one_viewed_entry(qtbot: QtBot, practice: Practice) -> None:
    first = export_incident(practice)
    second = export_incident(practice, exposed_kind="paper", exposed_disclosure_id=None)
    assessment.sign_assessment(practice.session, second, REPORTABLE)
    win = window(qtbot, practice)
    actions = win.area(BreachActions)

    actions.breach_register_action.trigger()
    dialog = win.findChild(BreachRegisterDialog)
    assert dialog is not None
    for row in (0, 1, 0, 1):
        dialog.table.selectRow(row)
    assert dialog.selected_id() in (first, second)
    dialog.table.selectRow([e.incident.id for e in dialog.entries].index(second))
    dialog.report_made.click()  # recorded: the list reloads
    assert "recorded" in dialog.message.text()
    dialog.close_button.click()  # refused (notices unsent): nothing more is read
    assert viewed(practice) == 1

    dialog.reject()
    actions.breach_register_action.trigger()  # a second opening is a second entry
    assert viewed(practice) == 2
