"""Issue 15, breach: the register selects a newly reported incident; a closed incident is
assessed again (and opens again once reportable); no HHS report for a closed, not
reportable incident; the safe-harbour question names every secret that opens a copy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe import paths
from recordsafe.breach import affected, incidents
from recordsafe.closure import closure_plan
from recordsafe.disclosure.practice_info import PracticeInfo, save_practice_info
from recordsafe.ui.breach.common import ASSESS, RESULT
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets import save_folder
from tests.breach.conftest import Practice, export_incident
from tests.ui.answer import answering_file_dialog, answering_question
from tests.ui.breach.conftest import Button, press, shoot
from tests.ui.breach.test_wizard import fill_report, open_wizard, report_wrong_recipient
from tests.ui.closure.test_custodian_named import clipped

YES = QtWidgets.QMessageBox.StandardButton.Yes


def test_a_new_incident_is_selected_then_closed_and_assessed_again(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    session = practice.session
    old = export_incident(practice)
    register_dialog.refresh()
    assert register_dialog.selected_id() == old
    # A lost handoff backup: encrypted, and (we think) without its custodian code.
    wizard = open_wizard(register_dialog)
    fill_report(qtbot, wizard, "backup", detail="Handoff backup on a USB stick")
    press(wizard, Button.CommitButton)
    new = wizard.incident_id
    assert new is not None and new != old
    assert register_dialog.selected_id() == new  # not the old one still
    page = wizard.assess_page
    assert "custodian code" in page.secrets.text() and "device key" in page.secrets.text()
    assert "recovery code" in page.secrets.text()
    page.encrypted.yes.click()
    page.key_exposed.no.click()
    shoot(wizard, "20-assess-secrets")
    press(wizard, Button.CommitButton)
    assert wizard.currentId() == RESULT
    press(wizard, Button.FinishButton)
    assert register_dialog.selected_id() == new
    with answering_question(YES):
        register_dialog.close_button.click()
    assert incidents.get_incident(session, new).is_closed
    # Closed and not reportable: nothing to report to HHS; it can still be assessed again.
    assert not register_dialog.report_made.isEnabled()
    assert register_dialog.reassess_button.isEnabled()
    assert not register_dialog.continue_button.isEnabled()
    register_dialog.reassess_button.click()
    again = register_dialog.wizard
    assert again.currentId() == ASSESS
    page = again.assess_page
    assert page.encrypted.value() is True  # the last signed answers, to start from
    page.key_exposed.yes.click()  # the custodian kit was in the same bag
    qtbot.keyClicks(page.identifiers, "Names and dates of birth")
    qtbot.keyClicks(page.sensitivity, "Session notes")
    qtbot.keyClicks(page.person, "Unknown finder")
    qtbot.keyClicks(page.mitigation, "Codes replaced; backups re-keyed")
    assert "reportable breach" in page.preview.text().lower()
    assert not page.preview.text().startswith("Not")
    press(again, Button.CommitButton)
    assert not incidents.get_incident(session, new).is_closed  # open again: the clock runs
    again.reject()
    assert register_dialog.selected_id() == new
    row = register_dialog.table.currentRow()
    assert register_dialog.table.item(row, 6).text() == "Open"
    assert register_dialog.table.item(row, 3).text() == "Reportable"
    assert register_dialog.report_made.isEnabled()
    shoot(register_dialog, "21-register-reopened")


def test_which_release_groups_a_batch_of_notices_and_searches(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog, tmp_path: Path
) -> None:
    session = practice.session
    save_practice_info(session, PracticeInfo("Quay Street Therapy", "Jo Smith", "555-0199"))
    plan = closure_plan.create_plan(
        session,
        closure_plan.PlanForm("retirement", date.today(), "Jo Smith", "555-0199", "Dr Ash."),
        today=date.today(),
    )
    written = closure_plan.prepare_notices(session, plan, today=date.today())
    for letter_id in written:
        closure_plan.produce_notice(session, letter_id, folder=tmp_path, today=date.today())
    assert len(written) == 4
    wizard = open_wizard(register_dialog)
    fill_report(qtbot, wizard, "export", received="Unknown")
    page = wizard.report_page
    labels = [page.release.itemText(i) for i in range(page.release.count())]
    assert len(labels) == 2  # the batch of 4 notices is one choice, plus the release
    assert "all 4 closure notices" in labels[0]
    qtbot.keyClicks(page.release_search, "ada wren")
    labels = [page.release.itemText(i) for i in range(page.release.count())]
    assert len(labels) == 1 and "Ada Wren" in labels[0]  # the one notice, found
    page.release_search.clear()
    page.release.setCurrentIndex(0)
    shoot(wizard, "22-which-release")
    press(wizard, Button.CommitButton)
    assert wizard.incident_id is not None
    found = affected.derive(session, wizard.incident_id)
    assert sorted(c.client_id for c in found) == sorted(practice.clients.values())
    wizard.reject()


def test_save_dialogs_start_in_documents_then_the_last_folder_used(
    practice: Practice,
    register_dialog: BreachRegisterDialog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folders: list[Path] = []
    chosen = tmp_path / "breach files" / "register.pdf"
    chosen.parent.mkdir()
    monkeypatch.setattr(save_folder, "_LAST", {})  # as at the app's start
    # No Documents folder yet (a new account): the home folder, never the app's own.
    with answering_file_dialog(None, folders):
        register_dialog.save_pdf_button.click()
    assert folders.pop() == paths.default_vault_parent().parent.resolve()
    paths.default_vault_parent().mkdir(parents=True)
    with answering_file_dialog(chosen, folders) as asked:
        register_dialog.save_pdf_button.click()
    assert asked == ["Save the breach register"]
    assert folders[0] == paths.default_vault_parent().resolve()  # the documents folder
    assert folders[0] != Path.cwd()
    assert chosen.is_file()
    with answering_file_dialog(chosen.with_name("register-later.pdf"), folders):
        register_dialog.save_pdf_button.click()
    assert folders[1] == chosen.parent.resolve()  # the last folder used for the register


def test_the_notices_page_shows_how_to_reach_you_in_full(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    wizard = open_wizard(register_dialog)
    report_wrong_recipient(qtbot, wizard, practice)
    press(wizard, Button.NextButton)
    page = wizard.notices_page
    wizard.resize(860, 640)  # a laptop's 768-pixel-high screen
    assert page.practice.text().startswith("Missing:")
    assert clipped(wizard) == []
    save_practice_info(
        practice.session,
        PracticeInfo(
            "Harbour Counselling and Family Therapy",
            "Sam Reed, LCSW",
            "Suite 4, 1 Quay Street\nSpringfield, IL 62701\n555-0100\nsam@harbour.example.org",
        ),
    )
    page.show_practice_details()
    shoot(wizard, "23-notices-reach-you")
    assert clipped(wizard) == []
    wizard.reject()
