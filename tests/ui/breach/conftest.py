"""The breach windows over a real vault: a practice with a release of three clients."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.ui.breach.incident_wizard import IncidentWizard
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from recordsafe.ui.qt import QtWidgets
from recordsafe.vault import VaultSession
from tests.breach.conftest import Practice, make_practice

Button = QtWidgets.QWizard.WizardButton


@pytest.fixture
def practice(session: VaultSession) -> Practice:
    return make_practice(session)


@pytest.fixture
def register_dialog(qtbot: QtBot, practice: Practice) -> Iterator[BreachRegisterDialog]:
    dialog = BreachRegisterDialog(practice.session)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    for child in dialog.findChildren(QtWidgets.QDialog):
        child.reject()


def press(wizard: IncidentWizard, which: QtWidgets.QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    button.click()


def shoot(widget: QtWidgets.QWidget, name: str) -> None:
    """Save what the user sees when RECORDSAFE_SHOTS names a folder (to look at by eye)."""
    folder = os.environ.get("RECORDSAFE_SHOTS")
    if folder:
        for _ in range(5):
            QtWidgets.QApplication.processEvents()
            QtWidgets.QApplication.sendPostedEvents()
        widget.grab().save(str(Path(folder) / f"breach-{name}.png"))
