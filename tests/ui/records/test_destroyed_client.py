"""A destroyed record leaves the screen at once (issue 15): open a client, destroy them
from Retention & destruction, and their page, name and details are gone."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import retention
from recordsafe.records import cases, clients, intake, notes
from recordsafe.ui.closure.actions import ClosureActions
from recordsafe.ui.closure.destroy_dialog import DestroyDialog
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import QtWidgets
from recordsafe.vault import VaultSession


def test_the_page_of_a_destroyed_client_closes(
    qtbot: QtBot, session: VaultSession, config: AppConfig
) -> None:
    old = date(2012, 3, 4)
    cid = clients.create_client(session, "Cy Old", dob=date(1970, 1, 2), contact="1 Elm Row")
    intake.record_intake(session, cid, explained_on=old, method="in_person")
    case_id = cases.create_case(session, "individual", "Old work", [cid])
    note_id = notes.create_note(session, case_id, note_date=old, body="Ended.", subjects=[cid])
    notes.sign_note(session, note_id)
    retention.set_rule(session, retention.RetentionRule(years=7), today=date.today())
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    window.show()
    records = window.records_page
    records.client_list.reload()
    assert records.open_client(cid) is not None

    dialog = window.area(ClosureActions).open_destroy(cid)
    assert isinstance(dialog, DestroyDialog)
    dialog.certificate.setChecked(False)
    qtbot.keyClicks(dialog.typed, "Cy Old")
    with qtbot.waitSignal(dialog.destroyed, timeout=20_000):
        dialog.destroy_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert records.page is None
    assert records.right.currentWidget() is records.placeholder
    assert "destroyed" in records.placeholder.text()
    shown = " ".join(
        label.text() for label in window.findChildren(QtWidgets.QLabel) if label.isVisible()
    )
    assert "Cy Old" not in shown and "1 Elm Row" not in shown
    assert records.client_list.model.row_of(cid) is None
    for box in window.findChildren(QtWidgets.QDialog):
        box.reject()
