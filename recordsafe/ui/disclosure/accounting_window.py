"""The accounting of disclosures for one client (HIPAA 164.528), for the last six years.

Every disclosure about the client is listed with its date, recipient and address, what
left, and the purpose. The exclusions of 164.528(a)(1) (to the client, under their
authorization, de-identified) are marked, not hidden: the vault keeps every disclosure;
only the printed accounting for the client leaves them out. Reading it is audited.

"Print for the client…" never prints from here: the accounting is a gate item
(`("accounting", client_id)`) released to the client through the release dialog, so the
print is itself recorded as a disclosure, and listed here as soon as it is made.
`open_release_for_client()` is the one place that opens that dialog.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from recordsafe.disclosure import accounting
from recordsafe.disclosure.accounting import AccountingEntry
from recordsafe.ui.disclosure.common import cell, fit_columns, muted, table
from recordsafe.ui.disclosure.release import open_accounting_release
from recordsafe.ui.disclosure.window import DisclosureWindow
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import format_day
from recordsafe.ui.widgets.forms import hint
from recordsafe.vault import VaultSession

HEADERS: Final = ["Date", "Recipient", "What was disclosed", "Purpose", "In the accounting"]
LISTED: Final = "Listed"
NOTHING: Final = "No disclosure about this client in the last six years."


def recipient_words(entry: AccountingEntry) -> str:
    lines = [", ".join(x for x in (entry.recipient_name, entry.recipient_organisation) if x)]
    if entry.recipient_address:
        lines.append(" ".join(entry.recipient_address.split()))
    return "\n".join(lines)


class AccountingWindow(DisclosureWindow):
    def __init__(
        self,
        session: VaultSession,
        client_id: int,
        *,
        today: date | None = None,
        private: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(session, today=today, private=private, parent=parent)
        self.client_id = client_id
        self.setObjectName("accountingWindow")
        self.setWindowTitle(f"Accounting of disclosures — {self.client_label(client_id)}")
        self.resize(940, 480)
        self.entries: list[AccountingEntry] = []
        self.table = table("accountingTable", HEADERS)
        self.table.setAccessibleName("Disclosures")
        self.show_excluded = QtWidgets.QCheckBox("Show the excluded disclosures too")
        self.show_excluded.setObjectName("showExcluded")
        self.show_excluded.setChecked(True)
        self.show_excluded.toggled.connect(self._fill)
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("accountingSummary")
        self.print_button = QtWidgets.QPushButton("Print for the client…")
        self.print_button.setObjectName("printAccounting")
        self.print_button.setToolTip(
            "Release the accounting to the client through the gate (recorded as a disclosure)"
        )
        self.print_button.clicked.connect(self.open_release_for_client)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.show_excluded)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button())
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            hint(
                f"Every disclosure since {format_day(accounting.window_start(self._today))} "
                "(six years). Disclosures to the client, under the client's own "
                "authorization, or of de-identified information are marked “Excluded”: they "
                "stay on record here but are not listed in the accounting the client gets."
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.reload()
        self.table.setFocus()

    def reload(self, _disclosure_id: int = 0) -> None:
        """Read the accounting (audited) and show it; again after a release from here."""
        if self._session is None:
            return
        self.entries = accounting.accounting_for(self._session, self.client_id, today=self._today)
        self._fill()

    def shown_entries(self) -> list[AccountingEntry]:
        if self.show_excluded.isChecked():
            return self.entries
        return [e for e in self.entries if e.accountable]

    def _fill(self, _checked: bool = False) -> None:
        self.table.setRowCount(0)
        for entry in self.shown_entries():
            row = self.table.rowCount()
            self.table.insertRow(row)
            status = cell(LISTED if entry.accountable else f"Excluded: {entry.exclusion_label}")
            what = "\n".join(item.described(format_day) for item in entry.items) or "—"
            values = [
                cell(format_day(entry.disclosed_on), entry.disclosure_id),
                cell(recipient_words(entry)),
                cell(what),
                cell(entry.purpose_described(format_day)),
                status,
            ]
            if not entry.accountable:
                for item in values:
                    muted(item)
            for column, item in enumerate(values):
                self.table.setItem(row, column, item)
        fit_columns(self.table, (1, 2, 3, 4))
        listed = sum(e.accountable for e in self.entries)
        excluded = len(self.entries) - listed
        self.summary.setText(
            NOTHING
            if not self.entries
            else f"{listed} listed in the accounting, {excluded} excluded (kept on record)."
        )

    def open_release_for_client(self) -> QtWidgets.QDialog | None:
        """Release the gate item ("accounting", client_id) to the client: the release
        dialog checks it at the gate, renders and records it."""
        if self._session is None:
            return None
        dialog = open_accounting_release(
            self._session, self.client_id, today=self._today, private=self._private, parent=self
        )
        dialog.released.connect(self.reload)  # the release of the accounting is in it too
        self.open_child(dialog)
        return dialog
