"""The audit log viewer: lazy pages, filters, plain labels, the chain check (the encrypted
export: test_audit_export.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.audit.actions import action_label
from recordsafe.audit.words import detail_words
from recordsafe.ui.audit.audit_log_dialog import AuditLogDialog, period_range
from recordsafe.ui.audit.audit_log_model import PAGE, AuditFilter, AuditLogModel
from recordsafe.ui.qt import QtCore, QtWidgets
from recordsafe.vault import VaultSession

ROOT = QtCore.QModelIndex()


@pytest.fixture
def busy_log(session: VaultSession) -> VaultSession:
    """450 entries beyond the vault's own: client views for clients 1-5, some searches."""
    with session.bulk(), session.transaction():
        for i in range(450):
            if i % 10 == 0:
                session.record("search", None, count=i)
            else:
                session.record("client_viewed", client_id=1 + i % 5)
    return session


def seqs(model: AuditLogModel) -> list[int]:
    return [model.entry(row).seq for row in range(model.rowCount())]


def total_entries(session: VaultSession) -> int:
    return int(session.db.scalar("SELECT count(*) FROM audit_log"))


def test_model_fetches_lazily_newest_first(qtbot: QtBot, busy_log: VaultSession) -> None:
    model = AuditLogModel(busy_log)
    assert model.rowCount() == PAGE
    assert model.canFetchMore(ROOT)
    model.fetchMore(ROOT)
    assert model.rowCount() == 2 * PAGE
    model.fetch_all()
    assert not model.canFetchMore(ROOT)
    assert model.rowCount() == total_entries(busy_log)
    order = seqs(model)
    assert order == sorted(order, reverse=True)


def test_entries_written_while_viewing_are_not_shown_twice(busy_log: VaultSession) -> None:
    model = AuditLogModel(busy_log)
    for _ in range(5):
        busy_log.record("client_viewed", client_id=2)
    model.fetch_all()
    order = seqs(model)
    assert len(order) == len(set(order))
    assert order == sorted(order, reverse=True)
    assert order[-1] == 1


def test_filters_re_query(busy_log: VaultSession) -> None:
    model = AuditLogModel(busy_log)
    model.set_filter(AuditFilter(client_id=3))
    model.fetch_all()
    assert model.rowCount() == 90
    assert {model.entry(r).client_id for r in range(model.rowCount())} == {3}

    model.set_filter(AuditFilter(action="search"))
    model.fetch_all()
    assert model.rowCount() == 45
    assert {model.display_text(model.entry(r), 2) for r in range(45)} == {"Searched the records"}

    today = date.today()
    since, until = period_range(1, today, today)
    model.set_filter(AuditFilter(since=since, until=until))
    model.fetch_all()
    assert model.rowCount() == total_entries(busy_log)

    since, until = period_range(4, today - timedelta(days=9), today - timedelta(days=3))
    model.set_filter(AuditFilter(since=since, until=until))
    assert model.rowCount() == 0 and not model.canFetchMore(ROOT)


def test_labels_are_plain_words(busy_log: VaultSession) -> None:
    assert action_label("client_viewed") == "Viewed client record"
    assert action_label("unlock_failed") == "Failed unlock attempt"
    assert action_label("something_new_2031") == "Something new 2031"
    model = AuditLogModel(busy_log)
    row = model.entry(0)
    assert model.data(model.index(0, 2)) == action_label(row.action)
    assert model.data(model.index(0, 1)) == "Practitioner"
    assert model.headerData(0, QtCore.Qt.Orientation.Horizontal) == "When"
    last = model.rowCount()
    model.fetch_all()
    assert model.rowCount() > last
    first_entry = model.entry(model.rowCount() - 1)
    assert first_entry.action == "vault_created"
    assert model.data(model.index(model.rowCount() - 1, 2)) == "Vault created"


def test_detail_words_are_compact() -> None:
    text = detail_words({"slot": "3f2a9c1b-0000-4000-8000-000000000000", "kind": "passphrase"})
    assert text == "kind: passphrase · key: 3f2a9c1b"
    assert detail_words({}) == ""
    assert len(detail_words({"fields": ["x" * 50] * 10})) <= 160


def open_dialog(qtbot: QtBot, session: VaultSession) -> AuditLogDialog:
    dialog = AuditLogDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_viewing_is_recorded(qtbot: QtBot, busy_log: VaultSession) -> None:
    dialog = open_dialog(qtbot, busy_log)
    newest = dialog.model.entry(0)
    assert newest.action == "audit_log_viewed"
    assert dialog.model.data(dialog.model.index(0, 2)) == "Audit log viewed"
    # The only export is the encrypted one (test_audit_export.py).
    labels = [b.text() for b in dialog.findChildren(QtWidgets.QAbstractButton)]
    assert [text for text in labels if "xport" in text] == ["&Export…"]
    assert "newest 200" in dialog.count_label.text()


def test_no_column_header_is_clipped(qtbot: QtBot, busy_log: VaultSession) -> None:
    # Walk finding: "Client no." was cut to "lient no" in a 60-pixel column.
    dialog = open_dialog(qtbot, busy_log)
    header = dialog.table.horizontalHeader()
    for column in range(header.count()):
        assert header.sectionSize(column) >= header.sectionSizeHint(column), column


def test_dialog_filters(qtbot: QtBot, busy_log: VaultSession) -> None:
    dialog = open_dialog(qtbot, busy_log)
    dialog.client_edit.setText("4")
    dialog.apply_filters()
    dialog.model.fetch_all()
    assert dialog.model.rowCount() == 90
    index = dialog.action_combo.findText("Searched the records")
    dialog.action_combo.setCurrentIndex(index)  # re-queries at once
    assert dialog.model.rowCount() == 0
    assert dialog.count_label.text() == "No entries match these filters."
    dialog.clear_filters()
    assert dialog.model.current_filter == AuditFilter()
    dialog.period_combo.setCurrentIndex(4)
    assert dialog.from_edit.isVisible()


def test_chain_check_ok(qtbot: QtBot, busy_log: VaultSession) -> None:
    dialog = open_dialog(qtbot, busy_log)
    dialog.check_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.chain_ok is True
    assert "complete" in dialog.chain_label.text()


def test_chain_check_sees_an_edited_entry(qtbot: QtBot, busy_log: VaultSession) -> None:
    dialog = open_dialog(qtbot, busy_log)
    # As someone holding the key could: drop the append-only trigger, edit an entry.
    busy_log.db.execute("DROP TRIGGER audit_log_no_update")
    busy_log.db.execute("UPDATE audit_log SET client_id = 5 WHERE seq = 10")
    dialog.check_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.chain_ok is False
    assert "Audit entry 10" in dialog.chain_label.text()
    assert "altered" in dialog.chain_label.text()


def test_lock_empties_the_table(qtbot: QtBot, busy_log: VaultSession) -> None:
    dialog = open_dialog(qtbot, busy_log)
    dialog.drop_session()
    assert dialog.model.rowCount() == 0


def details_of(dialog: AuditLogDialog, action: str) -> list[str]:
    model = dialog.model
    model.fetch_all()
    return [
        model.display_text(model.entry(row), 4)
        for row in range(model.rowCount())
        if model.entry(row).action == action
    ]


def test_a_key_is_named_by_what_it_is_not_its_id(qtbot: QtBot, session: VaultSession) -> None:
    """Walk finding: "key: 4219ada9" told the practitioner nothing."""
    kept, _ = session.add_code_slot("custodian", "Primary custodian code — Dr Rosa Vega")
    gone, _ = session.add_code_slot("recovery", "Recovery code")
    session.remove_slot(gone.id)
    dialog = open_dialog(qtbot, session)
    added = details_of(dialog, "slot_added")
    assert any("key: Primary custodian code — Dr Rosa Vega" in text for text in added), added
    assert any("a recovery code added on" in text and "since removed" in text for text in added)
    everything = " ".join(
        text for a in ("slot_added", "slot_removed", "unlocked") for text in details_of(dialog, a)
    )
    for slot_id in (kept.id, gone.id, session.slot.id):
        assert slot_id[:8] not in everything


def test_action_and_who_read_whole_at_the_default_size(qtbot: QtBot, session: VaultSession) -> None:
    """Walk finding: "Dr Rosa Vega, re…" and "Client record destroyed (retenti…" were cut."""
    session.record("record_destroyed", client_id=3, by="Dr Rosa Vega, records custodian")
    session.record("custodian_first_unlock", by="Dr Rosa Vega, records custodian")
    dialog = open_dialog(qtbot, session)
    table, model = dialog.table, dialog.model
    metrics = table.fontMetrics()
    for row in range(model.rowCount()):
        for column in (1, 2):
            index = model.index(row, column)
            text = model.data(index)
            assert metrics.horizontalAdvance(text) < table.columnWidth(column), text
            assert model.data(index, QtCore.Qt.ItemDataRole.ToolTipRole) == text
