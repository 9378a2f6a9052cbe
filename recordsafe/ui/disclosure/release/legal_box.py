"""The request page's legal-proceedings box: a court order (chosen, or recorded here) or a
subpoena received without one (which the items page then answers)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from recordsafe.disclosure import release
from recordsafe.disclosure.gate import Item
from recordsafe.ui.disclosure.release.court_order_dialog import CourtOrderDialog
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.vault import VaultSession

NO_COURT_ORDER: Final = "No court order"


class LegalBox(QtWidgets.QGroupBox):
    def __init__(self, session: VaultSession, client_id: int) -> None:
        super().__init__("Court order or subpoena")
        self._session = session
        self._client_id = client_id
        self.court_order_combo = QtWidgets.QComboBox()
        self.court_order_combo.setObjectName("courtOrder")
        self.court_order_combo.setAccessibleName("Court order")
        self.subpoena_check = QtWidgets.QCheckBox("A subpoena was received (without a court order)")
        self.subpoena_check.setObjectName("subpoena")
        self.court_order_combo.currentIndexChanged.connect(
            lambda _i: self.subpoena_check.setEnabled(self.court_order_combo.currentIndex() == 0)
        )
        self._list_orders()
        if self.court_order_combo.count() == 1:
            self.court_order_combo.setToolTip("No court order is recorded for this client.")
        self.record_order_button = QtWidgets.QPushButton("Record a court order…")
        self.record_order_button.setObjectName("recordCourtOrder")
        order_row = QtWidgets.QHBoxLayout()
        order_row.addWidget(self.court_order_combo, 1)
        order_row.addWidget(self.record_order_button)
        legal = QtWidgets.QFormLayout(self)
        legal.addRow("Court order:", order_row)
        legal.addRow("", self.subpoena_check)

    def _list_orders(self) -> None:
        self.court_order_combo.clear()
        self.court_order_combo.addItem(NO_COURT_ORDER, None)
        for order_id, label in release.court_orders_for(self._session, self._client_id):
            self.court_order_combo.addItem(label, order_id)

    def court_order_id(self) -> int | None:
        order = self.court_order_combo.currentData()
        return int(order) if order is not None else None

    def subpoena_only(self) -> bool:
        return self.court_order_id() is None and self.subpoena_check.isChecked()

    def open_court_order(self, items: Sequence[Item], today: date) -> CourtOrderDialog:
        """Record an order naming some of this release's items; it is then chosen."""
        dialog = CourtOrderDialog(
            self._session, self._client_id, items, today=today, parent=self.window()
        )
        dialog.recorded.connect(self._court_order_recorded)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        return dialog

    def _court_order_recorded(self, order_id: int) -> None:
        self._list_orders()
        self.court_order_combo.setCurrentIndex(self.court_order_combo.findData(order_id))
        self.court_order_combo.setToolTip("")
