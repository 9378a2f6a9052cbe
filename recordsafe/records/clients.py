"""Clients: the minimum by default, status (active, closed, deceased), pageable lists.

    client_id = create_client(session, "Ada Wren", contact="...", dob=date(1980, 1, 2))
    find_possible_duplicates(session, "ada  wren")   -> [ClientSummary]  (flag, never block)
    get_client(session, client_id)                   -> Client           (audited: client_viewed)
    update_client(session, client_id, name=..., contact=..., dob=..., extra={...})
    close_client(session, client_id, on=date) / reopen_client(session, client_id)
    mark_deceased(session, client_id, died_on=date,
                  representative_name=..., representative_authority=...)
    list_clients(session, status="active", offset=0, limit=100, order="name") -> [ClientSummary]
    count_clients(session, status="active")          -> int
    find_clients(session, "ada wr", limit=20)         -> [ClientSummary]  (a picker)

Lists are SQL pages (LIMIT/OFFSET over an index), for a lazy Qt model; they are not
audited (a name list is not a record), `get_client` is. `find_clients` is the same kind
of name list, narrowed as the user types in a picker: not audited either (the full-text
`search.search`, which reads note text, is). A deceased client keeps full
protection (NASW 1.07 w); the personal representative and their authority are recorded
so that the disclosure gate can accept their consent. Status changes are allowed to a
records custodian (administration); everything else needs the practitioner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

from recordsafe.audit import queries as audit_queries
from recordsafe.records import directory, fields
from recordsafe.records._common import (
    clean_text,
    iso,
    name_key,
    now_utc,
    parse_day,
    require_day,
    today,
)
from recordsafe.records.errors import NotFound, RecordError
from recordsafe.vault import VaultSession

Status = Literal["active", "closed", "deceased"]
STATUSES: Final = ("active", "closed", "deceased")
Order = Literal["name", "name_desc", "recent", "created"]
# order -> ORDER BY clause (fixed strings; every one is served by an index).
_ORDERS: Final[dict[str, str]] = {
    "name": "name_key, id",
    "name_desc": "name_key DESC, id DESC",
    "recent": "updated_at DESC, id DESC",
    "created": "id",
}
MAX_NAME_CHARS: Final = 200
MAX_PAGE: Final = 1000
MAX_PICKS: Final = 100
EARLIEST_BIRTH_YEAR: Final = 1900

_UNSET: Any = object()  # "leave as it is" for update_client's optional arguments


@dataclass(frozen=True)
class ClientSummary:
    """One row of the client list."""

    id: int
    name: str
    status: Status
    dob: date | None


@dataclass(frozen=True)
class Client:
    id: int
    name: str
    contact: str | None
    dob: date | None
    status: Status
    closed_on: date | None
    died_on: date | None
    representative_name: str | None
    representative_authority: str | None
    created_at: str
    updated_at: str
    extra: dict[str, str]  # enabled optional fields with a value

    @property
    def is_deceased(self) -> bool:
        return self.status == "deceased"


_COLUMNS = (
    "id, name, contact, dob, status, closed_on, died_on, representative_name, "
    "representative_authority, created_at, updated_at"
)


def _check_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise RecordError("The client's name is empty.")
    if len(cleaned) > MAX_NAME_CHARS:
        raise RecordError(f"The client's name is longer than {MAX_NAME_CHARS} characters.")
    return cleaned


def _check_dob(dob: date | None) -> date | None:
    if dob is None:
        return None
    dob = require_day(dob, "date of birth")
    if dob > today():
        raise RecordError("The date of birth is in the future.")
    if dob.year < EARLIEST_BIRTH_YEAR:
        raise RecordError(f"The date of birth is before {EARLIEST_BIRTH_YEAR}.")
    return dob


def _exists(session: VaultSession, client_id: int) -> None:
    if session.db.scalar("SELECT 1 FROM clients WHERE id = ?", (client_id,)) is None:
        raise NotFound("That client no longer exists.")


def create_client(
    session: VaultSession,
    name: str,
    *,
    contact: str | None = None,
    dob: date | None = None,
    extra: dict[str, str | None] | None = None,
) -> int:
    """A new active client; returns its id. Duplicates are allowed (check them first)."""
    session.require_practitioner("add clients")
    clean_name = _check_name(name)
    checked_dob = _check_dob(dob)
    values = fields.check_values(session, extra or {})
    stamp = now_utc()
    with session.transaction():
        # A number is never reused, even after a destroyed record's row is gone: the audit
        # log (where every client's creation is entered) keeps naming it, and must not
        # point at someone new.
        highest = max(
            int(session.db.scalar("SELECT coalesce(max(id), 0) FROM clients")),
            audit_queries.highest_client_id(session),
        )
        client_id = session.db.execute_returning_id(
            "INSERT INTO clients (id, name, name_key, contact, dob, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                highest + 1,
                clean_name,
                name_key(clean_name),
                clean_text(contact),
                iso(checked_dob),
                stamp,
                stamp,
            ),
        )
        fields.write_values(session, client_id, values)
        session.record("client_created", client_id)
    return client_id


def update_client(
    session: VaultSession,
    client_id: int,
    *,
    name: str = _UNSET,
    contact: str | None = _UNSET,
    dob: date | None = _UNSET,
    extra: dict[str, str | None] | None = None,
) -> None:
    """Change the given fields only; `None` clears contact or date of birth."""
    session.require_practitioner("edit clients")
    changes: dict[str, object] = {}
    if name is not _UNSET:
        changes["name"] = _check_name(name)
        changes["name_key"] = name_key(str(changes["name"]))
    if contact is not _UNSET:
        changes["contact"] = clean_text(contact)
    if dob is not _UNSET:
        changes["dob"] = iso(_check_dob(dob))
    values = fields.check_values(session, extra or {})
    with session.transaction():
        _exists(session, client_id)
        changes["updated_at"] = now_utc()
        assignments = ", ".join(f"{column} = ?" for column in changes)
        session.db.execute(
            f"UPDATE clients SET {assignments} WHERE id = ?",  # noqa: S608 (fixed column names)
            (*changes.values(), client_id),
        )
        fields.write_values(session, client_id, values)
        session.record(
            "client_updated",
            client_id,
            fields=sorted(k for k in changes if k not in ("name_key", "updated_at"))
            + sorted(values),
        )


def _set_status(
    session: VaultSession, client_id: int, action: str, assignments: dict[str, object]
) -> None:
    with session.transaction():
        _exists(session, client_id)
        assignments["updated_at"] = now_utc()
        sql = ", ".join(f"{column} = ?" for column in assignments)
        session.db.execute(
            f"UPDATE clients SET {sql} WHERE id = ?",  # noqa: S608 (fixed column names)
            (*assignments.values(), client_id),
        )
        session.record(action, client_id)


def close_client(session: VaultSession, client_id: int, *, on: date | None = None) -> None:
    """Mark the client's work as ended (the record is kept; retention applies)."""
    closed_on = require_day(on or today(), "closing date")
    if closed_on > today():
        raise RecordError("The closing date is in the future.")
    current = _status(session, client_id)
    if current == "deceased":
        raise RecordError("This client is recorded as deceased; that status stays.")
    _set_status(
        session, client_id, "client_closed", {"status": "closed", "closed_on": iso(closed_on)}
    )


def reopen_client(session: VaultSession, client_id: int) -> None:
    if _status(session, client_id) != "closed":
        raise RecordError("Only a closed client can be made active again.")
    _set_status(session, client_id, "client_reopened", {"status": "active", "closed_on": None})


def mark_deceased(
    session: VaultSession,
    client_id: int,
    *,
    died_on: date,
    representative_name: str | None = None,
    representative_authority: str | None = None,
) -> None:
    """Record a client's death; the record keeps full protection.

    The personal representative (executor, administrator, next of kin under state law)
    may consent on the client's behalf; their authority is recorded with their name.
    Calling it again corrects the date or the representative.
    """
    day = require_day(died_on, "date of death")
    if day > today():
        raise RecordError("The date of death is in the future.")
    rep_name = clean_text(representative_name)
    rep_authority = clean_text(representative_authority)
    if rep_name and not rep_authority:
        raise RecordError("Say what gives the personal representative their authority.")
    if rep_authority and not rep_name:
        raise RecordError("The personal representative's name is missing.")
    dob = parse_day(session.db.scalar("SELECT dob FROM clients WHERE id = ?", (client_id,)))
    if dob is not None and day < dob:
        raise RecordError("The date of death is before the date of birth.")
    _set_status(
        session,
        client_id,
        "client_deceased",
        {
            "status": "deceased",
            "died_on": iso(day),
            "representative_name": rep_name,
            "representative_authority": rep_authority,
        },
    )


def _status(session: VaultSession, client_id: int) -> str:
    value = session.db.scalar("SELECT status FROM clients WHERE id = ?", (client_id,))
    if value is None:
        raise NotFound("That client no longer exists.")
    return str(value)


def _client(row: tuple[Any, ...], extra: dict[str, str]) -> Client:
    return Client(
        id=int(row[0]),
        name=row[1],
        contact=row[2],
        dob=parse_day(row[3]),
        status=row[4],
        closed_on=parse_day(row[5]),
        died_on=parse_day(row[6]),
        representative_name=row[7],
        representative_authority=row[8],
        created_at=row[9],
        updated_at=row[10],
        extra=extra,
    )


def get_client(session: VaultSession, client_id: int) -> Client:
    """The whole client record; the view is audited."""
    rows = session.db.execute(
        f"SELECT {_COLUMNS} FROM clients WHERE id = ?",  # noqa: S608 (fixed column list)
        (client_id,),
    )
    if not rows:
        raise NotFound("That client no longer exists.")
    session.record("client_viewed", client_id)
    return _client(rows[0], fields.client_field_values(session, client_id))


# The records page's destroy hook still calls it by this name (`directory.exists`).
client_exists = directory.exists


def client_name(session: VaultSession, client_id: int) -> str:
    """Just the name (for labels of lists already shown); not a view of the record."""
    value = session.db.scalar("SELECT name FROM clients WHERE id = ?", (client_id,))
    if value is None:
        raise NotFound("That client no longer exists.")
    return str(value)


def _status_filter(status: Status | None) -> tuple[str, tuple[object, ...]]:
    if status is None:
        return "", ()
    if status not in STATUSES:
        raise RecordError("Unknown client status.")
    return "WHERE status = ?", (status,)


def list_clients(
    session: VaultSession,
    *,
    status: Status | None = None,
    offset: int = 0,
    limit: int = 100,
    order: Order = "name",
) -> list[ClientSummary]:
    """One page of the client list, in `order`; never the whole table."""
    if order not in _ORDERS:
        raise RecordError("Unknown sort order for the client list.")
    limit = max(0, min(int(limit), MAX_PAGE))
    where, params = _status_filter(status)
    rows = session.db.execute(
        f"SELECT id, name, status, dob FROM clients {where} "  # noqa: S608 (fixed strings)
        f"ORDER BY {_ORDERS[order]} LIMIT ? OFFSET ?",
        (*params, limit, max(0, int(offset))),
    )
    return [ClientSummary(int(r[0]), r[1], r[2], parse_day(r[3])) for r in rows]


def count_clients(session: VaultSession, *, status: Status | None = None) -> int:
    where, params = _status_filter(status)
    return int(session.db.scalar(f"SELECT count(*) FROM clients {where}", params))  # noqa: S608


def find_possible_duplicates(
    session: VaultSession, name: str, *, exclude_id: int | None = None
) -> list[ClientSummary]:
    """Clients whose name matches ignoring case, accents, spacing and word order.

    A flag for the form ("a client with this name exists"), never a refusal: two people
    can share a name.
    """
    key = name_key(name or "")
    if not key:
        return []
    words = key.split()
    keys = {key, " ".join(reversed(words))}  # "Wren Ada" for "Ada Wren"
    marks = ", ".join("?" * len(keys))
    rows = session.db.execute(
        f"SELECT id, name, status, dob FROM clients WHERE name_key IN ({marks}) "  # noqa: S608
        "AND id IS NOT ? ORDER BY id LIMIT 50",
        (*keys, exclude_id),
    )
    return [ClientSummary(int(r[0]), r[1], r[2], parse_day(r[3])) for r in rows]


def find_clients(session: VaultSession, text: str, *, limit: int = 20) -> list[ClientSummary]:
    """Clients whose name, or one of its words, starts with `text` (a picker; not audited).

    `text` is folded like `name_key` (case, accents, spacing), so "zoe br" finds
    "Zoë Bramblewood" and "bram" finds her too. Whole-name matches come first, then by
    name. Plain string functions, not LIKE/GLOB: typed `%`, `_` or `*` are just characters.
    """
    key = name_key(text or "")
    limit = max(0, min(int(limit), MAX_PICKS))
    if not key or not limit:
        return []
    rows = session.db.execute(
        "SELECT id, name, status, dob FROM clients "
        "WHERE instr(' ' || name_key, ' ' || ?) > 0 "
        "ORDER BY substr(name_key, 1, length(?)) != ?, name_key, id LIMIT ?",
        (key, key, key, limit),
    )
    return [ClientSummary(int(r[0]), r[1], r[2], parse_day(r[3])) for r in rows]
