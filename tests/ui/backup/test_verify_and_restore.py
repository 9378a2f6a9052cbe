"""Verify a backup and restore one, through the dialogs, over real vaults and backups."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe import paths
from recordsafe.ui.backup.restore_dialog import RestoreDialog, default_target
from recordsafe.ui.backup.verify_backup_dialog import ALL_OK, VerifyBackupDialog
from recordsafe.vault import (
    TEST_PARAMS,
    VaultSession,
    create_vault,
    is_vault_folder,
    open_vault,
)
from recordsafe.vault.backup import create_backup, set_backup_dir
from tests.backup.helpers import rows
from tests.conftest import PASSPHRASE


def verify_dialog(qtbot: QtBot, session: VaultSession | None, file: Path) -> VerifyBackupDialog:
    dialog = VerifyBackupDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_file(file)
    return dialog


def check(qtbot: QtBot, dialog: VerifyBackupDialog, secret: str) -> None:
    dialog.secret_input.set_secret(secret)
    dialog.check_button.click()
    assert dialog.busy
    qtbot.waitUntil(lambda: not dialog.busy)


def damaged_copy(file: Path, tmp_path: Path) -> Path:
    data = bytearray(file.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside vault.db's member
    copy = tmp_path / "damaged.rsbackup"
    copy.write_bytes(bytes(data))
    return copy


# --- verify ---------------------------------------------------------------------------


def test_a_good_backup_verifies(qtbot: QtBot, filled: VaultSession, backup_file: Path) -> None:
    dialog = verify_dialog(qtbot, filled, backup_file)
    facts = " ".join(dialog.facts.texts())
    assert "the vault that is open now" in facts
    assert "Made on:" in facts and "RecordSafe" in facts
    check(qtbot, dialog, PASSPHRASE)
    assert dialog.report is not None and dialog.report.ok
    assert dialog.summary_text() == ALL_OK
    texts = dialog.result_texts()
    assert texts[0] == "The backup file is complete and every checksum matches."
    assert "The audit trail is complete and has not been altered." in texts
    assert dialog.secret_input.secret() == ""  # not kept once used


def test_a_damaged_backup_is_said_in_plain_words(
    qtbot: QtBot, filled: VaultSession, backup_file: Path, tmp_path: Path
) -> None:
    dialog = verify_dialog(qtbot, filled, damaged_copy(backup_file, tmp_path))
    check(qtbot, dialog, PASSPHRASE)
    assert dialog.report is None
    text = dialog.summary_text()
    assert text.startswith("The backup could not be checked.")
    assert "The backup file is damaged" in text and "Use another backup" in text
    assert "Traceback" not in text and "Error" not in text


def test_a_wrong_passphrase_is_said(qtbot: QtBot, backup_file: Path) -> None:
    dialog = verify_dialog(qtbot, None, backup_file)
    check(qtbot, dialog, "not the passphrase at all")
    assert dialog.report is None and dialog.error
    assert dialog.secret_input.secret() == "not the passphrase at all"  # left to correct


def test_a_file_that_is_not_a_backup(qtbot: QtBot, tmp_path: Path) -> None:
    other = tmp_path / "notes.rsbackup"
    other.write_bytes(b"just some bytes, not a zip")
    dialog = verify_dialog(qtbot, None, other)
    assert dialog.facts.problem is not None
    assert "not a complete RecordSafe backup" in dialog.facts.problem


# --- restore --------------------------------------------------------------------------


def restore_dialog(qtbot: QtBot, session: VaultSession | None, file: Path) -> RestoreDialog:
    dialog = RestoreDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_file(file)
    return dialog


def restore(qtbot: QtBot, dialog: RestoreDialog, secret: str = PASSPHRASE) -> None:
    dialog.secret_input.set_secret(secret)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)


def test_restore_to_a_new_folder_and_open_it(
    qtbot: QtBot, filled: VaultSession, backup_file: Path
) -> None:
    expected_rows = rows(filled)
    dialog = restore_dialog(qtbot, filled, backup_file)
    # In the documents folder, not beside the backup on a drive that gets unplugged.
    target = paths.default_vault_parent() / "Practice-restored.rsvault"
    assert backup_file.parent != target.parent
    assert dialog.target_field.path() == target
    assert dialog.replace_box.isHidden()
    with qtbot.waitSignal(dialog.restored) as signal:
        restore(qtbot, dialog)
    assert signal.args == [target]
    assert dialog.restored_to == target and dialog.kept_aside is None
    assert "Restored" in dialog.summary_text()
    # Not a warning about the folder it just made, nor an offer to replace it (issue 16).
    assert "already exists" not in dialog.target_note.text()
    assert dialog.replace_box.isHidden()
    reopened = open_vault(target, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert rows(reopened) == expected_rows
        assert reopened.verify().ok
    finally:
        reopened.lock()


def test_default_target_never_names_an_existing_folder(backup_file: Path) -> None:
    first = default_target(backup_file)
    first.mkdir(parents=True)
    assert default_target(backup_file).name == "Practice-restored-2.rsvault"


def test_replacing_needs_the_tick_and_keeps_the_old_vault_aside(
    qtbot: QtBot, backup_file: Path, tmp_path: Path
) -> None:
    other_path = tmp_path / "Other.rsvault"
    create_vault(other_path, "another long passphrase 77", kdf=TEST_PARAMS).session.lock()
    dialog = restore_dialog(qtbot, None, backup_file)
    dialog.set_target(other_path)
    assert not dialog.replace_box.isHidden()
    assert "kept aside" in dialog.replace_box.text()

    restore(qtbot, dialog)
    assert dialog.restored_to is None
    assert "Tick “Replace the existing vault”" in dialog.summary_text()
    assert sorted(p.name for p in tmp_path.iterdir() if "before-restore" in p.name) == []

    dialog.replace_box.setChecked(True)
    restore(qtbot, dialog)
    assert dialog.restored_to == other_path
    aside = dialog.kept_aside
    assert aside is not None and aside.name.startswith("Other.rsvault.before-restore-")
    assert is_vault_folder(aside)
    assert str(aside) in dialog.summary_text()
    old = open_vault(aside, "another long passphrase 77", kdf=TEST_PARAMS)
    old.lock()
    open_vault(other_path, PASSPHRASE, kdf=TEST_PARAMS).lock()


def test_the_open_vault_cannot_be_restored_over(
    qtbot: QtBot, filled: VaultSession, backup_file: Path, vault_path: Path
) -> None:
    dialog = restore_dialog(qtbot, filled, backup_file)
    dialog.set_target(vault_path)
    dialog.replace_box.setChecked(True)
    restore(qtbot, dialog)
    assert dialog.restored_to is None
    assert "open in this window" in dialog.summary_text()
    assert filled.is_open and filled.verify().ok
    assert not [p for p in vault_path.parent.iterdir() if "before-restore" in p.name]


def test_a_non_empty_folder_is_refused(qtbot: QtBot, backup_file: Path, tmp_path: Path) -> None:
    busy = tmp_path / "Documents"
    busy.mkdir()
    (busy / "letter.txt").write_text("keep me")
    dialog = restore_dialog(qtbot, None, backup_file)
    dialog.set_target(busy)
    assert dialog.replace_box.isHidden()
    restore(qtbot, dialog)
    assert dialog.restored_to is None
    assert "not empty" in dialog.summary_text()
    assert (busy / "letter.txt").read_text() == "keep me"


def test_a_damaged_backup_restores_nothing(qtbot: QtBot, backup_file: Path, tmp_path: Path) -> None:
    dialog = restore_dialog(qtbot, None, damaged_copy(backup_file, tmp_path))
    target = dialog.target_field.path()
    assert target is not None
    restore(qtbot, dialog)
    assert dialog.restored_to is None
    assert dialog.summary_text().startswith("Nothing was restored.")
    assert not target.exists()


def test_verify_offers_this_vaults_newest_backup(
    qtbot: QtBot, filled: VaultSession, backup_dir: Path, tmp_path: Path
) -> None:
    """Issue 16: the dialog opened empty; the newest backup is the one to check."""
    set_backup_dir(filled, backup_dir)
    create_backup(filled, backup_dir, now=datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    newest = create_backup(filled, backup_dir, now=datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    create_backup(filled, backup_dir, now=datetime(2026, 11, 9, 9, 0, tzinfo=UTC))
    other = create_vault(tmp_path / "Other.rsvault", PASSPHRASE, kdf=TEST_PARAMS)
    try:  # another vault's backup, made later, in the same folder
        create_backup(other.session, backup_dir, now=datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    finally:
        other.session.lock()
    dialog = VerifyBackupDialog(filled)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.file_field.path() == newest
    check(qtbot, dialog, PASSPHRASE)
    assert dialog.summary.text() == ALL_OK


def test_verify_without_a_backup_folder_starts_empty(qtbot: QtBot, filled: VaultSession) -> None:
    dialog = VerifyBackupDialog(filled)
    qtbot.addWidget(dialog)
    assert dialog.file_field.path() is None
