"""Record (or complete) a joint case's confidentiality agreement before its notes."""

from __future__ import annotations

from recordsafe.records import cases
from recordsafe.records.cases import Case
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.records.agreement_form import AgreementForm, AgreementPerson
from recordsafe.ui.widgets.forms import error_label, hint, ok_cancel, show_error
from recordsafe.ui.widgets.names import shown_name, titled
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError


class AgreementDialog(QtWidgets.QDialog):
    def __init__(
        self,
        session: VaultSession,
        case: Case,
        *,
        private: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._case = case
        self.setObjectName("agreementDialog")
        self.setWindowTitle(
            titled(
                "Confidentiality agreement", *(p.name for p in case.participants), private=private
            )
        )
        self.setMinimumWidth(560)
        self.form = AgreementForm(case.agreement_policy, case.agreement_text)
        self.form.set_people(
            [
                AgreementPerson(p.client_id, shown_name(p.name, private), p.agreed_on)
                for p in case.participants
            ]
        )
        self.error_label = error_label("agreementError")
        self.buttons = ok_cancel("Save agreement")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            hint(
                f"{case.kind.capitalize()} work: agree with everyone what is shared between "
                "participants before the first joint session note. Notes on this case wait "
                "until every participant has agreed."
            )
        )
        layout.addWidget(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        if self.form.policy is None:
            show_error(self.error_label, "Choose the agreement's policy on what is shared.")
            return
        try:
            cases.record_agreement(
                self._session,
                self._case.id,
                policy=self.form.policy,  # type: ignore[arg-type]
                text=self.form.text,
                agreed_on=self.form.agreed_on(),
            )
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return
        self.accept()
