"""The risk assessment of 164.402(2), its exceptions, and the encryption safe harbour.

    outcome = evaluate(incident, form)                   # pure: result + reasoning, no writes
    assessment_id = sign_assessment(session, incident_id, form)   # signed by the actor, dated
    latest(session, incident_id) -> Assessment | None ;  history(session, incident_id)

The order of the rules:

1. **Encryption safe harbour**: only the encrypted vault, an encrypted backup or an AES-256
   encrypted release was exposed, and its passphrase or password was not. Encrypted
   information is not "unsecured protected health information" (164.402, HHS guidance
   74 FR 42740), so the breach rule does not apply: not reportable.
2. **Exceptions** of 164.402(1): (i) good-faith, unintentional access by someone acting
   for the practice, (ii) inadvertent disclosure between people authorized to access it,
   (iii) a good-faith belief that the recipient could not have retained it.
3. Otherwise a breach is **presumed** unless the four factors show a low probability that
   the information was compromised; that conclusion is refused when it was (or may have
   been) viewed or acquired.

A signed assessment is never changed (the schema refuses it too); a re-assessment is a
new, later entry, and the latest one counts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Final, Literal

from recordsafe.breach._common import BreachError, refused_by_schema, text
from recordsafe.breach.incidents import ENCRYPTED_KINDS, Incident, get_incident
from recordsafe.records._common import now_utc
from recordsafe.vault import VaultSession

Acquired = Literal["yes", "no", "unknown"]
ACQUIRED: Final[dict[str, str]] = {
    "yes": "Yes, it was viewed or taken",
    "no": "No, it was not viewed or taken",
    "unknown": "It cannot be known",
}
ExceptionCode = Literal["good_faith", "inadvertent", "not_retained"]
EXCEPTIONS: Final[dict[str, str]] = {
    "good_faith": "Good-faith, unintentional access by someone working for the practice, "
    "not used or disclosed further (164.402(1)(i))",
    "inadvertent": "Inadvertent disclosure between people both authorized to access the "
    "information, not used or disclosed further (164.402(1)(ii))",
    "not_retained": "The person who received it could not reasonably have kept it "
    "(164.402(1)(iii))",
}
# The secrets that open an encrypted copy, by what was exposed (the answer to "which one
# was exposed", named in the reasoning). None: not known which.
SECRETS: Final[dict[str, str]] = {
    "passphrase": "the vault passphrase",
    "recovery_code": "the recovery code (Emergency Kit)",
    "custodian_code": "a custodian code or a custodian's passphrase",
    "device_key": "the computer itself, logged in (its keyring holds the device key)",
    "release_password": "the release's password",
}
SECRETS_OF: Final[dict[str, tuple[str, ...]]] = {
    "vault": ("passphrase", "recovery_code", "custodian_code", "device_key"),
    "backup": ("passphrase", "recovery_code", "custodian_code"),
    "export": ("release_password",),
}
Result = Literal["reportable", "not_reportable"]
ReasonCode = Literal["safe_harbour", "exception", "low_probability", "presumed"]
_WHAT_ENCRYPTED: Final[dict[str, tuple[str, str]]] = {
    # Every secret that opens a vault or a backup: a custodian's code is printed on paper,
    # a device key opens the vault on the computer that holds it.
    "vault": (
        "the encrypted vault",
        "passphrase, recovery code, custodian code or passphrase, device key (the computer's "
        "keyring) or vault key",
    ),
    "backup": (
        "an encrypted backup",
        "passphrase, recovery code, custodian code or passphrase, or vault key",
    ),
    "export": ("an AES-256 encrypted release", "password"),
}


@dataclass(frozen=True)
class AssessmentForm:
    # The safe harbour: was the exposed copy encrypted, and was its key exposed too? None:
    # not answered yet (nothing is presumed; for paper or "other" neither question applies).
    was_encrypted: bool | None
    key_exposed: bool | None
    # Which secret was (or may have been) exposed, of SECRETS_OF[kind]; None: not known.
    secret: str | None = None
    # The four factors.
    identifiers: str = ""  # factor 1: which identifiers (names, contact, dates of birth...)
    sensitivity: str = ""  # factor 1: how sensitive (diagnoses, session content...)
    psychotherapy_notes: bool = False
    unauthorized_person: str = ""  # factor 2: who received it or used it
    acquired: Acquired | None = "unknown"  # factor 3 (None: not answered yet)
    mitigation: str = ""  # factor 4: what was done to reduce the risk
    # The exceptions of 164.402(1), with what shows that it applies.
    exception: ExceptionCode | None = None
    exception_detail: str | None = None
    # The practitioner's conclusion from the four factors.
    low_probability: bool = False


@dataclass(frozen=True)
class Outcome:
    result: Result
    reason_code: ReasonCode
    reasoning: str

    @property
    def reportable(self) -> bool:
        return self.result == "reportable"

    @property
    def headline(self) -> str:
        return HEADLINES[self.reason_code]


HEADLINES: Final[dict[str, str]] = {
    "safe_harbour": "Not a reportable breach: the information was encrypted and nothing that "
    "opens it was exposed.",
    "exception": "Not a reportable breach: one of the exceptions of 164.402 applies.",
    "low_probability": "Not a reportable breach: the assessment shows a low probability that "
    "the information was compromised.",
    "presumed": "A reportable breach: the affected clients must be notified.",
}


# Signed before custodians were named (the role only), or by the practitioner.
SIGNERS: Final = {"practitioner": "the practitioner", "custodian": "the records custodian"}


@dataclass(frozen=True)
class Assessment:
    id: int
    incident_id: int
    form: AssessmentForm
    outcome: Outcome
    signed_by: str
    signed_at: str

    @property
    def signed_on(self) -> date:
        return date.fromisoformat(self.signed_at[:10])

    @property
    def signer(self) -> str:
        """Who signed, for a sentence: 'the practitioner', or the custodian by name."""
        return SIGNERS.get(self.signed_by, self.signed_by)


def safe_harbour_applies(incident: Incident, form: AssessmentForm) -> bool:
    return (
        incident.exposed_kind in ENCRYPTED_KINDS
        and form.was_encrypted is True
        and form.key_exposed is False
    )


def _factors(form: AssessmentForm) -> list[str]:
    def said(value: str, default: str) -> str:
        return value.rstrip(" .") or default

    notes = (
        "Psychotherapy notes were included."
        if form.psychotherapy_notes
        else "No psychotherapy notes were included."
    )
    return [
        "1. Nature and extent of the information: "
        f"identifiers: {said(form.identifiers, 'not stated')}; "
        f"sensitivity: {said(form.sensitivity, 'not stated')}. {notes}",
        f"2. The unauthorized person: {said(form.unauthorized_person, 'not stated')}.",
        f"3. Actually acquired or viewed: {ACQUIRED[form.acquired or 'unknown']}.",
        f"4. Mitigation: {said(form.mitigation, 'none stated')}.",
    ]


def _encryption(incident: Incident, form: AssessmentForm) -> tuple[bool, bool]:
    """Was it encrypted, was its key exposed: both answered where they apply (paper and
    "something else" are never encrypted; an unencrypted copy has no key to expose)."""
    if incident.exposed_kind not in ENCRYPTED_KINDS:
        return False, False
    if form.was_encrypted is None:
        raise BreachError("Say whether the exposed copy was encrypted.")
    if not form.was_encrypted:
        return False, False
    if form.key_exposed is None:
        raise BreachError("Say whether the person has, or may have, a secret that opens it.")
    return True, bool(form.key_exposed)


def _acquired(answer: str | None, *, required: bool) -> Acquired:
    if answer in ACQUIRED:
        return answer  # type: ignore[return-value]
    if required:
        raise BreachError("Say whether the information was actually viewed or taken.")
    return "unknown"  # under the safe harbour factor 3 is not asked


def _secret(incident: Incident, form: AssessmentForm, key_exposed: bool) -> str | None:
    if not key_exposed or form.secret is None:
        return None
    if form.secret not in SECRETS_OF.get(incident.exposed_kind, ()):
        raise BreachError("That secret does not open what was exposed.")
    return form.secret


def _check(incident: Incident, form: AssessmentForm) -> AssessmentForm:
    encrypted, key_exposed = _encryption(incident, form)
    harbour = encrypted and not key_exposed
    required = not harbour
    checked = AssessmentForm(
        was_encrypted=encrypted,
        key_exposed=key_exposed,
        secret=_secret(incident, form, key_exposed),
        identifiers=text(form.identifiers, "which identifiers were exposed", required=required)
        or "",
        sensitivity=text(form.sensitivity, "how sensitive the information is", required=required)
        or "",
        psychotherapy_notes=bool(form.psychotherapy_notes),
        unauthorized_person=text(
            form.unauthorized_person, "who received or used the information", required=required
        )
        or "",
        acquired=_acquired(form.acquired, required=required),
        mitigation=text(form.mitigation, "what was done to reduce the risk", required=required)
        or "",
        exception=None,
        exception_detail=None,
        low_probability=bool(form.low_probability) and not harbour,
    )
    if form.exception is not None and not harbour:
        if form.exception not in EXCEPTIONS:
            raise BreachError("That exception does not exist.")
        detail = text(form.exception_detail, "why the exception applies")
        checked = replace(checked, exception=form.exception, exception_detail=detail)
    if checked.low_probability and checked.exception is None and checked.acquired != "no":
        raise BreachError(
            "A low probability of compromise cannot be concluded when the information was, "
            "or may have been, viewed or taken."
        )
    return checked


def _exposed_secret(secret: str | None) -> str:
    """The secret answered, by name: 'a custodian code ... was, or may have been, exposed'."""
    if secret is None:
        return "a secret that opens it (not known which) was, or may have been, exposed as well."
    return f"{SECRETS[secret]} was, or may have been, exposed as well."


def evaluate(incident: Incident, form: AssessmentForm) -> Outcome:
    """The result and its reasoning in plain words; checks the form, writes nothing."""
    checked = _check(incident, form)
    lines: list[str] = []
    if safe_harbour_applies(incident, checked):
        what, key = _WHAT_ENCRYPTED[incident.exposed_kind]
        lines.append(
            f"Only {what} was exposed, and none of the secrets that open it ({key}) was. "
            "Encrypted information is not "
            "unsecured protected health information (45 CFR 164.402; HHS guidance, 74 FR "
            "42740), so the breach notification rule does not apply."
        )
        lines.append(
            "If one of them later turns out to have been exposed too, assess the incident "
            "again (Assess again… in the breach register)."
        )
        return Outcome("not_reportable", "safe_harbour", "\n".join(lines))
    if incident.exposed_kind in ENCRYPTED_KINDS:
        lines.append(
            "The encryption safe harbour does not apply: "
            + (
                _exposed_secret(checked.secret)
                if checked.was_encrypted
                else "the exposed copy was not encrypted."
            )
        )
    lines.append("The four factors (164.402(2)):")
    lines.extend(_factors(checked))
    if checked.exception is not None:
        lines.append(f"Exception: {EXCEPTIONS[checked.exception]}. {checked.exception_detail}")
        return Outcome("not_reportable", "exception", "\n".join(lines))
    if checked.low_probability:
        lines.append(
            "Conclusion: the information was not viewed or taken, and the factors above show "
            "a low probability that it was compromised."
        )
        return Outcome("not_reportable", "low_probability", "\n".join(lines))
    lines.append(
        "Conclusion: a breach is presumed (164.402(2)); the affected clients must be notified "
        "within 60 days of discovery (164.404)."
    )
    return Outcome("reportable", "presumed", "\n".join(lines))


def sign_assessment(session: VaultSession, incident_id: int, form: AssessmentForm) -> int:
    """Keep the result and its reasoning, signed by the actor and dated; returns its id."""
    incident = get_incident(session, incident_id)
    checked = _check(incident, form)
    outcome = evaluate(incident, checked)
    with session.transaction(), refused_by_schema("The assessment is not consistent."):
        assessment_id = session.db.execute_returning_id(
            "INSERT INTO breach_assessments (incident_id, was_encrypted, key_exposed, "
            "identifiers, sensitivity, psychotherapy_notes, unauthorized_person, acquired, "
            "mitigation, exception, exception_detail, low_probability, result, reason_code, "
            "reasoning, signed_by, signed_at, secret_exposed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                incident_id,
                int(bool(checked.was_encrypted)),
                int(bool(checked.key_exposed)),
                checked.identifiers,
                checked.sensitivity,
                int(checked.psychotherapy_notes),
                checked.unauthorized_person,
                checked.acquired,
                checked.mitigation,
                checked.exception,
                checked.exception_detail,
                int(checked.low_probability),
                outcome.result,
                outcome.reason_code,
                outcome.reasoning,
                # A custodian signs by name (the primary and the alternate differ).
                session.actor_name or session.actor,
                now_utc(),
                checked.secret,
            ),
        )
        session.record(
            "breach_assessed",
            None,
            incident=incident_id,
            assessment=assessment_id,
            result=outcome.result,
            reason=outcome.reason_code,
        )
        if incident.is_closed and outcome.reportable:
            # Assessed again after closing (the key was exposed after all): the incident
            # opens again, and its clock with it (notices are due from discovery).
            session.db.execute(
                "UPDATE breach_incidents SET closed_on = NULL WHERE id = ?", (incident_id,)
            )
            session.record("breach_reopened", None, incident=incident_id)
    return assessment_id


_COLUMNS: Final = (
    "id, incident_id, was_encrypted, key_exposed, identifiers, sensitivity, "
    "psychotherapy_notes, unauthorized_person, acquired, mitigation, exception, "
    "exception_detail, low_probability, result, reason_code, reasoning, signed_by, signed_at, "
    "secret_exposed"
)


def _assessment(row: tuple[object, ...]) -> Assessment:
    form = AssessmentForm(
        was_encrypted=bool(row[2]),
        key_exposed=bool(row[3]),
        secret=None if row[18] is None else str(row[18]),
        identifiers=str(row[4]),
        sensitivity=str(row[5]),
        psychotherapy_notes=bool(row[6]),
        unauthorized_person=str(row[7]),
        acquired=str(row[8]),  # type: ignore[arg-type]
        mitigation=str(row[9]),
        exception=None if row[10] is None else str(row[10]),  # type: ignore[arg-type]
        exception_detail=None if row[11] is None else str(row[11]),
        low_probability=bool(row[12]),
    )
    outcome = Outcome(str(row[13]), str(row[14]), str(row[15]))  # type: ignore[arg-type]
    return Assessment(int(str(row[0])), int(str(row[1])), form, outcome, str(row[16]), str(row[17]))


def history(session: VaultSession, incident_id: int) -> list[Assessment]:
    """Every signed assessment of the incident, oldest first."""
    rows = session.db.execute(
        f"SELECT {_COLUMNS} FROM breach_assessments WHERE incident_id = ? ORDER BY id",  # noqa: S608
        (incident_id,),
    )
    return [_assessment(r) for r in rows]


def latest(session: VaultSession, incident_id: int) -> Assessment | None:
    """The assessment that counts: the latest one signed."""
    found = history(session, incident_id)
    return found[-1] if found else None
