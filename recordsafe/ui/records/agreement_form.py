"""The confidentiality agreement of a joint case (NASW 1.07 f-g), as a reusable form:
the policy on what is shared between participants, its text, and each one's date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from recordsafe.records import cases
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import date_edit, from_qdate, to_qdate
from recordsafe.ui.widgets.forms import hint


@dataclass(frozen=True)
class AgreementPerson:
    client_id: int
    label: str  # name or initials, as the page shows it
    agreed_on: date | None


class AgreementForm(QtWidgets.QWidget):
    def __init__(
        self,
        policy: str | None = None,
        text: str | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.policy_combo = QtWidgets.QComboBox()
        self.policy_combo.setObjectName("agreementPolicy")
        self.policy_combo.addItem("Choose a policy…", None)
        for key in cases.POLICIES:
            self.policy_combo.addItem(cases.policy_parts(key)[0], key)
        if policy in cases.POLICIES:
            self.policy_combo.setCurrentIndex(list(cases.POLICIES).index(policy) + 1)
        self.policy_hint = hint("")
        self.text_edit = QtWidgets.QPlainTextEdit(text or "")
        self.text_edit.setObjectName("agreementText")
        self.text_edit.setTabChangesFocus(True)  # Tab reaches the dates and the buttons
        self.text_edit.setPlaceholderText(
            "The agreement in the words you used with the participants."
        )
        self.text_edit.setMinimumHeight(80)
        self.people_box = QtWidgets.QGroupBox("Each participant agreed on")
        self.people_layout = QtWidgets.QFormLayout(self.people_box)
        self.dates: dict[int, tuple[QtWidgets.QCheckBox, QtWidgets.QDateEdit]] = {}

        form = QtWidgets.QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Policy:", self.policy_combo)
        form.addRow("", self.policy_hint)
        form.addRow("Text:", self.text_edit)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.people_box)
        self.policy_combo.currentIndexChanged.connect(self._policy_changed)
        self._policy_changed()

    def _policy_changed(self) -> None:
        key = self.policy_combo.currentData()
        # Only what the combo's name does not already say.
        explanation = cases.policy_parts(key)[1]
        self.policy_hint.setText(explanation[:1].upper() + explanation[1:])
        self.policy_hint.setVisible(bool(explanation))
        # A starting text saves typing; it is only filled while the box is empty.
        if key and not self.text_edit.toPlainText().strip():
            self.text_edit.setPlainText(cases.POLICIES[key])

    def set_people(self, people: Sequence[AgreementPerson]) -> None:
        while self.people_layout.rowCount():
            self.people_layout.removeRow(0)
        self.dates = {}
        for person in people:
            check = QtWidgets.QCheckBox(person.label)
            check.setObjectName(f"agreed_{person.client_id}")
            check.setChecked(person.agreed_on is not None)
            edit = date_edit(person.agreed_on)
            edit.setAccessibleName(f"{person.label} agreed on")
            edit.setEnabled(person.agreed_on is not None)
            check.toggled.connect(edit.setEnabled)
            self.dates[person.client_id] = (check, edit)
            self.people_layout.addRow(check, edit)
        self.people_box.setVisible(bool(people))

    def mark_all_agreed(self, day: date | None = None) -> None:
        for check, edit in self.dates.values():
            check.setChecked(True)
            if day is not None:
                edit.setDate(to_qdate(day))

    @property
    def policy(self) -> str | None:
        value = self.policy_combo.currentData()
        return str(value) if value else None

    @property
    def text(self) -> str:
        return self.text_edit.toPlainText()

    def agreed_on(self) -> dict[int, date]:
        return {
            client_id: from_qdate(edit.date())
            for client_id, (check, edit) in self.dates.items()
            if check.isChecked()
        }

    def is_blank(self) -> bool:
        return self.policy is None and not self.agreed_on()
