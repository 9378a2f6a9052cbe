"""The item table's rows fit their text at the table's real width (issue 16: the first
row could be about 500 px tall, mostly blank)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.disclosure.conftest import give_consent
from tests.ui.disclosure.conftest import World, fill_request, open_dialog


def test_rows_are_no_taller_than_their_text(qtbot: QtBot, world: World) -> None:
    give_consent(world.session, world.clients["ada"])
    dialog = open_dialog(qtbot, world, "ada", whole_record=True)
    dialog.resize(900, 640)
    fill_request(dialog)
    dialog.next()
    table = dialog.items_page.table
    model = dialog.model
    assert model is not None and model.rowCount() > 3

    least = table.verticalHeader().minimumSectionSize()

    def rows_fit() -> bool:
        # At the columns' real widths each row is as tall as its text needs, no more.
        return all(
            abs(table.rowHeight(r) - max(table.sizeHintForRow(r), least)) <= 2
            for r in range(model.rowCount())
        )

    qtbot.waitUntil(rows_fit)
    # A narrower window wraps the reasons onto more lines: the rows follow.
    dialog.resize(600, 640)
    qtbot.waitUntil(rows_fit)
