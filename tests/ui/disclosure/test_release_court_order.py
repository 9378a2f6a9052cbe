"""A court-ordered release cites the order (court, date, what it says) on its cover sheet
and in the accounting (issue 16)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.disclosure import accounting, contents, court_orders
from recordsafe.disclosure.gate import Item
from tests.disclosure.conftest import TODAY
from tests.ui.disclosure.conftest import World, fill_request, open_dialog, save_and_read

COURT = "Cumberland County Superior Court, docket 24-118"
SAYS = "Produce the progress notes of March 2025"


def test_the_order_is_cited_on_the_cover_and_in_the_accounting(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    session, ada = world.session, world.clients["ada"]
    order = court_orders.record_court_order(
        session,
        ada,
        court=COURT,
        ordered_on=date(2025, 5, 20),
        items=[("note", world.note_id("ada_progress"))],
        scope=SAYS,
        today=TODAY,
    )
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    fill_request(dialog, recipient="Clerk of the court", purpose="legal", requested_by="court")
    combo = dialog.request_page.legal_box.court_order_combo
    combo.setCurrentIndex(combo.findData(order))
    dialog.next()
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    cover = " ".join(save_and_read(qtbot, dialog, tmp_path / "ordered.pdf")[0].split())
    assert "Court order" in cover
    for cited in ("Cumberland County Superior Court", "20 May 2025", "progress notes of March"):
        assert cited in cover, cited

    [entry] = accounting.accounting_for(session, ada, today=TODAY)
    assert entry.court_order is not None
    for cited in (COURT, "20 May 2025", SAYS):
        assert cited in entry.court_order
        assert cited in entry.purpose_label
    [printed] = contents.release_items(session, [Item("accounting", ada)], today=TODAY)
    assert COURT in printed.body and SAYS in printed.body
