"""The unlock and recover dialogs over a real vault (cheap KDF), driven by key presses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.demo import DEMO_PASSPHRASE, ensure_demo_vault
from recordsafe.ui.qt import Qt, QtCore, QtGui, QtWidgets
from recordsafe.ui.vault.recover_dialog import RecoverDialog
from recordsafe.ui.vault.unlock_dialog import UnlockDialog
from recordsafe.ui.vault.unlock_result import UnlockResult
from recordsafe.vault import (
    TEST_PARAMS,
    CreatedVault,
    open_vault,
    remembered_on_device,
)
from tests.conftest import PASSPHRASE
from tests.ui.answer import answering_file_dialog

NEW_PASSPHRASE = "orchard violin seventeen copper"


@pytest.fixture
def closed_vault(created: CreatedVault) -> Path:
    """A vault on disk, not open (so the dialog can take the lock)."""
    created.session.lock()
    return created.session.folder


@pytest.fixture
def opened() -> Iterator[list[UnlockResult]]:
    results: list[UnlockResult] = []
    yield results
    for result in results:
        result.session.lock()


def make_dialog(
    qtbot: QtBot, config: AppConfig, folder: Path | None, *, try_device: bool = True
) -> UnlockDialog:
    dialog = UnlockDialog(config, folder=folder, kdf=TEST_PARAMS, try_device=try_device)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ready)
    return dialog


def unlock_by_typing(qtbot: QtBot, dialog: UnlockDialog, passphrase: str) -> None:
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase.line_edit, passphrase)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)


def test_right_passphrase_unlocks(
    qtbot: QtBot, config: AppConfig, closed_vault: Path, opened: list[UnlockResult]
) -> None:
    dialog = make_dialog(qtbot, config, closed_vault)
    dialog.unlocked.connect(opened.append)
    with qtbot.waitSignal(dialog.unlocked):
        unlock_by_typing(qtbot, dialog, PASSPHRASE)
    assert opened[0].session.is_open
    assert opened[0].session.folder == closed_vault
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    assert dialog.passphrase.text() == ""  # nothing lingers in the widget


def test_wrong_passphrase_says_so_and_retry_works(
    qtbot: QtBot, config: AppConfig, closed_vault: Path, opened: list[UnlockResult]
) -> None:
    dialog = make_dialog(qtbot, config, closed_vault)
    dialog.unlocked.connect(opened.append)
    unlock_by_typing(qtbot, dialog, "not the passphrase at all")
    qtbot.waitUntil(lambda: not dialog.error.isHidden() and not dialog.busy)
    assert "does not open this vault" in dialog.error.text()
    assert "Caps Lock" in dialog.error.text()
    assert dialog.isVisible()
    assert dialog.passphrase.line_edit.selectedText() == "not the passphrase at all"
    assert opened == []
    # Typing again clears the message; the right passphrase then opens the vault.
    with qtbot.waitSignal(dialog.unlocked):
        unlock_by_typing(qtbot, dialog, PASSPHRASE)
    assert dialog.error.isHidden()
    assert opened[0].session.is_open


def test_empty_passphrase_is_refused_inline(
    qtbot: QtBot, config: AppConfig, closed_vault: Path
) -> None:
    dialog = make_dialog(qtbot, config, closed_vault)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Type your passphrase."
    assert not dialog.busy


def test_not_a_vault_folder_is_explained(qtbot: QtBot, config: AppConfig, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, config, tmp_path / "Holiday photos")
    unlock_by_typing(qtbot, dialog, PASSPHRASE)
    assert "not a RecordSafe vault" in dialog.error.text()
    assert not dialog.busy


def test_vault_already_open_shows_vault_in_use(
    qtbot: QtBot, config: AppConfig, created: CreatedVault
) -> None:
    dialog = make_dialog(qtbot, config, created.session.folder)
    unlock_by_typing(qtbot, dialog, PASSPHRASE)
    qtbot.waitUntil(lambda: not dialog.error.isHidden() and not dialog.busy)
    assert "already open" in dialog.error.text()
    assert dialog.isVisible()


def test_no_keyring_disables_remember_with_a_reason(
    no_keyring: None, qtbot: QtBot, config: AppConfig, closed_vault: Path
) -> None:
    dialog = make_dialog(qtbot, config, closed_vault)
    assert not dialog.remember.isEnabled()
    assert "keyring" in dialog.remember.toolTip()


def test_remember_on_device_then_second_unlock_needs_no_passphrase(
    qtbot: QtBot, config: AppConfig, closed_vault: Path, opened: list[UnlockResult]
) -> None:
    first = make_dialog(qtbot, config, closed_vault)
    first.unlocked.connect(opened.append)
    assert first.remember.isEnabled()
    # Click the box itself (a form row stretches the widget beyond its text).
    box_centre = QtCore.QPoint(8, first.remember.height() // 2)
    qtbot.mouseClick(first.remember, Qt.MouseButton.LeftButton, pos=box_centre)
    assert first.remember.isChecked()
    with qtbot.waitSignal(first.unlocked):
        unlock_by_typing(qtbot, first, PASSPHRASE)
    assert opened[0].notices == []
    assert any(slot.kind == "device" for slot in opened[0].session.slots)
    opened.pop().session.lock()
    assert remembered_on_device(closed_vault)

    second = UnlockDialog(config, folder=closed_vault, kdf=TEST_PARAMS)
    qtbot.addWidget(second)
    second.unlocked.connect(opened.append)
    with qtbot.waitSignal(second.unlocked):
        second.show()  # no typing at all
    assert opened[0].session.slot.kind == "device"


def test_after_a_lock_the_device_key_is_not_used(
    qtbot: QtBot, config: AppConfig, closed_vault: Path, opened: list[UnlockResult]
) -> None:
    session = open_vault(closed_vault, PASSPHRASE, kdf=TEST_PARAMS)
    assert session.remember_on_device("desk")
    session.lock()
    dialog = make_dialog(qtbot, config, closed_vault, try_device=False)
    dialog.unlocked.connect(opened.append)
    assert dialog.isVisible()
    assert opened == []


def test_locked_keyring_falls_back_to_the_passphrase(
    qtbot: QtBot, config: AppConfig, closed_vault: Path, opened: list[UnlockResult]
) -> None:
    session = open_vault(closed_vault, PASSPHRASE, kdf=TEST_PARAMS)
    assert session.remember_on_device("desk")
    session.lock()
    import keyring  # noqa: PLC0415

    from tests.keyrings import LockedKeyring  # noqa: PLC0415

    keyring.set_keyring(LockedKeyring())
    dialog = make_dialog(qtbot, config, closed_vault)  # tries the device, quietly fails
    dialog.unlocked.connect(opened.append)
    assert dialog.isVisible()
    assert dialog.error.isHidden()
    # Remembering again is attempted but refused by the keyring: a notice, not a crash.
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(dialog.unlocked):
        unlock_by_typing(qtbot, dialog, PASSPHRASE)
    assert opened[0].session.is_open
    assert "keyring" in opened[0].notices[0]


def test_demo_vault_shows_its_passphrase_and_others_do_not(
    qtbot: QtBot, config: AppConfig, closed_vault: Path, opened: list[UnlockResult]
) -> None:
    demo = ensure_demo_vault(kdf=TEST_PARAMS)
    config.remember_vault(closed_vault)
    dialog = make_dialog(qtbot, config, demo)
    assert not dialog.demo_box.isHidden()
    assert DEMO_PASSPHRASE in dialog.demo_passphrase_label.text()
    assert "fictional" in dialog.demo_box.findChildren(QtWidgets.QLabel)[0].text()
    dialog.set_folder(closed_vault)
    assert dialog.demo_box.isHidden()
    dialog.set_folder(demo)
    dialog.unlocked.connect(opened.append)
    with qtbot.waitSignal(dialog.unlocked):
        unlock_by_typing(qtbot, dialog, DEMO_PASSPHRASE)


def test_recent_vaults_fill_the_combo_and_browse_checks_the_folder(
    qtbot: QtBot, config: AppConfig, closed_vault: Path, tmp_path: Path
) -> None:
    config.remember_vault(closed_vault)
    dialog = make_dialog(qtbot, config, None)
    assert dialog.folder() == closed_vault.resolve()
    elsewhere = tmp_path / "Notes"
    elsewhere.mkdir()
    with answering_file_dialog(elsewhere) as asked:
        qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert asked == ["Choose your vault folder (NAME.rsvault)"]
    assert dialog.folder() == elsewhere.resolve()
    assert "not a RecordSafe vault" in dialog.error.text()


def test_busy_dialog_cannot_be_cancelled(
    qtbot: QtBot, config: AppConfig, closed_vault: Path, opened: list[UnlockResult]
) -> None:
    dialog = make_dialog(qtbot, config, closed_vault)
    dialog.unlocked.connect(opened.append)
    unlock_by_typing(qtbot, dialog, PASSPHRASE)
    if dialog.busy:  # the cheap KDF may already be done; Esc must not lose a session
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(opened))
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted


# --- recover with the code --------------------------------------------------------------


def test_recover_dialog_sets_a_new_passphrase(
    qtbot: QtBot, config: AppConfig, created: CreatedVault, opened: list[UnlockResult]
) -> None:
    created.session.lock()
    folder = created.session.folder
    dialog = make_dialog(qtbot, config, folder)
    dialog.unlocked.connect(opened.append)
    qtbot.mouseClick(dialog.forgot_button, Qt.MouseButton.LeftButton)
    recover = dialog.findChild(RecoverDialog)
    assert recover is not None
    assert not recover.submit_button.isEnabled()
    qtbot.keyClicks(recover.code, created.recovery_code.lower())
    qtbot.keyClicks(recover.new.line_edit, NEW_PASSPHRASE)
    qtbot.keyClicks(recover.confirm.line_edit, NEW_PASSPHRASE + "x")
    assert not recover.submit_button.isEnabled()
    assert "do not match" in recover.hint.text()
    qtbot.keyClick(recover.confirm.line_edit, Qt.Key.Key_Backspace)
    assert recover.submit_button.isEnabled()
    with qtbot.waitSignal(dialog.unlocked):
        qtbot.mouseClick(recover.submit_button, Qt.MouseButton.LeftButton)
    opened.pop().session.lock()
    open_vault(folder, NEW_PASSPHRASE, kdf=TEST_PARAMS).lock()


def test_recover_dialog_wrong_code_is_explained(qtbot: QtBot, created: CreatedVault) -> None:
    created.session.lock()
    dialog = RecoverDialog(created.session.folder, kdf=TEST_PARAMS)
    qtbot.addWidget(dialog)
    dialog.show()
    wrong = "0000-0000-0000-0000-0000-0000-0000"
    qtbot.keyClicks(dialog.code, wrong)
    qtbot.keyClicks(dialog.new.line_edit, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.confirm.line_edit, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.error.text()) and not dialog.busy)
    assert "code does not open this vault" in dialog.error.text()
    assert dialog.isVisible()
    assert dialog.code.hasFocus() or dialog.code.selectedText() == wrong


def test_recover_dialog_refuses_a_weak_passphrase(qtbot: QtBot, created: CreatedVault) -> None:
    dialog = RecoverDialog(created.session.folder, kdf=TEST_PARAMS)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.code, created.recovery_code)
    qtbot.keyClicks(dialog.new.line_edit, "short")
    assert not dialog.submit_button.isEnabled()
    assert "at least 10 characters" in dialog.hint.text()


# --- issue 14, seen in screenshots ------------------------------------------------------


def test_a_long_vault_path_keeps_its_start_and_the_vault_name_in_sight(
    qtbot: QtBot, config: AppConfig, tmp_path: Path
) -> None:
    # Walk finding: "…/RecordSafe/Demo practice.rsv", the vault's own name cut off.
    folder = tmp_path.joinpath(*["Practice records kept here"] * 4, "Harbour Counselling.rsvault")
    folder.mkdir(parents=True)
    dialog = make_dialog(qtbot, config, folder, try_device=False)
    dialog.resize(1024 * 3 // 4, dialog.height())  # narrower than the path, as on a laptop
    qtbot.waitUntil(lambda: dialog.vault_combo.width() < 1024 * 3 // 4)
    shown = dialog.vault_combo.shown_text()
    whole = str(folder.resolve())
    assert shown != whole and "…" in shown  # the middle is left out
    assert shown.endswith("Harbour Counselling.rsvault")
    assert whole.startswith(shown.split("…")[0])
    assert "Harbour Counselling" in dialog.heading.text()
    assert dialog.vault_combo.toolTip() == whole


def test_both_links_have_the_link_style(qtbot: QtBot, config: AppConfig) -> None:
    app = QtWidgets.QApplication.instance()
    from recordsafe.ui.app import _style_sheet  # noqa: PLC0415 (the app's own sheet)

    assert isinstance(app, QtWidgets.QApplication)
    old = app.styleSheet()
    app.setStyleSheet(_style_sheet())
    try:
        dialog = make_dialog(qtbot, config, None, try_device=False)
        link = dialog.palette().color(dialog.palette().ColorRole.Link)
        for button in (dialog.forgot_button, dialog.custodian_button):
            assert button.font().underline(), button.text()
            assert button.palette().color(button.foregroundRole()) == link, button.text()
    finally:
        app.setStyleSheet(old)


def test_the_error_stays_readable_in_a_dark_palette(qtbot: QtBot, config: AppConfig) -> None:
    app = QtWidgets.QApplication.instance()
    assert isinstance(app, QtWidgets.QApplication)
    old = app.palette()
    dark = QtGui.QPalette(old)
    dark.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor("#2b2b2b"))
    dark.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor("#e6e6e6"))
    app.setPalette(dark)
    try:
        dialog = make_dialog(qtbot, config, None, try_device=False)
        dialog.show_error("Choose your vault first.")
        shown = dialog.error.palette().color(dialog.error.foregroundRole())
        # Light on dark: the error's text is lighter than the window behind it.
        assert shown.lightness() > QtGui.QColor("#2b2b2b").lightness() + 80
    finally:
        app.setPalette(old)
