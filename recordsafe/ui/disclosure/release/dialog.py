"""Release records: who receives them and why, the gate's decision item by item, the output.

The window holds the steps and their order; each step is its own page (this folder):

1. `RequestPage`: recipient, purpose, who asks, and what the purpose needs.
2. `ItemsPage`: exactly `gate.evaluate`'s decision; the user narrows to the minimum.
3. `DeidentificationReview` (training, consultation without consent).
4. `OutputPage`: an encrypted PDF or print; then `DonePage`.

The release itself is one domain call, `disclosure.release.release(session, plan)`, which
goes through `gate.disclose`: no bypass.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from recordsafe.disclosure import accounting, gate, release, release_passwords
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.gate import Decision, Item, Request
from recordsafe.disclosure.release import ReleasePlan, ToFile, ToPrinter
from recordsafe.disclosure.release_pdf import ReleaseItem
from recordsafe.records import cases, clients, directory
from recordsafe.ui.disclosure import printing
from recordsafe.ui.disclosure.deid_review import DeidentificationReview
from recordsafe.ui.disclosure.release.court_order_dialog import CourtOrderDialog
from recordsafe.ui.disclosure.release.done_page import DonePage
from recordsafe.ui.disclosure.release.items_model import ReleaseItemsModel
from recordsafe.ui.disclosure.release.items_page import ItemsPage
from recordsafe.ui.disclosure.release.output_page import OutputPage
from recordsafe.ui.disclosure.release.request_page import RequestPage
from recordsafe.ui.operations import run_in_background
from recordsafe.ui.qt import QtPrintSupport, QtWidgets, Signal
from recordsafe.ui.widgets.names import ShownNames, case_title
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

LOCKED = "The vault was locked: close this window and start the release again."


class ReleaseDialog(QtWidgets.QDialog):
    """`items` preselected (a note, a selection) or None: the client's whole record, unchecked."""

    released = Signal(int)  # the disclosure id

    def __init__(
        self,
        session: VaultSession,
        client_id: int,
        items: Sequence[Item] | None = None,
        *,
        today: date | None = None,
        private: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = session
        self.client_id = client_id
        self.today = today or date.today()
        self._follows_the_clock = today is None  # tests fix the day; the app follows it
        self._preselected = items is not None
        self._items = (
            tuple(items) if items is not None else tuple(release.client_items(session, client_id))
        )
        self.decision: Decision | None = None
        self.final_decision: Decision | None = None
        self.texts: list[ReleaseItem] = []
        self.output_texts: list[ReleaseItem] = []
        self.disclosure_id: int | None = None
        self.saved_to: Path | None = None
        self._busy = False

        # Names on screen as the records page shows them (initials in privacy mode); the
        # release itself keeps the full names.
        self.shown = shown_names(session, client_id, private)
        # Whose records: in the title, above every page and in the confirmation, so a
        # release for the wrong client shows at once.
        self.whose = self.shown.text(
            release.records_of(session, client_id, self._items, case_title=not private)
        )
        self.setWindowTitle(f"Release records — {self.whose}")
        self.setModal(True)
        self.resize(860, 560)  # fits a 1366x768 laptop; no page left mostly empty
        self._client_name = clients.client_name(session, client_id)
        self.request_page = RequestPage(
            session, client_id, self._client_name, self._items, private=private
        )
        self.request_page.legal_box.record_order_button.clicked.connect(self.open_court_order)
        self.items_page = ItemsPage(session, client_id, self.today, self.shown)
        self.review = DeidentificationReview(private=private)
        self.review.terms_changed.connect(self._run_deidentify)
        self.output_page = OutputPage(self.today)
        self.output_page.save_radio.toggled.connect(self._update_buttons)
        self.done_page = DonePage()
        self.stack = QtWidgets.QStackedWidget()
        for page in (
            self.request_page,
            self.items_page,
            self.review,
            self.output_page,
            self.done_page,
        ):
            self.stack.addWidget(page)

        self._build_frame()
        self._show_page(self.request_page)
        self.request_page.recipient_name.setFocus()

    def _build_frame(self) -> None:
        self.step_label = QtWidgets.QLabel()
        self.step_label.setObjectName("releaseStep")
        font = self.step_label.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.step_label.setFont(font)
        self.whose_label = QtWidgets.QLabel(f"Records of {self.whose}")
        self.whose_label.setObjectName("releaseWhose")
        self.whose_label.setWordWrap(True)
        self.back_button = QtWidgets.QPushButton("< &Back")
        self.back_button.setObjectName("releaseBack")
        self.back_button.clicked.connect(self.back)
        self.next_button = QtWidgets.QPushButton("&Next >")
        self.next_button.setObjectName("releaseNext")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.setObjectName("releaseCancel")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.cancel_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.whose_label)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

    # --- what others set up ----------------------------------------------------------------

    @property
    def model(self) -> ReleaseItemsModel | None:
        return self.items_page.model

    def set_purpose(self, code: str) -> None:
        self.request_page.set_purpose(code)

    def set_requester(self, code: str) -> None:
        self.request_page.set_requester(code)

    def build_request(self) -> Request:
        return self.request_page.build_request(self._items)

    def start_filled_in(self, purpose: str, requester: str) -> None:
        """Start with the request filled in and checked at the gate: the items page shows
        (Back changes the request); the request page if the gate refuses it."""
        self.set_purpose(purpose)
        self.set_requester(requester)
        if self._check_request():
            self._show_page(self.items_page)
            self.items_page.table.setFocus()

    def open_court_order(self) -> CourtOrderDialog:
        return self.request_page.legal_box.open_court_order(self._items, self.today)

    # --- the steps -------------------------------------------------------------------------

    def _check_request(self) -> bool:
        if not self.request_page.check():
            return False
        try:
            session = self._live_session()
            self.decision = gate.evaluate(
                session, self.build_request(), today=self.today, client_id=self.client_id
            )
        except VaultError as exc:
            self.request_page.show_error(exc.message)
            return False
        self.items_page.fill(self.decision, checked=self._preselected)
        if not self._preselected:  # the whole record: say what is not the client's
            left_out = release.notes_about_others(session, self.client_id)
            self.items_page.say_not_listed(left_out, self._client_name)
        return True

    def _check_items(self) -> bool:
        chosen = self.items_page.chosen()
        if chosen is None or self.decision is None:
            return False
        narrowed = self.decision.request.narrowed_to(chosen)
        try:
            session = self._live_session()
            final = gate.evaluate(session, narrowed, today=self.today, client_id=self.client_id)
            if not final.all_allowed:
                raise DisclosureError(
                    "Something changed since the check (a consent or an item): go back and "
                    "check again."
                )
            self.texts = release.item_texts(session, final.request.items, today=self.today)
        except VaultError as exc:
            self.items_page.show_error(exc.message)
            return False
        self.final_decision = final
        self.output_texts = self.texts
        if final.request.deidentified:
            self._run_deidentify()
        return True

    def _run_deidentify(self) -> None:
        if self.final_decision is None or self._session is None:
            return
        names = release.identifying_names(self._session, self.final_decision.request.items)
        self.output_texts, removals = release.deidentify_items(
            self.texts, names, self.review.extra_terms
        )
        self.review.show_result(self.output_texts, removals)

    def release_now(self) -> None:
        """Record the disclosure and write or print the output (the last step's button)."""
        final = self.final_decision
        session = self._session
        if final is None or session is None or self._busy:
            return
        output = self.output_page
        output.output_error.hide()
        if self._follows_the_clock and date.today() != self.today:
            # Past midnight since the check: a consent may have expired meanwhile.
            self.today = date.today()
            self._show_page(self.request_page)
            self.request_page.show_error(
                "The date has changed since the items were checked: check them again."
            )
            return
        if output.prints():
            printing.choose_printer(self, self._print)
            return
        target = output.target()
        if target is None:
            return
        try:
            password = output.password_page.password()
        except VaultError as exc:
            output.show_error(exc.message)
            return
        plan = self._plan(ToFile(target, password))
        # A generated password is kept in the vault until this window has shown it: a
        # lock during the save hides the window first, and it must not be lost.
        generated = output.password_page.uses_generated()
        self._set_busy(True)
        run_in_background(
            self,
            lambda: (
                release_passwords.release_keeping_password(session, plan, password)
                if generated
                else release.release(session, plan)
            ),
            label="Encrypting and saving the release…",
            on_success=lambda disclosure_id: self._saved(disclosure_id, target),
            on_failure=self._failed,
        )

    def _plan(self, output: ToFile | ToPrinter) -> ReleasePlan:
        assert self.final_decision is not None
        return ReleasePlan(
            client_id=self.client_id,
            decision=self.final_decision,
            texts=list(self.output_texts),
            output=output,
            client_informed=self.items_page.client_informed(),
            not_informed_reason=self.items_page.not_informed_reason(),
            part2=self.request_page.part2_check.isChecked(),
        )

    def _print(self, printer: QtPrintSupport.QPrinter) -> None:
        """The printer chosen in the print dialog: print, recorded as the disclosure."""
        if not self.isVisible() or self._session is None:  # locked during the print dialog
            return
        to_printer = ToPrinter(print_pdf=lambda pdf: printing.print_pdf(pdf, printer))
        try:
            disclosure_id = release.release(self._session, self._plan(to_printer))
        except VaultError as exc:
            self.output_page.show_error(exc.message)
            return
        where = printing.sent_to(printer)
        self._done(disclosure_id, f"The release was sent to {where}.", password=None)

    def _saved(self, disclosure_id: int, target: Path) -> None:
        self._set_busy(False)
        self.saved_to = target
        password_page = self.output_page.password_page
        password_page.forget()
        if self._session is None:
            return  # locked during the save: the main window shows the password after unlock
        shown = (
            release_passwords.take(self._session, disclosure_id)
            if password_page.uses_generated()
            else None
        )
        self._done(disclosure_id, f"saved, encrypted, as:\n{target}", password=shown)

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        # run_in_background hands over a VaultError (a bug becomes its safe message).
        message = exc.message if isinstance(exc, VaultError) else ""
        self.output_page.show_error(message or "The release could not be saved.")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    @property
    def busy(self) -> bool:
        """A release is being written (through the one runner, which the lock waits for):
        only this dialog's own buttons and Cancel wait; the lock hides the dialog at once."""
        return self._busy

    def _live_session(self) -> VaultSession:
        if self._session is None:
            raise VaultError(LOCKED)
        return self._session

    def drop_session(self) -> None:
        """`HoldsSession`: the vault is locking. Forget the session, the texts and the
        password; a release already running ends through the runner without this window."""
        self._session = None
        self.texts = []
        self.output_texts = []
        self.output_page.password_page.forget()

    def _done(self, disclosure_id: int, how: str, *, password: str | None) -> None:
        self.disclosure_id = disclosure_id
        final = self.final_decision
        assert final is not None
        recipient = final.request.recipient.name
        text = self.shown.text(
            f"The release of the records of {self.whose} to {recipient} was {how}"
        )
        followup = (
            final.request.purpose == "emergency" or not self.items_page.client_informed()
        ) and not final.request.deidentified
        recorded = accounting.where_recorded(self._live_session(), disclosure_id)
        self.done_page.show_done(text, recorded=recorded, password=password, followup=followup)
        self._show_page(self.done_page)
        self.released.emit(disclosure_id)

    # --- navigation ----------------------------------------------------------------------

    def _show_page(self, page: QtWidgets.QWidget) -> None:
        self.stack.setCurrentWidget(page)
        titles = {
            self.request_page: "1. Who receives the records, and why",
            self.items_page: "2. The items: what the rules allow",
            self.review: "3. Check the de-identification",
            self.output_page: "Last step: how the records go out",
            self.done_page: "Released",
        }
        self.step_label.setText(titles[page])
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.stack.currentWidget()
        done = page is self.done_page
        self.back_button.setVisible(page is not self.request_page and not done)
        self.back_button.setEnabled(not self._busy)
        self.cancel_button.setText("Close" if done else "Cancel")
        self.cancel_button.setEnabled(not self._busy)
        self.next_button.setVisible(not done)
        self.next_button.setEnabled(not self._busy)
        if page is self.output_page:
            self.next_button.setText(
                "&Release and print…" if self.output_page.prints() else "&Release and save"
            )
        elif page is self.request_page:
            self.next_button.setText("&Check the items >")
        else:
            self.next_button.setText("&Next >")

    def _deidentified(self) -> bool:
        return self.final_decision is not None and self.final_decision.request.deidentified

    def next(self) -> None:
        page = self.stack.currentWidget()
        if page is self.request_page:
            if self._check_request():
                self._show_page(self.items_page)
                self.items_page.table.setFocus()
        elif page is self.items_page:
            if self._check_items():
                if self._deidentified():
                    self._show_page(self.review)
                else:
                    self._show_output()
        elif page is self.review:
            self._show_output()
        elif page is self.output_page:
            self.release_now()

    def _show_output(self) -> None:
        assert self.final_decision is not None
        self.output_page.show_summary(self.final_decision, self.whose, self.today, self.shown)
        self._show_page(self.output_page)

    def back(self) -> None:
        page = self.stack.currentWidget()
        if page is self.items_page:
            self._show_page(self.request_page)
        elif page is self.review:
            self._show_page(self.items_page)
        elif page is self.output_page:
            self._show_page(self.review if self._deidentified() else self.items_page)

    def reject(self) -> None:
        if self._busy:
            return
        self.output_page.password_page.forget()
        super().reject()


def shown_names(session: VaultSession, client_id: int, private: bool) -> ShownNames:
    """Everyone the dialog may name (the client, the participants of their cases and their
    representatives) and the cases' titles, as privacy mode shows them."""
    client_cases = cases.client_cases(session, client_id)
    ids = {client_id} | {p.client_id for c in client_cases for p in c.participants}
    people = directory.people(session, ids).values()
    return ShownNames(
        private,
        [n for p in people for n in (p.name, p.representative_name or "")],
        {c.title: case_title(c, private=True) for c in client_cases},
    )


def open_accounting_release(
    session: VaultSession,
    client_id: int,
    *,
    today: date | None = None,
    private: bool = False,
    parent: QtWidgets.QWidget | None = None,
) -> ReleaseDialog:
    """The dialog set up to give a client their accounting of disclosures (164.528): to
    the client, at their request, already checked at the gate."""
    items = [Item("accounting", client_id)]
    dialog = ReleaseDialog(session, client_id, items, today=today, private=private, parent=parent)
    dialog.start_filled_in("client_request", "client")
    return dialog
