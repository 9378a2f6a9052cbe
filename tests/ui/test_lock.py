"""The app controller: unlock → main window → lock (by request or when idle) → unlock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe import app_config
from recordsafe.app_config import AppConfig
from recordsafe.ui.app import AppController
from recordsafe.ui.qt import Qt, QtWidgets, Signal
from recordsafe.ui.vault.unlock_dialog import UnlockDialog
from recordsafe.ui.welcome import WelcomeWindow
from recordsafe.vault import TEST_PARAMS, CreatedVault, VaultSession, open_vault
from tests.conftest import PASSPHRASE


class StandInMainWindow(QtWidgets.QMainWindow):
    """The main window's contract only: the four signals and a view of the session."""

    lock_requested = Signal()
    close_vault_requested = Signal()
    settings_changed = Signal()
    session_replaced = Signal(object)

    def __init__(self, session: VaultSession, config: AppConfig) -> None:
        super().__init__()
        self.session = session
        self.config = config
        self.setCentralWidget(QtWidgets.QLabel("records would be here"))


@pytest.fixture
def closed_vault(created: CreatedVault) -> Path:
    created.session.lock()
    return created.session.folder


def close_all(made: AppController) -> None:
    """After a test: lock what is open and close every window, quietly."""
    made.shutdown()
    for widget in (made.main_window, made.unlock_dialog, made.welcome, made.wizard):
        if widget is not None:
            widget.blockSignals(True)
            widget.close()


@pytest.fixture
def controller(qtbot: QtBot, config: AppConfig) -> Iterator[AppController]:
    made = AppController(config, TEST_PARAMS, main_window_factory=StandInMainWindow)
    yield made
    close_all(made)


def type_passphrase(qtbot: QtBot, controller: AppController) -> QtWidgets.QMainWindow:
    """Unlock as the user does: type the passphrase in the unlock window, click Unlock."""
    dialog = controller.unlock_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.ready)
    qtbot.keyClicks(dialog.passphrase.line_edit, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.main_window is not None)
    window = controller.main_window
    assert window is not None
    return window


def unlock(qtbot: QtBot, controller: AppController) -> StandInMainWindow:
    window = type_passphrase(qtbot, controller)
    assert isinstance(window, StandInMainWindow)
    return window


def test_start_without_recent_vaults_shows_welcome(controller: AppController) -> None:
    controller.start()
    assert isinstance(controller.welcome, WelcomeWindow)
    assert controller.welcome.isVisible()
    assert controller.unlock_dialog is None


def test_unlock_opens_main_window_and_remembers_the_vault(
    qtbot: QtBot, controller: AppController, closed_vault: Path
) -> None:
    controller.start(closed_vault)
    window = unlock(qtbot, controller)
    assert window.isVisible()
    assert controller.session is window.session
    assert controller.session.is_open
    assert controller.unlock_dialog is None
    assert app_config.load().recent_vaults == [str(closed_vault.resolve())]
    # Next start goes straight to the unlock dialog for that vault.
    controller.lock()
    assert isinstance(controller.unlock_dialog, UnlockDialog)
    assert controller.unlock_dialog.folder() == closed_vault.resolve()


def test_lock_requested_drops_the_window_and_locks_the_session(
    qtbot: QtBot, controller: AppController, closed_vault: Path
) -> None:
    controller.start(closed_vault)
    window = unlock(qtbot, controller)
    session = window.session
    with qtbot.waitSignal(window.destroyed):
        window.lock_requested.emit()
    assert controller.main_window is None
    assert controller.session is None
    assert not session.is_open
    dialog = controller.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.passphrase.text() == ""
    # Unlocking again works (the lock file was released).
    unlock(qtbot, controller)
    assert controller.session is not None and controller.session.is_open


def test_session_replaced_is_taken_over(
    qtbot: QtBot, controller: AppController, closed_vault: Path
) -> None:
    controller.start(closed_vault)
    window = unlock(qtbot, controller)
    old = window.session
    old.lock()  # as rotate_key does
    new = open_vault(closed_vault, PASSPHRASE, kdf=TEST_PARAMS)
    window.session_replaced.emit(new)
    assert controller.session is new
    window.lock_requested.emit()
    qtbot.waitUntil(lambda: controller.main_window is None)
    assert not new.is_open


def test_close_vault_goes_back_to_welcome(
    qtbot: QtBot, controller: AppController, closed_vault: Path
) -> None:
    controller.start(closed_vault)
    window = unlock(qtbot, controller)
    session = window.session
    window.close_vault_requested.emit()
    assert not session.is_open
    assert controller.welcome is not None and controller.welcome.isVisible()


def test_no_keyring_is_mentioned_once(
    no_keyring: None,
    qtbot: QtBot,
    controller: AppController,
    config: AppConfig,
    closed_vault: Path,
) -> None:
    controller.start(closed_vault)
    window = unlock(qtbot, controller)
    boxes = window.findChildren(QtWidgets.QMessageBox)
    assert any("keyring" in box.text() for box in boxes)
    assert config.keyring_notice_shown
    assert app_config.load().keyring_notice_shown
    window.lock_requested.emit()
    window = unlock(qtbot, controller)
    assert not any("keyring" in b.text() for b in window.findChildren(QtWidgets.QMessageBox))


def test_create_from_welcome_opens_the_main_window(
    qtbot: QtBot, controller: AppController, tmp_path: Path
) -> None:
    controller.start()
    assert controller.welcome is not None
    qtbot.mouseClick(controller.welcome.create_button, Qt.MouseButton.LeftButton)
    wizard = controller.wizard
    assert wizard is not None and wizard.isVisible()
    wizard.name_page.location.setText(str(tmp_path))
    qtbot.keyClicks(wizard.name_page.name, "Practice")
    wizard.next()
    qtbot.keyClicks(wizard.passphrase_page.new.line_edit, PASSPHRASE)
    qtbot.keyClicks(wizard.passphrase_page.confirm.line_edit, PASSPHRASE)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.created is not None)
    created = wizard.created
    assert created is not None
    wizard.next()
    groups = created.recovery_code.split("-")
    check = wizard.check_page.check
    for line, group in zip(check.inputs, check.groups, strict=True):
        qtbot.keyClicks(line, groups[group - 1])
    wizard.accept()
    assert controller.main_window is not None
    assert controller.session is created.session
    assert controller.welcome is None


def test_with_the_real_main_window(qtbot: QtBot, config: AppConfig, closed_vault: Path) -> None:
    controller = AppController(config, TEST_PARAMS)  # the real MainWindow
    try:
        controller.start(closed_vault)
        window = type_passphrase(qtbot, controller)
        session = controller.session
        assert window is not None and session is not None
        # Auto-lock, end to end: the window's idle check finds the vault idle for longer
        # than the setting (its clock is replaced, so no test waits five minutes).
        now = [1_000_000.0, 1_000.0]
        window.clock = lambda: (now[0], now[1])  # type: ignore[attr-defined]
        window.note_activity()  # type: ignore[attr-defined]
        now[0] += config.autolock_minutes * 60 + 1
        now[1] += config.autolock_minutes * 60 + 1
        window.check_idle()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: controller.main_window is None)
        assert not session.is_open
        unlock = controller.unlock_dialog
        assert unlock is not None and unlock.isVisible()
        # Walk finding: it said nothing, and typing went to Cancel once the lock was done.
        qtbot.waitUntil(lambda: unlock.ready)
        assert unlock.status.text().startswith("Locked after 5 minutes without activity.")
        assert unlock.passphrase.line_edit.hasFocus() or unlock.focusWidget() in (
            unlock.passphrase,
            unlock.passphrase.line_edit,
        )
    finally:
        controller.shutdown()
        if controller.unlock_dialog is not None:
            controller.unlock_dialog.close()
