"""The main window over a real vault: menus, shortcuts, lock, auto-lock, verify, about."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.ui.help.actions import HelpActions
from recordsafe.ui.help.guide_window import GuideWindow
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import Qt, QtGui, QtWidgets
from recordsafe.ui.vault.actions import VaultActions
from recordsafe.ui.vault.verify_dialog import ALL_OK, CHECK_WORDS
from recordsafe.vault import TEST_PARAMS, CreatedVault, VaultSession, create_vault, open_vault
from tests.conftest import PASSPHRASE


@pytest.fixture
def window(qtbot: QtBot, session: VaultSession, config: AppConfig) -> Iterator[MainWindow]:
    win = MainWindow(session, config)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    yield win


def make_active(qtbot: QtBot, widget: QtWidgets.QWidget) -> None:
    """Shortcuts only reach the active window; the test platform may need a nudge."""

    def active() -> bool:
        widget.activateWindow()
        return QtWidgets.QApplication.activeWindow() is widget

    qtbot.waitUntil(active, timeout=2000)


def menu_titles(win: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in win.menuBar().actions()]


def action_by_text(menu: QtWidgets.QMenu, text: str) -> QtGui.QAction:
    for action in menu.actions():
        if action.text().replace("&&", "\0").replace("&", "").replace("\0", "&") == text:
            return action
    raise AssertionError(f"no action {text!r} in {[a.text() for a in menu.actions()]}")


def test_title_and_status_bar(window: MainWindow, session: VaultSession) -> None:
    assert window.windowTitle() == "RecordSafe — Practice"
    assert window.vault_label.text() == session.name == "Practice"
    assert window.role_label.text() == "Practitioner"
    assert window.lock_hint_label.text() == "Locks after 5 min idle"


def test_home_page_shows_what_exists(window: MainWindow, session: VaultSession) -> None:
    page = window.home_page
    assert window.pages.indexOf(page) == 1
    assert window.pages.currentWidget() is window.records_page
    assert page.location_label.text() == str(session.folder)
    assert page.verify_label.text() == "Not checked yet in this session."
    assert page.keys_label.text() == "1 passphrase, a recovery code."
    assert page.findings_box.isHidden()


def test_menus_and_shortcuts(window: MainWindow) -> None:
    assert menu_titles(window) == ["Vault", "Clients", "Practice", "Help"]
    vault = window.menu("vault")
    expected = {
        "Lock": "Ctrl+L",
        "Verify vault…": "",
        "Security & keys…": "",
        "Change passphrase…": "",
        "New recovery code…": "",
        "Rotate vault key…": "",
        "Close vault": "",
        "Quit": "Ctrl+Q",
    }
    for text, shortcut in expected.items():
        action = action_by_text(vault, text)
        assert action.shortcut().toString() == shortcut, text
        assert action.isEnabled(), text
    settings = action_by_text(window.menu("practice"), "Settings…")
    assert settings.shortcut().toString() == "Ctrl+,"
    about = action_by_text(window.menu("help"), "About RecordSafe")
    assert about.isEnabled()
    clients = {a.text(): a for a in window.menu("clients").actions() if not a.isSeparator()}
    assert clients["&New client…"].shortcut().toString() == "Ctrl+N"
    assert clients["&Find…"].shortcut().toString() == "Ctrl+F"
    assert clients["&Privacy mode"].isCheckable()
    assert all(action.isEnabled() for action in clients.values())
    assert window.menu("clients").toolTipsVisible()
    backup = action_by_text(vault, "Back up now…")
    assert backup.shortcut().toString() == "Ctrl+B"
    assert action_by_text(window.menu("practice"), "Audit log…").isEnabled()


def test_ctrl_l_emits_lock_requested_and_drops_the_session(
    qtbot: QtBot, window: MainWindow
) -> None:
    make_active(qtbot, window)
    with qtbot.waitSignal(window.lock_requested, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    assert window._session is None
    assert window.centralWidget().objectName() == "lockedPage"
    assert not window.lock_action.isEnabled()
    # A second lock does nothing (the controller has already taken over).
    with qtbot.assertNotEmitted(window.lock_requested):
        window.request_lock()


def test_window_holds_no_session_after_lock(
    qtbot: QtBot, vault_path: Path, config: AppConfig
) -> None:
    made = create_vault(vault_path, PASSPHRASE, kdf=TEST_PARAMS)
    session = made.session
    session_ref = weakref.ref(session)
    win = MainWindow(session, config)
    qtbot.addWidget(win)
    # Dialogs that held the session, and a finished background job that used it.
    verify = win.area(VaultActions).open_verify()
    assert verify is not None
    qtbot.waitUntil(lambda: verify.report is not None, timeout=10_000)
    assert win.area(VaultActions).open_security() is not None
    # The app controller keeps its own reference, locks it, then lets it go.
    controller: list[VaultSession] = [session]

    def controller_locks() -> None:
        controller.pop().lock()

    win.lock_requested.connect(controller_locks)
    del made, session
    win.request_lock()
    assert controller == []
    gc.collect()
    assert session_ref() is None


def test_lock_button_on_home_page(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.lock_requested, timeout=2000):
        qtbot.mouseClick(window.home_page.lock_button, Qt.MouseButton.LeftButton)


def test_auto_lock_after_idle(qtbot: QtBot, window: MainWindow, config: AppConfig) -> None:
    now = [1000.0, 50.0]
    window.clock = lambda: (now[0], now[1])
    window.note_activity()
    with qtbot.assertNotEmitted(window.lock_requested):
        now[0] += 4 * 60
        now[1] += 4 * 60
        window.check_idle()
    # Activity resets the idle time.
    qtbot.keyClick(window, Qt.Key.Key_Shift)
    now[0] += 2 * 60
    now[1] += 2 * 60
    with qtbot.assertNotEmitted(window.lock_requested):
        window.check_idle()
    now[0] += 3 * 60 + 1
    now[1] += 3 * 60 + 1
    with qtbot.waitSignal(window.lock_requested, timeout=1000):
        window.check_idle()


def test_auto_lock_counts_sleep_on_the_wall_clock(qtbot: QtBot, window: MainWindow) -> None:
    now = [1000.0, 50.0]
    window.clock = lambda: (now[0], now[1])
    window.note_activity()
    now[0] += 3600  # a night asleep: the monotonic clock did not move
    with qtbot.waitSignal(window.lock_requested, timeout=1000):
        window.check_idle()


def test_auto_lock_closes_open_dialogs(qtbot: QtBot, window: MainWindow) -> None:
    security = window.area(VaultActions).open_security()
    assert security is not None and security.isVisible()
    now = [1000.0, 50.0]
    window.clock = lambda: (now[0], now[1])
    window.note_activity()
    now[1] += 5 * 60
    with qtbot.waitSignal(window.lock_requested, timeout=1000):
        window.check_idle()
    assert not security.isVisible()
    assert security._session is None


def test_close_vault_and_quit(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.close_vault_requested, timeout=1000):
        action_by_text(window.menu("vault"), "Close vault").trigger()
    assert window.is_locked


def test_verify_dialog_shows_ok_lines(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.area(VaultActions).open_verify()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    texts = dialog.result_texts()
    # One plain sentence per check the vault ran, each worded by the dialog (no raw names).
    assert texts == [CHECK_WORDS[name][0] for name in dialog.report.checks]
    assert len(texts) >= 4
    assert dialog.summary.text() == ALL_OK
    assert window.home_page.verify_label.text().startswith("All checks passed at ")


def test_verify_dialog_shows_problems(
    qtbot: QtBot, window: MainWindow, session: VaultSession
) -> None:
    # Remove the newest audit entry behind the session's back: the chain no longer
    # matches the head the key file vouches for.
    session.db.execute("DROP TRIGGER audit_log_no_delete")
    session.db.execute("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
    dialog = window.area(VaultActions).open_verify()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert not dialog.report.ok
    texts = dialog.result_texts()
    assert CHECK_WORDS["audit chain"][1] in texts
    assert any("entries" in t for t in texts)
    assert dialog.summary.text().startswith("RecordSafe found problems")
    assert window.home_page.verify_label.text().startswith("Problems found at ")


def test_about_says_no_network(window: MainWindow) -> None:
    dialog = window.area(HelpActions).open_about()
    assert "never opens a network connection" in dialog.body.text()


def test_set_central_page(window: MainWindow) -> None:
    page = QtWidgets.QLabel("client list")
    window.set_central_page(page)
    assert window.centralWidget() is page


def test_custodian_cannot_change_keys(
    qtbot: QtBot, created: CreatedVault, vault_path: Path, config: AppConfig
) -> None:
    _slot, code = created.session.add_code_slot("custodian", "Dr Rivera")
    created.session.lock()
    custodian = open_vault(vault_path, code, kinds=("custodian",), kdf=TEST_PARAMS)
    try:
        win = MainWindow(custodian, config)
        qtbot.addWidget(win)
        assert win.role_label.text() == "Records custodian"
        for action in (
            win.area(VaultActions).change_passphrase_action,
            win.area(VaultActions).new_recovery_action,
            win.area(VaultActions).rotate_action,
        ):
            assert not action.isEnabled()
        assert win.area(VaultActions).verify_action.isEnabled()
        assert win.area(VaultActions).open_rotate_key() is None
        win.request_lock()
    finally:
        custodian.lock()


def test_auto_lock_hides_a_running_key_change_at_once(qtbot: QtBot, window: MainWindow) -> None:
    """Lock means hidden, at once: a dialog whose work runs (it refuses Close) is hidden
    too; the work itself finishes without a window (tests/ui/test_lock_hides.py)."""
    dialog = window.area(VaultActions).open_change_passphrase()
    assert dialog is not None
    now = [1000.0, 50.0]
    window.clock = lambda: (now[0], now[1])
    window.note_activity()
    now[1] += 10 * 60
    dialog.busy = True  # as while the background job runs
    with qtbot.waitSignal(window.lock_requested, timeout=1000):
        window.check_idle()
    assert window.is_locked
    assert not dialog.isVisible()


def test_home_page_shows_problems_found_at_unlock(
    qtbot: QtBot, session: VaultSession, config: AppConfig
) -> None:
    session.integrity_findings = ["Audit entry 3 was altered after it was written."]
    win = MainWindow(session, config)
    qtbot.addWidget(win)
    box = win.home_page.findings_box
    assert not box.isHidden()
    assert "Audit entry 3 was altered" in box.text()


def test_ctrl_l_works_inside_a_dialog(qtbot: QtBot, window: MainWindow) -> None:
    security = window.area(VaultActions).open_security()
    assert security is not None
    make_active(qtbot, security)
    with qtbot.waitSignal(window.lock_requested, timeout=2000):
        qtbot.keyClick(security.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not security.isVisible()


def test_f1_opens_the_guide_from_the_help_menu(qtbot: QtBot, window: MainWindow) -> None:
    help_menu = window.menu("help")
    entries = [a.text() for a in help_menu.actions()]
    assert entries == ["&User guide", "&About RecordSafe"]
    assert action_by_text(help_menu, "User guide").shortcut().toString() == "F1"
    make_active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.area(HelpActions).guide
    assert isinstance(guide, GuideWindow)
    qtbot.waitExposed(guide)
    assert "RecordSafe user guide" in guide.browser.toPlainText()
    assert not guide.isModal()  # read it beside the work
    # F1 again brings the same window forward rather than a second one.
    assert window.area(HelpActions).open_guide() is guide
    assert len(window.findChildren(GuideWindow)) == 1
