"""Issue 15, breach wizard (second walk): the window keeps its width from page to page (its
buttons stay put), a refused signature says why once, the register saves a PDF and says so."""

from __future__ import annotations

import re
from datetime import date

from pytestqt.qtbot import QtBot

from recordsafe.ui.breach.common import AFFECTED, ASSESS, NOTICES, RESULT
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import format_day
from tests.breach.conftest import Practice
from tests.ui.breach.conftest import Button, press
from tests.ui.breach.test_wizard import fill_report, open_wizard, report_wrong_recipient


def test_the_wizard_keeps_its_width_from_page_to_page(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    wizard = open_wizard(register_dialog)
    qtbot.waitExposed(wizard)
    widths = {wizard.currentId(): wizard.width()}
    wizard.currentIdChanged.connect(lambda page: widths.setdefault(page, wizard.width()))

    def settled() -> None:
        qtbot.wait(1)
        widths[wizard.currentId()] = wizard.width()

    report_wrong_recipient(qtbot, wizard, practice)  # report, assess, result, affected
    settled()
    press(wizard, Button.NextButton)
    settled()
    assert wizard.currentId() == NOTICES
    assert set(widths) >= {ASSESS, RESULT, AFFECTED, NOTICES}
    assert len(set(widths.values())) == 1, widths


def test_an_unfinished_assessment_says_what_is_missing_once(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    wizard = open_wizard(register_dialog)
    fill_report(qtbot, wizard, "paper")
    press(wizard, Button.CommitButton)
    page = wizard.assess_page
    qtbot.keyClicks(page.identifiers, "Names")
    qtbot.keyClicks(page.sensitivity, "Session notes")
    qtbot.keyClicks(page.person, "Unknown")
    page.acquired.setCurrentIndex(page.acquired.findData("unknown"))
    # No mitigation yet: nothing to sign, and the one line says what is missing.
    assert not wizard.button(Button.CommitButton).isEnabled()
    shown = [
        label.text()
        for label in page.findChildren(QtWidgets.QLabel)
        if label.isVisible() and "reduce the risk" in label.text()
    ]
    assert shown == ["Not complete yet: Say what was done to reduce the risk."]


def test_the_register_button_says_it_saves_a_pdf(
    register_dialog: BreachRegisterDialog,
) -> None:
    texts = [b.text() for b in register_dialog.findChildren(QtWidgets.QPushButton)]
    assert "&Save register as PDF…" in texts
    assert not [t for t in texts if "Print" in t.replace("&", "")]


ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
LONG_DAY = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September"
    r"|October|November|December) \d{4}\b"
)


def test_the_breach_windows_write_a_day_one_way(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    """'06 Dec 2026' (wording.day_text) in every window, never 2026-12-06 nor the letters'
    long form beside it."""
    today = format_day(date.today())
    wizard = open_wizard(register_dialog)
    fill_report(qtbot, wizard, "export", received="Dr Wrong")
    choices = [
        wizard.report_page.release.itemText(i) for i in range(wizard.report_page.release.count())
    ]
    assert choices and all(text.startswith(today) for text in choices), choices
    wizard.reject()
    wizard = open_wizard(register_dialog)
    report_wrong_recipient(qtbot, wizard, practice)  # through the result, to the affected
    press(wizard, Button.NextButton)
    seen = [
        wizard.result_page.signed.text(),
        wizard.notices_page.countdown.text(),
        register_dialog.detail.toPlainText(),
        *(
            register_dialog.table.item(r, c).text()
            for r in range(register_dialog.table.rowCount())
            for c in range(register_dialog.table.columnCount())
        ),
    ]
    text = "\n".join(seen)
    assert today in text
    assert not ISO_DAY.search(text) and not LONG_DAY.search(text), text
