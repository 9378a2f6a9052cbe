"""Consents about to expire: the Practice window, the banner on unlock, the menu."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.disclosure import consents, requests
from recordsafe.ui.disclosure.actions import DisclosureActions
from recordsafe.ui.disclosure.expiring_window import NONE_SOON, ExpiringWindow
from recordsafe.ui.disclosure.followups_window import FollowupsWindow
from recordsafe.ui.disclosure.requests_window import RequestsWindow
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import QtGui, QtWidgets
from recordsafe.vault import VaultSession
from tests.disclosure.conftest import TODAY, World, consent_form, give_consent


def test_the_list_shows_a_consent_expiring_in_10_days_not_one_in_90(
    qtbot: QtBot, world: World
) -> None:
    ada, mr = world.clients["ada"], world.clients["mr"]
    give_consent(world.session, ada, expires_on=TODAY + timedelta(days=10))
    give_consent(world.session, mr, expires_on=TODAY + timedelta(days=90), recipient_name="X")
    window = ExpiringWindow(world.session, today=TODAY)
    qtbot.addWidget(window)
    assert window.table.rowCount() == 1
    row = [window.table.item(0, c).text() for c in range(5)]
    assert row == ["Ada Wren", "Dr Lee", "Treatment", "11 Jun 2025", "10 days left"]
    later = ExpiringWindow(world.session, today=TODAY + timedelta(days=70))
    qtbot.addWidget(later)
    assert [later.table.item(0, 0).text()] == ["Mr Smith"]
    none = ExpiringWindow(world.session, today=TODAY + timedelta(days=100))
    qtbot.addWidget(none)
    assert none.table.rowCount() == 0
    assert none.findChild(QtWidgets.QLabel, "expiringEmpty").text() == NONE_SOON


@pytest.fixture
def window(qtbot: QtBot, world: World, config: AppConfig) -> Iterator[MainWindow]:
    today = date.today()
    consents.record_consent(
        world.session,
        consent_form(
            world.clients["ada"], signed_on=today - timedelta(days=300),
            expires_on=today + timedelta(days=10),
        ),
        today=today,
    )  # fmt: skip
    win = MainWindow(world.session, config)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    yield win


def test_banner_on_unlock_and_practice_menu(qtbot: QtBot, window: MainWindow) -> None:
    banner = window.area(DisclosureActions).expiring_banner
    assert banner.isVisible()
    assert banner.label.text().startswith("1 consent expires within 30 days.")
    banner.show_button.click()
    shown = [d for d in window.findChildren(ExpiringWindow) if d.isVisible()]
    assert len(shown) == 1
    assert shown[0].table.rowCount() == 1
    shown[0].reject()
    banner.later_button.click()
    assert not banner.isVisible()

    entries = [a.text().replace("&", "") for a in window.menu("practice").actions()]
    for text in ("Requests due…", "Follow-ups…", "Consents expiring soon…"):
        assert text in entries
    requests_window = window.area(DisclosureActions).open_requests_due()
    assert isinstance(requests_window, RequestsWindow)
    assert requests_window.isVisible()
    requests_window.reject()
    followups_window = window.area(DisclosureActions).open_followups()
    assert isinstance(followups_window, FollowupsWindow)
    followups_window.reject()


def test_disclosure_windows_close_on_lock(qtbot: QtBot, window: MainWindow) -> None:
    opened = window.area(DisclosureActions).open_expiring_consents()
    assert opened is not None and opened.isVisible()
    window.request_lock()
    assert not opened.isVisible()
    assert opened._session is None


def test_no_banner_without_expiring_consents(
    qtbot: QtBot, session: VaultSession, config: AppConfig
) -> None:
    win = MainWindow(session, config)
    qtbot.addWidget(win)
    win.show()
    assert not win.area(DisclosureActions).expiring_banner.isVisible()


def test_a_consent_dialog_gets_ctrl_l_and_closes_on_lock(
    qtbot: QtBot, window: MainWindow, world: World
) -> None:
    page = window.records_page.open_client(world.clients["ada"])
    assert page is not None
    dialog = page.consents_tab.new_consent()
    assert dialog is not None and dialog.isVisible()
    shortcuts = [s.key().toString() for s in dialog.findChildren(QtGui.QShortcut)]
    assert "Ctrl+L" in shortcuts
    window.request_lock()
    assert not dialog.isVisible()
    assert window.is_locked


def test_a_dialog_opened_from_a_practice_window_forgets_the_session_on_lock(
    qtbot: QtBot, window: MainWindow, world: World
) -> None:
    requests.receive(
        world.session, world.clients["ada"], "own_records", received_on=date.today(),
        today=date.today(),
    )  # fmt: skip
    due = window.area(DisclosureActions).open_requests_due()
    assert isinstance(due, RequestsWindow)
    extend = due.extend_selected()
    assert extend is not None and extend.isVisible()
    window.request_lock()
    assert not extend.isVisible()
    assert extend._session is None
