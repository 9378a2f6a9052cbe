"""Release records: who receives them and why, the gate's decision item by item, the output.

Four steps in one window:

1. **Request**: recipient (name, organisation, address), purpose, who asks, and what the
   purpose needs (a court order or a subpoena; the emergency attestation and its written
   justification; de-identification for training and consultation).
2. **Items**: exactly `gate.evaluate`'s decision. Allowed items can be unchecked (minimum
   necessary); blocked items and those needing an action cannot be checked, and their
   reason names the person whose consent is missing. A subpoena alone is answered here
   (object / seek a protective order: recorded, nothing released). Whether the client was
   informed before the disclosure, or why not, is asked here.
3. **De-identification review** (training, consultation without consent): each removal,
   the resulting text, and terms the user adds.
4. **Output**: an AES-256 encrypted PDF with a generated or typed password, or print.
   Both go through `gate.disclose` (via `disclosure.release`): no bypass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Final

from recordsafe import paths
from recordsafe.disclosure import gate, release, subpoenas
from recordsafe.disclosure._common import PURPOSES
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.gate import Decision, Item, Recipient, Request
from recordsafe.disclosure.release_pdf import CoverInfo, ReleaseItem
from recordsafe.records import clients
from recordsafe.ui.backup.path_field import PathField, PathKind
from recordsafe.ui.disclosure import printing
from recordsafe.ui.disclosure.court_order_dialog import CourtOrderDialog
from recordsafe.ui.disclosure.deid_review import DeidentificationReview
from recordsafe.ui.disclosure.password_page import HAND_OVER_ADVICE, PasswordPage
from recordsafe.ui.disclosure.release_items import ReleaseItemsModel
from recordsafe.ui.operations import run_in_background
from recordsafe.ui.qt import Qt, QtPrintSupport, QtWidgets, Signal
from recordsafe.ui.widgets.dates import date_edit, from_qdate
from recordsafe.ui.widgets.forms import WARNING_STYLE, error_label, hint, show_error
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

REQUESTERS: Final = (
    ("third_party", "Someone else (a third party)"),
    ("client", "The client"),
    ("representative", "The client's personal representative"),
    ("court", "A court or lawyer"),
)
PURPOSE_ORDER: Final = (
    "treatment",
    "client_request",
    "payment",
    "legal",
    "emergency",
    "consultation",
    "training",
    "custodian_transfer",
    "media",
    "other",
)
PURPOSE_HINTS: Final = {
    "client_request": "The client (or their representative) asks for their own records.",
    "treatment": "Needs the signed consent of every person the items are about.",
    "payment": "Needs consent naming this payer; psychotherapy notes are never released.",
    "legal": "Needs consent or a court order. A subpoena alone is not enough.",
    "emergency": "Only to prevent serious, foreseeable and imminent harm, and only what "
    "the emergency needs. The client must be told afterwards.",
    "training": "De-identified, or with consent.",
    "consultation": "De-identified, or with consent.",
}
NO_COURT_ORDER: Final = "No court order"
PrinterChooser = Callable[[QtWidgets.QWidget, Callable[[QtPrintSupport.QPrinter], None]], None]


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
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.client_id = client_id
        self.today = today or date.today()
        self._follows_the_clock = today is None  # tests fix the day; the app follows it
        self._preselected = items is not None
        self._items = (
            tuple(items) if items is not None else tuple(release.client_items(session, client_id))
        )
        self._client = clients.client_name(session, client_id)
        self.decision: Decision | None = None
        self.model: ReleaseItemsModel | None = None
        self.final_decision: Decision | None = None
        self.texts: list[ReleaseItem] = []
        self.output_texts: list[ReleaseItem] = []
        self.disclosure_id: int | None = None
        self.subpoena_response_id: int | None = None
        self.saved_to: Path | None = None
        self.choose_printer: PrinterChooser = printing.choose_printer
        self._busy = False

        self.setWindowTitle("Release records")
        self.setModal(True)
        self.resize(900, 640)
        self.stack = QtWidgets.QStackedWidget()
        self.request_page = self._build_request_page()
        self.items_page = self._build_items_page()
        self.review = DeidentificationReview()
        self.review.terms_changed.connect(self._run_deidentify)
        self.output_page = self._build_output_page()
        self.done_page = self._build_done_page()
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
        self._purpose_changed()
        self.recipient_name.setFocus()

    def _build_frame(self) -> None:
        self.step_label = QtWidgets.QLabel()
        self.step_label.setObjectName("releaseStep")
        font = self.step_label.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.step_label.setFont(font)
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
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

    # --- step 1: the request -------------------------------------------------------------

    def _build_request_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.recipient_name = QtWidgets.QLineEdit()
        self.recipient_name.setObjectName("recipientName")
        self.recipient_name.setAccessibleName("Recipient's name")
        self.recipient_name.setPlaceholderText("The person who receives the records")
        self.recipient_org = QtWidgets.QLineEdit()
        self.recipient_org.setObjectName("recipientOrganisation")
        self.recipient_org.setAccessibleName("Recipient's organisation")
        self.recipient_org.setPlaceholderText("Optional")
        self.recipient_address = QtWidgets.QPlainTextEdit()
        self.recipient_address.setObjectName("recipientAddress")
        self.recipient_address.setAccessibleName("Recipient's address")
        self.recipient_address.setTabChangesFocus(True)
        self.recipient_address.setFixedHeight(56)
        self.purpose_combo = QtWidgets.QComboBox()
        self.purpose_combo.setObjectName("purpose")
        self.purpose_combo.setAccessibleName("Purpose")
        for code in PURPOSE_ORDER:
            self.purpose_combo.addItem(PURPOSES[code], code)
        self.purpose_hint = hint("")
        self.requester_combo = QtWidgets.QComboBox()
        self.requester_combo.setObjectName("requestedBy")
        self.requester_combo.setAccessibleName("Who asks")
        for code, label in REQUESTERS:
            self.requester_combo.addItem(label, code)

        self._build_purpose_boxes()
        self.deidentify_check = QtWidgets.QCheckBox(
            "De-identify the output (names, dates, places, contacts and identifiers removed; "
            "you review every removal)"
        )
        self.deidentify_check.setObjectName("deidentify")
        self.deidentify_check.setChecked(True)

        self.part2_check = QtWidgets.QCheckBox(
            "These records are covered by 42 CFR Part 2 (substance use disorder treatment)"
        )
        self.part2_check.setObjectName("part2")
        self.part2_check.setChecked(release.is_part2(self._session, [self.client_id]))
        self.request_error = error_label("requestError")

        form = QtWidgets.QFormLayout()
        form.addRow("&Recipient:", self.recipient_name)
        form.addRow("&Organisation:", self.recipient_org)
        form.addRow("A&ddress:", self.recipient_address)
        form.addRow("&Purpose:", self.purpose_combo)
        form.addRow("", self.purpose_hint)
        form.addRow("&Who asks:", self.requester_combo)
        layout = QtWidgets.QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.psychotherapy_check)
        layout.addWidget(self.legal_box)
        layout.addWidget(self.emergency_box)
        layout.addWidget(self.deidentify_check)
        layout.addWidget(self.part2_check)
        layout.addWidget(self.request_error)
        layout.addStretch(1)
        self.purpose_combo.currentIndexChanged.connect(self._purpose_changed)
        self.requester_combo.currentIndexChanged.connect(self._requester_changed)
        return page

    def _build_purpose_boxes(self) -> None:
        self.psychotherapy_check = QtWidgets.QCheckBox(
            "I have decided to release psychotherapy notes to the client"
        )
        self.psychotherapy_check.setObjectName("psychotherapyDecided")
        self.legal_box = QtWidgets.QGroupBox("Court order or subpoena")
        self.court_order_combo = QtWidgets.QComboBox()
        self.court_order_combo.setObjectName("courtOrder")
        self.court_order_combo.setAccessibleName("Court order")
        self.court_order_combo.addItem(NO_COURT_ORDER, None)
        for order_id, label in release.court_orders_for(self._session, self.client_id):
            self.court_order_combo.addItem(label, order_id)
        self.subpoena_check = QtWidgets.QCheckBox("A subpoena was received (without a court order)")
        self.subpoena_check.setObjectName("subpoena")
        self.court_order_combo.currentIndexChanged.connect(
            lambda _i: self.subpoena_check.setEnabled(self.court_order_combo.currentIndex() == 0)
        )
        if self.court_order_combo.count() == 1:
            self.court_order_combo.setToolTip("No court order is recorded for this client.")
        self.record_order_button = QtWidgets.QPushButton("Record a court order…")
        self.record_order_button.setObjectName("recordCourtOrder")
        self.record_order_button.clicked.connect(self.open_court_order)
        order_row = QtWidgets.QHBoxLayout()
        order_row.addWidget(self.court_order_combo, 1)
        order_row.addWidget(self.record_order_button)
        legal = QtWidgets.QFormLayout(self.legal_box)
        legal.addRow("Court order:", order_row)
        legal.addRow("", self.subpoena_check)

        self.emergency_box = QtWidgets.QGroupBox("Emergency")
        self.attest_check = QtWidgets.QCheckBox(
            "I attest that releasing these records is needed to prevent serious, "
            "foreseeable and imminent harm to the client or someone else"
        )
        self.attest_check.setObjectName("emergencyAttested")
        self.justification_edit = QtWidgets.QPlainTextEdit()
        self.justification_edit.setObjectName("emergencyJustification")
        self.justification_edit.setAccessibleName("Justification")
        self.justification_edit.setPlaceholderText(
            "What the harm is, why it is imminent, and why these items are needed"
        )
        self.justification_edit.setTabChangesFocus(True)
        self.justification_edit.setFixedHeight(80)
        emergency = QtWidgets.QVBoxLayout(self.emergency_box)
        emergency.addWidget(self.attest_check)
        emergency.addWidget(QtWidgets.QLabel("Justification:"))
        emergency.addWidget(self.justification_edit)

    def open_court_order(self) -> CourtOrderDialog:
        """Record an order naming some of this release's items; it is then chosen."""
        dialog = CourtOrderDialog(
            self._session, self.client_id, self._items, today=self.today, parent=self
        )
        dialog.recorded.connect(self._court_order_recorded)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        return dialog

    def _court_order_recorded(self, order_id: int) -> None:
        self.court_order_combo.clear()
        self.court_order_combo.addItem(NO_COURT_ORDER, None)
        for known_id, label in release.court_orders_for(self._session, self.client_id):
            self.court_order_combo.addItem(label, known_id)
        self.court_order_combo.setCurrentIndex(self.court_order_combo.findData(order_id))
        self.court_order_combo.setToolTip("")

    def purpose(self) -> str:
        return str(self.purpose_combo.currentData())

    def set_purpose(self, code: str) -> None:
        self.purpose_combo.setCurrentIndex(self.purpose_combo.findData(code))

    def set_requester(self, code: str) -> None:
        self.requester_combo.setCurrentIndex(self.requester_combo.findData(code))

    def _purpose_changed(self) -> None:
        purpose = self.purpose()
        self.purpose_hint.setText(
            PURPOSE_HINTS.get(purpose, "Needs the consent of every person the items are about.")
        )
        self.psychotherapy_check.setVisible(purpose == "client_request")
        self.legal_box.setVisible(purpose == "legal")
        self.emergency_box.setVisible(purpose == "emergency")
        self.deidentify_check.setVisible(purpose in ("training", "consultation"))
        if purpose == "client_request" and self.requester_combo.currentData() == "third_party":
            self.set_requester("client")
        self._requester_changed()

    def _requester_changed(self) -> None:
        # The client asking for their own records is also who receives them.
        if self.purpose() == "client_request" and not self.recipient_name.text().strip():
            if self.requester_combo.currentData() == "client":
                self.recipient_name.setText(self._client)

    def build_request(self) -> Request:
        purpose = self.purpose()
        order = self.court_order_combo.currentData() if purpose == "legal" else None
        requested_by = str(self.requester_combo.currentData())
        return Request(
            items=self._items,
            recipient=Recipient(
                " ".join(self.recipient_name.text().split()),
                " ".join(self.recipient_org.text().split()) or None,
                self.recipient_address.toPlainText().strip() or None,
            ),
            purpose=purpose,  # type: ignore[arg-type]
            requested_by=requested_by,  # type: ignore[arg-type]
            requester_client_id=self.client_id
            if requested_by in ("client", "representative")
            else None,
            court_order_id=int(order) if order is not None else None,
            subpoena=purpose == "legal" and order is None and self.subpoena_check.isChecked(),
            emergency_attested=purpose == "emergency" and self.attest_check.isChecked(),
            emergency_justification=self.justification_edit.toPlainText().strip() or None
            if purpose == "emergency"
            else None,
            deidentified=purpose in ("training", "consultation")
            and self.deidentify_check.isChecked(),
            psychotherapy_release_decided=purpose == "client_request"
            and self.psychotherapy_check.isChecked(),
        )

    def _check_request(self) -> bool:
        self.request_error.hide()
        if not self.recipient_name.text().strip():
            show_error(self.request_error, "Say who receives the records.")
            self.recipient_name.setFocus()
            return False
        if self.purpose() == "emergency":
            if not self.attest_check.isChecked():
                show_error(
                    self.request_error,
                    "An emergency release needs your attestation of serious, foreseeable and "
                    "imminent harm. Without it, nothing can be released.",
                )
                self.attest_check.setFocus()
                return False
            if not self.justification_edit.toPlainText().strip():
                show_error(self.request_error, "Write why the emergency needs these records.")
                self.justification_edit.setFocus()
                return False
        try:
            request = self.build_request()
            self.decision = gate.evaluate(self._session, request, today=self.today)
        except VaultError as exc:
            show_error(self.request_error, exc.message)
            return False
        self._fill_items(self.decision)
        return True

    # --- step 2: the items ---------------------------------------------------------------

    def _build_items_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.decision_label = QtWidgets.QLabel()
        self.decision_label.setObjectName("decisionSummary")
        self.decision_label.setWordWrap(True)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("releaseItems")
        self.table.setAccessibleName("Items to release")
        self.table.setTabKeyNavigation(False)  # Space checks a row; Tab moves on
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        all_button = QtWidgets.QPushButton("Check all &allowed")
        all_button.setObjectName("checkAllAllowed")
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button = QtWidgets.QPushButton("Chec&k none")
        none_button.setObjectName("checkNone")
        none_button.clicked.connect(lambda: self._check_all(False))
        choose = QtWidgets.QHBoxLayout()
        choose.addWidget(hint("Check only what this recipient needs (minimum necessary)."), 1)
        choose.addWidget(all_button)
        choose.addWidget(none_button)

        self.subpoena_box = self._build_subpoena_box()

        self.informed_box = QtWidgets.QGroupBox("Was the client told before this release?")
        self.informed_yes = QtWidgets.QRadioButton("&Yes, the client was informed beforehand")
        self.informed_yes.setObjectName("clientInformed")
        self.informed_no = QtWidgets.QRadioButton("N&o — why not:")
        self.informed_no.setObjectName("clientNotInformed")
        self.not_informed_edit = QtWidgets.QLineEdit()
        self.not_informed_edit.setObjectName("notInformedReason")
        self.not_informed_edit.setAccessibleName("Why the client was not informed")
        self.not_informed_edit.setPlaceholderText(
            "e.g. emergency, could not be reached; a follow-up to inform them is added"
        )
        self.not_informed_edit.textEdited.connect(lambda _t: self.informed_no.setChecked(True))
        informed = QtWidgets.QGridLayout(self.informed_box)
        informed.addWidget(self.informed_yes, 0, 0, 1, 2)
        informed.addWidget(self.informed_no, 1, 0)
        informed.addWidget(self.not_informed_edit, 1, 1)
        self.items_error = error_label("itemsError")

        layout = QtWidgets.QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.decision_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(choose)
        layout.addWidget(self.subpoena_box)
        layout.addWidget(self.informed_box)
        layout.addWidget(self.items_error)
        return page

    def _check_all(self, on: bool) -> None:
        if self.model is not None:
            self.model.set_all(on)

    def _build_subpoena_box(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Answer the subpoena (nothing is released)")
        box.setObjectName("subpoenaBox")
        self.subpoena_issuer = QtWidgets.QLineEdit()
        self.subpoena_issuer.setObjectName("subpoenaIssuer")
        self.subpoena_issuer.setAccessibleName("Who issued the subpoena")
        self.subpoena_received = date_edit(self.today)
        self.subpoena_received.setMaximumDate(self.subpoena_received.date())
        self.object_radio = QtWidgets.QRadioButton(subpoenas.RESPONSES["object"])
        self.object_radio.setObjectName("subpoenaObject")
        self.protective_radio = QtWidgets.QRadioButton(subpoenas.RESPONSES["protective_order"])
        self.protective_radio.setObjectName("subpoenaProtectiveOrder")
        self.subpoena_note = QtWidgets.QLineEdit()
        self.subpoena_note.setObjectName("subpoenaNote")
        self.subpoena_note.setPlaceholderText("Optional: how and when you answered")
        self.subpoena_button = QtWidgets.QPushButton("&Record the answer")
        self.subpoena_button.setObjectName("recordSubpoenaAnswer")
        self.subpoena_button.clicked.connect(self.record_subpoena_answer)
        self.subpoena_status = QtWidgets.QLabel()
        self.subpoena_status.setObjectName("subpoenaStatus")
        self.subpoena_status.setWordWrap(True)
        radios = QtWidgets.QHBoxLayout()
        radios.addWidget(self.object_radio)
        radios.addWidget(self.protective_radio)
        radios.addStretch(1)
        form = QtWidgets.QFormLayout(box)
        form.addRow(
            hint(
                "A subpoena alone does not allow a release. Object, or ask the court for a "
                "protective order; if the court then orders the release, record the order "
                "and release what it names."
            )
        )
        form.addRow("Issued by:", self.subpoena_issuer)
        form.addRow("Received on:", self.subpoena_received)
        form.addRow("Your answer:", radios)
        form.addRow("Note:", self.subpoena_note)
        form.addRow(self.subpoena_button, self.subpoena_status)
        return box

    def _fill_items(self, decision: Decision) -> None:
        labels = release.item_labels(self._session, [d.item for d in decision.items])
        names = release.names_of(self._session, [s for d in decision.items for s in d.subjects])
        self.model = ReleaseItemsModel(decision, labels, names, checked=self._preselected)
        self.table.setModel(self.model)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, 300)
        self.table.setColumnWidth(2, 150)
        self.table.resizeRowsToContents()
        counts = decision.counts
        self.decision_label.setText(
            f"{counts.get('allowed', 0)} allowed, {counts.get('blocked', 0)} blocked, "
            f"{counts.get('needs_action', 0)} needing an action. Blocked items cannot be "
            "released: the reason says what is missing."
        )
        needs_subpoena = decision.request.subpoena and any(
            d.status == "needs_action" for d in decision.items
        )
        self.subpoena_box.setVisible(needs_subpoena)
        self.informed_box.setVisible(any(d.allowed for d in decision.items))
        if self.informed_yes.isChecked() is False and self.informed_no.isChecked() is False:
            if decision.request.requested_by in ("client", "representative"):
                self.informed_yes.setChecked(True)

    def record_subpoena_answer(self) -> None:
        if self.decision is None:
            return
        response = (
            "object"
            if self.object_radio.isChecked()
            else "protective_order"
            if self.protective_radio.isChecked()
            else None
        )
        if response is None:
            self.subpoena_status.setStyleSheet("QLabel { color: #9a2a00; }")
            self.subpoena_status.setText("Choose: object, or seek a protective order.")
            return
        waiting = sum(d.status == "needs_action" for d in self.decision.items)
        try:
            self.subpoena_response_id = subpoenas.record_response(
                self._session,
                self.client_id,
                issued_by=self.subpoena_issuer.text(),
                received_on=from_qdate(self.subpoena_received.date()),
                response=response,  # type: ignore[arg-type]
                note=self.subpoena_note.text(),
                items=waiting,
                today=self.today,
            )
        except VaultError as exc:
            self.subpoena_status.setStyleSheet("QLabel { color: #9a2a00; }")
            self.subpoena_status.setText(exc.message)
            return
        self.subpoena_status.setStyleSheet("")
        self.subpoena_status.setText(
            f"Recorded: {subpoenas.RESPONSES[response].lower()}. Nothing was released."
        )
        self.subpoena_button.setEnabled(False)

    def _check_items(self) -> bool:
        self.items_error.hide()
        if self.model is None or self.decision is None:
            return False
        chosen = self.model.chosen()
        if not chosen:
            allowed = any(d.allowed for d in self.decision.items)
            show_error(
                self.items_error,
                "Check at least one allowed item."
                if allowed
                else "No item can be released for this request. Go back to change the "
                "recipient or purpose, or record what is missing first.",
            )
            return False
        informed = self.informed_yes.isChecked()
        reason = self.not_informed_edit.text().strip()
        if not informed and not self.informed_no.isChecked():
            show_error(self.items_error, "Say whether the client was told before this release.")
            return False
        if not informed and not reason:
            show_error(self.items_error, "Say why the client was not told beforehand.")
            self.not_informed_edit.setFocus()
            return False
        narrowed = self.decision.request.narrowed_to(chosen)
        try:
            final = gate.evaluate(self._session, narrowed, today=self.today)
            if not final.all_allowed:
                raise DisclosureError(
                    "Something changed since the check (a consent or an item): go back and "
                    "check again."
                )
            self.texts = release.item_texts(self._session, final.request.items, today=self.today)
        except VaultError as exc:
            show_error(self.items_error, exc.message)
            return False
        self.final_decision = final
        self.output_texts = self.texts
        if final.request.deidentified:
            self._run_deidentify()
        return True

    # --- step 3: de-identification review ------------------------------------------------

    def _run_deidentify(self) -> None:
        if self.final_decision is None:
            return
        names = release.identifying_names(self._session, self.final_decision.request.items)
        self.output_texts, removals = release.deidentify_items(
            self.texts, names, self.review.extra_terms
        )
        self.review.show_result(self.output_texts, removals)

    # --- step 4: the output --------------------------------------------------------------

    def _build_output_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.save_radio = QtWidgets.QRadioButton("&Save an encrypted PDF (AES-256)")
        self.save_radio.setObjectName("outputSave")
        self.print_radio = QtWidgets.QRadioButton("&Print it")
        self.print_radio.setObjectName("outputPrint")
        self.save_radio.setChecked(True)
        self.path_field = PathField(
            PathKind.NEW_FOLDER,
            accessible_name="Save the release as",
            caption="Save the encrypted release as",
            name_filter="PDF files (*.pdf)",
        )
        self.path_field.line_edit.setObjectName("releasePath")
        self.path_field.set_path(_free_name(self.today))
        self.password_page = PasswordPage()
        self.save_box = QtWidgets.QWidget()
        save = QtWidgets.QFormLayout(self.save_box)
        save.setContentsMargins(24, 0, 0, 0)
        save.addRow("File:", self.path_field)
        save.addRow("Password:", self.password_page)
        print_hint = hint(
            "Printing is recorded as a disclosure, like a file. Collect the pages from the "
            "printer at once."
        )
        print_hint.setContentsMargins(24, 0, 0, 0)
        self.output_summary = QtWidgets.QLabel()
        self.output_summary.setObjectName("outputSummary")
        self.output_summary.setWordWrap(True)
        self.output_error = error_label("outputError")
        layout = QtWidgets.QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.output_summary)
        layout.addWidget(self.save_radio)
        layout.addWidget(self.save_box)
        layout.addWidget(self.print_radio)
        layout.addWidget(print_hint)
        layout.addWidget(self.output_error)
        layout.addStretch(1)
        self.save_radio.toggled.connect(self._output_changed)
        return page

    def _output_changed(self) -> None:
        self.save_box.setEnabled(self.save_radio.isChecked())
        self._update_buttons()

    def _show_output(self) -> None:
        final = self.final_decision
        assert final is not None
        count = len(final.items)
        request = final.request
        who = request.recipient.name
        if request.recipient.organisation:
            who += f" ({request.recipient.organisation})"
        extra = " De-identified." if request.deidentified else ""
        chosen = self.path_field.path()
        if chosen is not None and chosen.exists():
            self.path_field.set_path(_free_name(self.today, chosen.parent))
        self.output_summary.setText(
            f"{count} item{'s' if count != 1 else ''} to {who}. "
            f"Purpose: {PURPOSES[request.purpose].lower()}.{extra}"
        )

    def release_now(self) -> None:
        """Record the disclosure and write or print the output (the last step's button)."""
        final = self.final_decision
        if final is None or self._busy:
            return
        self.output_error.hide()
        if self._follows_the_clock and date.today() != self.today:
            # Past midnight since the check: a consent may have expired meanwhile.
            self.today = date.today()
            self._show_page(self.request_page)
            show_error(
                self.request_error,
                "The date has changed since the items were checked: check them again.",
            )
            return
        informed = self.informed_yes.isChecked()
        reason = None if informed else self.not_informed_edit.text().strip()
        try:
            release.mark_part2(self._session, self.client_id, self.part2_check.isChecked())
            cover = release.cover_for(
                self._session,
                final,
                part2=release.is_part2(self._session, _subjects(final)),
            )
        except VaultError as exc:
            show_error(self.output_error, exc.message)
            return
        texts = list(self.output_texts)
        if self.print_radio.isChecked():
            self._print(final, texts, cover, informed, reason)
            return
        target = self.path_field.path()
        if target is None:
            show_error(self.output_error, "Choose where to save the release.")
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        if not target.parent.is_dir():
            show_error(self.output_error, "That folder does not exist. Choose another one.")
            return
        if target.exists():
            show_error(self.output_error, "A file with that name exists. Choose another name.")
            return
        try:
            password = self.password_page.password()
        except VaultError as exc:
            show_error(self.output_error, exc.message)
            return
        session = self._session
        self._set_busy(True)
        run_in_background(
            self,
            lambda: release.release_to_file(
                session,
                final.request,
                final,
                texts=texts,
                cover=cover,
                password=password,
                target=target,
                client_informed=informed,
                not_informed_reason=reason,
            ),
            label="Encrypting and saving the release…",
            on_success=lambda disclosure_id: self._saved(disclosure_id, target),
            on_failure=self._failed,
        )

    def _print(
        self,
        final: Decision,
        texts: list[ReleaseItem],
        cover: CoverInfo,
        informed: bool,
        reason: str | None,
    ) -> None:
        def chosen(printer: QtPrintSupport.QPrinter) -> None:
            if not self.isVisible():  # locked (closed) while the print dialog was open
                return
            try:
                disclosure_id = release.release_to_printer(
                    self._session,
                    final.request,
                    final,
                    texts=texts,
                    cover=cover,
                    print_pdf=lambda pdf: printing.print_pdf(pdf, printer),
                    client_informed=informed,
                    not_informed_reason=reason,
                )
            except VaultError as exc:
                show_error(self.output_error, exc.message)
                return
            self._done(disclosure_id, "The release was sent to the printer.", password=None)

        self.choose_printer(self, chosen)

    def _saved(self, disclosure_id: int, target: Path) -> None:
        self._set_busy(False)
        self.saved_to = target
        self.password_page.forget()
        shown = self.password_page.generated if self.password_page.uses_generated() else None
        self._done(disclosure_id, f"The encrypted release was saved as:\n{target}", password=shown)

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        # run_in_background hands over a VaultError (a bug becomes its safe message).
        message = exc.message if isinstance(exc, VaultError) else ""
        show_error(self.output_error, message or "The release could not be saved.")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    @property
    def busy(self) -> bool:
        """A release is being written: the main window holds an auto-lock until it ends
        (locking would close the connection the release is using)."""
        return self._busy

    # --- done ----------------------------------------------------------------------------

    def _build_done_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.done_label = QtWidgets.QLabel()
        self.done_label.setObjectName("releaseDone")
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_password = QtWidgets.QLabel()
        self.done_password.setObjectName("donePassword")
        self.done_password.setStyleSheet(WARNING_STYLE)
        self.done_password.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_password.setWordWrap(True)
        self.followup_label = QtWidgets.QLabel()
        self.followup_label.setObjectName("followupNote")
        self.followup_label.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.done_label)
        layout.addWidget(self.done_password)
        layout.addWidget(self.followup_label)
        layout.addStretch(1)
        return page

    def _done(self, disclosure_id: int, text: str, *, password: str | None) -> None:
        self.disclosure_id = disclosure_id
        self.done_label.setText(f"{text}\n\nThe disclosure is recorded in the accounting.")
        if password:
            self.done_password.setText(f"Password: {password}\n\n{HAND_OVER_ADVICE}")
        self.done_password.setVisible(bool(password))
        final = self.final_decision
        follow = (
            final is not None
            and (final.request.purpose == "emergency" or not self.informed_yes.isChecked())
            and not (final.request.deidentified)
        )
        self.followup_label.setText(
            "A follow-up to inform the client has been added." if follow else ""
        )
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
                "&Release and print…" if self.print_radio.isChecked() else "&Release and save"
            )
        elif page is self.request_page:
            self.next_button.setText("&Check the items >")
        else:
            self.next_button.setText("&Next >")

    def next(self) -> None:
        page = self.stack.currentWidget()
        if page is self.request_page:
            if self._check_request():
                self._show_page(self.items_page)
                self.table.setFocus()
        elif page is self.items_page:
            if self._check_items():
                if self.final_decision is not None and self.final_decision.request.deidentified:
                    self._show_page(self.review)
                else:
                    self._show_output()
                    self._show_page(self.output_page)
        elif page is self.review:
            self._show_output()
            self._show_page(self.output_page)
        elif page is self.output_page:
            self.release_now()

    def back(self) -> None:
        page = self.stack.currentWidget()
        if page is self.items_page:
            self._show_page(self.request_page)
        elif page is self.review:
            self._show_page(self.items_page)
        elif page is self.output_page:
            deidentified = (
                self.final_decision is not None and self.final_decision.request.deidentified
            )
            self._show_page(self.review if deidentified else self.items_page)

    def reject(self) -> None:
        if self._busy:
            return
        self.password_page.forget()
        super().reject()


def open_accounting_release(
    session: VaultSession, client_id: int, *, parent: QtWidgets.QWidget | None = None
) -> ReleaseDialog:
    """The dialog set up to give a client their accounting of disclosures (164.528)."""
    dialog = ReleaseDialog(session, client_id, [Item("accounting", client_id)], parent=parent)
    dialog.set_purpose("client_request")
    dialog.set_requester("client")
    return dialog


def _subjects(decision: Decision) -> list[int]:
    return list(dict.fromkeys(s for d in decision.items for s in d.subjects))


def _free_name(day: date, folder: Path | None = None) -> Path:
    """'Release 2025-06-01.pdf' in the documents folder (or home), not taken yet. The name
    says nothing about the client: file names show up in recent-file lists."""
    if folder is None:
        folder = paths.default_vault_parent()
        if not folder.is_dir():
            folder = Path.home()
    stem = f"Release {day.isoformat()}"
    candidate = folder / f"{stem}.pdf"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({number}).pdf"
        number += 1
    return candidate
