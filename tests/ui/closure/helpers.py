"""Steps the closure UI tests share: a click where the user sees the button, the main
window over a session, the closure wizard, a custodian at work and the practitioner's
return, the text of a PDF."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import custodian
from recordsafe.disclosure.practice_info import PracticeInfo
from recordsafe.ui.app import AppController
from recordsafe.ui.closure.actions import ClosureActions
from recordsafe.ui.closure.closure_wizard import ClosureWizard
from recordsafe.ui.closure.custodian_activity_dialog import CustodianActivityDialog
from recordsafe.ui.closure.custodian_unlock_dialog import CustodianUnlockDialog
from recordsafe.ui.closure.designate_dialog import DesignateDialog
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.widgets.recovery_code_view import code_groups
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault
from tests.closure.conftest import as_custodian
from tests.conftest import PASSPHRASE

QUAY_STREET = PracticeInfo(
    name="Quay Street Therapy",
    practitioner="Jo Smith, LCSW",
    contact="12 Quay Street, Salem MA 01970; 555-0199",
)


def click(qtbot: QtBot, button: QtWidgets.QAbstractButton) -> None:
    # Let a page switch lay its buttons out first (a click must land where the user sees it).
    QtWidgets.QApplication.processEvents()
    assert button.isEnabled() and button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@contextmanager
def real_app(config: AppConfig) -> Iterator[AppController]:
    """The app's controller with the real main window; shut down, its windows closed."""
    made = AppController(config, TEST_PARAMS)
    try:
        yield made
    finally:
        made.shutdown()
        for widget in (made.main_window, made.unlock_dialog, made.welcome, made.wizard):
            if widget is not None:
                widget.blockSignals(True)
                widget.close()


def type_custodian_code(qtbot: QtBot, unlock: QtWidgets.QWidget, code: str) -> None:
    """The code typed in the custodian unlock open over `unlock`, and Unlock pressed."""
    dialog = unlock.findChild(CustodianUnlockDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.secret.line_edit, code)
    click(qtbot, dialog.unlock_button)


def fill_check(qtbot: QtBot, dialog: DesignateDialog) -> None:
    """Type back the groups of the custodian code the dialog asks for."""
    check = dialog.code_page.check
    groups = code_groups(dialog.code_page.code)
    for field, number in zip(check.inputs, check.groups, strict=True):
        qtbot.keyClicks(field, groups[number - 1])


def open_window(qtbot: QtBot, session: VaultSession, config: AppConfig) -> MainWindow:
    win = MainWindow(session, config)
    qtbot.addWidget(win)
    win.resize(1100, 700)
    with qtbot.waitExposed(win):
        win.show()
    return win


def open_wizard(qtbot: QtBot, win: MainWindow) -> ClosureWizard:
    """Practice ▸ Closure & custodian ▸ Closure plan…, shown."""
    wizard = win.area(ClosureActions).open_closure_wizard()
    assert isinstance(wizard, ClosureWizard)
    qtbot.waitExposed(wizard)
    return wizard


def pdf_text(path: Path, password: str | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if password:
        args += ["-upw", password]
    return subprocess.run(
        [*args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@contextmanager
def custodian_window(
    qtbot: QtBot, config: AppConfig, session: VaultSession, code: str
) -> Iterator[tuple[VaultSession, MainWindow]]:
    """The practitioner's session locked, the vault opened with a custodian's code (noted
    as the custodian unlock window does) and its main window shown; locked at the end."""
    cust = as_custodian(session, code)
    try:
        custodian.note_unlock(cust)
        win = open_window(qtbot, cust, config)
        yield cust, win
        win.request_lock()
    finally:
        cust.lock()


def practitioner_returns(
    qtbot: QtBot, config: AppConfig, back: VaultSession
) -> tuple[MainWindow, CustodianActivityDialog]:
    """The practitioner's window after a custodian used the vault, and what it shows."""
    pwin = open_window(qtbot, back, config)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in pwin.findChildren(CustodianActivityDialog)))
    seen = next(d for d in pwin.findChildren(CustodianActivityDialog) if d.isVisible())
    return pwin, seen


@contextmanager
def practitioner_back(
    qtbot: QtBot, config: AppConfig, folder: Path
) -> Iterator[tuple[VaultSession, CustodianActivityDialog]]:
    """The practitioner unlocks after a custodian: their session and the summary shown to
    them (marked seen, and the vault locked, at the end)."""
    back = open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        pwin, seen = practitioner_returns(qtbot, config, back)
        yield back, seen
        if seen.isVisible():
            click(qtbot, seen.seen_button)
        pwin.request_lock()
    finally:
        back.lock()
