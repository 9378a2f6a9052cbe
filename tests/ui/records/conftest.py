"""Fixtures for the client-records windows: a workspace over a real vault."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.records import cases, clients, intake
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


def couple_with_agreement(session: VaultSession, names: tuple[str, str]) -> tuple[list[int], int]:
    """Two clients with an intake and their couple case, its agreement recorded."""
    day = date(2025, 1, 6)
    ids = []
    for name in names:
        cid = clients.create_client(session, name)
        intake.record_intake(session, cid, explained_on=day, method="in_person")
        ids.append(cid)
    case_id = cases.create_case(session, "couple", "Couple work", ids)
    cases.record_agreement(
        session,
        case_id,
        policy="no_secrets",
        text="Nothing is kept secret.",
        agreed_on=dict.fromkeys(ids, day),
    )
    return ids, case_id
