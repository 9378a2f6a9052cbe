"""The Consents tab of a client's page: every consent with its status today, the online
searches recorded about the client, and the way to the accounting and the requests.

Status: Valid / Expires soon (within 30 days) / Expired / Revoked, in words. Open a
consent to view every element and its signed form; revoke it (takes effect at once). A
consent just recorded is confirmed in words under the table, with a warning when its
signed form is not attached yet (it can be attached from View…). Dialogs open
window-modal without blocking and are announced (`dialog_opened`) so the main window
gives them Ctrl+L; the one on screen is `self.dialog`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Final

from recordsafe.disclosure import consents, searches
from recordsafe.disclosure.consents import Consent
from recordsafe.disclosure.searches import OnlineSearch
from recordsafe.records import documents
from recordsafe.ui.disclosure.accounting_window import AccountingWindow
from recordsafe.ui.disclosure.common import (
    OVERDUE_COLOUR,
    SOON_COLOUR,
    cell,
    consent_status,
    emphasise,
    expiry_text,
    fit_columns,
    purposes_text,
    recipient_text,
    scope_text,
    selected_id,
    table,
)
from recordsafe.ui.disclosure.consent_dialog import ConsentDialog
from recordsafe.ui.disclosure.consent_view import ConsentView
from recordsafe.ui.disclosure.requests_window import RequestsWindow
from recordsafe.ui.disclosure.revoke_dialog import RevokeDialog
from recordsafe.ui.disclosure.search_dialog import SearchDialog
from recordsafe.ui.disclosure.window import DisclosureWindow, open_child
from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import Qt, QtWidgets, Signal
from recordsafe.ui.records.attach_dialog import AttachDialog
from recordsafe.ui.records.document_view import DocumentView
from recordsafe.ui.widgets.custodian import clinical_change
from recordsafe.ui.widgets.dates import format_day
from recordsafe.ui.widgets.forms import hint
from recordsafe.ui.widgets.meaning_colours import box_style, text_style
from recordsafe.ui.widgets.names import shown_name
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

# Two columns, the consent's facts one per line: readable however narrow the tab is
# (five columns were squeezed to a few letters each beside the client's cases).
HEADERS: Final = ["Status", "Consent"]
STATUS_COLOURS: Final = {
    "Expires soon": SOON_COLOUR,
    "Expired": OVERDUE_COLOUR,
    "Revoked": OVERDUE_COLOUR,
}
NO_CONSENTS: Final = "No consent recorded. Record one from the client's signed form."
NO_SEARCHES: Final = "No online search recorded."
HIDDEN_REASON: Final = "reason hidden (privacy mode)"
FORM_MISSING: Final = "Its signed form is not attached yet: attach it from View…"
# The consents' table takes the room there is, and asks for no more than its minimum: the
# scroll area around the tab then scrolls only when even the minimum does not fit.
SHRINKS_TO_ITS_MINIMUM: Final = QtWidgets.QSizePolicy(
    QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Ignored
)


def consent_lines(consent: Consent) -> str:
    """To whom; for what; what it covers; until when (one fact per line)."""
    return "\n".join(
        (
            recipient_text(consent),
            f"For: {purposes_text(consent)}",
            f"Covers: {scope_text(consent)}",
            f"Expires: {expiry_text(consent)}",
        )
    )


class ConsentsTab(QtWidgets.QWidget):
    dialog_opened = Signal(QtWidgets.QDialog)
    changed = Signal()

    def __init__(
        self,
        session: VaultSession,
        client_id: int,
        client_name: str,
        *,
        representative: tuple[str, str] | None = None,
        today: Callable[[], date] = date.today,
        private: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = session
        self.client_id = client_id
        self._client_name = client_name
        self._representative = representative
        self._today = today
        self._private = private
        self.dialog: QtWidgets.QDialog | None = None
        self.consents: list[Consent] = []
        self.searches: list[OnlineSearch] = []
        self.setObjectName("consentsTab")

        self.table = table("consentsTable", HEADERS)
        self.table.setAccessibleName("Consents")
        # At least one consent whole (its four lines), yet short enough that every button
        # of the tab stays on a 1024 x 700 screen.
        lines = self.table.fontMetrics().lineSpacing()
        self.table.setSizePolicy(SHRINKS_TO_ITS_MINIMUM)
        self.table.setMinimumHeight(
            self.table.horizontalHeader().sizeHint().height() + 4 * lines + 12
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.view_selected())
        self.table.itemActivated.connect(lambda _item: self.view_selected())
        self.empty_label = hint(NO_CONSENTS)
        self.empty_label.setObjectName("consentsEmpty")
        self.new_button = self._button("Record a consent…", "newConsent", self.new_consent)
        self.view_button = self._button("View…", "viewConsent", self.view_selected)
        self.revoke_button = self._button("Revoke…", "revokeConsent", self.revoke_selected)
        consent_buttons = QtWidgets.QHBoxLayout()
        consent_buttons.addWidget(self.new_button)
        consent_buttons.addStretch(1)
        consent_buttons.addWidget(self.view_button)
        consent_buttons.addWidget(self.revoke_button)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("consentsMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        accounting_button = self._button(
            "Accounting of disclosures…", "openAccounting", self.open_accounting
        )
        requests_button = self._button("Requests…", "openRequests", self.open_requests)
        requests_button.setToolTip(
            "The client's requests for their records or an accounting, with their deadlines"
        )
        record_buttons = QtWidgets.QHBoxLayout()
        record_buttons.addWidget(accounting_button)
        record_buttons.addWidget(requests_button)
        record_buttons.addStretch(1)

        # Buttons above what they act on, the lists below them shrinking: in a short window
        # the lists get fewer lines, never a button pushed out of sight (walk at 1024 x 700).
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(consent_buttons)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.message)
        layout.addLayout(record_buttons)
        layout.addLayout(self._build_searches())
        self.refresh()

    def _build_searches(self) -> QtWidgets.QVBoxLayout:
        """The searches' list with its button beside it (on screen whatever the list's height)."""
        self.searches_list = QtWidgets.QListWidget()
        self.searches_list.setObjectName("searchesList")
        self.searches_list.setAccessibleName("Online searches about this client")
        self.searches_list.setWordWrap(True)
        # A search about a client is clinical work: the practitioner's alone.
        search_button = self._button(
            "Record an online search…", "newSearch", self.new_search, clinical=True
        )
        title = QtWidgets.QLabel("Online searches about this client")
        title.setStyleSheet("QLabel { font-weight: 600; }")
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.searches_list, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(search_button, 0, Qt.AlignmentFlag.AlignTop)
        searches = QtWidgets.QVBoxLayout()
        searches.addWidget(title)
        searches.addLayout(row)
        return searches

    def _button(
        self, text: str, name: str, slot: Callable[[], object], *, clinical: bool = False
    ) -> QtWidgets.QPushButton:
        button = QtWidgets.QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        if clinical and self._session is not None:
            clinical_change(button, self._session)
        return button

    # --- content -------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._session is None:
            return
        today = self._today()
        self.consents = list(reversed(consents.list_consents(self._session, self.client_id)))
        self.table.setRowCount(0)
        for consent in self.consents:
            row = self.table.rowCount()
            self.table.insertRow(row)
            status_text = consent_status(consent, today)
            status = cell(status_text, consent.id)
            status.setToolTip(f"{status_text} · signed {format_day(consent.signed_on)}")
            if status_text in STATUS_COLOURS:
                emphasise(status, STATUS_COLOURS[status_text])
            status.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.table.setItem(row, 0, status)
            self.table.setItem(row, 1, cell(consent_lines(consent)))
        fit_columns(self.table, (1,))
        self.empty_label.setVisible(not self.consents)
        self.searches = searches.list_searches(self._session, self.client_id)
        self._show_searches()
        self._selection_changed()

    def _show_searches(self) -> None:
        self.searches_list.clear()
        for search in reversed(self.searches):
            consent = next((c for c in self.consents if c.id == search.consent_id), None)
            basis = f"consent signed {format_day(consent.signed_on)}" if consent else "consent"
            reason = HIDDEN_REASON if self._private else search.reason
            self.searches_list.addItem(f"{format_day(search.searched_on)} · {reason} ({basis})")
        if not self.searches:
            self.searches_list.addItem(NO_SEARCHES)
        # As tall as its lines, up to three: the consents above get the room.
        lines = min(self.searches_list.count(), 3)
        frame = 2 * self.searches_list.frameWidth()
        self.searches_list.setFixedHeight(lines * self.searches_list.sizeHintForRow(0) + frame)

    @property
    def client_label(self) -> str:
        """The client's name for titles, initials in privacy mode."""
        return shown_name(self._client_name, self._private)

    def set_privacy_mode(self, private: bool) -> None:
        self._private = private
        self._show_searches()

    def status_texts(self) -> list[str]:
        items = (self.table.item(r, 0) for r in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]

    def _selection_changed(self) -> None:
        consent = self.selected()
        self.view_button.setEnabled(consent is not None)
        self.revoke_button.setEnabled(consent is not None and consent.revoked_on is None)

    def selected(self) -> Consent | None:
        chosen = selected_id(self.table)
        return next((c for c in self.consents if c.id == chosen), None)

    def select_consent(self, consent_id: int) -> None:
        for row, consent in enumerate(self.consents):
            if consent.id == consent_id:
                self.table.selectRow(row)

    def _refresh_after(self) -> None:
        self.refresh()
        self.changed.emit()

    # --- dialogs -------------------------------------------------------------------------

    def _open(
        self, dialog: QtWidgets.QDialog, on_accept: Callable[[], object] | None = None
    ) -> None:
        self.message.hide()  # it was about the last thing done; a new one begins
        open_child(self, dialog, self.dialog_opened.emit, on_accept)

    def new_consent(self) -> ConsentDialog | None:
        if self._session is None:
            return None
        try:
            dialog = ConsentDialog(
                self._session,
                self.client_id,
                self.client_label,
                today=self._today(),
                representative=self._representative,
                parent=self,
            )
        except VaultError as exc:
            show_message(self, exc.message)
            return None
        dialog.saved.connect(self._recorded)
        self._open(dialog)
        return dialog

    def _recorded(self, consent_id: int) -> None:
        """Say what was saved; warn when the signed form is still to come."""
        if self._session is None:
            return
        consent = consents.get_consent(self._session, consent_id)
        text = (
            f"Consent recorded: to {recipient_text(consent)}, for "
            f"{purposes_text(consent).lower()}, signed {format_day(consent.signed_on)}."
        )
        self._say(text, missing_form=consent.form_document_id is None)
        self._refresh_after()
        self.select_consent(consent_id)

    def _say(self, text: str, *, missing_form: bool = False) -> None:
        self.message.setText(f"{text} {FORM_MISSING}" if missing_form else text)
        self.message.setStyleSheet(box_style("caution") if missing_form else text_style("ok"))
        self.message.show()

    def view_selected(self) -> ConsentView | None:
        consent = self.selected()
        if self._session is None or consent is None:
            return None
        scan = None
        if consent.form_document_id is not None:
            scan = next(
                (
                    d.name
                    for d in documents.list_documents(self._session, self.client_id)
                    if d.id == consent.form_document_id
                ),
                None,
            )
        view = ConsentView(consent, today=self._today(), scan_name=scan, parent=self)
        view.revoke_requested.connect(self.revoke)
        view.open_form_requested.connect(lambda document_id: self.open_form(view, document_id))
        view.attach_form_requested.connect(self.attach_form)
        self._open(view)
        return view

    def open_form(self, owner: QtWidgets.QDialog, document_id: int) -> DocumentView | None:
        """The signed form, in the app's viewer (from memory, audited), over `owner`."""
        if self._session is None:
            return None
        try:
            viewer = DocumentView(self._session, document_id, parent=owner)
        except VaultError as exc:
            show_message(owner, exc.message)
            return None
        open_child(owner, viewer, self.dialog_opened.emit)
        return viewer

    def attach_form(self, consent_id: int) -> AttachDialog | None:
        """Attach the scan of a consent recorded without it, and link it to the consent."""
        if self._session is None:
            return None
        dialog = AttachDialog(self._session, self.client_id, parent=self)
        dialog.setWindowTitle(f"Attach the signed consent form — {self.client_label}")
        dialog.accepted.connect(lambda: self._form_attached(consent_id, dialog.document_id))
        self._open(dialog)
        return dialog

    def _form_attached(self, consent_id: int, document_id: int | None) -> None:
        if self._session is None or document_id is None:
            return
        try:
            consents.attach_form(self._session, consent_id, document_id)
        except VaultError as exc:
            show_message(self, exc.message)
            return
        self._say("The signed form is attached to the consent.")
        self._refresh_after()
        self.select_consent(consent_id)

    def revoke_selected(self) -> RevokeDialog | None:
        consent = self.selected()
        return None if consent is None else self.revoke(consent.id)

    def revoke(self, consent_id: int) -> RevokeDialog | None:
        if self._session is None:
            return None
        try:
            consent = consents.get_consent(self._session, consent_id)
        except VaultError as exc:
            show_message(self, exc.message)
            return None
        dialog = RevokeDialog(self._session, consent, today=self._today(), parent=self)
        self._open(dialog, self._refresh_after)
        return dialog

    def new_search(self) -> SearchDialog | None:
        if self._session is None:
            return None
        dialog = SearchDialog(
            self._session, self.client_id, self.client_label, today=self._today(), parent=self
        )
        self._open(dialog, self._refresh_after)
        return dialog

    def _window(self, window: DisclosureWindow) -> DisclosureWindow:
        window.dialog_opened.connect(self.dialog_opened)
        self._open(window)
        return window

    def open_accounting(self) -> AccountingWindow | None:
        if self._session is None:
            return None
        window = AccountingWindow(
            self._session,
            self.client_id,
            today=self._today(),
            private=self._private,
            parent=self,
        )
        self._window(window)
        return window

    def open_requests(self) -> RequestsWindow | None:
        if self._session is None:
            return None
        window = RequestsWindow(
            self._session,
            client_id=self.client_id,
            today=self._today(),
            private=self._private,
            parent=self,
        )
        self._window(window)
        return window
