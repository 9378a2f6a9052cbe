"""Record an online search about a client (NASW 1.07 p-q).

A search is recorded only with a compelling professional reason and the client's consent
it rests on; the domain (`searches.record_search`) refuses otherwise and the refusal is
shown here in plain words. Recording is not permission: the dialog says so.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from recordsafe.disclosure import consents, searches
from recordsafe.ui.disclosure.common import consent_status, day_picker, recipient_text
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.records.common import (
    error_label,
    format_day,
    from_qdate,
    hint,
    ok_cancel,
    show_error,
)
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

NO_CONSENT: Final = "No consent chosen"


class SearchDialog(QtWidgets.QDialog):
    saved = Signal(int)

    def __init__(
        self,
        session: VaultSession,
        client_id: int,
        client_label: str,
        *,
        today: date | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = session
        self._client_id = client_id
        self._today = today or date.today()
        self.saved_id: int | None = None
        self.setObjectName("searchDialog")
        self.setWindowTitle(f"Record an online search — {client_label}")
        self.setMinimumWidth(540)
        intro = hint(
            f"Searching online for information about {client_label} needs a compelling "
            "professional reason and the client's consent (NASW 1.07 p-q). Record both "
            "here; without them the search is refused."
        )
        self.searched_on = day_picker(self._today)
        self.searched_on.setObjectName("searchedOn")
        self.reason_edit = QtWidgets.QPlainTextEdit()
        self.reason_edit.setObjectName("searchReason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText(
            "Why the search is professionally necessary, e.g. to assess an imminent risk"
        )
        self.reason_edit.setMaximumHeight(110)
        self.consent_combo = QtWidgets.QComboBox()
        self.consent_combo.setObjectName("searchConsent")
        self.consent_combo.addItem(NO_CONSENT, None)
        for consent in reversed(consents.list_consents(session, client_id)):
            status = consent_status(consent, self._today)
            self.consent_combo.addItem(
                f"Signed {format_day(consent.signed_on)} · {recipient_text(consent)} · {status}",
                consent.id,
            )
        form = QtWidgets.QFormLayout()
        form.addRow("Searched on:", self.searched_on)
        form.addRow("Compelling reason:", self.reason_edit)
        form.addRow("Client's consent:", self.consent_combo)
        self.error_label = error_label("searchError")
        self.buttons = ok_cancel("Record search")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        if self.consent_combo.count() == 1:
            layout.addWidget(
                hint("This client has no consent on record: record one first (Consents tab).")
            )
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.reason_edit.setFocus()

    def save(self) -> None:
        if self._session is None:
            return
        try:
            self.saved_id = searches.record_search(
                self._session,
                self._client_id,
                searched_on=from_qdate(self.searched_on.date()),
                reason=self.reason_edit.toPlainText(),
                consent_id=self.consent_combo.currentData(),
                today=self._today,
            )
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return
        self.saved.emit(self.saved_id)
        self.accept()
