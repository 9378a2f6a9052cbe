"""The affected clients: derived from the vault's own records, never guessed.

    found = derive(session, incident_id)                        # -> [Candidate], writes nothing
    found = derive(session, incident_id, window=AuditWindow(since, until, actor="practitioner"))
    keep_derived(session, incident_id, found)                   # the reviewed starting set
    add_client(session, incident_id, client_id, reason="...")   # with a recorded reason
    remove_client(session, incident_id, client_id, reason="...")
    affected(session, incident_id)  -> [AffectedClient]         (the included ones)
    record_no_affected_reason(session, incident_id, reason)     # an empty set needs a reason

Where the set comes from:

- an exposed release: exactly the clients in it (`disclosure_items.client_id`);
- the vault, or a backup: every client in the vault (for a backup, every client created
  up to the backup's date, read from its file name `NAME-YYYYMMDD-HHMM.rsbackup` when the
  details give it, else the day of the incident);
- a time window in the audit log (optionally one actor): every client whose record was
  viewed or released in it (a release's entry lists its clients).

A lost backup also holds the records destroyed after it was made: the vault no longer
does, but closure's destruction log keeps each one's name and day (`destroyed_in_backup`).
They are affected too, with no address left to write to.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from recordsafe.audit import queries as audit_queries
from recordsafe.breach._common import BreachError, day, refused_by_schema, text
from recordsafe.breach.incidents import Incident, get_incident
from recordsafe.closure import destruction
from recordsafe.disclosure import history
from recordsafe.records import directory
from recordsafe.records._common import now_utc
from recordsafe.vault import VaultSession
from recordsafe.wording import day_text

Source = Literal["export", "audit", "backup", "vault", "added"]
SOURCES: Final[dict[str, str]] = {
    "export": "In the exposed release",
    "audit": "Seen or released in the audit window",
    "backup": "In the vault when the backup was made",
    "vault": "In the vault",
    "added": "Added by hand",
}
# Audit actions that show a client's record (or part of it) was read or released.
VIEW_ACTIONS: Final = (
    "client_viewed",
    "note_viewed",
    "document_viewed",
    "client_notes_viewed",
    "case_notes_viewed",  # no client id: the case's participants (below)
    "note_copied",
    "text_copied",
    "audit_extract_read",
    "accounting_viewed",
    "disclosure_made",
)


# A backup's file name says when it was made: NAME-YYYYMMDD-HHMM.rsbackup.
_BACKUP_STAMP: Final = re.compile(r"-(\d{4})(\d{2})(\d{2})-\d{4}\.rsbackup", re.IGNORECASE)


def backup_date(detail: str | None) -> date | None:
    """The day a backup was made, read from its file name in the incident's details."""
    match = _BACKUP_STAMP.search(detail or "")
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


@dataclass(frozen=True)
class AuditWindow:
    since: date
    until: date  # inclusive
    actor: str | None = None  # "practitioner" or "custodian"; None: anyone


@dataclass(frozen=True)
class Candidate:
    client_id: int
    name: str
    source: Source


@dataclass(frozen=True)
class DestroyedClient:
    """A client in a lost backup whose record the vault no longer holds (destroyed since)."""

    name: str
    destroyed_on: date

    @property
    def why(self) -> str:
        return f"Record destroyed on {day_text(self.destroyed_on)}; the lost backup still holds it"


@dataclass(frozen=True)
class AffectedClient:
    client_id: int
    name: str
    source: Source
    included: bool
    reason: str | None
    deceased: bool

    @property
    def source_label(self) -> str:
        return SOURCES[self.source]

    @property
    def why(self) -> str:
        """Why the client is in the list, with the reason given by hand, if any."""
        if not self.reason or not self.included:
            return self.source_label
        if self.source == "added":
            return f"{self.source_label}: {self.reason}"
        return f"{self.source_label} (put back: {self.reason})"


def _from_audit(session: VaultSession, window: AuditWindow) -> list[int]:
    since = day(window.since, "start of the window")
    until = day(window.until, "end of the window")
    if until < since:
        raise BreachError("The end of the window is before its start.")
    rows = audit_queries.entries_between(
        session,
        since.isoformat(),
        (until + timedelta(days=1)).isoformat(),
        VIEW_ACTIONS,
        actor=window.actor or None,
    )
    found: dict[int, None] = {}
    for action, client_id, detail in rows:
        if client_id is not None:
            found[int(client_id)] = None
        if action == "disclosure_made":
            for cid in json.loads(str(detail)).get("clients", []):
                found[int(cid)] = None
        if action == "case_notes_viewed":
            case_id = json.loads(str(detail)).get("case")
            for cid in directory.case_participants(session, int(case_id)):
                found[cid] = None
    return list(found)


def derive(
    session: VaultSession,
    incident_id: int,
    *,
    window: AuditWindow | None = None,
    backup_made_on: date | None = None,
) -> list[Candidate]:
    """The clients the vault's records say were exposed, by name; writes nothing."""
    incident = get_incident(session, incident_id)
    ids: list[int] = []
    source: Source
    if window is not None:
        ids, source = _from_audit(session, window), "audit"
    elif incident.exposed_kind == "export":
        # Every release exposed: one, or a whole batch of notices.
        found = {c for one in incident.exposed_releases for c in history.clients_in(session, one)}
        ids, source = sorted(found), "export"
    elif incident.exposed_kind == "backup":
        made = _backup_made(incident, backup_made_on)
        ids = directory.clients_created_before(session, (made + timedelta(days=1)).isoformat())
        source = "backup"
    elif incident.exposed_kind == "vault":
        ids, source = directory.all_client_ids(session), "vault"
    else:
        return []  # paper or other: nothing in the vault says who; use a window or add by hand
    names = directory.names(session, ids)
    return sorted(
        (Candidate(cid, names[cid], source) for cid in ids if cid in names),
        key=lambda c: (c.name.casefold(), c.client_id),
    )


def _backup_made(incident: Incident, given: date | None = None) -> date:
    return day(
        given or backup_date(incident.exposed_detail) or incident.occurred_on,
        "date the backup was made",
    )


def destroyed_in_backup(session: VaultSession, incident_id: int) -> list[DestroyedClient]:
    """The clients of a lost backup whose record was destroyed on or after the day it was
    made, by name (closure's destruction log keeps name and day). A record is destroyed
    years after its last contact, so it was in the backup. None for other incidents."""
    incident = get_incident(session, incident_id)
    if incident.exposed_kind != "backup":
        return []
    made = _backup_made(incident)
    found = [
        DestroyedClient(entry.client_name, entry.destroyed_on)
        for entry in destruction.destruction_log(session)
        if entry.destroyed_on >= made
    ]
    return sorted(found, key=lambda c: (c.name.casefold(), c.destroyed_on))


def _require_open(session: VaultSession, incident_id: int) -> None:
    if get_incident(session, incident_id).is_closed:
        raise BreachError("This incident is closed: its affected clients can no longer change.")


def keep_derived(session: VaultSession, incident_id: int, found: list[Candidate]) -> int:
    """Add the derived clients to the affected set (those already in it stay as they are)."""
    _require_open(session, incident_id)
    stamp = now_utc()
    with session.transaction():
        before = int(
            session.db.scalar(
                "SELECT count(*) FROM breach_affected WHERE incident_id = ?", (incident_id,)
            )
        )
        session.db.executemany(
            "INSERT OR IGNORE INTO breach_affected (incident_id, client_id, source, included, "
            "changed_at) VALUES (?, ?, ?, 1, ?)",
            [(incident_id, c.client_id, c.source, stamp) for c in found],
        )
        added = (
            int(
                session.db.scalar(
                    "SELECT count(*) FROM breach_affected WHERE incident_id = ?", (incident_id,)
                )
            )
            - before
        )
        session.record(
            "breach_affected_derived",
            None,
            incident=incident_id,
            found=len(found),
            added=added,
            source=found[0].source if found else None,
        )
    return added


def add_client(session: VaultSession, incident_id: int, client_id: int, *, reason: str) -> None:
    """Add a client by hand (or put a removed one back), with the reason recorded."""
    _require_open(session, incident_id)
    why = text(reason, "why this client is affected")
    if not directory.exists(session, client_id):
        raise BreachError("That client no longer exists.")
    with session.transaction(), refused_by_schema("The affected set is not consistent."):
        session.db.execute(
            "INSERT INTO breach_affected (incident_id, client_id, source, included, reason, "
            "changed_at) VALUES (?, ?, 'added', 1, ?, ?) ON CONFLICT (incident_id, client_id) "
            "DO UPDATE SET included = 1, reason = excluded.reason, "
            "changed_at = excluded.changed_at",
            (incident_id, client_id, why, now_utc()),
        )
        session.record("breach_affected_added", client_id, incident=incident_id)


def remove_client(session: VaultSession, incident_id: int, client_id: int, *, reason: str) -> None:
    """Take a client out of the affected set, with the reason recorded (the row is kept)."""
    _require_open(session, incident_id)
    why = text(reason, "why this client is not affected")
    if session.db.scalar(
        "SELECT 1 FROM breach_notices WHERE incident_id = ? AND client_id = ?",
        (incident_id, client_id),
    ):
        raise BreachError("A notice was already written to this client: they stay affected.")
    with session.transaction():
        changed = session.db.execute(
            "UPDATE breach_affected SET included = 0, reason = ?, changed_at = ? "
            "WHERE incident_id = ? AND client_id = ? RETURNING client_id",
            (why, now_utc(), incident_id, client_id),
        )
        if not changed:
            raise BreachError("That client is not in the affected set.")
        session.record("breach_affected_removed", client_id, incident=incident_id)


def affected(
    session: VaultSession, incident_id: int, *, with_removed: bool = False
) -> list[AffectedClient]:
    """The affected set by name; removed clients too (with their reason) on request."""
    where = "" if with_removed else "AND included = 1 "
    rows = {
        int(r[0]): r
        for r in session.db.execute(
            "SELECT client_id, source, included, reason FROM breach_affected "  # noqa: S608
            f"WHERE incident_id = ? {where}",
            (incident_id,),
        )
    }
    people = directory.people(session, rows)
    ordered = sorted(
        people.values(), key=lambda p: (not rows[p.id][2], p.name_key, p.id)
    )  # included first, then by name
    return [
        AffectedClient(
            p.id,
            p.name,
            str(rows[p.id][1]),  # type: ignore[arg-type]
            bool(rows[p.id][2]),
            rows[p.id][3],
            p.deceased,
        )
        for p in ordered
    ]


def _count_kept(session: VaultSession, incident_id: int) -> int:
    return int(
        session.db.scalar(
            "SELECT count(*) FROM breach_affected WHERE incident_id = ? AND included = 1",
            (incident_id,),
        )
    )


def count_affected(session: VaultSession, incident_id: int) -> int:
    """Everyone affected: the set kept, and a lost backup's destroyed records."""
    return _count_kept(session, incident_id) + len(destroyed_in_backup(session, incident_id))


def record_no_affected_reason(session: VaultSession, incident_id: int, reason: str) -> None:
    """Why no client is affected: the only way an incident may have an empty set."""
    _require_open(session, incident_id)
    why = text(reason, "why no client is affected")
    if destroyed_in_backup(session, incident_id):
        raise BreachError(
            "The lost backup holds records destroyed since it was made: those clients are affected."
        )
    if _count_kept(session, incident_id):
        raise BreachError("Clients are in the affected set: remove them first, with a reason.")
    with session.transaction():
        session.db.execute(
            "UPDATE breach_incidents SET no_affected_reason = ? WHERE id = ?", (why, incident_id)
        )
        session.record("breach_no_affected", None, incident=incident_id)


def check_affected_set(session: VaultSession, incident_id: int) -> None:
    """Refuse an empty affected set unless its reason is recorded."""
    if count_affected(session, incident_id):
        return
    if get_incident(session, incident_id).no_affected_reason:
        return
    raise BreachError(
        "No client is in the affected set. Add the affected clients, or record why no client "
        "is affected."
    )
