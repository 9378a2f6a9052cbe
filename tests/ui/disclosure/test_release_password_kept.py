"""A release's generated password is never lost (issue 16): when the vault locks (Ctrl+L)
while the encrypted file is being saved, the file and the disclosure are written but the
dialog is gone before it could show the password. The password waits in the vault; after
the next unlock the main window offers to show it, once, audited.

The slow save is the real release, held back by a gate in front of it (a slow drive); the
lock is the real one, through the main window's Ctrl+L action."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.disclosure import release, release_passwords
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.records import cases, clients, intake, notes
from recordsafe.ui.app import AppController
from recordsafe.ui.disclosure.actions import DisclosureActions
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.ui.disclosure.unseen_passwords import UnseenPasswordsBanner
from recordsafe.ui.qt import QtWidgets
from recordsafe.vault import CreatedVault, VaultSession
from tests.ui.disclosure.conftest import decrypt, page_texts
from tests.ui.test_lock_hides import (  # noqa: F401 - controller: the real main window
    Gate,
    controller,
    press_ctrl_l,
    unlock,
)

CLIENT = "Ada Wren"


@pytest.fixture
def vault(created: CreatedVault) -> Path:
    """A closed vault: Ada with one signed note."""
    session = created.session
    ada = clients.create_client(session, CLIENT)
    intake.record_intake(session, ada, explained_on=date(2025, 3, 4), method="in_person")
    case = cases.create_case(session, "individual", "Individual work", [ada])
    note = notes.create_note(session, case, note_date=date(2025, 3, 4), body="Slept better.")
    notes.sign_note(session, note)
    session.lock()
    return session.folder


def start_release(app: AppController, target: Path) -> ReleaseDialog:
    """Ada's whole record, at her own request, on the output page (generated password)."""
    window = app.main_window
    assert window is not None
    records = window.records_page
    assert records.open_client(1) is not None
    dialog = records.release_records()
    assert isinstance(dialog, ReleaseDialog)
    dialog.start_filled_in("client_request", "client")
    assert dialog.model is not None
    dialog.model.set_all(True)
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.output_page
    assert dialog.output_page.password_page.uses_generated()
    dialog.output_page.path_field.set_path(target)
    return dialog


def waiting_banner(app: AppController) -> UnseenPasswordsBanner:
    window = app.main_window
    assert window is not None
    return window.area(DisclosureActions).passwords_banner


def test_a_lock_during_the_save_keeps_the_password_for_after_the_unlock(
    qtbot: QtBot,
    controller: AppController,  # noqa: F811 - the fixture
    vault: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = Gate(release.release)
    monkeypatch.setattr(release, "release", gate)
    window = unlock(qtbot, controller, vault)
    session = controller.session
    assert isinstance(session, VaultSession)
    assert not waiting_banner(controller).isVisible()
    target = tmp_path / "release.pdf"
    dialog = start_release(controller, target)
    generated = dialog.output_page.password_page.generated
    dialog.next()  # "Release and save": held at the gate
    assert gate.entered.wait(timeout=30)

    press_ctrl_l(qtbot, window)
    assert not dialog.isVisible()
    gate.open.set()
    qtbot.waitUntil(lambda: not session.is_open, timeout=30_000)
    # Written and recorded, yet never shown: the dialog went with the main window.
    assert target.exists()

    unlock(qtbot, controller, vault)
    banner = waiting_banner(controller)
    qtbot.waitUntil(banner.isVisible)
    assert "1 release was saved" in banner.label.text()
    assert generated not in banner.label.text()
    main = controller.main_window
    assert main is not None
    main.records_page.set_privacy_mode(True)  # the recipient (Ada herself) by initials
    box = banner.show_next()
    assert isinstance(box, QtWidgets.QMessageBox)
    assert f"Password: {generated}" in box.text()
    assert "to A. W.:" in box.text() and CLIENT not in box.text()
    box.close()
    assert not banner.isVisible()
    # The password opens the file; it was shown on purpose (audited), and only once.
    assert any(CLIENT in page for page in page_texts(decrypt(target.read_bytes(), generated)))
    new_session = controller.session
    assert isinstance(new_session, VaultSession)
    shown = new_session.db.scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'release_password_shown'"
    )
    assert shown == 1
    assert release_passwords.unseen(new_session) == []
    with pytest.raises(DisclosureError):
        release_passwords.take(new_session, 1)


def test_a_release_shown_on_its_last_page_leaves_no_password_in_the_vault(
    qtbot: QtBot,
    controller: AppController,  # noqa: F811 - the fixture
    vault: Path,
    tmp_path: Path,
) -> None:
    unlock(qtbot, controller, vault)
    session = controller.session
    assert isinstance(session, VaultSession)
    dialog = start_release(controller, tmp_path / "release.pdf")
    generated = dialog.output_page.password_page.generated
    dialog.next()
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None, timeout=30_000)
    assert generated in dialog.done_page.done_password.text()
    assert release_passwords.unseen(session) == []
    assert session.db.scalar("SELECT count(*) FROM release_passwords") == 0
    assert not waiting_banner(controller).isVisible()
