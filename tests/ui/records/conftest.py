"""Fixtures for the client-records windows: a workspace over a real vault."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.vault import VaultSession


@pytest.fixture
def page(qtbot: QtBot, session: VaultSession) -> Iterator[RecordsPage]:
    workspace = RecordsPage(session)
    qtbot.addWidget(workspace)
    workspace.resize(1280, 800)
    workspace.show()
    yield workspace
    for dialog in workspace.findChildren(QtWidgets.QDialog):
        dialog.reject()


def ok(dialog: QtWidgets.QDialog) -> None:
    """Press the dialog's OK-role button, as a user would."""
    buttons = dialog.findChild(QtWidgets.QDialogButtonBox)
    assert buttons is not None
    buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
