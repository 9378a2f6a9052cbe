"""One consent, every element in plain words, with its status today; revoke from here."""

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
        ("Signed form", scan_name or "No scan attached"),
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
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def _revoke(self) -> None:
        self.revoke_requested.emit(self.consent.id)
        self.accept()
