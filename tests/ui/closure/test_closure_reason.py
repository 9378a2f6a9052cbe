"""Issue 15, the closure wizard after a death or an incapacity: its date is asked (typed,
required, not in the future), kept with the plan and told in the notices."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import closure_plan, custodian
from recordsafe.disclosure import letters
from recordsafe.disclosure.practice_info import save_practice_info
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import format_day
from tests.closure.conftest import CUSTODIAN_FORM, Practice, as_custodian
from tests.ui.closure.conftest import shot
from tests.ui.closure.helpers import (
    QUAY_STREET,
    click,
    custodian_window,
    open_wizard,
    practitioner_back,
)
from tests.ui.closure.test_custodian_flow import TODAY

DIED = TODAY - timedelta(days=3)


def test_the_custodian_gives_the_date_of_death_and_the_notices_tell_it(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    save_practice_info(session, QUAY_STREET)
    code = custodian.designate(session, CUSTODIAN_FORM).code
    with custodian_window(qtbot, config, session, code) as (cust, win):
        wizard = open_wizard(qtbot, win)
        page = wizard.reason_page
        next_button = wizard.button(QtWidgets.QWizard.WizardButton.NextButton)
        assert page.effective.text() == format_day(TODAY)  # the one format of windows
        # Retirement has no date of its own: no field for one.
        page.buttons["retirement"].setChecked(True)
        assert page.reason_day.isHidden()
        page.buttons["death"].setChecked(True)
        assert page.reason_day.isVisible() and page.reason_day_label.text() == "Date of death:"
        assert page.reason_day.text() == ""  # never a silent "today"
        click(qtbot, next_button)
        assert "Give the date of death" in page.error.text() and page.error.isVisible()
        assert wizard.currentPage() is page
        qtbot.keyClicks(page.reason_day, format_day(TODAY + timedelta(days=1)))
        click(qtbot, next_button)
        assert "cannot be in the future" in page.error.text()
        page.reason_day.clear()
        qtbot.keyClicks(page.reason_day, "last Tuesday")
        click(qtbot, next_button)
        assert "That is not a date: type it like 3 December 2026" in page.error.text()
        page.reason_day.clear()
        qtbot.keyClicks(page.reason_day, f"{DIED.day} Decmber {DIED.year}")
        click(qtbot, next_button)
        assert "“Decmber” is not a month" in page.error.text()
        page.reason_day.clear()
        qtbot.keyClicks(page.reason_day, format_day(DIED))
        assert page.error.isHidden()
        # A date of death never becomes the day an illness began: changing the reason
        # empties the field.
        page.buttons["incapacity"].setChecked(True)
        assert page.reason_day.text() == ""
        page.buttons["death"].setChecked(True)
        qtbot.keyClicks(page.reason_day, f"{DIED:%B} {DIED.day}, {DIED.year}")  # month in full
        shot(wizard, "30-date-of-death")
        click(qtbot, next_button)
        qtbot.keyClicks(wizard.keeper_page.referrals, "Harbour Counselling Centre, 555-0142.")
        click(qtbot, next_button)
        assert wizard.currentPage() is wizard.notices_page
        plan = closure_plan.current_plan(cust)
        assert plan is not None and plan.reason == "death" and plan.reason_on == DIED
        ada = wizard.notices_page.notices[0]
        body = letters.get_letter(cust, ada.letter_id).body
        assert f"Jo Smith died on {DIED.day} {DIED:%B %Y}." in body
        wizard.close()
        # Opened again, the plan shows its date (and is the same plan, not a new one).
        again = open_wizard(qtbot, win)
        assert again.reason_page.reason_day.text() == format_day(DIED)
        click(qtbot, again.button(QtWidgets.QWizard.WizardButton.NextButton))
        click(qtbot, again.button(QtWidgets.QWizard.WizardButton.NextButton))
        assert closure_plan.current_plan(cust) == plan
        again.close()


def test_the_practitioner_back_from_illness_sees_what_the_plan_told_clients(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    code = custodian.designate(session, CUSTODIAN_FORM).code
    folder = session.folder
    ill_since = TODAY - timedelta(days=40)
    cust = as_custodian(session, code)
    custodian.note_unlock(cust)
    plan = closure_plan.PlanForm(
        "incapacity", TODAY, "Dr Rosa Vega", "555-0100", "Dr Kim Ash, 555-0177.", ill_since
    )
    closure_plan.create_plan(cust, plan, today=TODAY)
    cust.lock()
    with practitioner_back(qtbot, config, folder) as (_back, seen):
        text = seen.text.text()
        assert "Closure plan made: 1" in text
        # What the notices will say about them, in the window's one date format.
        assert f"illness or incapacity since {format_day(ill_since)}" in text
        assert f"closing on {format_day(TODAY)}" in text
        shot(seen, "31-return-after-illness")


def test_the_reasons_stay_put_when_the_date_row_appears(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    """The label column is as wide as its widest label from the start: choosing a death
    (its date row appears) or an incapacity (a longer label) moves no radio button."""
    session = practice.session
    with custodian_window(
        qtbot, config, session, custodian.designate(session, CUSTODIAN_FORM).code
    ) as (_cust, win):
        page = open_wizard(qtbot, win).reason_page
        retirement = page.buttons["retirement"]

        def left() -> int:
            QtWidgets.QApplication.processEvents()
            return retirement.mapTo(page, retirement.rect().topLeft()).x()

        page.buttons["retirement"].setChecked(True)
        before = left()
        shot(page.window(), "31-reason-retirement")
        page.buttons["incapacity"].setChecked(True)
        shot(page.window(), "32-reason-incapacity")
        for reason in ("death", "incapacity", "relocation"):
            page.buttons[reason].setChecked(True)
            assert left() == before, reason
        page.buttons["incapacity"].setChecked(True)
        assert page.effective.mapTo(page, page.effective.rect().topLeft()).x() == before
