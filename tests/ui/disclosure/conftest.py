"""Fixtures for the disclosure windows: the gate tests' small practice (Ada, the Smiths,
Bob) in a real vault, and Ada's Consents tab on a fixed "today"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.ui.disclosure.consents_tab import ConsentsTab
from recordsafe.ui.qt import QtWidgets
from tests.disclosure.conftest import TODAY, World, world  # noqa: F401 (the fixture)


@pytest.fixture
def tab(qtbot: QtBot, world: World) -> Iterator[ConsentsTab]:  # noqa: F811
    widget = ConsentsTab(world.session, world.clients["ada"], "Ada Wren", today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    yield widget
    for dialog in widget.findChildren(QtWidgets.QDialog):
        dialog.reject()


def ok(dialog: QtWidgets.QDialog) -> None:
    """Press the dialog's OK-role button, as a user would."""
    buttons = dialog.findChild(QtWidgets.QDialogButtonBox)
    assert buttons is not None
    buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()


def audit_actions(world: World) -> list[str]:  # noqa: F811
    rows = world.session.db.execute("SELECT action FROM audit_log ORDER BY seq")
    return [str(r[0]) for r in rows]
