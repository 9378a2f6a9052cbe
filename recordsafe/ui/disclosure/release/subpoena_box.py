"""The items page's answer to a subpoena received without a court order: object, or seek
a protective order. The answer is recorded; nothing is released."""

from __future__ import annotations

from datetime import date

from recordsafe.disclosure import subpoenas
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import date_edit, from_qdate
from recordsafe.ui.widgets.forms import hint
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError


class SubpoenaBox(QtWidgets.QGroupBox):
    def __init__(self, session: VaultSession, client_id: int, today: date) -> None:
        super().__init__("Answer the subpoena (nothing is released)")
        self.setObjectName("subpoenaBox")
        self._session = session
        self._client_id = client_id
        self.today = today
        self.waiting = 0  # items the subpoena asks for, recorded with the answer
        self.issuer = QtWidgets.QLineEdit()
        self.issuer.setObjectName("subpoenaIssuer")
        self.issuer.setAccessibleName("Who issued the subpoena")
        self.received = date_edit(today)
        self.received.setMaximumDate(self.received.date())
        self.object_radio = QtWidgets.QRadioButton(subpoenas.RESPONSES["object"])
        self.object_radio.setObjectName("subpoenaObject")
        self.protective_radio = QtWidgets.QRadioButton(subpoenas.RESPONSES["protective_order"])
        self.protective_radio.setObjectName("subpoenaProtectiveOrder")
        self.note = QtWidgets.QLineEdit()
        self.note.setObjectName("subpoenaNote")
        self.note.setPlaceholderText("Optional: how and when you answered")
        self.record_button = QtWidgets.QPushButton("&Record the answer")
        self.record_button.setObjectName("recordSubpoenaAnswer")
        self.record_button.clicked.connect(self.record_answer)
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("subpoenaStatus")
        self.status.setWordWrap(True)
        self.response_id: int | None = None
        radios = QtWidgets.QHBoxLayout()
        radios.addWidget(self.object_radio)
        radios.addWidget(self.protective_radio)
        radios.addStretch(1)
        form = QtWidgets.QFormLayout(self)
        form.addRow(
            hint(
                "A subpoena alone does not allow a release. Object, or ask the court for a "
                "protective order; if the court then orders the release, record the order "
                "and release what it names."
            )
        )
        form.addRow("Issued by:", self.issuer)
        form.addRow("Received on:", self.received)
        form.addRow("Your answer:", radios)
        form.addRow("Note:", self.note)
        form.addRow(self.record_button, self.status)

    def record_answer(self) -> None:
        response = (
            "object"
            if self.object_radio.isChecked()
            else "protective_order"
            if self.protective_radio.isChecked()
            else None
        )
        if response is None:
            self.status.setStyleSheet(text_style("error"))
            self.status.setText("Choose: object, or seek a protective order.")
            return
        try:
            self.response_id = subpoenas.record_response(
                self._session,
                self._client_id,
                issued_by=self.issuer.text(),
                received_on=from_qdate(self.received.date()),
                response=response,  # type: ignore[arg-type]
                note=self.note.text(),
                items=self.waiting,
                today=self.today,
            )
        except VaultError as exc:
            self.status.setStyleSheet(text_style("error"))
            self.status.setText(exc.message)
            return
        self.status.setStyleSheet("")
        self.status.setText(
            f"Recorded: {subpoenas.RESPONSES[response].lower()}. Nothing was released."
        )
        self.record_button.setEnabled(False)
