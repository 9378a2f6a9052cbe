"""A restored vault keeps its name and, for the demo, its demo mark (walk finding: the
demo restored into "Restored.rsvault" showed "Restored" and no "Demo vault" label)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.demo import DEMO_PASSPHRASE, ensure_demo_vault
from recordsafe.disclosure.practice_info import PracticeInfo, save_practice_info
from recordsafe.ui.backup.restore_dialog import RestoreDialog
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import QtWidgets
from recordsafe.vault import TEST_PARAMS, CreatedVault, VaultSession, open_vault
from recordsafe.vault.backup import create_backup
from tests.conftest import PASSPHRASE


def drive(tmp_path: Path) -> Path:
    folder = tmp_path / "drive"
    folder.mkdir()
    return folder


def restore_into(qtbot: QtBot, backup: Path, target: Path, secret: str) -> None:
    dialog = RestoreDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_file(backup)
    dialog.set_target(target)
    dialog.secret_input.set_secret(secret)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert dialog.restored_to == target, dialog.summary_text()


def main_window(qtbot: QtBot, session: VaultSession, config: AppConfig) -> MainWindow:
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    window.show()
    return window


def demo_label(window: MainWindow) -> QtWidgets.QLabel | None:
    return window.findChild(QtWidgets.QLabel, "statusDemo")


def test_a_restored_demo_keeps_its_name_and_its_demo_mark(
    qtbot: QtBot, config: AppConfig, tmp_path: Path
) -> None:
    demo = open_vault(ensure_demo_vault(kdf=TEST_PARAMS), DEMO_PASSPHRASE, kdf=TEST_PARAMS)
    try:
        backup = create_backup(demo, drive(tmp_path))
    finally:
        demo.lock()
    restored = tmp_path / "Restored.rsvault"
    restore_into(qtbot, backup, restored, DEMO_PASSPHRASE)

    session = open_vault(restored, DEMO_PASSPHRASE, kdf=TEST_PARAMS)
    window = main_window(qtbot, session, config)
    try:
        assert window.vault_label.text() == "Demo practice"
        assert window.windowTitle() == "RecordSafe — Demo practice"
        label = demo_label(window)
        assert label is not None and label.text() == "Demo vault — fictional records only"
    finally:
        window.request_lock()
        session.lock()


def test_a_restored_vault_keeps_its_practice_name_and_is_no_demo(
    qtbot: QtBot, config: AppConfig, created: CreatedVault, tmp_path: Path
) -> None:
    save_practice_info(created.session, PracticeInfo("Harbour Counselling", "", ""))
    backup = create_backup(created.session, drive(tmp_path))
    created.session.lock()
    restored = tmp_path / "Restored.rsvault"
    restore_into(qtbot, backup, restored, PASSPHRASE)

    session = open_vault(restored, PASSPHRASE, kdf=TEST_PARAMS)
    window = main_window(qtbot, session, config)
    try:
        assert window.vault_label.text() == "Harbour Counselling"
        assert demo_label(window) is None
    finally:
        window.request_lock()
        session.lock()
