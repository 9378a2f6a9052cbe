"""A typed date of birth is shown as read, beside the field, before it is saved (issue 14:
"07/04/1980" was saved as 07 Apr 1980 with nothing to say which way it was read)."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from recordsafe.records import clients
from recordsafe.ui.qt import Qt
from recordsafe.ui.records.client_dialog import ClientDialog
from recordsafe.vault import VaultSession
from tests.ui.records.conftest import ok


def new_client(qtbot: QtBot, session: VaultSession) -> ClientDialog:
    dialog = ClientDialog(session)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.name_edit, "Ada Quill")
    return dialog


def typed(qtbot: QtBot, dialog: ClientDialog, text: str) -> None:
    qtbot.mouseClick(dialog.dob_edit, Qt.MouseButton.LeftButton)  # into the field
    dialog.dob_edit.clear()
    qtbot.keyClicks(dialog.dob_edit, text)


def test_the_date_is_shown_as_read_while_it_is_typed(qtbot: QtBot, session: VaultSession) -> None:
    dialog = new_client(qtbot, session)
    assert dialog.dob_reading.text() == ""
    typed(qtbot, dialog, "07/04/1980")
    assert dialog.dob_reading.text() == "= 7 April 1980"
    assert not dialog.dob_problem.isVisibleTo(dialog)
    typed(qtbot, dialog, "1980-04-07")
    assert dialog.dob_reading.text() == "= 7 April 1980"
    ok(dialog)
    (client,) = clients.list_clients(session)
    assert client.dob == date(1980, 4, 7)


def test_an_impossible_date_is_said_once_typed_out_not_on_the_way(
    qtbot: QtBot, session: VaultSession
) -> None:
    dialog = new_client(qtbot, session)
    typed(qtbot, dialog, "31/02/19")  # still typing: no reading, no complaint yet
    assert dialog.dob_reading.text() == ""
    assert not dialog.dob_problem.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.dob_edit, "80")
    assert dialog.dob_reading.text() == ""
    assert dialog.dob_problem.isVisibleTo(dialog)
    assert "not a date" in dialog.dob_problem.text()

    typed(qtbot, dialog, "yesterday")  # no year to wait for: said when the field is left
    assert not dialog.dob_problem.isVisibleTo(dialog)
    assert dialog.dob_edit.hasFocus()
    qtbot.keyClick(dialog.dob_edit, Qt.Key.Key_Tab)
    assert not dialog.dob_edit.hasFocus()
    assert dialog.dob_problem.isVisibleTo(dialog)

    typed(qtbot, dialog, "26 Jul 1956")  # put right: the message goes
    assert not dialog.dob_problem.isVisibleTo(dialog)
    assert dialog.dob_reading.text() == "= 26 July 1956"
