"""A destroyed record leaves the screen at once (issue 15): open a client, destroy them
from Retention & destruction, and their page, name and details are gone."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.closure import retention
from recordsafe.disclosure import consents
from recordsafe.records import cases, clients, intake, notes
from recordsafe.ui.closure.actions import ClosureActions
from recordsafe.ui.closure.destroy_dialog import DestroyDialog
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import QtWidgets
from recordsafe.vault import VaultSession


def _old_client(session: VaultSession, name: str, old: date) -> int:
    """A client last seen in 2012, with a retention rule that makes the record due."""
    cid = clients.create_client(session, name, dob=date(1970, 1, 2), contact="1 Elm Row")
    intake.record_intake(session, cid, explained_on=old, method="in_person")
    case_id = cases.create_case(session, "individual", "Old work", [cid])
    note_id = notes.create_note(session, case_id, note_date=old, body="Ended.", subjects=[cid])
    notes.sign_note(session, note_id)
    retention.set_rule(session, retention.RetentionRule(years=7), today=date.today())
    return cid


def _destroy(qtbot: QtBot, window: MainWindow, cid: int, name: str) -> None:
    """Destroy the record through the real dialog, as the practitioner does."""
    dialog = window.area(ClosureActions).open_destroy(cid)
    assert isinstance(dialog, DestroyDialog)
    dialog.certificate.setChecked(False)
    qtbot.keyClicks(dialog.typed, name)
    with qtbot.waitSignal(dialog.record_destroyed, timeout=20_000) as destroyed:
        dialog.destroy_button.click()
    assert destroyed.args == [[cid]]
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_page_of_a_destroyed_client_closes(
    qtbot: QtBot, session: VaultSession, config: AppConfig
) -> None:
    cid = _old_client(session, "Cy Old", date(2012, 3, 4))
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    window.show()
    records = window.records_page
    records.client_list.reload()
    assert records.open_client(cid) is not None

    _destroy(qtbot, window, cid, "Cy Old")

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


def test_every_view_of_a_destroyed_client_closes_when_a_consent_keeps_a_tombstone(
    qtbot: QtBot, session: VaultSession, config: AppConfig
) -> None:
    """The common case: a kept consent holds the client's row as a tombstone, so the
    client still 'exists'; the page, the search results and the windows about them close."""
    old = date(2012, 3, 4)
    cid = _old_client(session, "Di Kept", old)
    consents.record_consent(
        session,
        consents.ConsentForm(
            client_id=cid, recipient_name="Dr Lee", purposes=("treatment",), signed_on=old,
            disclosing_party="The practice", kinds=("progress",),
            expires_on=date(2013, 3, 4), expiry_event="", states_right_to_revoke=True,
            states_conditioning=True, states_redisclosure=True,
        ),
        today=old,
    )  # fmt: skip
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    window.show()
    records = window.records_page
    records.client_list.reload()
    page = records.open_client(cid)
    assert page is not None
    accounting = page.consents_tab.open_accounting()
    assert accounting is not None and accounting.isVisible()
    qtbot.keyClicks(records.client_list.search_edit, "Di Kept")
    records.client_list.run_search()
    assert records.client_list.results is not None and records.client_list.results.clients

    _destroy(qtbot, window, cid, "Di Kept")

    assert clients.client_exists(session, cid)  # the tombstone: the page closes anyway
    assert records.page is None
    assert "destroyed" in records.placeholder.text()
    assert not accounting.isVisible()
    results = records.client_list.results
    assert results is None or all(hit.client_id != cid for hit in results.clients)
    shown = " ".join(w.text() for w in window.findChildren(QtWidgets.QLabel) if w.isVisible())
    assert "Di Kept" not in shown and "1 Elm Row" not in shown
    for box in window.findChildren(QtWidgets.QDialog):
        box.reject()
