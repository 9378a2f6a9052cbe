"""Wizard page 3: the signed result and its reasoning; the way on depends on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from recordsafe.breach import assessment
from recordsafe.ui.breach.common import AFFECTED, result_style
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import format_day
from recordsafe.ui.widgets.forms import hint

if TYPE_CHECKING:
    from recordsafe.ui.breach.incident_wizard import IncidentWizard


class ResultPage(QtWidgets.QWizardPage):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("The result")
        self.headline = QtWidgets.QLabel()
        self.headline.setObjectName("resultHeadline")
        self.headline.setWordWrap(True)
        self.reasoning = QtWidgets.QPlainTextEdit()
        self.reasoning.setObjectName("resultReasoning")
        self.reasoning.setReadOnly(True)
        self.reasoning.setAccessibleName("Reasoning")
        self.reasoning.setTabChangesFocus(True)
        self.signed = QtWidgets.QLabel()
        self.signed.setObjectName("resultSigned")
        self.signed.setWordWrap(True)  # a long sentence never widens the wizard
        self.next_step = hint("")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(QtWidgets.QLabel("Reasoning, as recorded:"))
        layout.addWidget(self.reasoning, 1)
        layout.addWidget(self.signed)
        layout.addWidget(self.next_step)
        self._reportable = False

    def wizard_(self) -> IncidentWizard:
        return cast("IncidentWizard", self.wizard())

    def initializePage(self) -> None:
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return
        latest = assessment.latest(wizard.session, wizard.incident_id)
        if latest is None:
            return
        self._reportable = latest.outcome.reportable
        self.headline.setText(latest.outcome.headline)
        self.headline.setStyleSheet(result_style(self._reportable))
        self.reasoning.setPlainText(latest.outcome.reasoning)
        self.signed.setText(
            f"Signed by {latest.signer} on {format_day(latest.signed_on)}. It cannot be "
            "edited; if something new comes to light, assess the incident again from the "
            "breach register."
        )
        self.next_step.setText(
            "Next: find the affected clients, then write their notices."
            if self._reportable
            else "Nothing has to be sent. The incident and this reasoning stay in the breach "
            "register."
        )
        self.setFinalPage(not self._reportable)

    def nextId(self) -> int:
        return AFFECTED if self._reportable else -1

    def isComplete(self) -> bool:
        return True
