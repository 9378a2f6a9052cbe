"""Online searches: refused without a compelling reason or a consent, recorded with both."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from recordsafe.disclosure import consents, searches
from recordsafe.ui.disclosure.consents_tab import HIDDEN_REASON, NO_SEARCHES, ConsentsTab
from recordsafe.ui.disclosure.search_dialog import NO_CONSENT, SearchDialog
from tests.disclosure.conftest import World, give_consent
from tests.ui.disclosure.conftest import audit_actions, ok

REASON = "She reported threats posted about her; checking them to assess the risk."


def open_search(tab: ConsentsTab) -> SearchDialog:
    tab.findChild(type(tab.new_button), "newSearch").click()
    dialog = tab.dialog
    assert isinstance(dialog, SearchDialog)
    return dialog


def test_a_search_is_refused_without_reason_or_consent(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    assert tab.searches_list.item(0).text() == NO_SEARCHES
    consent_id = give_consent(world.session, world.clients["ada"], purposes=("online_search",))
    tab.refresh()
    dialog = open_search(tab)
    assert dialog.consent_combo.currentText() == NO_CONSENT
    ok(dialog)
    assert dialog.isVisible()
    assert "compelling professional reason" in dialog.error_label.text()
    dialog.reason_edit.setPlainText(REASON)
    ok(dialog)
    assert dialog.isVisible()
    assert "needs the client's consent" in dialog.error_label.text()
    assert searches.list_searches(world.session, world.clients["ada"]) == []

    dialog.consent_combo.setCurrentIndex(dialog.consent_combo.findData(consent_id))
    ok(dialog)
    assert not dialog.isVisible()
    found = searches.list_searches(world.session, world.clients["ada"])
    assert [(s.reason, s.consent_id) for s in found] == [(REASON, consent_id)]
    assert "online_search_recorded" in audit_actions(world)
    assert tab.searches_list.item(0).text() == (
        f"01 Jun 2025 · {REASON} (consent signed 01 Apr 2025)"
    )
    tab.set_privacy_mode(True)
    assert HIDDEN_REASON in tab.searches_list.item(0).text()
    assert REASON not in tab.searches_list.item(0).text()
    private = open_search(tab)
    assert private.windowTitle() == "Record an online search — A. W."
    private.reject()


def test_a_revoked_consent_does_not_carry_a_search(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    consent_id = give_consent(world.session, world.clients["ada"], purposes=("online_search",))
    consents.revoke(world.session, consent_id, on=date(2025, 5, 1), received_how="Letter")
    tab.refresh()
    dialog = open_search(tab)
    assert "Revoked" in dialog.consent_combo.itemText(1)
    dialog.reason_edit.setPlainText(REASON)
    dialog.consent_combo.setCurrentIndex(1)
    ok(dialog)
    assert dialog.isVisible()
    assert "not valid on the day of the search" in dialog.error_label.text()


def test_only_consents_to_searching_are_offered(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    """A consent to release records to a doctor is not listed; the dialog says what is
    missing, and once a consent to searching is recorded it is the one offered."""
    ada = world.clients["ada"]
    give_consent(world.session, ada, purposes=("treatment",))
    tab.refresh()
    dialog = open_search(tab)
    assert [dialog.consent_combo.itemText(i) for i in range(dialog.consent_combo.count())] == [
        NO_CONSENT
    ]
    missing = dialog.missing_label
    assert missing.isVisible()
    assert "None of this client's consents covers searching online" in missing.text()
    assert "a consent for other purposes does not count" in missing.text()
    assert searches.SEARCH_PURPOSE_LABEL in missing.text()
    dialog.reject()

    to_search = give_consent(world.session, ada, purposes=("online_search",))
    tab.refresh()
    dialog = open_search(tab)
    assert dialog.consent_combo.count() == 2
    assert dialog.consent_combo.itemData(1) == to_search
    assert not dialog.missing_label.isVisible()
    dialog.reason_edit.setPlainText(REASON)
    dialog.consent_combo.setCurrentIndex(1)
    ok(dialog)
    assert not dialog.isVisible()
    assert [s.consent_id for s in searches.list_searches(world.session, ada)] == [to_search]
