"""One consent, every element in plain words, with its status today; revoke from here,
open its signed form (in the app's in-memory viewer), or attach the form if it was
recorded without it."""

from __future__ import annotations

import html
from datetime import date

from recordsafe.disclosure.consents import Consent
from recordsafe.ui.disclosure.common import (
    consent_status,
    expiry_text,
    purposes_text,
    recipient_text,
    scope_text,
)
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.widgets.dates import format_day


def consent_html(consent: Consent, today: date, scan_name: str | None) -> str:
    who = "The client"
    if consent.authorized_by == "representative":
        who = f"{consent.representative_name} ({consent.representative_authority})"
    rows = [
        ("Status today", consent_status(consent, today)),
        ("Signed by", who),
        ("Signed on", format_day(consent.signed_on)),
        ("Information", scope_text(consent)),
        ("Who may disclose", consent.disclosing_party),
        ("Recipient", recipient_text(consent)),
        ("Recipient's address", consent.recipient_address or "—"),
        ("Purposes", purposes_text(consent)),
        ("Expires", expiry_text(consent)),
        ("Statements", "Right to revoke, conditioning and redisclosure: all stated"),
        ("Signed form", scan_name or "Not attached yet"),
    ]
    if consent.revoked_on is not None:
        rows.append(
            (
                "Revoked",
                f"{format_day(consent.revoked_on)} (received by {consent.revocation_received})",
            )
        )
    cells = "".join(
        f"<tr><td style='padding:3px 12px 3px 0'><b>{html.escape(k)}</b></td>"
        f"<td style='padding:3px 0'>{html.escape(v).replace(chr(10), '<br>')}</td></tr>"
        for k, v in rows
    )
    return f"<table>{cells}</table>"


class ConsentView(QtWidgets.QDialog):
    revoke_requested = Signal(int)
    open_form_requested = Signal(int)  # the document id of the signed form
    attach_form_requested = Signal(int)  # the consent id

    def __init__(
        self,
        consent: Consent,
        *,
        today: date,
        scan_name: str | None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.consent = consent
        self.setObjectName("consentView")
        self.setWindowTitle("Consent")
        self.setMinimumWidth(560)
        self.text = QtWidgets.QLabel(consent_html(consent, today, scan_name))
        self.text.setObjectName("consentText")
        self.text.setWordWrap(True)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.revoke_button = buttons.addButton(
            "Revoke…", QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        )
        self.revoke_button.setObjectName("viewRevoke")
        self.revoke_button.setEnabled(consent.revoked_on is None)
        self.revoke_button.clicked.connect(self._revoke)
        form_id = consent.form_document_id
        if form_id is not None:
            self.form_button = buttons.addButton(
                "Open the signed form", QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
            )
            self.form_button.clicked.connect(lambda: self.open_form_requested.emit(form_id))
        else:
            self.form_button = buttons.addButton(
                "Attach the signed form…", QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
            )
            self.form_button.clicked.connect(self._attach)
        self.form_button.setObjectName("consentForm")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def _revoke(self) -> None:
        self.revoke_requested.emit(self.consent.id)
        self.accept()

    def _attach(self) -> None:
        self.attach_form_requested.emit(self.consent.id)
        self.accept()
