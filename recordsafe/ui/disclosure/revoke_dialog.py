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
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.records.common import (
    error_label,
    format_day,
    from_qdate,
    hint,
    ok_cancel,
    show_error,
    to_qdate,
)
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

HOW_RECEIVED: Final = ("Letter", "In person", "E-mail", "Phone")


class RevokeDialog(QtWidgets.QDialog):
    revoked = Signal(int)

    def __init__(
        self,
        session: VaultSession,
        consent: Consent,
        *,
        today: date | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = session
        self._consent = consent
        self._today = today or date.today()
        self.setObjectName("revokeDialog")
        self.setWindowTitle("Revoke a consent")
        self.setMinimumWidth(460)
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
        form = QtWidgets.QFormLayout()
        form.addRow("Revoked on:", self.on_edit)
        form.addRow("Received by:", self.how_combo)
        self.error_label = error_label("revokeError")
        self.buttons = ok_cancel("Revoke consent")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(
            hint(
                "The revocation takes effect at once: from this date nothing more can be "
                "released under this consent. Keep the written revocation with the record."
            )
        )
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.how_combo.setFocus()

    def save(self) -> None:
        if self._session is None:
            return
        try:
            consents.revoke(
                self._session,
                self._consent.id,
                on=from_qdate(self.on_edit.date()),
                received_how=self.how_combo.currentText(),
            )
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return
        self.revoked.emit(self._consent.id)
        self.accept()
