"""Bad input in each dialog gives an inline message in plain words and keeps it open."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.records import cases, clients, intake
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.records.agreement_dialog import AgreementDialog
from recordsafe.ui.records.attach_dialog import AttachDialog
from recordsafe.ui.records.case_dialog import CaseDialog
from recordsafe.ui.records.client_dialog import ClientDialog
from recordsafe.ui.records.intake_dialog import IntakeDialog
from recordsafe.ui.records.note_editor import NoteEditor
from recordsafe.vault import VaultSession
from tests.ui.records.conftest import ok

DAY = date(2025, 3, 4)


def refused(qtbot: QtBot, dialog: QtWidgets.QDialog, error: QtWidgets.QLabel, words: str) -> None:
    qtbot.addWidget(dialog)
    dialog.open()
    ok(dialog)
    assert dialog.isVisible(), "the dialog closed on bad input"
    assert error.isVisibleTo(dialog)
    assert words in error.text()


@pytest.fixture
def client_id(session: VaultSession) -> int:
    cid = clients.create_client(session, "Ada Wren")
    intake.record_intake(session, cid, explained_on=DAY, method="in_person")
    return cid


@pytest.mark.parametrize(
    ("name", "dob", "words"),
    [
        ("", "", "name is empty"),
        ("   ", "", "name is empty"),
        # A month ahead, not tomorrow: the list is built when tests are collected, and a run
        # can cross midnight.
        ("Ada Wren", (date.today() + timedelta(days=30)).isoformat(), "in the future"),
        ("Ada Wren", "31/02/1980", "not a date"),
        ("Ada Wren", "yesterday", "not a date"),
    ],
)
def test_client_dialog(
    qtbot: QtBot, session: VaultSession, name: str, dob: str, words: str
) -> None:
    dialog = ClientDialog(session)
    dialog.name_edit.setText(name)
    dialog.dob_edit.setText(dob)
    refused(qtbot, dialog, dialog.error_label, words)
    assert clients.count_clients(session) == 0


def test_duplicate_name_warns_but_saves(
    qtbot: QtBot, session: VaultSession, client_id: int
) -> None:
    dialog = ClientDialog(session)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.name_edit, "wren  ada")
    assert dialog.duplicate_label.isVisibleTo(dialog)
    assert "already has this name" in dialog.duplicate_label.text()
    ok(dialog)
    assert not dialog.isVisible() and dialog.saved_id not in (None, client_id)


def test_client_dialog_deceased_needs_representative_authority(
    qtbot: QtBot, session: VaultSession, client_id: int
) -> None:
    dialog = ClientDialog(session, clients.get_client(session, client_id))
    dialog.status_combo.setCurrentIndex(2)
    dialog.rep_name.setText("Myrtle Wren")
    refused(qtbot, dialog, dialog.error_label, "authority")
    dialog.rep_authority.setText("Executor named in the will")
    ok(dialog)
    client = clients.get_client(session, client_id)
    assert client.status == "deceased" and client.representative_name == "Myrtle Wren"


def test_client_dialog_closes_a_client(qtbot: QtBot, session: VaultSession, client_id: int) -> None:
    dialog = ClientDialog(session, clients.get_client(session, client_id))
    qtbot.addWidget(dialog)
    dialog.status_combo.setCurrentIndex(1)
    ok(dialog)
    assert clients.get_client(session, client_id).status == "closed"


def test_intake_dialog(qtbot: QtBot, session: VaultSession, client_id: int) -> None:
    dialog = IntakeDialog(session, client_id, "Ada Wren")
    dialog.version_edit.clear()
    refused(qtbot, dialog, dialog.error_label, "which version of the handout")
    assert len(intake.intake_records(session, client_id)) == 1


def test_intake_handout_is_saved(
    qtbot: QtBot, session: VaultSession, client_id: int, tmp_path: Path
) -> None:
    dialog = IntakeDialog(session, client_id, "Ada Wren")
    qtbot.addWidget(dialog)
    target = tmp_path / "handout.pdf"
    assert dialog.save_handout(target)
    assert target.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        for topic in ("abuse", "imminent", "Court orders", "Supervision", "Couple", "encrypted"):
            assert topic in text
        assert "Ada" not in text  # generic: no client data
    assert not dialog.save_handout(tmp_path / "missing-folder" / "handout.pdf")
    assert dialog.error_label.isVisibleTo(dialog)


def test_case_dialog_empty_title_and_wrong_count(
    qtbot: QtBot, session: VaultSession, client_id: int
) -> None:
    dialog = CaseDialog(session, (client_id, "Ada Wren"))
    dialog.title_edit.clear()
    refused(qtbot, dialog, dialog.error_label, "needs a title")
    dialog.title_edit.setText("Couple work")
    dialog.set_kind("couple")
    ok(dialog)
    assert dialog.isVisible() and "exactly two participants" in dialog.error_label.text()
    assert cases.client_cases(session, client_id) == []


def test_case_dialog_agreement_without_policy(
    qtbot: QtBot, session: VaultSession, client_id: int
) -> None:
    other = clients.create_client(session, "Basil Wren")
    dialog = CaseDialog(session, (client_id, "Ada Wren"))
    dialog.set_kind("couple")
    dialog.add_participant(other, "Basil Wren")
    dialog.agreement.mark_all_agreed()
    refused(qtbot, dialog, dialog.error_label, "policy")
    assert cases.client_cases(session, client_id) == []


def test_agreement_dialog(qtbot: QtBot, session: VaultSession, client_id: int) -> None:
    other = clients.create_client(session, "Basil Wren")
    case_id = cases.create_case(session, "couple", "Couple work", [client_id, other])
    dialog = AgreementDialog(session, cases.get_case(session, case_id))
    refused(qtbot, dialog, dialog.error_label, "policy")
    dialog.form.policy_combo.setCurrentIndex(1)
    dialog.form.text_edit.clear()
    ok(dialog)
    assert dialog.isVisible() and "text is empty" in dialog.error_label.text()
    assert cases.agreement_needed(cases.get_case(session, case_id))


def test_note_editor_without_subject(qtbot: QtBot, session: VaultSession, client_id: int) -> None:
    other = clients.create_client(session, "Basil Wren")
    intake.record_intake(session, other, explained_on=DAY, method="video")
    case_id = cases.create_case(session, "couple", "Couple work", [client_id, other])
    cases.record_agreement(session, case_id, policy="no_secrets", text="No secrets.",
                           agreed_on={client_id: DAY, other: DAY})  # fmt: skip
    editor = NoteEditor(session, cases.get_case(session, case_id), client_id)
    qtbot.addWidget(editor)
    editor.open()
    editor.body_edit.setPlainText("A session.")
    for check in editor.subject_checks.values():
        check.setChecked(False)
    assert not editor.save_now()
    assert "at least one subject" in editor.error_label.text()
    editor.close_button.click()
    assert editor.isVisible()  # closing would lose the draft: it stays open with the reason
    editor.subject_checks[client_id].setChecked(True)
    editor.close_button.click()
    assert not editor.isVisible() and editor.note_id is not None


def test_note_editor_refuses_a_note_too_long(
    qtbot: QtBot, session: VaultSession, client_id: int
) -> None:
    case_id = cases.create_case(session, "individual", "Work", [client_id])
    editor = NoteEditor(session, cases.get_case(session, case_id), client_id)
    qtbot.addWidget(editor)
    editor.body_edit.setPlainText(("é" * 99 + "\n") * 6_100)  # 1.2 MB of UTF-8, in lines
    assert not editor.save_now()
    assert "longer than 1 MB" in editor.error_label.text()


def test_signed_note_cannot_be_edited(qtbot: QtBot, session: VaultSession, client_id: int) -> None:
    case_id = cases.create_case(session, "individual", "Work", [client_id])
    editor = NoteEditor(session, cases.get_case(session, case_id), client_id)
    qtbot.addWidget(editor)
    editor.body_edit.setPlainText("Signed text.")
    assert editor.save_now()
    editor.sign()
    assert editor.is_signed and editor.body_edit.isReadOnly()
    assert not editor.kind_combo.isEnabled()
    editor.body_edit.setPlainText("Changed after signing")  # programmatic, past the UI lock
    assert editor.save_now()  # nothing is written for a signed note
    reopened = NoteEditor(session, cases.get_case(session, case_id), client_id,
                          note_id=editor.note_id)  # fmt: skip
    qtbot.addWidget(reopened)
    assert reopened.body_edit.toPlainText() == "Signed text."


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p, "not a file"),  # a folder
        (lambda p: p / "missing.pdf", "not a file"),
        (lambda p: _write(p / "notes.txt", b"plain text"), "Only PDF files"),
        (lambda p: _write(p / "fake.pdf", b"not really a pdf"), "Only PDF files"),
        (lambda p: _write(p / "empty.png", b""), "empty"),
    ],
)
def test_attach_dialog(
    qtbot: QtBot, session: VaultSession, client_id: int, tmp_path: Path, make: object, words: str
) -> None:
    dialog = AttachDialog(session, client_id)
    dialog.path_edit.setText(str(make(tmp_path)))  # type: ignore[operator]
    refused(qtbot, dialog, dialog.error_label, words)


def test_attach_dialog_without_path(qtbot: QtBot, session: VaultSession, client_id: int) -> None:
    dialog = AttachDialog(session, client_id)
    refused(qtbot, dialog, dialog.error_label, "Choose the file")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
