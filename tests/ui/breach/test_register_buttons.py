"""The register's buttons say what they do: "Assess…" for an incident never assessed,
"Assess again…" after; "Close incident" asks once, saying what closing means."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.breach import assessment, incidents
from recordsafe.breach.assessment import AssessmentForm
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from recordsafe.ui.qt import QtWidgets
from tests.breach.conftest import Practice, export_incident
from tests.ui.answer import answering_question, answering_question_text

YES, NO = QtWidgets.QMessageBox.StandardButton.Yes, QtWidgets.QMessageBox.StandardButton.No


def test_assess_is_not_again_until_assessed_and_closing_asks_first(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    session = practice.session
    incident_id = export_incident(
        practice, exposed_kind="backup", exposed_disclosure_id=None, exposed_detail="USB stick"
    )
    register_dialog.refresh(select=incident_id)
    assert register_dialog.reassess_button.text().replace("&", "") == "Assess…"
    assessment.sign_assessment(
        session, incident_id, AssessmentForm(was_encrypted=True, key_exposed=False)
    )
    register_dialog.refresh(select=incident_id)
    assert register_dialog.reassess_button.text().replace("&", "") == "Assess again…"

    said: list[str] = []
    with answering_question_text(NO, said):
        register_dialog.close_button.click()
    assert len(said) == 1
    assert "stays in the breach register" in said[0] and "Assess again" in said[0]
    assert not incidents.get_incident(session, incident_id).is_closed  # No: nothing done
    with answering_question(YES) as asked:
        register_dialog.close_button.click()
    assert asked and incidents.get_incident(session, incident_id).is_closed


def test_a_refused_close_says_each_thing_left_once(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    """Walk finding: "cannot be closed yet: Assess the incident. • Assess the incident."."""
    incident_id = export_incident(
        practice, exposed_kind="backup", exposed_disclosure_id=None, exposed_detail="USB stick"
    )
    register_dialog.refresh(select=incident_id)
    register_dialog.close_button.click()
    said = register_dialog.problem.text()
    assert "cannot be closed yet" in said
    assert said.count("Assess the incident") == 1, said
    assert not incidents.get_incident(practice.session, incident_id).is_closed
