"""A compaction a destruction could not finish (a full disk, a crash after the commit) is
done at the next unlock, on a worker thread, without a word to the user (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import destruction
from recordsafe.ui import operations
from recordsafe.ui.app import AppController
from recordsafe.vault import TEST_PARAMS, CreatedVault
from tests.ui.test_lock import StandInMainWindow, close_all, type_passphrase


@pytest.fixture
def controller(qtbot: QtBot, config: AppConfig) -> Iterator[AppController]:
    made = AppController(config, TEST_PARAMS, main_window_factory=StandInMainWindow)
    yield made
    close_all(made)


def test_the_next_unlock_compacts_what_is_owed(
    qtbot: QtBot, controller: AppController, created: CreatedVault
) -> None:
    session = created.session
    with session.transaction():  # as a destruction's transaction leaves it
        session.owe(destruction.COMPACTION)
    session.lock()
    controller.start(session.folder)
    type_passphrase(qtbot, controller)
    reopened = controller.session
    assert reopened is not None
    qtbot.waitUntil(lambda: not operations.any_running())
    assert not reopened.owes(destruction.COMPACTION)
