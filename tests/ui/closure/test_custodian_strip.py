"""Issue 15, the custodian strip: it takes its own room at the top of each window, never
laid over the window's content (the note window's first lines were hidden under it)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import custodian
from recordsafe.ui.audit.actions import AuditActions
from recordsafe.ui.closure.actions import ClosureActions
from recordsafe.ui.closure.custodian_banner import CustodianStrip
from recordsafe.ui.help.actions import HelpActions
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.records.note_editor import NoteEditor
from recordsafe.ui.vault.actions import VaultActions
from tests.closure.conftest import CUSTODIAN_FORM, Practice
from tests.ui.closure.conftest import shot
from tests.ui.closure.helpers import custodian_window


def overlapped(window: QtWidgets.QWidget) -> list[str]:
    """What the window's strips lie over: each strip belongs to a window (or a wizard's
    page) and shares its room with none of that host's other visible parts."""
    found = []
    strips = window.findChildren(CustodianStrip)
    assert strips, window.objectName() or type(window).__name__
    for strip in strips:
        host = strip.parentWidget()
        assert host is window or (
            isinstance(window, QtWidgets.QWizard)
            and host in window.findChildren(QtWidgets.QWizardPage)
        ), f"{type(window).__name__}: strip on a {type(host).__name__}"
        if not strip.isVisible():
            continue
        for part in host.findChildren(
            QtWidgets.QWidget, "", Qt.FindChildOption.FindDirectChildrenOnly
        ):
            if part is strip or not part.isVisible() or part.isWindow():
                continue
            if strip.geometry().intersects(part.geometry()):
                found.append(f"{type(window).__name__}: {type(part).__name__} {part.objectName()}")
    return found


def open_note(qtbot: QtBot, win: MainWindow, practice: Practice) -> NoteEditor:
    win.records_page.open_client(practice.clients["ada"])
    win.records_page.open_note(0, practice.notes["ada"])
    editor = win.records_page.dialog
    assert isinstance(editor, NoteEditor)
    qtbot.waitExposed(editor)
    return editor


def test_the_note_window_shows_its_text_and_who_signed_below_the_strip(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    code = custodian.designate(session, CUSTODIAN_FORM).code
    with custodian_window(qtbot, config, session, code) as (_cust, win):
        # New client is greyed out for a custodian: the empty page does not offer it.
        assert win.records_page.placeholder.text().startswith("Choose a client on the left.")
        editor = open_note(qtbot, win, practice)
        strips = editor.findChildren(CustodianStrip)
        assert [strip.parentWidget() for strip in strips] == [editor]
        strip, body = strips[0], editor.body_edit
        top_left = body.mapTo(editor, body.rect().topLeft())
        assert strip.geometry().bottom() < top_left.y()  # the first line is in view
        assert not body.findChildren(CustodianStrip)
        state = editor.state_label.text()
        assert state.startswith("Signed ") and " by " in state
        assert "custodian cannot change clinical records" in state
        assert overlapped(editor) == []
        shot(editor, "30-note-under-strip")
        editor.reject()


def test_no_window_the_custodian_opens_has_the_strip_over_its_content(
    qtbot: QtBot, config: AppConfig, practice: Practice
) -> None:
    session = practice.session
    code = custodian.designate(session, CUSTODIAN_FORM).code
    with custodian_window(qtbot, config, session, code) as (cust, win):
        closure = win.area(ClosureActions)
        openers = {
            "note": lambda: open_note(qtbot, win, practice),
            "release": win.records_page.release_records,
            "closure wizard": closure.open_closure_wizard,
            "retention": closure.open_retention,
            "destroy": lambda: closure.open_destroy(practice.clients["ben"]),
            "custodians": closure.open_custodians,
            "own passphrase": closure.open_custodian_passphrase,
            "audit log": win.area(AuditActions).open_audit_log,
            "security": win.area(VaultActions).open_security,
            "guide": win.area(HelpActions).open_guide,
        }
        for name, opener in openers.items():
            window = opener()
            assert isinstance(window, QtWidgets.QDialog), name
            qtbot.waitExposed(window)
            assert overlapped(window) == [], name
            shot(window, f"31-strip-{name}")
            window.reject()
        assert cust.is_open
