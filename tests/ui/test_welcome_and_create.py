"""Welcome screen and the create wizard, end to end over a real vault (cheap KDF)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.vault.create_wizard import CreateVaultWizard, name_problem
from recordsafe.ui.welcome import WelcomeWindow
from recordsafe.ui.widgets.recovery_code_view import code_groups
from recordsafe.ui.widgets.strength_meter import CONFIRM, MISMATCH
from recordsafe.vault import TEST_PARAMS, CreatedVault, is_vault_folder, open_vault
from tests.conftest import PASSPHRASE
from tests.ui.answer import answering_file_dialog

Button = QtWidgets.QWizard.WizardButton


@pytest.fixture
def wizard(qtbot: QtBot, tmp_path: Path) -> Iterator[CreateVaultWizard]:
    made = CreateVaultWizard(kdf=TEST_PARAMS)
    qtbot.addWidget(made)
    made.name_page.location.setText(str(tmp_path))
    made.show()
    yield made
    if made.created is not None:
        made.created.session.lock()
        made.created = None  # so closing the wizard at teardown does not ask "leave?"


def click(qtbot: QtBot, wizard: CreateVaultWizard, which: QtWidgets.QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isEnabled(), f"{which} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill_name(qtbot: QtBot, wizard: CreateVaultWizard, name: str = "Practice") -> None:
    qtbot.keyClicks(wizard.name_page.name, name)


def fill_passphrase(qtbot: QtBot, wizard: CreateVaultWizard, first: str, again: str) -> None:
    page = wizard.passphrase_page
    qtbot.keyClicks(page.new.line_edit, first)
    qtbot.keyClicks(page.confirm.line_edit, again)


# --- welcome -----------------------------------------------------------------------------


def test_welcome_offers_create_and_open(qtbot: QtBot, config: AppConfig) -> None:
    window = WelcomeWindow(config)
    qtbot.addWidget(window)
    assert window.recent.isHidden()
    with qtbot.waitSignal(window.create_requested):
        qtbot.mouseClick(window.create_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.open_requested) as blocker:
        qtbot.mouseClick(window.open_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [None]


def test_welcome_lists_recent_vaults(qtbot: QtBot, config: AppConfig, tmp_path: Path) -> None:
    config.remember_vault(tmp_path / "Old.rsvault")
    config.remember_vault(tmp_path / "New.rsvault")
    window = WelcomeWindow(config)
    qtbot.addWidget(window)
    window.show()
    assert not window.recent.isHidden()
    texts = [window.recent.item(i).text() for i in range(window.recent.count())]
    assert texts == [
        str((tmp_path / "New.rsvault").resolve()),
        str((tmp_path / "Old.rsvault").resolve()),
    ]
    window.recent.setFocus()
    window.recent.setCurrentRow(1)
    with qtbot.waitSignal(window.open_requested) as blocker:
        qtbot.keyClick(window.recent, Qt.Key.Key_Return)
    assert blocker.args == [(tmp_path / "Old.rsvault").resolve()]


# --- the wizard end to end -------------------------------------------------------------------


def test_create_wizard_end_to_end(qtbot: QtBot, wizard: CreateVaultWizard, tmp_path: Path) -> None:
    finished: list[CreatedVault] = []
    wizard.finished_with.connect(finished.append)
    assert not wizard.button(Button.NextButton).isEnabled()  # no name yet
    fill_name(qtbot, wizard, "Practice")
    assert str(tmp_path / "Practice.rsvault") in wizard.name_page.preview.text()
    click(qtbot, wizard, Button.NextButton)

    assert wizard.currentPage() is wizard.passphrase_page
    fill_passphrase(qtbot, wizard, PASSPHRASE, PASSPHRASE)
    commit = wizard.button(Button.CommitButton)
    assert commit.text() == "Create vault"
    click(qtbot, wizard, Button.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.code_page)
    assert wizard.created is not None
    assert is_vault_folder(tmp_path / "Practice.rsvault")
    code = wizard.created.recovery_code
    assert wizard.code_page.view.shown_groups() == code_groups(code)
    assert wizard.passphrase_page.new.text() == ""  # not kept in the widget
    assert QtWidgets.QApplication.clipboard().text() != code
    # After the vault exists there is no way back to the passphrase, and no plain cancel.
    back = wizard.button(Button.BackButton)
    assert not (back.isVisible() and back.isEnabled())
    assert not wizard.button(Button.CancelButton).isVisible()
    click(qtbot, wizard, Button.NextButton)

    assert wizard.currentPage() is wizard.check_page
    finish = wizard.button(Button.FinishButton)
    assert not finish.isEnabled()
    groups = code_groups(code)
    first, second = wizard.check_page.check.groups
    inputs = wizard.check_page.check.inputs
    qtbot.keyClicks(inputs[0], groups[first - 1])
    assert not finish.isEnabled()
    qtbot.keyClicks(inputs[1], groups[second - 1].lower())
    assert finish.isEnabled()
    assert finish.text() == "Open my vault"
    with qtbot.waitSignal(wizard.finished_with):
        click(qtbot, wizard, Button.FinishButton)
    assert finished[0].session.is_open
    finished[0].session.lock()
    # The vault opens with the passphrase that was typed.
    open_vault(tmp_path / "Practice.rsvault", PASSPHRASE, kdf=TEST_PARAMS).lock()


def test_wrong_groups_keep_finish_disabled(qtbot: QtBot, wizard: CreateVaultWizard) -> None:
    fill_name(qtbot, wizard)
    click(qtbot, wizard, Button.NextButton)
    fill_passphrase(qtbot, wizard, PASSPHRASE, PASSPHRASE)
    click(qtbot, wizard, Button.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.code_page)
    click(qtbot, wizard, Button.NextButton)
    for line in wizard.check_page.check.inputs:
        qtbot.keyClicks(line, "0000")
    assert not wizard.button(Button.FinishButton).isEnabled()
    assert "does not match" in wizard.check_page.check.status.text()
    # Back shows the code again.
    click(qtbot, wizard, Button.BackButton)
    assert wizard.currentPage() is wizard.code_page


# --- validation -------------------------------------------------------------------------------


def test_passphrase_validation_messages(qtbot: QtBot, wizard: CreateVaultWizard) -> None:
    fill_name(qtbot, wizard)
    click(qtbot, wizard, Button.NextButton)
    page = wizard.passphrase_page
    commit = wizard.button(Button.CommitButton)
    assert not commit.isEnabled()

    qtbot.keyClicks(page.new.line_edit, "abc")  # weak: too short
    assert "at least 10 characters" in page.problem.text()
    assert not commit.isEnabled()

    page.new.clear()  # empty
    assert page.problem.text() == "Enter a passphrase."
    assert not commit.isEnabled()

    qtbot.keyClicks(page.new.line_edit, "password123")  # long enough, easy to guess
    assert "too easy to guess" in page.problem.text()
    assert not commit.isEnabled()

    page.new.clear()
    fill_passphrase(qtbot, wizard, PASSPHRASE, PASSPHRASE + "!")  # mismatch
    assert page.problem.text() == MISMATCH
    click(qtbot, wizard, Button.CommitButton)  # pressing it says so and stays
    assert wizard.currentPage() is page

    qtbot.keyClick(page.confirm.line_edit, Qt.Key.Key_Backspace)
    assert page.problem.text() == ""
    assert commit.isEnabled()
    assert wizard.created is None  # nothing is created before the user commits


def test_name_validation(qtbot: QtBot, wizard: CreateVaultWizard, tmp_path: Path) -> None:
    page = wizard.name_page
    qtbot.keyClicks(page.name, "a/b")
    assert "cannot contain" in page.problem.text()
    assert not wizard.button(Button.NextButton).isEnabled()
    page.name.clear()
    (tmp_path / "Taken.rsvault").mkdir()
    (tmp_path / "Taken.rsvault" / "file").write_text("x")
    qtbot.keyClicks(page.name, "Taken")
    assert "already exists" in page.problem.text()
    assert not wizard.button(Button.NextButton).isEnabled()
    qtbot.keyClicks(page.name, " two")
    assert page.problem.text() == ""
    assert wizard.button(Button.NextButton).isEnabled()


def test_name_problem_words() -> None:
    assert name_problem("") == "Type a name for your vault."
    assert name_problem("My practice") is None
    assert name_problem(" padded") is not None
    assert name_problem("..") is not None


def test_create_failure_is_shown_and_retry_possible(
    qtbot: QtBot, wizard: CreateVaultWizard, tmp_path: Path
) -> None:
    fill_name(qtbot, wizard, "Practice")
    click(qtbot, wizard, Button.NextButton)
    fill_passphrase(qtbot, wizard, PASSPHRASE, PASSPHRASE)
    # Someone else fills the folder between the two pages.
    target = tmp_path / "Practice.rsvault"
    target.mkdir()
    (target / "other").write_text("x")
    click(qtbot, wizard, Button.CommitButton)
    qtbot.waitUntil(lambda: bool(wizard.passphrase_page.problem.text()) and not wizard.busy)
    assert "already exists" in wizard.passphrase_page.problem.text()
    assert wizard.currentPage() is wizard.passphrase_page
    assert wizard.created is None
    assert wizard.button(Button.CommitButton).isEnabled()


def test_leaving_after_creation_asks_first(qtbot: QtBot, wizard: CreateVaultWizard) -> None:
    finished: list[CreatedVault] = []
    wizard.finished_with.connect(finished.append)
    fill_name(qtbot, wizard)
    click(qtbot, wizard, Button.NextButton)
    fill_passphrase(qtbot, wizard, PASSPHRASE, PASSPHRASE)
    click(qtbot, wizard, Button.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.code_page)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    box = wizard.leave_box
    assert box is not None and "not show this code again" in box.text()
    qtbot.mouseClick(box.button(QtWidgets.QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert wizard.isVisible()  # "No": stay
    assert finished == []
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    box = wizard.leave_box
    assert box is not None
    with qtbot.waitSignal(wizard.finished_with):
        qtbot.mouseClick(
            box.button(QtWidgets.QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton
        )
    assert not wizard.isVisible()  # "Yes": the vault opens anyway
    assert finished and finished[0].session.is_open


def test_save_emergency_kit(qtbot: QtBot, wizard: CreateVaultWizard, tmp_path: Path) -> None:
    fill_name(qtbot, wizard)
    click(qtbot, wizard, Button.NextButton)
    fill_passphrase(qtbot, wizard, PASSPHRASE, PASSPHRASE)
    click(qtbot, wizard, Button.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.code_page)
    target = tmp_path / "kit"
    with answering_file_dialog(target) as asked:
        qtbot.mouseClick(wizard.code_page.kit_button, Qt.MouseButton.LeftButton)
    assert asked == ["Save Emergency Kit"]
    qtbot.waitUntil(lambda: "Saved" in wizard.code_page.kit_status.text())
    pdf = tmp_path / "kit.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert wizard.code_page.kit_button.isEnabled()


def test_second_field_is_judged_only_when_it_strays_or_create_is_pressed(
    qtbot: QtBot, wizard: CreateVaultWizard
) -> None:
    fill_name(qtbot, wizard)
    click(qtbot, wizard, Button.NextButton)
    page = wizard.passphrase_page
    qtbot.keyClicks(page.new.line_edit, PASSPHRASE)
    qtbot.keyClick(page.new.line_edit, Qt.Key.Key_Tab)  # Tab reaches the empty field
    assert page.confirm.line_edit.hasFocus()
    assert page.problem.text() == ""

    qtbot.keyClicks(page.confirm.line_edit, PASSPHRASE[:5])  # still typing it
    assert page.problem.text() == ""
    qtbot.keyClicks(page.confirm.line_edit, "#")  # strays from the first
    assert page.problem.text() == MISMATCH

    page.confirm.clear()
    assert page.problem.text() == ""
    click(qtbot, wizard, Button.CommitButton)  # pressed with the second field empty
    assert page.problem.text() == CONFIRM
    assert page.confirm.line_edit.hasFocus()
    assert wizard.created is None

    qtbot.keyClicks(page.confirm.line_edit, PASSPHRASE[:3])
    click(qtbot, wizard, Button.CommitButton)  # pressed half typed
    assert page.problem.text() == MISMATCH
    assert wizard.created is None


def test_wizard_is_as_tall_as_its_tallest_page(qtbot: QtBot, wizard: CreateVaultWizard) -> None:
    """Qt's floor of 360 px left a third of every page empty; each page's content fits."""
    sizes = {wizard.size().toTuple()}
    fill_name(qtbot, wizard)
    click(qtbot, wizard, Button.NextButton)
    sizes.add(wizard.size().toTuple())
    fill_passphrase(qtbot, wizard, PASSPHRASE, PASSPHRASE)
    click(qtbot, wizard, Button.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.code_page, timeout=30_000)
    sizes.add(wizard.size().toTuple())
    tallest_need = max(wizard.page(i).minimumSizeHint().height() for i in wizard.pageIds())
    code = wizard.code_page
    assert code.view.height() >= code.view.sizeHint().height()  # the code is not cut
    click(qtbot, wizard, Button.NextButton)
    sizes.add(wizard.size().toTuple())
    assert len(sizes) == 1  # the buttons stay put from page to page
    chrome = wizard.height() - wizard.currentPage().height()
    # No page has more than a line or two of spare room below its content.
    assert wizard.height() - chrome - tallest_need < 60
