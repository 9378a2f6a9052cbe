"""The main window after unlock: the whole audit chain is checked in the background, and
every kind of tampering is shown in the red banner in plain words (what, where), audited,
while the records stay open.

The unlock check is bounded to the newest entries (`chain.UNLOCK_TAIL`, 3 here), so
edits deeper in the log are found only by the background check: this proves that path.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.audit import chain
from recordsafe.ui.audit.actions import AuditActions
from recordsafe.ui.audit.chain_check import HEADLINE
from recordsafe.ui.main_window import MainWindow
from recordsafe.vault import CreatedVault, VaultSession
from tests.audit.test_chain_tamper import tamper
from tests.vault.helpers import reopen

ENTRIES = 30


def swap_order(folder: Path, key: bytes) -> None:
    tamper(
        folder,
        key,
        "UPDATE audit_log SET seq = -1 WHERE seq = 5",
        "UPDATE audit_log SET seq = 5 WHERE seq = 6",
        "UPDATE audit_log SET seq = 6 WHERE seq = -1",
    )


# kind -> (damage, words the banner must show, found by the unlock check already)
KINDS: dict[str, tuple[Callable[[Path, bytes], None], tuple[str, ...], bool]] = {
    "edited entry": (
        lambda f, k: tamper(f, k, "UPDATE audit_log SET client_id = 77 WHERE seq = 8"),
        ("Audit entry 8 (client viewed, 20", " UTC) was altered after it was written"),
        False,
    ),
    "reordered entries": (swap_order, ("Audit entry 5", "altered"), False),
    "deleted entry": (
        lambda f, k: tamper(f, k, "DELETE FROM audit_log WHERE seq = 9"),
        ("Audit entry 9 is missing or out of order",),
        False,
    ),
    "truncated log": (
        lambda f, k: tamper(f, k, "DELETE FROM audit_log WHERE seq > 25"),
        ("entries were removed, or an older copy of vault.db was put in place",),
        True,
    ),
}


@pytest.fixture
def small_tail(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chain, "UNLOCK_TAIL", 3)


@pytest.fixture
def locked_with_log(created: CreatedVault) -> bytes:
    """A locked vault with a log of some length; returns the raw key (a keyholder's)."""
    for i in range(ENTRIES):
        created.session.record("client_viewed", client_id=i)
    key = created.session.key_for_backup()
    created.session.lock()
    return key


@pytest.fixture
def open_window(qtbot: QtBot, config: AppConfig) -> Iterator[Callable[[Path], MainWindow]]:
    sessions: list[VaultSession] = []

    def unlock_and_show(folder: Path) -> MainWindow:
        session = reopen(folder)
        sessions.append(session)
        win = MainWindow(session, config)
        qtbot.addWidget(win)
        with qtbot.waitExposed(win):
            win.show()
        qtbot.waitUntil(lambda: not win.area(AuditActions).chain_check.running, timeout=10_000)
        return win

    yield unlock_and_show
    for session in sessions:
        session.lock()


def banner_text(win: MainWindow) -> str:
    banner = win.area(AuditActions).integrity_banner
    return "\n".join((banner.headline.text(), banner.details.text(), banner.advice.text()))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_tampering_is_shown_after_unlock(
    locked_with_log: bytes,
    vault_path: Path,
    small_tail: None,
    open_window: Callable[[Path], MainWindow],
    kind: str,
) -> None:
    damage, words, at_unlock = KINDS[kind]
    damage(vault_path, locked_with_log)
    win = open_window(vault_path)
    session = win._session
    assert session is not None

    assert win.area(AuditActions).integrity_banner.isVisible()
    text = banner_text(win)
    assert HEADLINE in text
    for word in words:
        assert word in text, text
    assert "Traceback" not in text and "Error" not in text
    # The user keeps access: the client workspace is there and the vault is open.
    assert session.is_open and win.pages.currentWidget() is win.records_page
    # The finding is itself in the audit log; found only after unlock, it says so.
    checks = [e.detail.get("check") for e in chain.query(session.db, action="integrity_problem")]
    assert checks == ([None] if at_unlock else ["full_chain"])
    # "Hide" hides it for now; the finding stays in the session's reports.
    win.area(AuditActions).integrity_banner.hide_button.click()
    assert not win.area(AuditActions).integrity_banner.isVisible()
    assert not session.verify().ok


def test_an_older_copy_of_vault_db_is_shown(
    created: CreatedVault,
    vault_path: Path,
    tmp_path: Path,
    open_window: Callable[[Path], MainWindow],
) -> None:
    created.session.lock()
    old_copy = tmp_path / "old-vault.db"
    shutil.copyfile(vault_path / "vault.db", old_copy)
    session = reopen(vault_path)
    for i in range(5):
        session.record("client_viewed", client_id=i)
    session.lock()
    shutil.copyfile(old_copy, vault_path / "vault.db")

    win = open_window(vault_path)
    assert win.area(AuditActions).integrity_banner.isVisible()
    assert "an older copy of vault.db was put in place" in banner_text(win)


def test_an_intact_vault_shows_no_banner(
    locked_with_log: bytes,
    vault_path: Path,
    small_tail: None,
    open_window: Callable[[Path], MainWindow],
) -> None:
    win = open_window(vault_path)
    assert win.area(AuditActions).chain_check.findings == []  # the check ran, and found nothing
    assert not win.area(AuditActions).integrity_banner.isVisible()
    assert win._session is not None
    assert chain.query(win._session.db, action="integrity_problem") == []


def test_a_result_after_lock_is_dropped(
    locked_with_log: bytes,
    vault_path: Path,
    small_tail: None,
    qtbot: QtBot,
    config: AppConfig,
) -> None:
    KINDS["edited entry"][0](vault_path, locked_with_log)
    session = reopen(vault_path)
    win = MainWindow(session, config)
    qtbot.addWidget(win)
    win.request_lock()  # before the worker reports back
    session.lock()
    qtbot.waitUntil(lambda: not win.area(AuditActions).chain_check.running, timeout=10_000)
    # Either it finished first and found the edit, or the lock stopped it (the lock waits
    # for its connection): both ways nobody is left to tell, and nothing is written.
    assert win.area(AuditActions).chain_check.findings is not None
    again = reopen(vault_path)  # no crash, nothing written; the next unlock checks again
    try:
        assert chain.query(again.db, action="integrity_problem") == []
    finally:
        again.lock()
