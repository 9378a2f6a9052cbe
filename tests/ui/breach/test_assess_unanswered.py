"""The assessment presumes nothing: no verdict and no signature until the questions are
answered (HIPAA presumes a breach unless the safe harbour or the four factors show
otherwise, 164.402(2))."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.ui.breach.incident_wizard import IncidentWizard
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from tests.breach.conftest import Practice
from tests.ui.breach.conftest import Button, press
from tests.ui.breach.test_wizard import fill_report, open_wizard

VERDICTS = ("Not a reportable breach", "A reportable breach")


def assess(
    qtbot: QtBot, register_dialog: BreachRegisterDialog, kind: str, **report: str
) -> IncidentWizard:
    """A new incident of `kind`, reported: the wizard on its assessment page."""
    wizard = open_wizard(register_dialog)
    fill_report(qtbot, wizard, kind, **report)
    press(wizard, Button.CommitButton)
    return wizard


def no_verdict(wizard: IncidentWizard) -> bool:
    preview = wizard.assess_page.preview.text()
    return not preview.startswith(VERDICTS) and not wizard.button(Button.CommitButton).isEnabled()


def test_a_new_incident_shows_no_verdict_until_the_safe_harbour_is_answered(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    wizard = assess(qtbot, register_dialog, "backup", detail="Practice.rsbackup on a USB stick")
    page = wizard.assess_page
    assert no_verdict(wizard)
    assert page.encrypted.value() is None and page.key_exposed.value() is None
    assert not page.key_exposed.isEnabled()  # asked once the copy is known to be encrypted
    page.encrypted.yes.click()
    assert no_verdict(wizard)
    assert "secret that opens it" in page.preview.text()
    page.key_exposed.no.click()
    assert page.preview.text().startswith("Not a reportable breach: the information was encrypted")
    assert wizard.button(Button.CommitButton).isEnabled()


def test_printed_releases_are_never_encrypted_and_need_the_four_factors(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    # A folder of printed notices left at a copy shop: a release, but on paper.
    wizard = assess(qtbot, register_dialog, "export", received="Copy shop")
    page = wizard.assess_page
    assert no_verdict(wizard)
    page.encrypted.no.click()  # printed
    assert not page.key_exposed.isEnabled()
    assert no_verdict(wizard)
    qtbot.keyClicks(page.identifiers, "Names, addresses")
    qtbot.keyClicks(page.sensitivity, "Closure notices")
    qtbot.keyClicks(page.mitigation, "Collected the folder back")
    assert no_verdict(wizard)  # viewed or taken: not answered yet
    assert "viewed or taken" in page.preview.text()
    page.acquired.setCurrentIndex(page.acquired.findData("unknown"))
    assert page.preview.text().startswith("A reportable breach")
    assert wizard.button(Button.CommitButton).isEnabled()


def test_for_paper_the_encryption_question_does_not_apply_and_says_so(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    wizard = assess(qtbot, register_dialog, "paper", received="A neighbour")
    page = wizard.assess_page
    assert not page.encryption_box.isVisible()
    assert page.not_encrypted.isVisible()
    assert "does not apply" in page.not_encrypted.text()
    assert no_verdict(wizard)


def test_the_reasoning_names_the_kind_of_secret_answered(
    qtbot: QtBot, practice: Practice, register_dialog: BreachRegisterDialog
) -> None:
    wizard = assess(
        qtbot, register_dialog, "backup", detail="Handoff backup, lost with the custodian kit"
    )
    page = wizard.assess_page
    assert not page.secret.isEnabled()  # asked once a secret is said to be exposed
    page.encrypted.yes.click()
    page.key_exposed.yes.click()
    assert page.secret.isEnabled()
    offered = [page.secret.itemData(i) for i in range(page.secret.count())]
    assert offered == [None, "passphrase", "recovery_code", "custodian_code"]  # a backup's
    page.secret.setCurrentIndex(page.secret.findData("custodian_code"))
    qtbot.keyClicks(page.identifiers, "Names, dates of birth")
    qtbot.keyClicks(page.sensitivity, "Session notes")
    qtbot.keyClicks(page.mitigation, "Custodian code replaced")
    page.acquired.setCurrentIndex(page.acquired.findData("unknown"))
    qtbot.keyClicks(page.person, "Unknown finder")
    press(wizard, Button.CommitButton)
    reasoning = wizard.result_page.reasoning.toPlainText()
    assert "a custodian code or a custodian's passphrase was, or may have been, exposed" in (
        reasoning
    )
    assert "key or password" not in reasoning
