"""A restored vault keeps its name and, for the demo, its demo mark (walk finding: the
demo restored into "Restored.rsvault" showed "Restored" and no "Demo vault" label)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def restored_window(
    qtbot: QtBot, vault: VaultSession, secret: str, tmp_path: Path, config: AppConfig
) -> Iterator[MainWindow]:
    """Back `vault` up, lock it, restore the backup into "Restored.rsvault" through the
    restore dialog, and open the restored vault's main window."""
    drive = tmp_path / "drive"
    drive.mkdir()
    try:
        backup = create_backup(vault, drive)
    finally:
        vault.lock()
    restored = tmp_path / "Restored.rsvault"
    dialog = RestoreDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_file(backup)
    dialog.set_target(restored)
    dialog.secret_input.set_secret(secret)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert dialog.restored_to == restored, dialog.summary_text()

    session = open_vault(restored, secret, kdf=TEST_PARAMS)
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    window.show()
    try:
        yield window
    finally:
        window.request_lock()
        session.lock()


def demo_label(window: MainWindow) -> QtWidgets.QLabel | None:
    return window.findChild(QtWidgets.QLabel, "statusDemo")


def test_a_restored_demo_keeps_its_name_and_its_demo_mark(
    qtbot: QtBot, config: AppConfig, tmp_path: Path
) -> None:
    demo = open_vault(ensure_demo_vault(kdf=TEST_PARAMS), DEMO_PASSPHRASE, kdf=TEST_PARAMS)
    with restored_window(qtbot, demo, DEMO_PASSPHRASE, tmp_path, config) as window:
        assert window.vault_label.text() == "Demo practice"
        assert window.windowTitle() == "RecordSafe — Demo practice"
        label = demo_label(window)
        assert label is not None and label.text() == "Demo vault — fictional records only"


def test_a_restored_vault_keeps_its_practice_name_and_is_no_demo(
    qtbot: QtBot, config: AppConfig, created: CreatedVault, tmp_path: Path
) -> None:
    save_practice_info(created.session, PracticeInfo("Harbour Counselling", "", ""))
    with restored_window(qtbot, created.session, PASSPHRASE, tmp_path, config) as window:
        assert window.vault_label.text() == "Harbour Counselling"
        assert demo_label(window) is None
