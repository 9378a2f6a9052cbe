"""Step 1: who receives the records and why, who asks, and what the purpose needs (a
court order or a subpoena; the emergency attestation and its written justification;
de-identification for training and consultation)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from recordsafe.disclosure import release
from recordsafe.disclosure._common import PURPOSES
from recordsafe.disclosure.gate import Item, Recipient, Request
from recordsafe.ui.disclosure.release.legal_box import LegalBox
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.forms import error_label, hint, show_error
from recordsafe.ui.widgets.names import initials
from recordsafe.vault import VaultSession

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


class RequestPage(QtWidgets.QWidget):
    def __init__(
        self,
        session: VaultSession,
        client_id: int,
        client_name: str,
        items: Sequence[Item],
        *,
        private: bool = False,
    ) -> None:
        super().__init__()
        self._client_id = client_id
        self._client_name = client_name
        self._private = private
        self._has_psychotherapy = release.has_psychotherapy_notes(session, items)
        self.psychotherapy_check = QtWidgets.QCheckBox(
            "I have decided to release psychotherapy notes to the client"
        )
        self.psychotherapy_check.setObjectName("psychotherapyDecided")
        self.legal_box = LegalBox(session, client_id)
        self.emergency_box = self._build_emergency_box()
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
        self.part2_check.setChecked(release.is_part2(session, [client_id]))
        self.request_error = error_label("requestError")

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_form())
        layout.addWidget(self.psychotherapy_check)
        layout.addWidget(self.legal_box)
        layout.addWidget(self.emergency_box)
        layout.addWidget(self.deidentify_check)
        layout.addWidget(self.part2_check)
        layout.addWidget(self.request_error)
        layout.addStretch(1)
        self.purpose_combo.currentIndexChanged.connect(self._purpose_changed)
        self.requester_combo.currentIndexChanged.connect(self._requester_changed)
        self._purpose_changed()

    def _build_form(self) -> QtWidgets.QFormLayout:
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

        form = QtWidgets.QFormLayout()
        form.addRow("&Recipient:", self.recipient_name)
        form.addRow("&Organisation:", self.recipient_org)
        form.addRow("A&ddress:", self.recipient_address)
        form.addRow("&Purpose:", self.purpose_combo)
        form.addRow("", self.purpose_hint)
        form.addRow("&Who asks:", self.requester_combo)
        return form

    def _build_emergency_box(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Emergency")
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
        emergency = QtWidgets.QVBoxLayout(box)
        emergency.addWidget(self.attest_check)
        emergency.addWidget(QtWidgets.QLabel("Justification:"))
        emergency.addWidget(self.justification_edit)
        return box

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
        self.psychotherapy_check.setVisible(purpose == "client_request" and self._has_psychotherapy)
        self.legal_box.setVisible(purpose == "legal")
        self.emergency_box.setVisible(purpose == "emergency")
        self.deidentify_check.setVisible(purpose in ("training", "consultation"))
        if purpose == "client_request" and self.requester_combo.currentData() == "third_party":
            self.set_requester("client")
        self._requester_changed()

    def _requester_changed(self) -> None:
        # The client asking for their own records is also who receives them. In privacy
        # mode the field stays empty and says so by initials; the release names them fully.
        own = self._client_asks_for_own()
        self.recipient_name.setPlaceholderText(
            f"{initials(self._client_name)}, the client (named in full on the release)"
            if own and self._private
            else "The person who receives the records"
        )
        if own and not self._private and not self.recipient_name.text().strip():
            self.recipient_name.setText(self._client_name)

    def _client_asks_for_own(self) -> bool:
        return self.purpose() == "client_request" and self.requester_combo.currentData() == "client"

    def recipient(self) -> str:
        """The recipient's name as typed; the client's own when left empty for them."""
        typed = " ".join(self.recipient_name.text().split())
        return typed or (self._client_name if self._client_asks_for_own() else "")

    def build_request(self, items: Sequence[Item]) -> Request:
        purpose = self.purpose()
        legal = purpose == "legal"
        emergency = purpose == "emergency"
        requested_by = str(self.requester_combo.currentData())
        return Request(
            items=tuple(items),
            recipient=Recipient(
                self.recipient(),
                " ".join(self.recipient_org.text().split()) or None,
                self.recipient_address.toPlainText().strip() or None,
            ),
            purpose=purpose,  # type: ignore[arg-type]
            requested_by=requested_by,  # type: ignore[arg-type]
            requester_client_id=self._client_id
            if requested_by in ("client", "representative")
            else None,
            court_order_id=self.legal_box.court_order_id() if legal else None,
            subpoena=legal and self.legal_box.subpoena_only(),
            emergency_attested=emergency and self.attest_check.isChecked(),
            emergency_justification=self.justification_edit.toPlainText().strip() or None
            if emergency
            else None,
            deidentified=purpose in ("training", "consultation")
            and self.deidentify_check.isChecked(),
            psychotherapy_release_decided=purpose == "client_request"
            and self._has_psychotherapy
            and self.psychotherapy_check.isChecked(),
        )

    def check(self) -> bool:
        """What the request needs before the gate is asked; False (and said) if missing."""
        self.request_error.hide()
        if not self.recipient():
            self.show_error("Say who receives the records.")
            self.recipient_name.setFocus()
            return False
        if self.purpose() == "emergency":
            if not self.attest_check.isChecked():
                self.show_error(
                    "An emergency release needs your attestation of serious, foreseeable and "
                    "imminent harm. Without it, nothing can be released.",
                )
                self.attest_check.setFocus()
                return False
            if not self.justification_edit.toPlainText().strip():
                self.show_error("Write why the emergency needs these records.")
                self.justification_edit.setFocus()
                return False
        return True

    def show_error(self, text: str) -> None:
        show_error(self.request_error, text)
