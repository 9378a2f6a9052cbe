"""Issue 15, the custodian: the person is named (audit "Who", banner), every window says
custodian mode, and the practitioner is told what was done, not what was looked at."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import closure_plan, custodian, custodian_kit, destruction, retention
from recordsafe.disclosure.practice_info import PracticeInfo, save_practice_info
from recordsafe.ui.app import AppController
from recordsafe.ui.audit.actions import AuditActions
from recordsafe.ui.backup.actions import BackupActions
from recordsafe.ui.closure.actions import ClosureActions
from recordsafe.ui.closure.custodian_banner import CustodianStrip
from recordsafe.ui.closure.custodians_dialog import CustodiansDialog
from recordsafe.ui.closure.designate_dialog import DesignateDialog
from recordsafe.ui.closure.destroy_dialog import DestroyDialog
from recordsafe.ui.closure.retention_dialog import RetentionDialog
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.vault.unlock_dialog import UnlockDialog
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault
from recordsafe.vault.backup import get_backup_dir
from tests.closure.conftest import CUSTODIAN_FORM, TODAY, Practice
from tests.closure.test_retention_destruction import RULE
from tests.conftest import PASSPHRASE
from tests.ui.answer import answering_file_dialog, answering_input, answering_question_text
from tests.ui.closure.conftest import shot
from tests.ui.closure.helpers import (
    click,
    custodian_window,
    fill_check,
    open_window,
    open_wizard,
    pdf_text,
    practitioner_back,
    type_custodian_code,
)
from tests.ui.test_lock import close_all

ALTERNATE = custodian.CustodianForm(
    role="alternate", name="Dr Kim Ash", profession="Counsellor", contact="555-0177"
)
PLAN = closure_plan.PlanForm(
    reason="retirement",
    effective_on=TODAY,
    keeper_name="Dr Rosa Vega",
    keeper_contact="rosa.vega@example.org, 555-0100",
    referrals="Harbour Counselling Centre, 555-0142.",
)


def custodians_window(
    qtbot: QtBot, config: AppConfig, session: VaultSession
) -> tuple[MainWindow, CustodiansDialog]:
    win = open_window(qtbot, session, config)
    window = win.area(ClosureActions).open_custodians()
    assert window is not None
    return win, window


def test_the_alternate_is_named_and_looking_at_the_plan_reports_nothing_done(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    custodian.designate(session, CUSTODIAN_FORM)
    alternate = custodian.designate(session, ALTERNATE)
    plan_id = closure_plan.create_plan(session, PLAN, today=TODAY)
    closure_plan.prepare_notices(session, plan_id, today=TODAY)
    folder = session.folder
    with custodian_window(qtbot, config, session, alternate.code) as (_cust, win):
        assert win.area(ClosureActions).custodian_banner is not None
        text = win.area(ClosureActions).custodian_banner.label.text()
        assert "Dr Kim Ash, alternate custodian" in text
        # The reason for the greyed buttons is said in the banner, not only in tooltips.
        assert "greyed out" in text
        shot(win, "20-alternate-banner")
        wizard = open_wizard(qtbot, win)
        strip = wizard.findChild(CustodianStrip)
        assert strip is not None and strip.isVisible()
        assert "Dr Kim Ash, alternate custodian" in strip.label.text()
        # The strip sits above the page's own content, not over it.
        first = wizard.reason_page.buttons["retirement"]
        assert (
            strip.geometry().bottom() < first.mapTo(wizard.reason_page, first.rect().topLeft()).y()
        )
        shot(wizard, "21-wizard-strip")
        next_button = wizard.button(QtWidgets.QWizard.WizardButton.NextButton)
        click(qtbot, next_button)
        click(qtbot, next_button)
        assert wizard.currentPage() is wizard.notices_page
        wizard.close()
        retention = win.area(ClosureActions).open_retention()
        assert retention is not None
        qtbot.waitExposed(retention)
        assert retention.findChild(CustodianStrip) is not None
        retention.close()
        audit = win.area(AuditActions).open_audit_log()
        assert audit is not None
        audit.model.fetch_all()
        model = audit.model
        whos = {model.display_text(model.entry(row), 1) for row in range(model.rowCount())}
        assert "Dr Kim Ash, alternate custodian" in whos
        tip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
        assert tip == "Dr Kim Ash, alternate custodian"  # the column may be too narrow
        shot(audit, "22-audit-who")
        audit.close()

    with practitioner_back(qtbot, config, folder) as (_back, seen):
        assert "Closure notices written" not in seen.text.text()
        # The practitioner's own windows carry no custodian strip.
        assert seen.findChild(CustodianStrip) is None


def test_notices_written_by_the_custodian_are_counted_as_notices(
    practice: Practice,
) -> None:
    session = practice.session
    made = custodian.designate(session, CUSTODIAN_FORM)
    folder = session.folder
    session.lock()
    cust = open_vault(folder, made.code, kinds=("custodian",), kdf=TEST_PARAMS)
    custodian.note_unlock(cust)
    plan_id = closure_plan.create_plan(cust, PLAN, today=TODAY)
    closure_plan.prepare_notices(cust, plan_id, today=TODAY)
    closure_plan.prepare_notices(cust, plan_id, today=TODAY)  # nothing new: says nothing
    cust.lock()
    back = open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        assert custodian.custodian_activity(back).by_action["closure_notices_written"] == 4
    finally:
        back.lock()


def test_the_handoff_folder_is_remembered_and_the_kit_names_it(
    qtbot: QtBot,
    session: VaultSession,
    tmp_path: Path,
) -> None:
    save_practice_info(
        session,
        PracticeInfo(name="Quay Street Therapy", practitioner="Jo Smith, LCSW", contact="555-0199"),
    )
    made = custodian.designate(session, CUSTODIAN_FORM)
    handoff = tmp_path / "handoff"
    handoff.mkdir()
    result = custodian.handoff_backup(session, handoff, made.code)  # no backup folder set
    assert result.verified
    dialog = DesignateDialog(session, role="alternate")
    qtbot.addWidget(dialog)

    with answering_file_dialog(None) as asked:  # a folder dialog, if one came, is cancelled
        assert dialog.backup_folder() == handoff
    assert asked == []  # not asked again for the folder
    kit = tmp_path / "kit.pdf"
    custodian_kit.write_custodian_kit(
        kit, made.custodian, made.code, custodian_kit.kit_facts(session)
    )
    text = " ".join(pdf_text(kit).split())
    assert "No backup folder is set yet" not in text
    assert "Backup folder" in text and "its newest backup file is the latest" in text
    assert "code above" in text and "code below" not in text
    assert "Quay Street Therapy" in text and "Jo Smith, LCSW" in text


def test_a_legal_hold_needs_no_retention_rule(
    qtbot: QtBot,
    config: AppConfig,
    practice: Practice,
) -> None:
    session = practice.session
    win = open_window(qtbot, session, config)
    dialog = win.area(ClosureActions).open_retention()
    assert isinstance(dialog, RetentionDialog)
    assert dialog.table.rowCount() == 4  # every client, with no rule yet
    ada = practice.clients["ada"]
    dialog.select_client(ada)
    row = next(i for i, r in enumerate(dialog.rows) if r.client_id == ada)
    assert dialog.table.item(row, 2).text() == "No rule yet"
    with answering_input("Subpoena, Smith v. Wren") as asked:
        click(qtbot, dialog.hold_button)
    assert asked == ["Legal hold"]
    assert destruction.active_holds(session, ada)
    # Why it is held is said in the list (it said only "Legal hold").
    assert dialog.table.item(row, 3).text() == (
        "Legal hold (Subpoena, Smith v. Wren): kept until released"
    )
    shot(dialog, "23-hold-without-rule")
    dialog.close()
    win.request_lock()


def clipped(window: QtWidgets.QWidget) -> list[str]:
    """Word-wrapped labels shorter than their text needs (the last line cut off)."""
    QtWidgets.QApplication.processEvents()
    return [
        label.text()[:40]
        for label in window.findChildren(QtWidgets.QLabel)
        if label.isVisible()
        and label.wordWrap()
        and label.height() < label.heightForWidth(label.width())
    ]


def test_the_custodians_window_shows_both_in_full(
    qtbot: QtBot, config: AppConfig, session: VaultSession
) -> None:
    custodian.designate(session, CUSTODIAN_FORM)
    win, window = custodians_window(qtbot, config, session)
    qtbot.waitExposed(window)
    custodian.designate(session, ALTERNATE)  # as the designate dialog does, then refresh
    window.refresh()
    qtbot.wait(50)
    assert "Designated" in window.labels["alternate"].text()
    assert clipped(window) == []
    shot(window, "25-custodians-both")
    window.close()
    win.request_lock()


def test_the_destroy_dialog_shows_its_whole_warning_under_the_custodian_strip(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    code = custodian.designate(session, CUSTODIAN_FORM).code
    with custodian_window(qtbot, config, session, code) as (cust, win):

        def every_line_shown(name: str) -> DestroyDialog:
            dialog = DestroyDialog(cust, practice.clients["ada"], parent=win, today=TODAY)
            dialog.show()
            qtbot.waitExposed(dialog)
            strips = dialog.findChildren(CustodianStrip)
            assert [strip.parent() for strip in strips] == [dialog]  # the window's, only
            wrapped = [
                label
                for label in dialog.findChildren(QtWidgets.QLabel)
                if label.isVisible() and label.wordWrap()
            ]
            assert any("cannot be undone" in label.text() for label in wrapped)
            for label in wrapped:  # none cut off by the strip above
                assert label.height() >= label.heightForWidth(label.width()), label.text()
            shot(dialog, name)
            dialog.reject()
            return dialog

        # No rule yet: why it cannot be destroyed is said in full...
        assert not every_line_shown("23-destroy-refused-strip").problems.isHidden()
        # ...and when it is due, the whole warning is shown (it was cut off).
        retention.set_rule(cust, RULE, today=TODAY)
        assert every_line_shown("24-destroy-under-strip").problems.isHidden()


def test_the_custodian_code_window_speaks_of_the_custodian_code(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    win, window = custodians_window(qtbot, config, session)

    def close_unconfirmed(dialog: DesignateDialog) -> str:
        qtbot.waitUntil(lambda: dialog.code_shown, timeout=10_000)
        check = dialog.code_page.check
        for field in check.inputs:
            qtbot.keyClicks(field, "ZZZZ")
        status = check.status.text()
        assert "custodian code" in status and "recovery" not in status
        texts: list[str] = []
        with answering_question_text(QtWidgets.QMessageBox.StandardButton.Cancel, texts):
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible() and len(texts) == 1
        for field in check.inputs:
            field.clear()
        fill_check(qtbot, dialog)
        click(qtbot, dialog.done_button)
        return texts[0]

    # A first designation: there was no old code to stop working.
    click(qtbot, window.buttons_by_role["primary"]["designate"])
    first = next(d for d in win.findChildren(DesignateDialog) if d.isVisible())
    qtbot.keyClicks(first.form.name, "Dr Rosa Vega")
    qtbot.keyClicks(first.form.contact, "555-0100")
    click(qtbot, first.make_button)
    text = close_unconfirmed(first)
    assert "custodian code" in text and "recovery" not in text
    assert "old code" not in text
    # A new code: the old one did stop working.
    click(qtbot, window.buttons_by_role["primary"]["renew"])
    renew = next(d for d in win.findChildren(DesignateDialog) if d.isVisible() and d is not first)
    click(qtbot, renew.make_button)
    text = close_unconfirmed(renew)
    assert "custodian code" in text and "recovery" not in text
    assert "old code already stopped working" in text
    window.close()
    win.request_lock()


def test_the_unlock_window_after_a_custodian_locks_has_no_custodian_strip(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    code = custodian.designate(session, CUSTODIAN_FORM).code
    folder = session.folder
    session.lock()
    controller = AppController(config, TEST_PARAMS)  # the real main window
    try:
        controller.show_unlock(folder, try_device=False)
        unlock = controller.unlock_dialog
        assert unlock is not None
        click(qtbot, unlock.custodian_button)
        type_custodian_code(qtbot, unlock, code)
        qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10_000)
        win = controller.main_window
        assert isinstance(win, MainWindow)
        assert win.area(ClosureActions).custodian_banner is not None
        win.request_lock()
        after = controller.unlock_dialog
        assert after is not None and after is not unlock and after.isVisible()
        qtbot.waitUntil(lambda: not controller.closing, timeout=10_000)
        # The practitioner may type here next: no "Custodian mode" over their field.
        assert after.findChild(CustodianStrip) is None
        shot(after, "25-unlock-after-custodian")
        # Nor on a window shown after the lock.
        other = QtWidgets.QDialog()
        qtbot.addWidget(other)
        other.show()
        assert other.findChild(CustodianStrip) is None
        other.close()
    finally:
        close_all(controller)


def test_a_custodian_passphrase_in_the_practitioners_field_is_named_not_opened(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    code = custodian.designate(session, CUSTODIAN_FORM).code
    folder = session.folder
    session.lock()
    own = "lighthouse meadow copper 77 violin"
    cust = open_vault(folder, code, kinds=("custodian",), kdf=TEST_PARAMS)
    custodian.set_own_passphrase(cust, own)
    cust.lock()
    unlock = UnlockDialog(config, folder=folder, kdf=TEST_PARAMS, try_device=False)
    qtbot.addWidget(unlock)
    unlock.show()
    qtbot.waitUntil(lambda: unlock.ready)

    def refused(secret: str) -> str:
        unlock.passphrase.line_edit.clear()
        qtbot.keyClicks(unlock.passphrase.line_edit, secret)
        click(qtbot, unlock.unlock_button)
        qtbot.waitUntil(lambda: unlock.ready and not unlock.error.isHidden(), timeout=10_000)
        assert unlock.isVisible() and unlock.result_value is None  # nothing opened
        text = unlock.error.text()
        unlock.error.hide()
        return text

    said = refused(own)
    assert "custodian" in said and "Records custodian?" in said
    assert "does not open this vault" not in said
    shot(unlock, "26-custodian-passphrase-in-unlock")
    # A mistyped passphrase is still just that.
    assert "does not open this vault" in refused("not the passphrase at all")
    unlock.close()


def test_a_handoff_backup_counts_as_a_backup_and_back_up_now_offers_its_folder(
    qtbot: QtBot, config: AppConfig, practice: Practice, tmp_path: Path
) -> None:
    session = practice.session
    win = open_window(qtbot, session, config)
    reminder = win.area(BackupActions).backup_reminder
    assert reminder.isVisible() and "never been backed up" in reminder.label.text()
    window = win.area(ClosureActions).open_custodians()
    assert window is not None
    click(qtbot, window.buttons_by_role["primary"]["designate"])
    dialog = next(d for d in win.findChildren(DesignateDialog) if d.isVisible())
    qtbot.keyClicks(dialog.form.name, "Dr Rosa Vega")
    qtbot.keyClicks(dialog.form.contact, "555-0100")
    click(qtbot, dialog.make_button)
    qtbot.waitUntil(lambda: dialog.code_shown, timeout=10_000)
    handoff = tmp_path / "handoff"
    handoff.mkdir()
    with answering_file_dialog(handoff):
        click(qtbot, dialog.code_page.backup_button)
    qtbot.waitUntil(lambda: dialog.handoff is not None, timeout=20_000)
    # A real backup of the vault: the reminder goes.
    assert reminder.isHidden()
    fill_check(qtbot, dialog)
    click(qtbot, dialog.done_button)
    window.close()
    # Back up now offers that folder; it becomes the backup folder only when used there.
    backup = win.area(BackupActions).open_backup_now()
    assert backup is not None
    assert backup.folder_field.path() == handoff
    assert get_backup_dir(session) is None
    backup.close()
    win.request_lock()


def test_the_return_summary_names_the_custodian_and_counts_each_act_once(
    qtbot: QtBot, config: AppConfig, practice: Practice, tmp_path: Path
) -> None:
    session = practice.session
    save_practice_info(session, PracticeInfo("Quay Street Therapy", "Jo Smith", "555-0199"))
    made = custodian.designate(session, CUSTODIAN_FORM)
    folder = session.folder
    session.lock()
    cust = open_vault(folder, made.code, kinds=("custodian",), kdf=TEST_PARAMS)
    custodian.note_unlock(cust)
    custodian.set_own_passphrase(cust, "lighthouse meadow copper 77 violin")
    plan_id = closure_plan.create_plan(cust, PLAN, today=TODAY)
    closure_plan.prepare_notices(cust, plan_id, today=TODAY)
    out = tmp_path / "notices"
    out.mkdir()
    for notice in closure_plan.notices(cust, plan_id):
        closure_plan.produce_notice(cust, notice.letter_id, folder=out, today=TODAY)
    cust.lock()
    with practitioner_back(qtbot, config, folder) as (back, seen):
        activity = custodian.custodian_activity(back)
        assert activity.custodians == ("Dr Rosa Vega, records custodian",)
        text = seen.text.text()
        assert "Dr Rosa Vega, records custodian" in text
        # 4 notices: written once and released once, not also as 4 letters and 4 checks.
        assert "Closure notices written: 4" in text
        assert "Notices saved or printed: 4" in text
        assert "Letter written" not in text and "checked at the gate" not in text
        assert "Records released" not in text
        assert "things" not in text
        # No shouting; the first unlock is said once, in the heading.
        assert "FIRST UNLOCK" not in text and "for the first time" in text
        assert "their own custodian passphrase" in text and "Key added" not in text
        shot(seen, "27-return-summary")


def test_revoking_says_older_backups_still_open_with_their_code(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    custodian.designate(session, CUSTODIAN_FORM)
    win, window = custodians_window(qtbot, config, session)
    texts: list[str] = []
    with answering_question_text(QtWidgets.QMessageBox.StandardButton.Cancel, texts):
        click(qtbot, window.buttons_by_role["primary"]["revoke"])
    [text] = texts
    assert "Backups made before" in text and "still open" in text
    assert "Rotate vault key" in text and "Back up now" in text
    assert custodian.current_custodian(session) is None  # practitioner mode: nobody signed in
    assert "Dr Rosa Vega" in window.labels["primary"].text()  # cancelled: still designated
    window.close()
    win.request_lock()


def test_the_alternates_instructions_start_from_the_practitioners(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    custodian.designate(session, CUSTODIAN_FORM)
    win, window = custodians_window(qtbot, config, session)
    click(qtbot, window.buttons_by_role["alternate"]["designate"])
    dialog = next(d for d in win.findChildren(DesignateDialog) if d.isVisible())
    assert dialog.form.role.currentData() == "alternate"
    assert dialog.form.instructions.toPlainText() == CUSTODIAN_FORM.instructions
    dialog.reject()
    window.close()
    win.request_lock()
