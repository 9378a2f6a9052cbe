"""A canary typed into the windows never lands in plaintext outside the encrypted vault."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.ui.records.case_dialog import CaseDialog
from recordsafe.ui.records.note_editor import NoteEditor
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault
from tests.conftest import PASSPHRASE
from tests.records.test_canary import CANARY_BODY, CANARY_NAME, _files, _hits
from tests.ui.records.conftest import ok


def test_canary_typed_in_the_windows_stays_in_the_vault(
    qtbot: QtBot,
    page: RecordsPage,
    session: VaultSession,
    vault_path: Path,
    recordsafe_home: Path,
) -> None:
    started = time.time() - 1
    dialog = page.new_client()
    qtbot.keyClicks(dialog.name_edit, CANARY_NAME)
    ok(dialog)
    intake_dialog = page.record_intake()
    assert intake_dialog is not None
    ok(intake_dialog)
    case_dialog = page.new_case()
    assert isinstance(case_dialog, CaseDialog)
    case_dialog.title_edit.setText(f"Work with {CANARY_NAME}")
    ok(case_dialog)
    assert case_dialog.case_id is not None
    editor = page.new_note_for_case(case_dialog.case_id)
    assert isinstance(editor, NoteEditor)
    qtbot.keyClicks(editor.body_edit, f"Session: {CANARY_BODY} discussed.")
    assert editor.save_now()
    editor.sign()
    editor.accept()
    page.client_list.search_edit.setText(CANARY_BODY)
    page.client_list.run_search()
    assert page.client_list.results is not None and page.client_list.results.notes
    page.set_privacy_mode(True)
    page.deleteLater()
    session.lock()
    open_vault(vault_path, PASSPHRASE, kdf=TEST_PARAMS).lock()

    hits = _hits(_files(vault_path))
    hits += _hits(_files(recordsafe_home))
    hits += _hits(_files(Path(tempfile.gettempdir()), newer_than=started))
    assert hits == []
