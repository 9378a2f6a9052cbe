"""Menu mnemonics: Alt+letter opens a menu, then one letter picks an entry, in every menu and
submenu of the main window, for the practitioner and for a records custodian.

Only what the user sees counts: a hidden entry (the custodian's own passphrase, in the
practitioner's menus) takes no letter. A disabled one does (it is shown, greyed).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import custodian
from recordsafe.ui.closure.actions import ClosureActions
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import QtGui, QtWidgets
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault
from tests.ui.test_keyboard import mnemonic


def open_window(qtbot: QtBot, session: VaultSession, config: AppConfig) -> MainWindow:
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    with qtbot.waitExposed(window):
        window.show()
    return window


@pytest.fixture(params=["practitioner", "custodian"])
def window(
    request: pytest.FixtureRequest, qtbot: QtBot, session: VaultSession, config: AppConfig
) -> Iterator[MainWindow]:
    if request.param == "practitioner":
        yield open_window(qtbot, session, config)
        return
    made = custodian.designate(
        session, custodian.CustodianForm("primary", "Dr Rosa Vega", contact="x")
    )
    folder = session.folder
    session.lock()
    cust = open_vault(folder, made.code, kinds=("custodian",), kdf=TEST_PARAMS)
    try:
        win = open_window(qtbot, cust, config)
        assert win.area(
            ClosureActions
        ).custodian_passphrase_action.isVisible()  # the custodian's menus
        yield win
        win.request_lock()
    finally:
        cust.lock()


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def menus_under(menu: QtWidgets.QMenu) -> Iterator[tuple[str, QtWidgets.QMenu]]:
    """The menu and each of its submenus, with a path for messages ("Practice > Closure")."""
    yield plain(menu.title()), menu
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QtWidgets.QMenu) and action.isVisible():
            for path, found in menus_under(sub):
                yield f"{plain(menu.title())} > {path}", found


def shown(menu: QtWidgets.QMenu) -> list[QtGui.QAction]:
    return [a for a in menu.actions() if a.isVisible() and not a.isSeparator()]


def test_every_menu_has_one_entry_per_letter(window: MainWindow) -> None:
    bar = window.menuBar()
    tops = [a for a in bar.actions() if a.isVisible()]
    letters = [mnemonic(a.text()) for a in tops]
    assert all(letters) and len(set(letters)) == len(letters), letters
    menus = [
        found
        for top in tops
        if isinstance(top.menu(), QtWidgets.QMenu)
        for found in menus_under(top.menu())  # type: ignore[arg-type]
    ]
    assert len(menus) >= 5  # Vault, Clients, Practice, its Closure submenu, Help
    for path, menu in menus:
        entries = shown(menu)
        missing = [a.text() for a in entries if not mnemonic(a.text())]
        assert not missing, f"no mnemonic in {path}: {missing}"
        taken: dict[str, str] = {}
        for action in entries:
            letter = mnemonic(action.text())
            assert letter not in taken, (
                f"{path}: {taken.get(letter)!r} and {action.text()!r} both use Alt+{letter}"
            )
            taken[letter] = action.text()


def test_the_practice_menu_holds_what_it_grew(window: MainWindow) -> None:
    """The entries the brief lists are all there (so the check above covers them)."""
    names = {a.objectName() for a in shown(window.menu("practice"))}
    assert {
        "auditLogAction",
        "practiceDetailsAction",
        "clientFieldsAction",
        "requestsDueAction",
        "followupsAction",
        "expiringAction",
        "breachReportAction",
        "breachRegisterAction",
        "settingsAction",
    } <= names
    assert window.menu("closure").menuAction() in window.menu("practice").actions()
    closure = {a.objectName() for a in shown(window.menu("closure"))}
    assert {"custodiansAction", "closurePlanAction", "retentionAction"} <= closure
