"""Back up now: a real backup in the chosen folder, progress, rotation, plain-words refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.ui.backup.backup_now_dialog import BackupNowDialog
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.widgets.forms import HINT_STYLE
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault import VaultSession
from recordsafe.vault.backup import (
    BACKUP_SUFFIX,
    create_backup,
    get_backup_dir,
    set_backup_dir,
    verify_backup,
)
from recordsafe.vault.backup_policy import KEEP_KEY
from tests.conftest import PASSPHRASE


def backups(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(BACKUP_SUFFIX))


def open_dialog(qtbot: QtBot, session: VaultSession) -> BackupNowDialog:
    dialog = BackupNowDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def run(qtbot: QtBot, dialog: BackupNowDialog) -> None:
    dialog.backup_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)


def test_backup_now_writes_a_backup_that_verifies(
    qtbot: QtBot, filled: VaultSession, backup_dir: Path
) -> None:
    dialog = open_dialog(qtbot, filled)
    assert dialog.chosen_folder() is None  # no folder yet: the user must choose one
    steps: list[int] = []
    dialog.progress.valueChanged.connect(steps.append)
    dialog.folder_field.set_path(backup_dir)
    with qtbot.waitSignal(dialog.backup_made) as made:
        dialog.backup_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)

    [file] = backups(backup_dir)
    assert made.args == [file]
    assert verify_backup(file, PASSPHRASE).ok
    assert file.name in dialog.result_text()
    assert "Backup saved" in dialog.result_text()
    assert steps and steps == sorted(steps) and steps[-1] == 1000
    # The folder chosen here becomes the vault's backup folder.
    assert get_backup_dir(filled) == backup_dir


def test_backup_now_uses_the_saved_folder(
    qtbot: QtBot, session: VaultSession, backup_dir: Path
) -> None:
    set_backup_dir(session, backup_dir)
    dialog = open_dialog(qtbot, session)
    assert dialog.chosen_folder() == backup_dir
    run(qtbot, dialog)
    assert len(backups(backup_dir)) == 1


def test_backup_now_keeps_the_newest_n(
    qtbot: QtBot, session: VaultSession, backup_dir: Path
) -> None:
    session.set_setting(KEEP_KEY, "2")
    long_ago = datetime.now(UTC) - timedelta(days=30)
    old = [create_backup(session, backup_dir, now=long_ago + timedelta(days=i)) for i in range(3)]
    set_backup_dir(session, backup_dir)
    dialog = open_dialog(qtbot, session)
    run(qtbot, dialog)
    kept = backups(backup_dir)
    assert len(kept) == 2
    assert old[2] in kept and dialog.outcome is not None and dialog.outcome.file in kept
    assert "Removed 2 older backups" in dialog.result_text()


def test_backup_inside_the_vault_folder_is_refused(
    qtbot: QtBot, session: VaultSession, vault_path: Path
) -> None:
    inside = vault_path / "backups"
    inside.mkdir()
    dialog = open_dialog(qtbot, session)
    dialog.folder_field.set_path(inside)
    run(qtbot, dialog)
    assert "outside the vault folder" in dialog.result_text()
    assert not backups(inside)
    assert get_backup_dir(session) is None


def test_missing_folder_is_said_in_plain_words(
    qtbot: QtBot, session: VaultSession, tmp_path: Path
) -> None:
    set_backup_dir(session, tmp_path / "unplugged-drive")
    dialog = open_dialog(qtbot, session)
    run(qtbot, dialog)
    text = dialog.result_text()
    assert text.startswith("No backup was made.")
    assert "does not exist" in text
    assert "Traceback" not in text


def test_no_folder_chosen_asks_for_one(qtbot: QtBot, session: VaultSession) -> None:
    dialog = open_dialog(qtbot, session)
    dialog.backup_button.click()
    assert not dialog.busy
    assert "Choose a folder" in dialog.result_text()


def test_the_folder_is_asked_for_calmly_and_in_red_only_after_a_refused_backup(
    qtbot: QtBot, session: VaultSession, backup_dir: Path
) -> None:
    dialog = open_dialog(qtbot, session)
    assert "Choose a folder" in dialog.result_text()
    assert dialog.result_label.styleSheet() == HINT_STYLE  # nothing was tried yet

    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.result_label.styleSheet() == text_style("error")

    qtbot.keyClicks(dialog.folder_field.line_edit, str(backup_dir))
    assert dialog.result_label.styleSheet() != text_style("error")  # answered: red goes
    assert "Choose a folder" not in dialog.result_text()
    dialog.folder_field.set_path(None)
    assert "Choose a folder" in dialog.result_text()
    assert dialog.result_label.styleSheet() == HINT_STYLE


def test_enter_after_a_backup_closes_the_window_and_makes_no_second_backup(
    qtbot: QtBot, session: VaultSession, backup_dir: Path
) -> None:
    dialog = open_dialog(qtbot, session)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.folder_field.set_path(backup_dir)
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.busy)
    assert dialog.backup_button.text() == "Back up again"
    close = dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Close)
    assert close.isDefault() and not dialog.backup_button.isDefault()

    qtbot.keyClick(QtWidgets.QApplication.focusWidget() or dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not dialog.busy
    assert len(backups(backup_dir)) == 1


def test_the_percentage_sits_in_the_middle_of_the_bar(qtbot: QtBot, session: VaultSession) -> None:
    dialog = open_dialog(qtbot, session)
    assert dialog.progress.alignment() == Qt.AlignmentFlag.AlignCenter
