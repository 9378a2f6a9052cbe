"""Revoke a consent: the date and how the revocation was received. It acts at once.

From the revocation date the gate allows nothing more under the consent; what was
already released under it stays released (and in the accounting).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from recordsafe.disclosure import consents
from recordsafe.disclosure.consents import Consent
from recordsafe.ui.disclosure.common import day_picker, recipient_text
from recordsafe.ui.disclosure.form_dialog import FormDialog
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.widgets.dates import format_day, from_qdate, to_qdate
from recordsafe.ui.widgets.forms import hint
from recordsafe.vault import VaultSession

HOW_RECEIVED: Final = ("Letter", "In person", "E-mail", "Phone")


class RevokeDialog(FormDialog):
    revoked = Signal(int)

    def __init__(
        self,
        session: VaultSession,
        consent: Consent,
        *,
        today: date | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            name="revoke",
            title="Revoke a consent",
            ok_text="Revoke consent",
            width=460,
            today=today,
            parent=parent,
        )
        self._consent = consent
        about = QtWidgets.QLabel(
            f"Consent signed {format_day(consent.signed_on)} for disclosure to "
            f"{recipient_text(consent)}."
        )
        about.setWordWrap(True)
        self.on_edit = day_picker(self._today)
        self.on_edit.setObjectName("revokedOn")
        self.on_edit.setMinimumDate(to_qdate(consent.signed_on))
        self.how_combo = QtWidgets.QComboBox()
        self.how_combo.setObjectName("revokedHow")
        self.how_combo.setEditable(True)
        self.how_combo.addItems(HOW_RECEIVED)
        self.how_combo.setCurrentIndex(-1)
        line = self.how_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("Choose or type how it reached you")
        self.form.addRow("Revoked on:", self.on_edit)
        self.form.addRow("Received by:", self.how_combo)
        effect = hint(
            "The revocation takes effect at once: from this date nothing more can be "
            "released under this consent. Keep the written revocation with the record."
        )
        self.lay_out(above=[about], below=[effect])
        self.how_combo.setFocus()

    def apply(self, session: VaultSession) -> None:
        consents.revoke(
            session,
            self._consent.id,
            on=from_qdate(self.on_edit.date()),
            received_how=self.how_combo.currentText(),
        )
        self.revoked.emit(self._consent.id)
