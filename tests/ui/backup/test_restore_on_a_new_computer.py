"""The custodian on a computer that has never run RecordSafe follows the printed kit alone:
welcome → Restore from a backup… → Custodian code → Check and restore → Open it → the
custodian unlock → custodian mode (issue 15). Before, the welcome window offered only
Create and Open, so the kit's step was a dead end.

Every button the test presses is found by the words the kit prints.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe import app_config
from recordsafe.closure import custodian
from recordsafe.closure.custodian_kit import KitFacts, render_custodian_kit
from recordsafe.ui.app import AppController
from recordsafe.ui.closure.custodian_unlock_dialog import CustodianUnlockDialog
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.vault import TEST_PARAMS, create_vault
from recordsafe.vault.backup import create_backup, last_backup_at, read_manifest
from tests.closure.conftest import CUSTODIAN_FORM
from tests.conftest import PASSPHRASE
from tests.reliability.pdf_text import pdf_text
from tests.ui.closure.helpers import real_app, type_custodian_code


@pytest.fixture
def handoff(tmp_path: Path) -> tuple[Path, str, str]:
    """On the practitioner's computer: a custodian, a backup on a drive, the kit's text."""
    made = create_vault(tmp_path / "old-computer" / "Practice.rsvault", PASSPHRASE, kdf=TEST_PARAMS)
    try:
        designation = custodian.designate(made.session, CUSTODIAN_FORM)
        drive = tmp_path / "usb-drive"
        drive.mkdir()
        backup = create_backup(made.session, drive)
        kit = render_custodian_kit(
            designation.custodian,
            designation.code,
            KitFacts("Practice", made.session.folder, drive, backup),
            made=dt.date(2026, 12, 1),
        )
    finally:
        made.session.lock()
    words = re.sub(r"\s+", " ", pdf_text(kit))
    return backup, designation.code, words


@pytest.fixture
def new_computer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder RecordSafe has never seen: no settings, no recent vaults."""
    home = tmp_path / "new-home"
    home.mkdir()
    monkeypatch.delenv("RECORDSAFE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return home


@pytest.fixture
def controller(qtbot: QtBot, new_computer: Path) -> Iterator[AppController]:
    with real_app(app_config.load()) as made:
        yield made


def button(parent: QtWidgets.QWidget, words: str, kit: str) -> QtWidgets.QPushButton:
    """The visible button showing `words`, which the kit must print too."""
    assert words in kit.replace("“", "").replace("”", ""), f"the kit does not say {words!r}"
    found = [
        b for b in parent.findChildren(QtWidgets.QPushButton) if b.text() == words and b.isVisible()
    ]
    assert len(found) == 1, (words, [b.text() for b in parent.findChildren(QtWidgets.QPushButton)])
    return found[0]


def click(qtbot: QtBot, widget: QtWidgets.QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_the_custodian_restores_and_opens_the_vault_by_the_kit_alone(
    qtbot: QtBot, controller: AppController, handoff: tuple[Path, str, str], new_computer: Path
) -> None:
    backup, code, kit = handoff
    assert "Restore from a backup…" in kit and "Vault ▸ Restore" not in kit

    controller.start()
    welcome = controller.welcome
    assert welcome is not None, "a computer that never ran RecordSafe starts at the welcome"
    qtbot.waitExposed(welcome)

    # Step 2: Restore from a backup…, the newest backup, Open with: Custodian code, the code.
    click(qtbot, button(welcome, "Restore from a backup…", kit))
    restore = welcome.restore_dialog
    assert restore is not None
    qtbot.waitExposed(restore)
    qtbot.keyClicks(restore.file_field.line_edit, str(backup))
    assert "Open with" in kit
    combo = restore.secret_input.kind_combo
    combo.setCurrentIndex(combo.findText("Custodian code"))
    assert "Custodian code" in kit
    qtbot.keyClicks(restore.secret_input.field.line_edit, code.lower().replace("-", " "))
    click(qtbot, button(restore, "Check and restore", kit))
    qtbot.waitUntil(lambda: restore.restored_to is not None, timeout=30_000)
    restored = restore.restored_to
    assert restored is not None
    # On the new computer, not on the drive that goes back in the drawer.
    assert new_computer in restored.parents and "usb-drive" not in str(restored)
    assert "already exists" not in restore.target_note.text()
    click(qtbot, button(restore, "Open it", kit))

    # Step 3: restored with a custodian code, "Open it" opens the custodian unlock of the
    # restored vault (not the practitioner's passphrase window: walk finding), the code.
    qtbot.waitUntil(lambda: controller.unlock_dialog is not None)
    unlock = controller.unlock_dialog
    assert unlock is not None and unlock.folder() == restored
    assert "Records custodian? Unlock with a custodian code…" in kit  # its way back, if closed
    qtbot.waitUntil(lambda: unlock.findChild(CustodianUnlockDialog) is not None)
    type_custodian_code(qtbot, unlock, code)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=30_000)

    session = controller.session
    assert session is not None and session.is_custodian  # custodian mode
    assert session.folder == restored
    # A restored vault knows when its backup was made (not "never backed up").
    assert last_backup_at(session) is not None
    assert last_backup_at(session) == dt.datetime.fromisoformat(
        read_manifest(backup).created_at.replace("Z", "+00:00")
    )
