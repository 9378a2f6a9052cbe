"""Walk finding: on a custodian's first unlock on a computer with no keyring, the keyring
warning popped up on top of the first-unlock information. The messages of an unlock now
come one after the other: the next when the last is closed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import custodian
from recordsafe.ui.app import AppController
from recordsafe.ui.qt import QtWidgets
from recordsafe.vault import CreatedVault
from tests.closure.conftest import CUSTODIAN_FORM
from tests.ui.closure.helpers import real_app, type_custodian_code


@pytest.fixture
def controller(config: AppConfig) -> Iterator[AppController]:
    with real_app(config) as made:
        yield made


def shown_boxes(window: QtWidgets.QWidget) -> list[QtWidgets.QMessageBox]:
    return [b for b in window.findChildren(QtWidgets.QMessageBox) if b.isVisible()]


def test_the_keyring_warning_waits_for_the_first_unlock_information(
    no_keyring: None, qtbot: QtBot, controller: AppController, created: CreatedVault
) -> None:
    code = custodian.designate(created.session, CUSTODIAN_FORM).code
    folder = created.session.folder
    created.session.lock()

    controller.show_custodian_unlock(folder)
    assert controller.unlock_dialog is not None
    type_custodian_code(qtbot, controller.unlock_dialog, code)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=30_000)
    window = controller.main_window
    assert window is not None
    qtbot.waitUntil(lambda: bool(shown_boxes(window)))

    [first] = shown_boxes(window)  # one at a time, never one over another
    assert "first time this custodian code was used" in first.text()
    assert first.icon() == QtWidgets.QMessageBox.Icon.Information
    first.accept()
    qtbot.waitUntil(lambda: bool(shown_boxes(window)))
    [second] = shown_boxes(window)
    assert "keyring" in second.text()
    second.accept()
    qtbot.waitUntil(lambda: not shown_boxes(window))
    controller.lock()
