"""Incidents: what happened, when, when it was discovered, who found it, what was exposed.

    incident_id = report_incident(session, IncidentForm(...), today=date(...))
    get_incident(session, incident_id)           -> Incident
    list_incidents(session, open_only=False)     -> [Incident]  (newest discovery first)
    exposable_disclosures(session)               -> [DisclosureChoice]  (for "a named export")
    record_report(session, incident_id, "hhs", on=date(...))   # HHS, media, yearly log

An incident is never deleted; it is closed (see `closing`) once its notices are delivered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from recordsafe.breach._common import BreachError, day, refused_by_schema, text
from recordsafe.disclosure import history, letters
from recordsafe.disclosure._common import PURPOSES
from recordsafe.records._common import iso, now_utc, parse_day
from recordsafe.vault import VaultSession
from recordsafe.wording import day_text

ExposedKind = Literal["vault", "backup", "export", "paper", "other"]
EXPOSED_KINDS: Final[dict[str, str]] = {
    "vault": "The vault itself (a lost or stolen computer, a copied vault folder)",
    "backup": "A backup file (a lost drive, a copied .rsbackup)",
    "export": "A release made through RecordSafe (an exported PDF)",
    "paper": "Paper records or printouts",
    "other": "Something else",
}
# Of these, only an encrypted copy can fall under the encryption safe harbour.
ENCRYPTED_KINDS: Final = ("vault", "backup", "export")
ReportKind = Literal["hhs", "media", "yearly_log"]
REPORT_COLUMNS: Final[dict[str, str]] = {
    "hhs": "hhs_notified_on",
    "media": "media_notified_on",
    "yearly_log": "yearly_logged_on",
}


@dataclass(frozen=True)
class IncidentForm:
    what_happened: str
    occurred_on: date
    discovered_on: date
    found_by: str
    exposed_kind: ExposedKind
    exposed_disclosure_id: int | None = None
    exposed_detail: str | None = None  # which backup file, which papers...
    received_by: str | None = None  # who received or took it
    # A whole batch of releases (e.g. a folder of closure notices): their ids.
    exposed_batch: tuple[int, ...] = ()


@dataclass(frozen=True)
class Incident:
    id: int
    what_happened: str
    occurred_on: date
    discovered_on: date
    found_by: str
    exposed_kind: ExposedKind
    exposed_disclosure_id: int | None
    exposed_detail: str | None
    received_by: str | None
    no_affected_reason: str | None
    hhs_notified_on: date | None
    media_notified_on: date | None
    yearly_logged_on: date | None
    closed_on: date | None
    created_at: str
    exposed_batch: tuple[int, ...] = ()

    @property
    def exposed_releases(self) -> tuple[int, ...]:
        """Every release exposed: the batch, or the one release."""
        if self.exposed_batch:
            return self.exposed_batch
        return () if self.exposed_disclosure_id is None else (self.exposed_disclosure_id,)

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def exposed_label(self) -> str:
        return EXPOSED_KINDS[self.exposed_kind]


@dataclass(frozen=True)
class DisclosureChoice:
    """A recorded disclosure, as a choice for "what was exposed"."""

    id: int
    disclosed_on: date
    recipient: str
    purpose: str
    clients: int

    @property
    def label(self) -> str:
        plural = "client" if self.clients == 1 else "clients"
        return (
            f"{day_text(self.disclosed_on)} \u2014 to {self.recipient} "
            f"({self.purpose}, {self.clients} {plural}) [no. {self.id}]"
        )


_COLUMNS: Final = (
    "id, what_happened, occurred_on, discovered_on, found_by, exposed_kind, "
    "exposed_disclosure_id, exposed_detail, received_by, no_affected_reason, hhs_notified_on, "
    "media_notified_on, yearly_logged_on, closed_on, created_at, exposed_releases"
)


def _incident(row: tuple[object, ...]) -> Incident:
    return Incident(
        id=int(str(row[0])),
        what_happened=str(row[1]),
        occurred_on=date.fromisoformat(str(row[2])),
        discovered_on=date.fromisoformat(str(row[3])),
        found_by=str(row[4]),
        exposed_kind=str(row[5]),  # type: ignore[arg-type]
        exposed_disclosure_id=None if row[6] is None else int(str(row[6])),
        exposed_detail=None if row[7] is None else str(row[7]),
        received_by=None if row[8] is None else str(row[8]),
        no_affected_reason=None if row[9] is None else str(row[9]),
        hhs_notified_on=parse_day(row[10]),
        media_notified_on=parse_day(row[11]),
        yearly_logged_on=parse_day(row[12]),
        closed_on=parse_day(row[13]),
        created_at=str(row[14]),
        exposed_batch=tuple(int(i) for i in str(row[15] or "").split()),
    )


def check_dates(occurred_on: object, discovered_on: object, today: date) -> tuple[date, date]:
    """The incident's dates in order and not in the future (the wizard checks as you type)."""
    occurred = day(occurred_on, "date it happened")
    discovered = day(discovered_on, "date it was discovered")
    if occurred > today:
        raise BreachError("The date it happened is in the future.")
    if discovered > today:
        raise BreachError("The date it was discovered is in the future.")
    if discovered < occurred:
        raise BreachError("The date it was discovered is before the date it happened.")
    return occurred, discovered


def _check(session: VaultSession, form: IncidentForm, today: date) -> IncidentForm:
    what = text(form.what_happened, "what happened")
    found_by = text(form.found_by, "who found it")
    occurred, discovered = check_dates(form.occurred_on, form.discovered_on, today)
    if form.exposed_kind not in EXPOSED_KINDS:
        raise BreachError("Choose what was exposed.")
    batch = tuple(dict.fromkeys(form.exposed_batch))
    disclosure_id = batch[0] if batch else form.exposed_disclosure_id
    if form.exposed_kind == "export":
        if disclosure_id is None:
            raise BreachError("Choose the release that was exposed.")
        for one in batch or (disclosure_id,):
            if not history.disclosure_exists(session, one):
                raise BreachError("That release is not in the vault's disclosure records.")
    else:
        disclosure_id, batch = None, ()
    if form.exposed_kind == "other" and not (form.exposed_detail or "").strip():
        raise BreachError("Say what was exposed.")
    assert what is not None and found_by is not None
    return IncidentForm(
        what,
        occurred,
        discovered,
        found_by,
        form.exposed_kind,
        disclosure_id,
        text(form.exposed_detail, "what was exposed", required=False),
        text(form.received_by, "who received or took it", required=False),
        batch if len(batch) > 1 else (),
    )


def report_incident(session: VaultSession, form: IncidentForm, *, today: date) -> int:
    """Record a new incident; returns its id. A records custodian may report one too."""
    checked = _check(session, form, today)
    with session.transaction(), refused_by_schema("The incident's details are not consistent."):
        incident_id = session.db.execute_returning_id(
            "INSERT INTO breach_incidents (what_happened, occurred_on, discovered_on, found_by, "
            "exposed_kind, exposed_disclosure_id, exposed_detail, received_by, created_at, "
            "exposed_releases) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                checked.what_happened,
                iso(checked.occurred_on),
                iso(checked.discovered_on),
                checked.found_by,
                checked.exposed_kind,
                checked.exposed_disclosure_id,
                checked.exposed_detail,
                checked.received_by,
                now_utc(),
                " ".join(str(i) for i in checked.exposed_batch) or None,
            ),
        )
        session.record(
            "breach_reported",
            None,
            incident=incident_id,
            exposed=checked.exposed_kind,
            disclosure=checked.exposed_disclosure_id,
            releases=len(checked.exposed_batch) or None,
        )
    return incident_id


def get_incident(session: VaultSession, incident_id: int) -> Incident:
    rows = session.db.execute(
        f"SELECT {_COLUMNS} FROM breach_incidents WHERE id = ?",  # noqa: S608
        (incident_id,),
    )
    if not rows:
        raise BreachError("That incident is not in the breach register.")
    return _incident(rows[0])


def list_incidents(session: VaultSession, *, open_only: bool = False) -> list[Incident]:
    where = "WHERE closed_on IS NULL " if open_only else ""
    rows = session.db.execute(
        f"SELECT {_COLUMNS} FROM breach_incidents {where}"  # noqa: S608
        "ORDER BY discovered_on DESC, id DESC"
    )
    return [_incident(r) for r in rows]


def exposable_disclosures(session: VaultSession, *, limit: int = 200) -> list[DisclosureChoice]:
    """Recorded releases, newest first, with how many clients each one is about."""
    return [
        DisclosureChoice(
            d.id, d.disclosed_on, d.recipient_name, PURPOSES.get(d.purpose, d.purpose), d.clients
        )
        for d in history.recent(session, limit=limit)
    ]


# A batch of notices (one release per client) is offered as one choice.
BATCH_WORDS: Final = {
    "closure_notice": "closure notices",
    "closure_notice_password": "closure notice password letters",
    "breach_notice": "breach notices",
    "breach_notice_password": "breach notice password letters",
}


@dataclass(frozen=True)
class ReleaseGroup:
    """A choice for "which release": one release, or a batch of notices sent the same day."""

    label: str
    ids: tuple[int, ...]
    members: tuple[DisclosureChoice, ...]

    def matches(self, words: str) -> bool:
        needle = words.strip().casefold()
        return not needle or needle in self.label.casefold()


def release_groups(session: VaultSession, *, limit: int = 5000) -> list[ReleaseGroup]:
    """The recorded releases, newest first, each batch of notices grouped as one."""
    choices = exposable_disclosures(session, limit=limit)
    kinds = letters.letter_kinds(session, [c.id for c in choices])
    batches: dict[tuple[str, date], list[DisclosureChoice]] = {}
    out: list[ReleaseGroup | tuple[str, date]] = []
    for choice in choices:
        kind = kinds.get(choice.id)
        if kind in BATCH_WORDS:
            key = (kind, choice.disclosed_on)
            if key not in batches:
                batches[key] = []
                out.append(key)
            batches[key].append(choice)
        else:
            out.append(ReleaseGroup(choice.label, (choice.id,), (choice,)))
    groups: list[ReleaseGroup] = []
    for entry in out:
        if isinstance(entry, ReleaseGroup):
            groups.append(entry)
            continue
        members = batches[entry]
        if len(members) == 1:
            groups.append(ReleaseGroup(members[0].label, (members[0].id,), tuple(members)))
            continue
        kind, on = entry
        groups.append(
            ReleaseGroup(
                f"{day_text(on)} \u2014 all {len(members)} {BATCH_WORDS[kind]} of that day "
                f"(one per client)",
                tuple(m.id for m in members),
                tuple(members),
            )
        )
    return groups


def record_report(
    session: VaultSession, incident_id: int, kind: ReportKind, *, on: date, today: date
) -> None:
    """Record the day the HHS notice, the media notice or the yearly-log entry was made."""
    column = REPORT_COLUMNS.get(kind)
    if column is None:
        raise BreachError("That kind of report does not exist.")
    incident = get_incident(session, incident_id)
    result = session.db.scalar(
        "SELECT result FROM breach_assessments WHERE incident_id = ? ORDER BY id DESC LIMIT 1",
        (incident_id,),
    )
    if result != "reportable":
        raise BreachError("Only a reportable breach is reported to HHS or entered in its log.")
    when = day(on, "date of the report")
    if when > today:
        raise BreachError("The date of the report is in the future.")
    if when < incident.discovered_on:
        raise BreachError("The date of the report is before the incident was discovered.")
    with session.transaction():
        session.db.execute(
            f"UPDATE breach_incidents SET {column} = ? WHERE id = ?",  # noqa: S608 (fixed names)
            (iso(when), incident_id),
        )
        session.record("breach_report_made", None, incident=incident_id, report=kind)
