"""The register from the main window's Practice menu, the due line and the unlock message."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pikepdf
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.breach import affected, assessment, incidents
from recordsafe.records import clients
from recordsafe.ui.breach.actions import BreachActions
from recordsafe.ui.breach.register_dialog import SHOWN_REMAINING, BreachRegisterDialog
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import to_qdate
from tests.breach.conftest import TODAY, Practice, export_incident
from tests.breach.test_incidents_assessment import REPORTABLE
from tests.ui.answer import answering_file_dialog
from tests.ui.breach.conftest import shoot


def window(qtbot: QtBot, practice: Practice) -> MainWindow:
    win = MainWindow(practice.session, AppConfig())
    qtbot.addWidget(win)
    win.show()
    return win


def messages(win: MainWindow) -> list[QtWidgets.QMessageBox]:
    return [b for b in win.findChildren(QtWidgets.QMessageBox) if b.isVisible()]


def test_the_practice_menu_opens_the_register_and_the_wizard(
    qtbot: QtBot, practice: Practice
) -> None:
    win = window(qtbot, practice)
    texts = [a.text() for a in win.menu("practice").actions()]
    assert "Report a &breach…" in texts and "Breach re&gister…" in texts
    assert not win.home_page.breach_box.isVisible()
    win.area(BreachActions).breach_report_action.trigger()
    dialog = win.findChild(BreachRegisterDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.wizard.isVisible()
    dialog.wizard.reject()
    dialog.reject()


def test_a_due_incident_shows_on_the_vault_page_but_is_not_urgent(
    qtbot: QtBot, practice: Practice
) -> None:
    export_incident(practice)
    win = window(qtbot, practice)
    text = win.home_page.breach_box.text()
    assert "Breach no. 1: assess the incident by" in text and "(60 days left)" in text
    assert not win.home_page.breach_box.isHidden()
    assert messages(win) == []
    # The bar above the workspace says it too, wherever the user is, until "Later".
    assert win.area(BreachActions).breach_banner.isVisible()
    assert (
        win.area(BreachActions)
        .breach_banner.label.text()
        .startswith("Breach no. 1: assess the incident by")
    )
    shoot(win, "14-due-banner")
    win.area(BreachActions).breach_banner.open_button.click()
    dialog = win.findChild(BreachRegisterDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    win.area(BreachActions).breach_banner.later_button.click()
    assert not win.area(BreachActions).breach_banner.isVisible()
    win.area(BreachActions).refresh_breach_due()
    assert not win.area(BreachActions).breach_banner.isVisible()


def test_a_near_deadline_is_announced_on_unlock(qtbot: QtBot, practice: Practice) -> None:
    export_incident(
        practice,
        occurred_on=TODAY - timedelta(days=55),
        discovered_on=TODAY - timedelta(days=50),
    )
    win = window(qtbot, practice)
    (box,) = messages(win)
    assert box.windowTitle() == "Breach notification due"
    assert "Breach no. 1: assess the incident by" in box.text() and "(10 days left)" in box.text()
    shoot(box, "13-unlock-reminder")
    box.accept()


def test_the_register_prints_encrypted_and_records_the_yearly_log(
    qtbot: QtBot, practice: Practice, tmp_path: Path
) -> None:
    incident_id = export_incident(practice)
    win = window(qtbot, practice)
    win.area(BreachActions).breach_register_action.trigger()
    dialog = win.findChild(BreachRegisterDialog)
    assert dialog is not None
    target = tmp_path / "register.pdf"
    with answering_file_dialog(target) as asked:
        dialog.save_pdf_button.click()
    assert asked == ["Save the breach register"]
    password = dialog.message.text().rsplit(": ", 1)[1]
    with pikepdf.open(target, password=password) as pdf:
        assert len(pdf.pages) >= 1
    actions = [r[0] for r in practice.session.db.execute("SELECT action FROM audit_log")]
    assert "breach_register_printed" in actions and "breach_register_viewed" in actions
    # Nothing to report to HHS before the assessment finds a reportable breach.
    assert not dialog.report_made.isEnabled()
    assessment.sign_assessment(practice.session, incident_id, REPORTABLE)
    dialog.refresh()
    assert dialog.report_made.isEnabled()
    # The next step keeps its capitals ("hhs" was written once).
    steps = [dialog.table.item(r, 5).text() for r in range(dialog.table.rowCount())]
    assert not any("hhs" in step for step in steps)
    # A report made is recorded with its date; a date before the discovery is refused.
    assert dialog.report_kind.currentData() == "yearly_log"  # under 500
    dialog.report_on.setDate(to_qdate(TODAY - timedelta(days=1)))
    dialog.report_made.click()
    assert dialog.problem.text() == "The date of the report is before the incident was discovered."
    dialog.report_on.setDate(to_qdate(TODAY))
    dialog.report_made.click()
    assert dialog.message.text() == "Yearly log entry to HHS recorded."
    assert incidents.get_incident(practice.session, incident_id).yearly_logged_on == TODAY
    dialog.reject()
    assert "find the affected clients" in win.home_page.breach_box.text()


def test_locking_closes_the_wizard_and_drops_the_session(qtbot: QtBot, practice: Practice) -> None:
    win = window(qtbot, practice)
    win.area(BreachActions).breach_report_action.trigger()
    dialog = win.findChild(BreachRegisterDialog)
    assert dialog is not None
    wizard = dialog.wizard
    qtbot.keyClicks(wizard.report_page.what, "Half-written")
    win.request_lock()
    assert not wizard.isVisible() and not dialog.isVisible()
    assert wizard.session is None
    assert dialog._session is None
    assert incidents.list_incidents(practice.session) == []  # nothing half-recorded


def test_the_register_stays_on_the_screen_and_its_messages_in_view(
    qtbot: QtBot, practice: Practice, tmp_path: Path
) -> None:
    """Walk finding: closing with 63 notices to write listed every one, the window grew past
    a 768-px screen, and the register's password (shown once) fell below its edge."""
    incident_id = export_incident(practice)
    assessment.sign_assessment(practice.session, incident_id, REPORTABLE)
    for n in range(12):
        client_id = clients.create_client(practice.session, f"Affected Person {n:02d}")
        affected.add_client(practice.session, incident_id, client_id, reason="On the lost list")
    other = export_incident(practice, what_happened="A second, unrelated incident.")
    win = window(qtbot, practice)
    win.area(BreachActions).breach_register_action.trigger()
    dialog = win.findChild(BreachRegisterDialog)
    assert dialog is not None
    room = dialog.screen().availableGeometry()
    dialog.refresh(select=incident_id)
    dialog.close_button.click()
    bullets = [line for line in dialog.problem.text().splitlines() if line.startswith("•")]
    assert len(bullets) == SHOWN_REMAINING
    assert "more: Continue… shows them all." in dialog.problem.text()
    assert dialog.height() <= room.height() and dialog.width() <= room.width()
    # Messages sit above the table, so a long refusal cannot push them out of view.
    assert dialog.problem.geometry().bottom() < dialog.table.mapTo(dialog, dialog.table.pos()).y()
    with answering_file_dialog(tmp_path / "register.pdf"):
        dialog.save_pdf_button.click()
    assert "Its password" in dialog.message.text()
    assert dialog.message.geometry().bottom() < dialog.table.mapTo(dialog, dialog.table.pos()).y()
    # A message about one incident goes when another is selected (it was left standing).
    dialog.report_made.click()
    assert dialog.message.text() == "Yearly log entry to HHS recorded."
    dialog.refresh(select=other)
    assert dialog.message.text() == ""
    dialog.reject()
