"""Consents (authorizations) with every element of HIPAA 164.508(c) and 42 CFR 2.31.

    consent_id = record_consent(session, ConsentForm(client_id=..., kinds=("progress",),
                                purposes=("treatment",), recipient_name="Dr Lee", ...),
                                today=date(...))
    revoke(session, consent_id, on=date(...), received_how="letter")  # effective at once
    attach_form(session, consent_id, document_id)   # the signed form, scanned later
    missing_elements(form)                   -> {field: why} (every one, for the dialog)
    suggested_kinds("treatment")             -> ("summary", "progress")
    list_consents(session, client_id)        -> [Consent]
    get_consent(session, consent_id)         -> Consent
    expiring_within(session, 30, today=...)  -> [Consent]   (unrevoked, expiring soon)
    consent.is_valid_on(day)                 -> bool

A consent concerns one client (the person the information is about). It is given by
the client or by a representative with their authority (a deceased client's personal
representative, NASW 1.07 w). Its scope is kinds of records, optionally narrowed by a
date range, and/or specific notes. A psychotherapy-notes authorization is its own kind
and never combined with another (164.508(b)(3)). Expiry: a consent is valid up to the
day before `expires_on` (conservative: on the expiry date it no longer allows anything);
an expiry *event* cannot be checked by the app and is shown for the user to judge.
Refusals are `DisclosureError`s naming the missing element, never a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Literal

from recordsafe.disclosure._common import (
    CONSENT_PURPOSES,
    ONLINE_SEARCH,
    SCOPE_KINDS,
    ConsentPurpose,
    ScopeKind,
    add_days,
    refused_by_schema,
)
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.records import directory
from recordsafe.records._common import (
    clean_text,
    iso,
    name_key,
    now_utc,
    parse_day,
    placeholders,
)
from recordsafe.vault import VaultSession

AuthorizedBy = Literal["client", "representative"]
MAX_TEXT: Final = 2000


@dataclass(frozen=True)
class ConsentForm:
    """What the consent dialog collects; `record_consent` checks every element."""

    client_id: int
    recipient_name: str
    purposes: Sequence[ConsentPurpose]
    signed_on: date
    disclosing_party: str
    kinds: Sequence[ScopeKind] = ()
    note_ids: Sequence[int] = ()
    date_from: date | None = None
    date_to: date | None = None
    recipient_organisation: str | None = None
    recipient_address: str | None = None
    expires_on: date | None = None
    expiry_event: str | None = None
    authorized_by: AuthorizedBy = "client"
    representative_name: str | None = None
    representative_authority: str | None = None
    states_right_to_revoke: bool = False
    states_conditioning: bool = False
    states_redisclosure: bool = False
    form_document_id: int | None = None
    is_psychotherapy_authorization: bool = False


@dataclass(frozen=True)
class Consent:
    id: int
    client_id: int
    authorized_by: AuthorizedBy
    representative_name: str | None
    representative_authority: str | None
    kinds: frozenset[str]
    note_ids: frozenset[int]
    date_from: date | None
    date_to: date | None
    disclosing_party: str
    recipient_name: str
    recipient_organisation: str | None
    recipient_address: str | None
    purposes: frozenset[str]
    expires_on: date | None
    expiry_event: str | None
    signed_on: date
    form_document_id: int | None
    is_psychotherapy_authorization: bool
    revoked_on: date | None
    revocation_received: str | None
    created_at: str
    updated_at: str = field(default="")

    def is_revoked_on(self, day: date) -> bool:
        return self.revoked_on is not None and self.revoked_on <= day

    def is_expired_on(self, day: date) -> bool:
        return self.expires_on is not None and day >= self.expires_on

    def is_valid_on(self, day: date) -> bool:
        """Signed by then, not revoked, not expired (revocation and expiry act at once)."""
        return self.signed_on <= day and not self.is_revoked_on(day) and not self.is_expired_on(day)


def after_death_problem(
    consent: Consent, *, died_on: date | None, representative: str | None
) -> str | None:
    """Why a consent about a client who has died does not count (None: it counts).

    After death only the recorded personal representative consents for the client (NASW
    1.07 w; HIPAA 164.502(g)(4)). A consent the client signed while alive keeps counting
    until it expires or is revoked: HIPAA's authorization (164.508(b)(5), (c)(1)(v)) ends
    only by its expiry date or event or by revocation, and death is neither; HHS reads it
    the same way (the personal representative may revoke it). So the app honours it, and
    the representative's revocation is recorded like any other. Anything the client
    "signed" after the date of death, or that another relative signed, does not count.
    """
    problem = _after_death_rule(consent, died_on=died_on, representative=representative)
    return None if problem is None else _AFTER_DEATH_WORDS[problem]


_SIGNED_AFTER_DEATH = "signed after death"
_NO_REPRESENTATIVE = "no representative recorded"
_NOT_THE_REPRESENTATIVE = "not the recorded representative"
_AFTER_DEATH_WORDS = {
    _SIGNED_AFTER_DEATH: "is dated after their death, so it cannot be theirs",
    _NO_REPRESENTATIVE: "was given by a representative, but no personal representative is recorded",
    _NOT_THE_REPRESENTATIVE: "was not given by the recorded personal representative",
}


def _after_death_rule(
    given: Consent | ConsentForm, *, died_on: date | None, representative: str | None
) -> str | None:
    """The one after-death rule (`after_death_problem` says why): the gate counts a consent
    by it, and saving refuses a form it would never count (`_check_after_death`)."""
    if died_on is None:
        return None
    if given.authorized_by == "client":
        return _SIGNED_AFTER_DEATH if given.signed_on > died_on else None
    if not representative:
        return _NO_REPRESENTATIVE
    if name_key(given.representative_name or "") != name_key(representative):
        return _NOT_THE_REPRESENTATIVE
    return None


def _text(value: str | None, what: str, *, required: bool) -> str | None:
    cleaned = clean_text(value)
    if required and not cleaned:
        raise DisclosureError(f"The consent does not say {what}.")
    if cleaned and len(cleaned) > MAX_TEXT:
        raise DisclosureError(f"The consent's answer to '{what}' is too long.")
    return cleaned


def missing_elements(form: ConsentForm) -> dict[str, str]:
    """Every required element (164.508(c)) the form leaves out, by `ConsentForm` field, in
    the words `record_consent` refuses it with: the dialog marks them all at once."""
    missing: dict[str, str] = {}
    required: dict[str, tuple[str | None, str]] = {
        "disclosing_party": (form.disclosing_party, "who may disclose"),
        "recipient_name": (form.recipient_name, "who receives the information"),
    }
    if form.authorized_by == "representative":
        required = {
            "representative_name": (form.representative_name, "who the representative is"),
            "representative_authority": (
                form.representative_authority,
                "what gives the representative authority",
            ),
            **required,
        }
    # A consent only to search online about the client releases no record: no scope.
    searching_only = set(form.purposes) == {ONLINE_SEARCH}
    if not form.kinds and not form.note_ids and not searching_only:
        missing["kinds"] = "The consent does not say what information may be disclosed."
    for name, (value, what) in required.items():
        if not clean_text(value):
            missing[name] = f"The consent does not say {what}."
    if not form.purposes:
        missing["purposes"] = "The consent does not say the purpose of the disclosure."
    if form.expires_on is None and not clean_text(form.expiry_event):
        missing["expires_on"] = "The consent does not say when it expires (a date or an event)."
    statements = {
        "states_right_to_revoke": (form.states_right_to_revoke, "the right to revoke it"),
        "states_conditioning": (
            form.states_conditioning,
            "whether treatment or payment depends on signing it",
        ),
        "states_redisclosure": (
            form.states_redisclosure,
            "that the recipient may redisclose the information",
        ),
    }
    for name, (stated, what) in statements.items():
        if not stated:
            missing[name] = f"The consent does not state {what}."
    return missing


# What a purpose usually needs, offered (ticked, visibly) when the purpose is ticked: a
# treatment consent without the summary releases nothing the release window offers first.
# Never psychotherapy notes: those need their own authorization.
SUGGESTED_KINDS: Final[dict[str, tuple[ScopeKind, ...]]] = {
    "client_request": ("summary",),
    "treatment": ("summary", "progress"),
    "payment": ("summary",),
    "legal": ("summary",),
    "emergency": ("summary",),
    "training": ("summary",),
    "consultation": ("summary", "progress"),
    "custodian_transfer": ("summary", "progress", "intake", "contact", "collateral", "documents"),
}


def suggested_kinds(purpose: str) -> tuple[ScopeKind, ...]:
    """The kinds of record `purpose` usually needs (none for media or other)."""
    return SUGGESTED_KINDS.get(purpose, ())


def _check_scope(session: VaultSession, form: ConsentForm) -> None:
    """What information (164.508(c)(1)(i)), and psychotherapy notes kept apart."""
    kinds = list(form.kinds)
    if any(kind not in SCOPE_KINDS for kind in kinds):
        raise DisclosureError("The consent names an unknown kind of record.")
    if len(set(kinds)) != len(kinds) or len(set(form.note_ids)) != len(form.note_ids):
        raise DisclosureError("The consent lists the same information twice.")
    if form.date_from and form.date_to and form.date_from > form.date_to:
        raise DisclosureError("The consent's date range ends before it starts.")
    note_kinds: list[str] = []
    if form.note_ids:
        ids = list(form.note_ids)
        notes = [
            note
            for note in directory.note_facts(session, ids).values()
            if form.client_id in note.subjects
        ]
        if len(notes) != len(ids):
            raise DisclosureError(
                "A note named in the consent does not exist or is not about this client."
            )
        if not all(note.signed for note in notes):
            raise DisclosureError("A note named in the consent is still a draft: sign it first.")
        note_kinds = [note.kind for note in notes]
    psycho = [k == "psychotherapy" for k in (*kinds, *note_kinds)]
    if any(psycho) and not all(psycho):
        raise DisclosureError(
            "Psychotherapy notes need their own authorization: record a separate consent "
            "for them, not combined with other records."
        )
    if any(psycho) != form.is_psychotherapy_authorization:
        raise DisclosureError(
            "A psychotherapy-notes authorization covers psychotherapy notes only, and "
            "psychotherapy notes need such an authorization."
        )


def _check_form(session: VaultSession, form: ConsentForm, today: date) -> None:
    if not directory.exists(session, form.client_id):
        raise DisclosureError("The client this consent concerns no longer exists.")
    if form.authorized_by not in ("client", "representative"):
        raise DisclosureError("The consent does not say who authorizes it.")
    missing = missing_elements(form)
    if missing:
        raise DisclosureError(next(iter(missing.values())))
    if form.authorized_by == "representative":
        _text(form.representative_name, "who the representative is", required=False)
        _text(
            form.representative_authority,
            "what gives the representative authority",
            required=False,
        )
    died_on, representative = death_facts(session, form.client_id)
    _check_after_death(form, died_on=died_on, representative=representative)
    _check_scope(session, form)
    _text(form.disclosing_party, "who may disclose", required=False)
    _text(form.recipient_name, "who receives the information", required=False)
    _text(form.recipient_organisation, "the recipient's organisation", required=False)
    _text(form.recipient_address, "the recipient's address", required=False)
    _text(form.expiry_event, "the event that ends it", required=False)
    if any(p not in CONSENT_PURPOSES for p in form.purposes) or len(set(form.purposes)) != len(
        form.purposes
    ):
        raise DisclosureError("The consent names an unknown or repeated purpose.")
    _check_statements(form, today)
    if form.form_document_id is not None:
        form_doc = directory.document_facts(session, [form.form_document_id])
        if form.form_document_id not in form_doc or (
            form_doc[form.form_document_id].client_id != form.client_id
        ):
            raise DisclosureError("The scanned form is not a document of this client.")


def death_facts(session: VaultSession, client_id: int) -> tuple[date | None, str | None]:
    """(date of death, recorded personal representative) of a client; (None, None) alive."""
    person = directory.people(session, [client_id]).get(client_id)
    if person is None or not person.deceased:
        return None, None
    return person.died_on or date.min, person.representative_name


def _check_after_death(
    form: ConsentForm, *, died_on: date | None, representative: str | None
) -> None:
    """Refuse at once a consent the gate would never count (see `after_death_problem`)."""
    if died_on is None or not isinstance(form.signed_on, date):
        return  # alive; or a missing date, which the statements' check says
    problem = _after_death_rule(form, died_on=died_on, representative=representative)
    if problem == _SIGNED_AFTER_DEATH:
        raise DisclosureError(
            "The client had died before this signature date: after a client's death only "
            "their personal representative can consent for them."
        )
    if problem is not None:
        raise DisclosureError(
            "After a client's death only the personal representative recorded on the "
            "client's page can consent for them: record or correct the representative there "
            "first."
        )


def _check_statements(form: ConsentForm, today: date) -> None:
    """The signature date and the expiry date (the statements are `missing_elements`)."""
    if form.signed_on is None or not isinstance(form.signed_on, date):
        raise DisclosureError("The consent has no signature date.")
    if form.signed_on > today:
        raise DisclosureError("The consent's signature date is in the future.")
    if form.expires_on is not None and form.expires_on <= form.signed_on:
        raise DisclosureError("The consent expires before it was signed.")


def record_consent(session: VaultSession, form: ConsentForm, *, today: date) -> int:
    """Check every element, then store the consent; returns its id (audited: ids only)."""
    # A custodian records them too: after closure, transfers to a new provider rest on
    # the client's signed authorization (NASW 1.07 s-t). Audited as the custodian's.
    _check_form(session, form, today)
    stamp = now_utc()
    with session.transaction(), refused_by_schema("The consent is incomplete."):
        consent_id = session.db.execute_returning_id(
            "INSERT INTO consents (client_id, authorized_by, representative_name, "
            "representative_authority, date_from, date_to, disclosing_party, recipient_name, "
            "recipient_organisation, recipient_address, expires_on, expiry_event, "
            "states_right_to_revoke, states_conditioning, states_redisclosure, signed_on, "
            "form_document_id, is_psychotherapy_authorization, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, 1, ?, ?, ?, ?, ?)",
            (
                form.client_id,
                form.authorized_by,
                clean_text(form.representative_name)
                if form.authorized_by == "representative"
                else None,
                clean_text(form.representative_authority)
                if form.authorized_by == "representative"
                else None,
                iso(form.date_from),
                iso(form.date_to),
                clean_text(form.disclosing_party),
                clean_text(form.recipient_name),
                clean_text(form.recipient_organisation),
                clean_text(form.recipient_address),
                iso(form.expires_on),
                clean_text(form.expiry_event),
                iso(form.signed_on),
                form.form_document_id,
                int(form.is_psychotherapy_authorization),
                stamp,
                stamp,
            ),
        )
        session.db.executemany(
            "INSERT INTO consent_kinds (consent_id, kind) VALUES (?, ?)",
            [(consent_id, kind) for kind in form.kinds],
        )
        session.db.executemany(
            "INSERT INTO consent_notes (consent_id, note_id) VALUES (?, ?)",
            [(consent_id, note_id) for note_id in form.note_ids],
        )
        session.db.executemany(
            "INSERT INTO consent_purposes (consent_id, purpose) VALUES (?, ?)",
            [(consent_id, purpose) for purpose in form.purposes],
        )
        session.record(
            "consent_recorded",
            form.client_id,
            consent=consent_id,
            purposes=sorted(form.purposes),
            kinds=sorted(form.kinds),
            notes=len(form.note_ids),
            psychotherapy=form.is_psychotherapy_authorization,
        )
    return consent_id


def revoke(session: VaultSession, consent_id: int, *, on: date, received_how: str) -> None:
    """Revocation takes effect at once: from `on`, the consent allows nothing more."""
    # Whoever keeps the records must be able to honour a revocation at once.
    how = clean_text(received_how)
    if not how:
        raise DisclosureError("Say how the revocation was received (letter, in person, ...).")
    if len(how) > MAX_TEXT:
        raise DisclosureError("The description of how the revocation was received is too long.")
    consent = get_consent(session, consent_id)
    if consent.revoked_on is not None:
        raise DisclosureError("This consent is already revoked.")
    if on < consent.signed_on:
        raise DisclosureError("The revocation is dated before the consent was signed.")
    with session.transaction():
        session.db.execute(
            "UPDATE consents SET revoked_on = ?, revocation_received = ?, updated_at = ? "
            "WHERE id = ?",
            (iso(on), how, now_utc(), consent_id),
        )
        session.record("consent_revoked", consent.client_id, consent=consent_id)


def attach_form(session: VaultSession, consent_id: int, document_id: int) -> None:
    """Link the scanned signed form to a consent recorded before the scan was at hand."""
    consent = get_consent(session, consent_id)
    if consent.form_document_id is not None:
        raise DisclosureError("This consent already has its signed form.")
    facts = directory.document_facts(session, [document_id])
    if document_id not in facts or facts[document_id].client_id != consent.client_id:
        raise DisclosureError("The scanned form is not a document of this client.")
    with session.transaction():
        session.db.execute(
            "UPDATE consents SET form_document_id = ?, updated_at = ? WHERE id = ?",
            (document_id, now_utc(), consent_id),
        )
        session.record(
            "consent_form_attached", consent.client_id, consent=consent_id, document=document_id
        )


_COLUMNS: Final = (
    "id, client_id, authorized_by, representative_name, representative_authority, "
    "date_from, date_to, disclosing_party, recipient_name, recipient_organisation, "
    "recipient_address, expires_on, expiry_event, signed_on, form_document_id, "
    "is_psychotherapy_authorization, revoked_on, revocation_received, created_at, updated_at"
)


def _consents(session: VaultSession, where: str, params: Sequence[Any]) -> list[Consent]:
    rows = session.db.execute(
        f"SELECT {_COLUMNS} FROM consents WHERE {where} ORDER BY signed_on, id",  # noqa: S608
        params,
    )
    if not rows:
        return []
    ids = [int(r[0]) for r in rows]
    marks = placeholders(len(ids))
    kinds: dict[int, set[str]] = {i: set() for i in ids}
    notes: dict[int, set[int]] = {i: set() for i in ids}
    purposes: dict[int, set[str]] = {i: set() for i in ids}
    for table, column, into in (
        ("consent_kinds", "kind", kinds),
        ("consent_notes", "note_id", notes),
        ("consent_purposes", "purpose", purposes),
    ):
        # Fixed table and column names; the ids are parameters.
        sql = f"SELECT consent_id, {column} FROM {table} WHERE consent_id IN ({marks})"  # noqa: S608
        for consent_id, value in session.db.execute(sql, ids):
            into[int(consent_id)].add(value)
    return [
        Consent(
            id=int(r[0]),
            client_id=int(r[1]),
            authorized_by=r[2],
            representative_name=r[3],
            representative_authority=r[4],
            kinds=frozenset(kinds[int(r[0])]),
            note_ids=frozenset(notes[int(r[0])]),
            date_from=parse_day(r[5]),
            date_to=parse_day(r[6]),
            disclosing_party=r[7],
            recipient_name=r[8],
            recipient_organisation=r[9],
            recipient_address=r[10],
            purposes=frozenset(purposes[int(r[0])]),
            expires_on=parse_day(r[11]),
            expiry_event=r[12],
            signed_on=parse_day(r[13]) or date.min,
            form_document_id=r[14],
            is_psychotherapy_authorization=bool(r[15]),
            revoked_on=parse_day(r[16]),
            revocation_received=r[17],
            created_at=r[18],
            updated_at=r[19],
        )
        for r in rows
    ]


def get_consent(session: VaultSession, consent_id: int) -> Consent:
    found = _consents(session, "id = ?", (consent_id,))
    if not found:
        raise DisclosureError("That consent no longer exists.")
    return found[0]


def list_consents(session: VaultSession, client_id: int) -> list[Consent]:
    """Every consent about this client, valid or not (oldest signature first)."""
    return _consents(session, "client_id = ?", (client_id,))


def consents_for(session: VaultSession, client_ids: Sequence[int]) -> dict[int, list[Consent]]:
    """Consents grouped by the client they concern (the gate reads them in one go)."""
    grouped: dict[int, list[Consent]] = {cid: [] for cid in client_ids}
    if not client_ids:
        return grouped
    ids = list(dict.fromkeys(client_ids))
    for consent in _consents(session, f"client_id IN ({placeholders(len(ids))})", ids):
        grouped[consent.client_id].append(consent)
    return grouped


def expiring_within(session: VaultSession, days: int, *, today: date) -> list[Consent]:
    """Unrevoked consents whose expiry date falls in the next `days` days (soonest first)."""
    if days < 0:
        raise DisclosureError("The number of days cannot be negative.")
    found = _consents(
        session,
        "revoked_on IS NULL AND expires_on IS NOT NULL AND expires_on > ? AND expires_on <= ?",
        (iso(today), iso(add_days(today, days))),
    )
    return sorted(found, key=lambda c: (c.expires_on or date.max, c.id))
