"""Issue 16 (walker 32, 62, 67, 120): the gate's windows write a day one way ("04 Mar
2025"), never the PDF's long form beside it; the PDF keeps its long form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.disclosure import court_orders
from recordsafe.ui.disclosure.consents_tab import ConsentsTab
from tests.disclosure.conftest import TODAY
from tests.ui.disclosure.conftest import World, fill_request, open_dialog, save_and_read

COURT = "Cumberland County Superior Court"


def test_windows_write_the_day_one_way_and_the_pdf_the_long_form(
    qtbot: QtBot, world: World, tab: ConsentsTab, tmp_path: Path
) -> None:
    order = court_orders.record_court_order(
        world.session,
        world.clients["ada"],
        court=COURT,
        ordered_on=date(2025, 3, 20),
        items=[("note", world.note_id("ada_progress"))],
        scope="",
        today=TODAY,
    )
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    fill_request(dialog, recipient="Clerk of the court", purpose="legal", requested_by="court")
    combo = dialog.request_page.legal_box.court_order_combo
    index = combo.findData(order)
    assert combo.itemText(index) == f"{COURT}, 20 Mar 2025"
    combo.setCurrentIndex(index)
    dialog.next()
    assert dialog.model is not None
    label = str(dialog.model.data(dialog.model.index(0, 1)))
    assert label.startswith("Progress note, 04 Mar 2025"), label
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    cover = " ".join(save_and_read(qtbot, dialog, tmp_path / "ordered.pdf")[0].split())
    assert f"{COURT}, 20 March 2025" in cover  # the PDF keeps the long form
    window = tab.open_accounting()
    assert window is not None
    purpose = window.table.item(window.table.rowCount() - 1, 3).text()
    assert purpose == f"Legal proceedings (court order: {COURT}, 20 Mar 2025)", purpose
