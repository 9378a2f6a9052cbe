"""Issue 15, dates a person reads in the closure windows and PDFs: one format in windows
(widgets.dates.format_day: '04 Mar 2019'), the long form in PDFs ('4 March 2019'), never
an ISO date."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.closure import destruction, retention
from recordsafe.outputs.pdf_layout import long_date
from recordsafe.ui.closure.destroy_dialog import DestroyDialog
from recordsafe.ui.closure.retention_dialog import COLUMNS, LOG_COLUMNS, RetentionDialog
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import format_day
from tests.closure.conftest import TODAY, Practice
from tests.closure.test_retention_destruction import RULE
from tests.ui.closure.helpers import pdf_text

ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
KEPT_UNTIL = date(2019, 3, 4)  # Ada's, under RULE: a day below 10 shows the difference


def test_retention_and_destroy_windows_write_days_one_way(qtbot: QtBot, practice: Practice) -> None:
    session = practice.session
    retention.set_rule(session, RULE, today=TODAY)
    ada = practice.clients["ada"]
    dialog = RetentionDialog(session, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.select_client(ada)
    row = dialog.table.currentRow()
    assert dialog.table.item(row, COLUMNS.index("Keep until")).text() == format_day(KEPT_UNTIL)
    destroy = DestroyDialog(session, ada, parent=dialog, today=TODAY)
    shown = " ".join(label.text() for label in destroy.findChildren(QtWidgets.QLabel))
    assert f"kept until {format_day(KEPT_UNTIL)}" in shown
    destroy.reject()
    entry = destruction.destroy(session, ada, typed_name="Ada Wren", today=TODAY)
    dialog.refresh()
    born = dialog.log_table.item(0, LOG_COLUMNS.index("Born")).text()
    assert born == format_day(entry.client_dob)
    assert dialog.log_table.item(0, LOG_COLUMNS.index("Destroyed on")).text() == format_day(TODAY)
    dialog.close()


def test_the_certificate_writes_every_day_in_full(practice: Practice, tmp_path: Path) -> None:
    session = practice.session
    retention.set_rule(session, RULE, today=TODAY)
    entry = destruction.destroy(
        session, practice.clients["ada"], typed_name="Ada Wren", today=TODAY
    )
    target = tmp_path / "certificate.pdf"
    password = destruction.save_certificate(session, entry, target)
    text = " ".join(pdf_text(target, password).split())
    assert f"Made by RecordSafe on {long_date(date.today())}." in text
    assert f"Kept until {long_date(KEPT_UNTIL)}" in text
    assert not ISO_DAY.search(text), ISO_DAY.findall(text)
