"""A typed date of birth is shown as read, beside the field, before it is saved (issue 14:
"07/04/1980" was saved as 07 Apr 1980 with nothing to say which way it was read)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.records import clients
from recordsafe.ui.qt import Qt, QtCore
from recordsafe.ui.records.client_dialog import ClientDialog
from recordsafe.ui.widgets.dates import parse_typed_day
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


def system_locale(name: str) -> Iterator[None]:
    """The computer set up for `name` (as the system locale) for one test."""
    before = QtCore.QLocale()
    QtCore.QLocale.setDefault(QtCore.QLocale(name))
    yield
    QtCore.QLocale.setDefault(before)


@pytest.fixture
def us_locale() -> Iterator[None]:
    """A computer set up for the US: dates in numbers are written month first."""
    yield from system_locale("en_US")


@pytest.fixture
def uk_locale() -> Iterator[None]:
    yield from system_locale("en_GB")


@pytest.mark.usefixtures("us_locale")
def test_in_the_us_a_slash_date_is_read_month_first(qtbot: QtBot, session: VaultSession) -> None:
    dialog = new_client(qtbot, session)
    assert "07/26/1956" in dialog.dob_edit.placeholderText()  # the example in that order
    typed(qtbot, dialog, "07/04/1980")
    assert dialog.dob_reading.text() == "= 4 July 1980"
    typed(qtbot, dialog, "26/07/1956")  # the day first: said, with the way to write it
    assert dialog.dob_reading.text() == ""
    assert "type the month first (07/26/1956)" in dialog.dob_problem.text()
    typed(qtbot, dialog, "02/31/1980")
    assert "February 1980 has no day 31" in dialog.dob_problem.text()
    typed(qtbot, dialog, "31/02/1980")  # no day either way round: the order is said
    assert "type the month first (MM/DD/YYYY)" in dialog.dob_problem.text()
    typed(qtbot, dialog, "07/04/1980")
    ok(dialog)
    (client,) = clients.list_clients(session)
    assert client.dob == date(1980, 7, 4)


@pytest.mark.usefixtures("uk_locale")
def test_elsewhere_a_slash_date_is_read_day_first(qtbot: QtBot, session: VaultSession) -> None:
    dialog = new_client(qtbot, session)
    assert "26/07/1956" in dialog.dob_edit.placeholderText()
    typed(qtbot, dialog, "07/04/1980")
    assert dialog.dob_reading.text() == "= 7 April 1980"
    typed(qtbot, dialog, "07/26/1956")
    assert "type the day first (26/07/1956)" in dialog.dob_problem.text()
    typed(qtbot, dialog, "31/02/1980")
    assert "February 1980 has no day 31" in dialog.dob_problem.text()


@pytest.mark.usefixtures("us_locale")
def test_the_typed_day_reader_follows_the_locale() -> None:
    assert parse_typed_day("12/03/2026") == date(2026, 12, 3)
    assert parse_typed_day("3 December 2026") == date(2026, 12, 3)  # words: either way
    assert parse_typed_day("2026-12-03") == date(2026, 12, 3)
    with pytest.raises(ValueError, match=r"type it like .*12/03/2026"):
        parse_typed_day("last Tuesday")
