"""Advice names real menu entries: a finding at unlock and the audit check's banner point to
Vault ▸ Verify vault… for the report and to Vault ▸ Security & keys…, where findings are
reviewed; the status bar names the custodian who is working, as the banner does."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import custodian
from recordsafe.ui import app
from recordsafe.ui.audit import chain_check
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import QtWidgets
from recordsafe.vault import TEST_PARAMS, CreatedVault, VaultSession, open_vault
from tests.closure.conftest import CUSTODIAN_FORM

MENU_PATH = re.compile(r"(\w+) ▸ ([^.,;(]+?…)")


def menu_paths(window: MainWindow) -> set[str]:
    """'Vault ▸ Verify vault…' for every entry of every menu of the real window."""
    found = set()
    for menu in window.menuBar().findChildren(QtWidgets.QMenu):
        title = menu.title().replace("&", "")
        for action in menu.actions():
            text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            found.add(f"{title} ▸ {text}")
    return found


def test_integrity_advice_points_to_verify_and_to_security_and_keys(
    qtbot: QtBot, session: VaultSession, config: AppConfig
) -> None:
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    real = menu_paths(window)
    for advice in (app.INTEGRITY_ADVICE, chain_check.ADVICE):
        named = {f"{menu} ▸ {entry}" for menu, entry in MENU_PATH.findall(advice)}
        assert {"Vault ▸ Verify vault…", "Vault ▸ Security & keys…"} <= named, advice
        assert named <= real, named - real
    window.request_lock()


def test_the_status_bar_names_the_custodian_at_work(
    qtbot: QtBot, created: CreatedVault, vault_path: Path, config: AppConfig
) -> None:
    code = custodian.designate(created.session, CUSTODIAN_FORM).code
    created.session.lock()
    session = open_vault(vault_path, code, kinds=("custodian",), kdf=TEST_PARAMS)
    try:
        window = MainWindow(session, config)
        qtbot.addWidget(window)
        assert window.role_label.text() == f"{CUSTODIAN_FORM.name}, records custodian"
        window.request_lock()
    finally:
        session.lock()
