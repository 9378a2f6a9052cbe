"""Record an online search about a client (NASW 1.07 p-q).

A search is recorded only with a compelling professional reason and the client's consent
to searching it rests on; the domain (`searches.record_search`) refuses otherwise and the
refusal is shown here in plain words. Recording is not permission: the dialog says so.
Only the consents that name online searching are offered; when there is none, the dialog
says what to record (and that other consents do not count).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from recordsafe.disclosure import consents, searches
from recordsafe.ui.disclosure.common import consent_status, day_picker, recipient_text
from recordsafe.ui.disclosure.form_dialog import FormDialog
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.widgets.dates import format_day, from_qdate
from recordsafe.ui.widgets.forms import hint
from recordsafe.vault import VaultSession

NO_CONSENT: Final = "No consent chosen"


class SearchDialog(FormDialog):
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
        super().__init__(
            session,
            name="search",
            title=f"Record an online search — {client_label}",
            ok_text="Record search",
            width=540,
            today=today,
            parent=parent,
        )
        self._client_id = client_id
        self.saved_id: int | None = None
        intro = hint(
            f"Searching online for information about {client_label} needs a compelling "
            "professional reason and the client's consent to searching (NASW 1.07 p-q). "
            "Record both here; without them the search is refused."
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
        for consent in reversed(searches.search_consents(session, client_id)):
            status = consent_status(consent, self._today)
            self.consent_combo.addItem(
                f"Signed {format_day(consent.signed_on)} · {recipient_text(consent)} · {status}",
                consent.id,
            )
        self.form.addRow("Searched on:", self.searched_on)
        self.form.addRow("Compelling reason:", self.reason_edit)
        self.form.addRow("Client's consent:", self.consent_combo)
        self.missing_label = hint(self._missing_consent(session, client_id))
        self.missing_label.setObjectName("missingSearchConsent")
        self.missing_label.setVisible(bool(self.missing_label.text()))
        self.lay_out(above=[intro], below=[self.missing_label])
        self.reason_edit.setFocus()

    def _missing_consent(self, session: VaultSession, client_id: int) -> str:
        """What is missing when no consent to searching is usable (empty when one is)."""
        found = searches.search_consents(session, client_id)
        if any(searches.consent_problem(session, c, self._today) is None for c in found):
            return ""
        others = len(consents.list_consents(session, client_id)) - len(found)
        what = (
            "None of this client's consents covers searching online about them"
            if found or others
            else "This client has no consent on record"
        )
        if found:
            what += " today (the ones listed are no longer valid)"
        elif others:
            what += " (a consent for other purposes does not count)"
        return (
            f"{what}. Record one first (Consents tab) with the purpose "
            f"'{searches.SEARCH_PURPOSE_LABEL}' ticked."
        )

    def apply(self, session: VaultSession) -> None:
        self.saved_id = searches.record_search(
            session,
            self._client_id,
            searched_on=from_qdate(self.searched_on.date()),
            reason=self.reason_edit.toPlainText(),
            consent_id=self.consent_combo.currentData(),
            today=self._today,
        )
        self.saved.emit(self.saved_id)
