"""Consents about to expire (the next 30 days): a window (Practice menu) and a slim
banner shown on unlock when there are some. Expiry acts at once: after the date, the
gate allows nothing under the consent, so ask for a new one in time."""

from __future__ import annotations

from datetime import date
from typing import Final

from recordsafe.disclosure import consents
from recordsafe.disclosure.consents import Consent
from recordsafe.ui.disclosure.common import (
    SOON_COLOUR,
    SOON_DAYS,
    cell,
    days_words,
    emphasise,
    fit_columns,
    purposes_text,
    recipient_text,
    table,
)
from recordsafe.ui.disclosure.window import DisclosureWindow
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.widgets.dates import format_day
from recordsafe.ui.widgets.forms import hint
from recordsafe.ui.widgets.meaning_colours import frame_style
from recordsafe.vault import VaultSession

HEADERS: Final = ["Client", "Recipient", "Purposes", "Expires on", "Time left"]
NONE_SOON: Final = f"No consent expires in the next {SOON_DAYS} days."


def expiring_text(session: VaultSession, today: date) -> str | None:
    """The banner's words when some consents expire within 30 days; None otherwise."""
    count = len(consents.expiring_within(session, SOON_DAYS, today=today))
    if not count:
        return None
    verb = "consent expires" if count == 1 else "consents expire"
    return (
        f"{count} {verb} within {SOON_DAYS} days. After its expiry date nothing more can "
        "be released under a consent: ask the client in time if it is still needed."
    )


class ExpiringWindow(DisclosureWindow):
    def __init__(
        self,
        session: VaultSession,
        *,
        today: date | None = None,
        private: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(session, today=today, private=private, parent=parent)
        self.setObjectName("expiringWindow")
        self.setWindowTitle("Consents expiring soon")
        self.resize(780, 380)
        self.rows: list[Consent] = consents.expiring_within(session, SOON_DAYS, today=self._today)
        self.table = table("expiringTable", HEADERS)
        self.table.setAccessibleName("Consents expiring")
        for consent in self.rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            days = (consent.expires_on or self._today) - self._today
            left = cell(days_words(days.days))
            emphasise(left, SOON_COLOUR)
            for column, item in enumerate(
                (
                    cell(self.client_label(consent.client_id), consent.id),
                    cell(recipient_text(consent)),
                    cell(purposes_text(consent)),
                    cell(format_day(consent.expires_on)),
                    left,
                )
            ):
                self.table.setItem(row, column, item)
        fit_columns(self.table, (1, 2))
        empty = hint(NONE_SOON)
        empty.setObjectName("expiringEmpty")
        empty.setVisible(not self.rows)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button())
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            hint(
                f"Unrevoked consents whose expiry date falls in the next {SOON_DAYS} days, "
                "soonest first. Consents that end with an event are not listed: judge those "
                "on the client's Consents tab."
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(empty)
        layout.addLayout(buttons)


class ExpiringBanner(QtWidgets.QFrame):
    """A slim bar on unlock: how many consents expire soon, "Show" and "Later"."""

    show_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("expiringBanner")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.setStyleSheet(frame_style("expiringBanner", "info"))
        self.label = QtWidgets.QLabel("")
        self.label.setObjectName("expiringBannerText")
        self.label.setWordWrap(True)
        self.show_button = QtWidgets.QPushButton("Show them")
        self.show_button.setObjectName("expiringBannerShow")
        self.show_button.clicked.connect(self.show_requested)
        self.later_button = QtWidgets.QPushButton("Later")
        self.later_button.setObjectName("expiringBannerLater")
        self.later_button.setToolTip("Hide this until the vault is opened again")
        self.later_button.clicked.connect(self.hide)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.later_button)
        self.hide()

    def refresh(self, session: VaultSession, today: date | None = None) -> None:
        text = expiring_text(session, today or date.today())
        self.label.setText(text or "")
        self.setVisible(text is not None)
