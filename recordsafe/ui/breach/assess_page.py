"""Wizard page 2: assess the incident (safe harbour, the four factors, the exceptions).

The result is previewed as the fields change (the domain's `evaluate`, nothing written);
"Sign the assessment" keeps it, signed and dated, never to be edited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from recordsafe.breach import assessment, incidents
from recordsafe.breach.assessment import ACQUIRED, EXCEPTIONS, SECRETS_OF, AssessmentForm
from recordsafe.breach.assessment import SECRETS as SECRET_NAMES
from recordsafe.breach.incidents import ENCRYPTED_KINDS
from recordsafe.ui.breach.common import YesNo, plain, result_style, text_box
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.forms import HINT_STYLE, error_label, hint, show_error
from recordsafe.vault import VaultError

if TYPE_CHECKING:
    from recordsafe.ui.breach.incident_wizard import IncidentWizard


# Every kind of secret that opens what may have been lost (a handoff backup opens with a
# custodian code printed on paper; a vault on a logged-in computer opens with its device key).
SECRETS = (
    "Secrets that open a vault, a backup or a release: the vault passphrase; the recovery "
    "code (Emergency Kit); a custodian code (custodian kit) or a custodian's passphrase; "
    "the computer itself, logged in (its keyring holds the device key); a release's "
    "password. A release sent to the wrong person usually went with its password."
)

NOT_ENCRYPTABLE = {
    "paper": "The encryption safe harbour does not apply: paper records and printouts are "
    "never encrypted. The four factors below decide.",
    "other": "The encryption safe harbour does not apply: only the vault, a backup or an "
    "encrypted release made by RecordSafe can fall under it. The four factors below decide.",
}


class AssessPage(QtWidgets.QWizardPage):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Assess the risk")
        self.setSubTitle(
            "HIPAA presumes a breach unless the encryption safe harbour or an exception "
            "applies, or these four factors show a low probability that the information was "
            "compromised (45 CFR 164.402)."
        )
        self.setCommitPage(True)
        self.setButtonText(QtWidgets.QWizard.WizardButton.CommitButton, "Sign the assessment")

        # Nothing is presumed: both questions start unanswered, and the verdict waits.
        self.encrypted = YesNo(
            "wasEncrypted",
            "&Encrypted (a vault, a backup, an AES-256 encrypted PDF)",
            "Not encr&ypted: printed on paper, or saved without encryption",
        )
        self.key_exposed = YesNo(
            "keyExposed", "Yes, or it cannot be ruled &out", "No, none of t&hem"
        )
        self.encryption_box = QtWidgets.QGroupBox("Encryption safe harbour")
        enc = QtWidgets.QVBoxLayout(self.encryption_box)
        enc.addWidget(QtWidgets.QLabel("Was the exposed copy encrypted?"))
        enc.addWidget(self.encrypted)
        enc.addWidget(
            QtWidgets.QLabel("Does the person have, or may they have, a secret that opens it?")
        )
        # Which one, named in the reasoning (a custodian code is not "the password"); on
        # the answer's line, so the page stays within a laptop's screen.
        self.secret = QtWidgets.QComboBox()
        self.secret.setObjectName("secretExposed")
        self.secret.setAccessibleName("Which secret")
        secret_row = QtWidgets.QHBoxLayout()
        secret_row.addWidget(self.key_exposed)
        secret_row.addSpacing(12)
        secret_row.addWidget(QtWidgets.QLabel("Which one:"))
        secret_row.addWidget(self.secret)
        secret_row.addStretch(1)
        enc.addLayout(secret_row)
        self.secrets = hint(SECRETS)
        self.secrets.setObjectName("keySecrets")
        enc.addWidget(self.secrets)
        # Paper and "something else" are never encrypted: said, not asked.
        self.not_encrypted = hint("")
        self.not_encrypted.setObjectName("safeHarbourNotApplicable")

        factors = self._build_factors()
        conclusion = self._build_conclusion()

        self.preview = QtWidgets.QLabel()
        self.preview.setObjectName("assessmentPreview")
        self.preview.setWordWrap(True)
        self.problem = error_label("assessProblem")
        self._complete = False

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.encryption_box)
        layout.addWidget(self.not_encrypted)
        layout.addWidget(factors)
        layout.addWidget(conclusion)
        layout.addWidget(self.preview)
        layout.addWidget(self.problem)
        layout.addStretch(1)

        for question in (self.encrypted, self.key_exposed):
            question.changed.connect(self._refresh)
        for box in (self.psychotherapy, self.low):
            box.toggled.connect(self._refresh)
        for line in (self.identifiers, self.sensitivity, self.person, self.exception_detail):
            line.textChanged.connect(self._refresh)
        self.mitigation.textChanged.connect(self._refresh)
        self.acquired.currentIndexChanged.connect(self._refresh)
        self.secret.currentIndexChanged.connect(self._refresh)
        self.exception.currentIndexChanged.connect(self._refresh)

    def _build_factors(self) -> QtWidgets.QGroupBox:
        self.identifiers = QtWidgets.QLineEdit()
        self.identifiers.setObjectName("identifiers")
        self.identifiers.setPlaceholderText("Names, dates of birth, addresses…")
        self.sensitivity = QtWidgets.QLineEdit()
        self.sensitivity.setObjectName("sensitivity")
        self.sensitivity.setPlaceholderText("Session summaries, diagnoses, notes…")
        self.psychotherapy = QtWidgets.QCheckBox("Psychotherapy notes were included")
        self.psychotherapy.setObjectName("psychotherapyNotes")
        self.person = QtWidgets.QLineEdit()
        self.person.setObjectName("unauthorizedPerson")
        self.person.setPlaceholderText("Who they are; are they bound to keep it confidential?")
        self.acquired = QtWidgets.QComboBox()
        self.acquired.setObjectName("acquired")
        for key, label in ACQUIRED.items():
            self.acquired.addItem(label, key)
        self.acquired.setPlaceholderText("Choose…")
        self.acquired.setCurrentIndex(-1)  # not answered yet
        self.mitigation = text_box(
            "mitigation", "What was done: asked to delete and confirm, retrieved, wiped…", 2
        )
        factors = QtWidgets.QGroupBox("The four factors")
        form = QtWidgets.QFormLayout(factors)
        form.addRow("1. &Identifiers:", self.identifiers)
        form.addRow("    &Sensitivity:", self.sensitivity)
        form.addRow("", self.psychotherapy)
        form.addRow("2. &Who received it:", self.person)
        form.addRow("3. &Viewed or taken:", self.acquired)
        form.addRow("4. &Mitigation:", self.mitigation)
        return factors

    def _build_conclusion(self) -> QtWidgets.QGroupBox:

        self.exception = QtWidgets.QComboBox()
        self.exception.setObjectName("exception")
        self.exception.addItem("None of the exceptions applies", None)
        for key, label in EXCEPTIONS.items():
            self.exception.addItem(label, key)
        self.exception_detail = QtWidgets.QLineEdit()
        self.exception_detail.setObjectName("exceptionDetail")
        self.exception_detail.setPlaceholderText("What shows that it applies")
        self.low = QtWidgets.QCheckBox(
            "The factors show a &low probability that the information was compromised"
        )
        self.low.setObjectName("lowProbability")
        conclusion = QtWidgets.QGroupBox("Exceptions and conclusion")
        cform = QtWidgets.QFormLayout(conclusion)
        cform.addRow("E&xception:", self.exception)
        cform.addRow("Why:", self.exception_detail)
        cform.addRow("", self.low)
        return conclusion

    def wizard_(self) -> IncidentWizard:
        return cast("IncidentWizard", self.wizard())

    def _incident(self) -> incidents.Incident | None:
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return None
        return incidents.get_incident(wizard.session, wizard.incident_id)

    def initializePage(self) -> None:
        incident = self._incident()
        if incident is None:
            return
        encryptable = incident.exposed_kind in ENCRYPTED_KINDS
        self.encryption_box.setVisible(encryptable)
        self.not_encrypted.setVisible(not encryptable)
        self.not_encrypted.setText(NOT_ENCRYPTABLE.get(incident.exposed_kind, ""))
        self.secret.clear()
        self.secret.addItem("Not known which", None)
        for key in SECRETS_OF.get(incident.exposed_kind, ()):
            self.secret.addItem(SECRET_NAMES[key][:1].upper() + SECRET_NAMES[key][1:], key)
        if incident.received_by and not self.person.text():
            self.person.setText(incident.received_by)
        wizard = self.wizard_()
        latest = assessment.latest(wizard.session, incident.id) if wizard.session else None
        if latest is not None:
            self.fill(latest.form)  # assessing again starts from the last signed answers
        self._refresh()
        (self.encrypted.yes if encryptable else self.identifiers).setFocus()

    def fill(self, form: AssessmentForm) -> None:
        self.encrypted.set_value(form.was_encrypted)
        self.key_exposed.set_value(form.key_exposed)
        self.secret.setCurrentIndex(max(0, self.secret.findData(form.secret)))
        self.identifiers.setText(form.identifiers or "")
        self.sensitivity.setText(form.sensitivity or "")
        self.psychotherapy.setChecked(form.psychotherapy_notes)
        self.person.setText(form.unauthorized_person or "")
        self.acquired.setCurrentIndex(self.acquired.findData(form.acquired))
        self.mitigation.setPlainText(form.mitigation or "")
        self.exception.setCurrentIndex(max(0, self.exception.findData(form.exception)))
        self.exception_detail.setText(form.exception_detail or "")
        self.low.setChecked(form.low_probability)

    def form(self) -> AssessmentForm:
        return AssessmentForm(
            was_encrypted=self.encrypted.value(),
            key_exposed=self.key_exposed.value(),
            secret=self.secret.currentData(),
            identifiers=self.identifiers.text(),
            sensitivity=self.sensitivity.text(),
            psychotherapy_notes=self.psychotherapy.isChecked(),
            unauthorized_person=self.person.text(),
            acquired=self.acquired.currentData(),
            mitigation=plain(self.mitigation),
            exception=self.exception.currentData(),
            exception_detail=self.exception_detail.text() or None,
            low_probability=self.low.isChecked(),
        )

    def _refresh(self) -> None:
        self.exception_detail.setEnabled(self.exception.currentData() is not None)
        self.key_exposed.setEnabled(self.encrypted.value() is True)
        self.secret.setEnabled(self.encrypted.value() is True and self.key_exposed.value() is True)
        incident = self._incident()
        if incident is None:
            return
        harbour = assessment.safe_harbour_applies(incident, self.form())
        for widget in (self.exception, self.low):
            widget.setEnabled(not harbour)
        try:
            outcome = assessment.evaluate(incident, self.form())
        except VaultError as exc:
            self.preview.setText(f"Not complete yet: {exc.message}")
            self.preview.setStyleSheet(HINT_STYLE)
            self._set_complete(False)
            return
        self.preview.setText(outcome.headline)
        self.preview.setStyleSheet(result_style(outcome.reportable))
        self.problem.hide()
        self._set_complete(True)

    def _set_complete(self, complete: bool) -> None:
        if complete != self._complete:
            self._complete = complete
            self.completeChanged.emit()

    def isComplete(self) -> bool:
        # No verdict, no signature: Sign waits until every question that applies is answered.
        return self._complete

    def validatePage(self) -> bool:
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return False
        try:
            assessment.sign_assessment(wizard.session, wizard.incident_id, self.form())
        except VaultError as exc:
            # Sign waits for a complete form; this is what the vault itself refused.
            show_error(self.problem, exc.message)
            return False
        return True
