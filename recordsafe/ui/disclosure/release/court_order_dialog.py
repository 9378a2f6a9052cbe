"""Record a court order (NASW 1.07 j): which court, when, what it says, and exactly the
items it names. The release dialog then allows those items for legal proceedings, and
only those (minimum necessary: an order is never "the whole record")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from recordsafe.disclosure import court_orders, release
from recordsafe.disclosure._common import COURT_ORDER_KINDS
from recordsafe.disclosure.gate import Item
from recordsafe.ui.disclosure.common import day_picker
from recordsafe.ui.disclosure.form_dialog import FormDialog
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.widgets.dates import from_qdate
from recordsafe.ui.widgets.forms import hint
from recordsafe.vault import VaultSession


class CourtOrderDialog(FormDialog):
    recorded = Signal(int)  # the order's id

    def __init__(
        self,
        session: VaultSession,
        client_id: int,
        items: Sequence[Item],
        *,
        today: date | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            name="courtOrder",
            title="Record a court order",
            ok_text="Record the order",
            width=520,
            today=today,
            parent=parent,
        )
        self._client_id = client_id

        self.court_edit = QtWidgets.QLineEdit()
        self.court_edit.setObjectName("court")
        self.court_edit.setAccessibleName("Court")
        self.court_edit.setPlaceholderText("e.g. Cumberland County Superior Court, docket 24-118")
        self.ordered_on = day_picker(self._today, latest=self._today)
        self.ordered_on.setObjectName("orderedOn")
        self.ordered_on.setAccessibleName("Date of the order")
        self.scope_edit = QtWidgets.QPlainTextEdit()
        self.scope_edit.setObjectName("orderScope")
        self.scope_edit.setAccessibleName("What the order says")
        self.scope_edit.setPlaceholderText("What the order asks for, in its own words")
        self.scope_edit.setTabChangesFocus(True)
        self.scope_edit.setFixedHeight(70)

        # Only what can be ordered (notes, documents, a summary), as the release lists them.
        orderable = [i for i in items if i.kind in COURT_ORDER_KINDS]
        labels = release.item_labels(session, orderable)
        self.item_checks: dict[Item, QtWidgets.QCheckBox] = {}
        checks = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(checks)
        for item in orderable:
            check = QtWidgets.QCheckBox(labels[item])
            self.item_checks[item] = check
            column.addWidget(check)
        column.addStretch(1)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(checks)
        scroll.setWidgetResizable(True)
        scroll.setMinimumHeight(140)

        self.form.addRow("&Court:", self.court_edit)
        self.form.addRow("&Ordered on:", self.ordered_on)
        self.form.addRow("&The order says:", self.scope_edit)
        keep = hint(
            "Keep a copy of the signed order with the record (the client's Documents tab, "
            "Attach document…). A "
            "subpoena signed only by a lawyer is not a court order: record it in the "
            "release dialog instead, and object or seek a protective order."
        )
        tick = QtWidgets.QLabel("Tick exactly the items the order names:")
        self.lay_out(below=[tick, scroll, keep])
        self.court_edit.setFocus()

    def chosen(self) -> list[Item]:
        return [item for item, check in self.item_checks.items() if check.isChecked()]

    def apply(self, session: VaultSession) -> None:
        order_id = court_orders.record_court_order(
            session,
            self._client_id,
            court=self.court_edit.text(),
            ordered_on=from_qdate(self.ordered_on.date()),
            items=[(item.kind, item.id) for item in self.chosen()],
            scope=self.scope_edit.toPlainText(),
            today=self._today,
        )
        self.recorded.emit(order_id)
