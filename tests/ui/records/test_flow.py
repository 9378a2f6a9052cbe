"""The issue's flow through the real windows: client, intake, couple case with agreement,
joint note, individual note, sign, addendum, search; then lock, open again, all there."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.records import cases, notes
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.records.case_dialog import CaseDialog
from recordsafe.ui.records.client_dialog import ClientDialog
from recordsafe.ui.records.intake_dialog import IntakeDialog
from recordsafe.ui.records.note_editor import NoteEditor
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault
from tests.conftest import PASSPHRASE
from tests.ui.records.conftest import ok

CANARY = "Quillon"  # a word no demo phrase holds


def add_client(qtbot: QtBot, page: RecordsPage, name: str) -> int:
    dialog = page.new_client()
    assert isinstance(dialog, ClientDialog)
    qtbot.keyClicks(dialog.name_edit, name)
    ok(dialog)
    assert dialog.saved_id is not None
    assert page.page is not None and page.page.client_id == dialog.saved_id
    return dialog.saved_id


def record_intake(page: RecordsPage) -> None:
    dialog = page.record_intake()
    assert isinstance(dialog, IntakeDialog)
    ok(dialog)
    assert dialog.saved_id is not None


def write(qtbot: QtBot, editor: NoteEditor, text: str) -> int:
    editor.body_edit.setFocus()
    qtbot.keyClicks(editor.body_edit, text)
    assert editor.save_now()
    assert editor.note_id is not None
    return editor.note_id


def sign(editor: NoteEditor) -> None:
    editor.sign_button.click()
    assert editor.sign_box is not None
    assert "corrections are addenda" in editor.sign_box.text()
    editor.sign_box.button(QtWidgets.QMessageBox.StandardButton.Yes).click()
    assert editor.is_signed
    assert editor.body_edit.isReadOnly()


def test_whole_flow(qtbot: QtBot, page: RecordsPage, session: VaultSession) -> None:
    mrs = add_client(qtbot, page, "Mrs Smith")
    record_intake(page)
    mr = add_client(qtbot, page, "Mr Smith")
    assert page.page is not None
    assert not page.page.intake_label.text().startswith("Limits of confidentiality explained")
    record_intake(page)
    assert page.page.intake_label.text().startswith("Limits of confidentiality explained")

    # A couple case, with its agreement recorded in the same dialog.
    dialog = page.new_case()
    assert isinstance(dialog, CaseDialog)
    dialog.set_kind("couple")
    qtbot.keyClicks(dialog.find_edit, "Mrs Sm")
    qtbot.waitUntil(lambda: dialog.matches.count() == 1)
    dialog.matches.itemClicked.emit(dialog.matches.item(0))
    assert [r.client_id for r in dialog.rows] == [mr, mrs]
    dialog.agreement.policy_combo.setCurrentIndex(2)  # limited secrets
    assert dialog.agreement.text  # a starting text is offered
    dialog.agreement.mark_all_agreed()
    ok(dialog)
    case_id = dialog.case_id
    assert case_id is not None
    case = cases.get_case(session, case_id)
    assert case.kind == "couple" and not cases.agreement_needed(case)
    # The page shows the agreement before any note.
    agreement = page.page.findChild(QtWidgets.QLabel, f"agreementText_{case_id}")
    assert agreement is not None and "Limited secrets" in agreement.text()

    # A joint note: both partners are subjects.
    editor = page.new_note_for_case(case_id)
    assert isinstance(editor, NoteEditor)
    joint = write(qtbot, editor, "Joint session about the garden plans.")
    assert notes.open_note(session, joint).subjects == (mr, mrs)
    editor.accept()

    # An individual session of Mr Smith inside the couple work: only him.
    editor = page.new_note_for_case(case_id)
    assert isinstance(editor, NoteEditor)
    editor.subject_checks[mrs].setChecked(False)
    single = write(qtbot, editor, f"Individual session: {CANARY} worry about work.")
    assert notes.open_note(session, single).subjects == (mr,)
    sign(editor)
    editor.addendum_button.click()
    assert editor.note_id != single and editor.note is not None
    assert editor.note.addendum_of == single
    addendum = write(qtbot, editor, " Correction: the date was Tuesday.")
    sign(editor)
    editor.accept()

    # Mrs Smith's record never lists Mr Smith's individual session.
    page.open_client(mrs)
    assert page.page is not None
    assert page.page.progress_list.note_ids() == [joint]
    page.open_client(mr)
    assert page.page is not None
    assert set(page.page.progress_list.note_ids()) == {joint, single, addendum}

    # Search finds the individual note with a snippet, and opens it.
    page.focus_search()
    qtbot.keyClicks(page.client_list.search_edit, CANARY.lower())
    page.client_list.run_search()
    results = page.client_list.results
    assert results is not None and [h.note_id for h in results.notes] == [single]
    assert any(f"<b>{CANARY}</b>" in text for text in page.client_list.hit_texts())
    item = page.client_list.results_list.item(0)
    page.client_list.results_list.itemClicked.emit(item)
    assert isinstance(page.dialog, NoteEditor) and page.dialog.note_id == single
    page.dialog.accept()

    # Lock, open again: all still there.
    folder = session.folder
    page.deleteLater()
    session.lock()
    again = open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        fresh = RecordsPage(again)
        qtbot.addWidget(fresh)
        assert fresh.client_list.model.total == 2
        opened = fresh.open_client(mr)
        assert opened is not None
        assert set(opened.progress_list.note_ids()) == {joint, single, addendum}
        assert notes.open_note(again, single).is_signed
        assert "Limited secrets" in (opened.findChild(QtWidgets.QLabel,
                                     f"agreementText_{case_id}").text())  # fmt: skip
        fresh.deleteLater()
    finally:
        again.lock()


def test_note_without_intake_warns_and_offers_intake(
    qtbot: QtBot, page: RecordsPage, session: VaultSession
) -> None:
    cid = add_client(qtbot, page, "Ada Wren")
    case_id = cases.create_case(session, "individual", "Individual work", [cid])
    assert page.page is not None
    page.page.refresh()
    box = page.new_note_for_case(case_id)
    assert isinstance(box, QtWidgets.QMessageBox)
    assert "No intake is recorded" in box.text()
    record = next(b for b in box.buttons() if b.text() == "Record intake…")
    record.click()
    assert isinstance(page.dialog, IntakeDialog)
    ok(page.dialog)
    # Once intake is recorded the note editor opens straight away.
    qtbot.waitUntil(lambda: isinstance(page.dialog, NoteEditor))


def test_note_on_joint_case_asks_for_agreement_first(
    qtbot: QtBot, page: RecordsPage, session: VaultSession
) -> None:
    a = add_client(qtbot, page, "Ada Wren")
    record_intake(page)
    b = add_client(qtbot, page, "Basil Wren")
    record_intake(page)
    case_id = cases.create_case(session, "couple", "Couple work", [a, b])
    assert page.page is not None
    page.page.refresh()
    new_note = page.page.findChild(QtWidgets.QPushButton, f"newNote_{case_id}")
    assert new_note is not None and not new_note.isEnabled()
    dialog = page.new_note_for_case(case_id)
    assert dialog is not None and dialog.objectName() == "agreementDialog"


def test_dialogs_are_announced(qtbot: QtBot, page: RecordsPage) -> None:
    with qtbot.waitSignal(page.dialog_opened) as signal:
        dialog = page.new_client()
    assert signal.args == [dialog]


def test_ctrl_f_focuses_search(qtbot: QtBot, page: RecordsPage) -> None:
    qtbot.waitExposed(page)
    page.activateWindow()
    page.client_list.table.setFocus()
    qtbot.keyClick(page.client_list.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.client_list.search_edit.hasFocus)


def test_locking_saves_the_draft_and_closes_the_editor(
    qtbot: QtBot, page: RecordsPage, session: VaultSession
) -> None:
    cid = add_client(qtbot, page, "Ada Wren")
    record_intake(page)
    case_id = cases.create_case(session, "individual", "Individual work", [cid])
    assert page.page is not None
    page.page.refresh()
    editor = page.new_note_for_case(case_id)
    assert isinstance(editor, NoteEditor)
    editor.body_edit.setPlainText("Typed just before the lock.")  # not autosaved yet
    editor.drop_session()  # what the main window does first when it locks
    editor.reject()
    assert not editor.isVisible()
    assert editor.note_id is not None
    assert notes.open_note(session, editor.note_id).body == "Typed just before the lock."


def test_search_folds_case_and_diacritics(
    qtbot: QtBot, page: RecordsPage, session: VaultSession
) -> None:
    dialog = page.new_client()
    dialog.name_edit.setText("Zoë Lark")  # QTest types ASCII only
    ok(dialog)
    page.client_list.search_edit.setText("ZOE")
    page.client_list.run_search()
    assert page.client_list.results is not None
    assert [h.name for h in page.client_list.results.clients] == ["Zoë Lark"]
    assert any("<b>Zoë</b>" in text for text in page.client_list.hit_texts())
    page.client_list.search_edit.setText('"NEAR( *')
    page.client_list.run_search()  # syntax is plain words: never an exception
    assert page.client_list.results is not None


def test_new_note_asks_which_case(qtbot: QtBot, page: RecordsPage, session: VaultSession) -> None:
    cid = add_client(qtbot, page, "Ada Wren")
    record_intake(page)
    cases.create_case(session, "individual", "First work", [cid])
    second = cases.create_case(session, "individual", "Second work", [cid])
    assert page.page is not None
    page.page.refresh()
    chooser = page.new_note()
    assert isinstance(chooser, QtWidgets.QInputDialog)
    chooser.setTextValue("Second work (individual)")
    chooser.accept()
    editor = page.dialog
    assert isinstance(editor, NoteEditor)
    write(qtbot, editor, "Notes for the second case.")
    assert editor.note_id is not None
    assert notes.open_note(session, editor.note_id).case_id == second
