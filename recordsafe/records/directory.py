"""What other packages may ask the records about, without reading a record.

The gate, closure and breach need names, statuses, subjects, dates and links to decide
and to label; each function here returns only that, for many ids in one query, and
records no audit entry (`clients.get_client` and `notes.get_note` are the audited reads
of a record). Only `records/` names its tables in SQL (tests/test_table_ownership.py):
another package that needs a fact about a client, case, note or document asks here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from recordsafe.records._common import id_chunks, parse_day, placeholders
from recordsafe.vault import VaultSession

# --- clients ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A client as other packages see one: enough to name, sort and address them."""

    id: int
    name: str
    name_key: str
    status: str
    contact: str | None
    representative_name: str | None
    died_on: date | None = None  # the gate's after-death rule needs it (1.07 w)

    @property
    def deceased(self) -> bool:
        return self.status == "deceased"


def _person(row: Sequence[object]) -> Person:
    return Person(
        int(str(row[0])),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        None if row[4] is None else str(row[4]),
        None if row[5] is None else str(row[5]),
        parse_day(None if row[6] is None else str(row[6])),
    )


_PERSON_COLUMNS = "id, name, name_key, status, contact, representative_name, died_on"


def exists(session: VaultSession, client_id: int) -> bool:
    """Whether the record is still there (after a destruction); not a view of it."""
    return session.db.scalar("SELECT 1 FROM clients WHERE id = ?", (client_id,)) is not None


def people(session: VaultSession, client_ids: Iterable[int]) -> dict[int, Person]:
    """The clients with these ids that still exist (missing ids are left out)."""
    found: dict[int, Person] = {}
    for chunk in id_chunks(client_ids):
        for row in session.db.execute(
            f"SELECT {_PERSON_COLUMNS} FROM clients "  # noqa: S608 (fixed columns)
            f"WHERE id IN ({placeholders(len(chunk))})",
            chunk,
        ):
            person = _person(row)
            found[person.id] = person
    return found


def names(session: VaultSession, client_ids: Iterable[int]) -> dict[int, str]:
    return {pid: p.name for pid, p in people(session, client_ids).items()}


def in_name_order(persons: Iterable[Person]) -> list[Person]:
    """The order of every client list: folded name, then number."""
    return sorted(persons, key=lambda p: (p.name_key, p.id))


def joined(
    session: VaultSession, rows: Iterable[Sequence[Any]], column: int = 0
) -> list[tuple[Person, Sequence[Any]]]:
    """Rows that name a client (by number, in `column`) with that client, in name order.

    What `JOIN clients ... ORDER BY name_key, id` did for other packages' tables: rows
    whose client no longer exists are left out.
    """
    listed = list(rows)
    found = people(session, (int(row[column]) for row in listed))
    pairs = [(found[int(row[column])], row) for row in listed if int(row[column]) in found]
    return sorted(pairs, key=lambda pair: (pair[0].name_key, pair[0].id))


def active_clients(session: VaultSession) -> list[Person]:
    """Every active client, in name order."""
    return [
        _person(row)
        for row in session.db.execute(
            f"SELECT {_PERSON_COLUMNS} FROM clients "  # noqa: S608 (fixed columns)
            "WHERE status = 'active' ORDER BY name_key, id"
        )
    ]


def all_client_ids(session: VaultSession) -> list[int]:
    return [int(r[0]) for r in session.db.execute("SELECT id FROM clients ORDER BY id")]


def clients_created_before(session: VaultSession, moment: str) -> list[int]:
    """Clients whose record existed before `moment` (an ISO 8601 date or time)."""
    return [
        int(r[0])
        for r in session.db.execute(
            "SELECT id FROM clients WHERE created_at < ? ORDER BY id", (moment,)
        )
    ]


@dataclass(frozen=True)
class ContactDates:
    """What dates a record's last contact (retention): every date that could."""

    client_id: int
    name: str
    status: str
    dob: date | None
    created_on: date | None
    closed_on: date | None
    last_note_on: date | None
    last_intake_on: date | None


_CONTACT_DATES_SQL = """
SELECT c.id, c.name, c.status, c.dob, substr(c.created_at, 1, 10), c.closed_on,
       (SELECT max(n.note_date) FROM note_subjects s JOIN notes n ON n.id = s.note_id
         WHERE s.client_id = c.id),
       (SELECT max(explained_on) FROM intake_records i WHERE i.client_id = c.id)
  FROM clients c
"""


def contact_dates(session: VaultSession, client_id: int | None = None) -> list[ContactDates]:
    """Every client's (or one client's) contact dates, in name order, in one query."""
    sql = _CONTACT_DATES_SQL + ("WHERE c.id = ? " if client_id is not None else "")
    params: tuple[object, ...] = (client_id,) if client_id is not None else ()
    return [
        ContactDates(
            int(r[0]),
            str(r[1]),
            str(r[2]),
            parse_day(r[3]),
            parse_day(r[4]),
            parse_day(r[5]),
            parse_day(r[6]),
            parse_day(r[7]),
        )
        for r in session.db.execute(sql + "ORDER BY c.name_key, c.id", params)
    ]


# --- cases -----------------------------------------------------------------------------


def case_participants(session: VaultSession, case_id: int) -> list[int]:
    """The clients taking part in a case, in the order they were added."""
    return [
        int(r[0])
        for r in session.db.execute(
            "SELECT client_id FROM case_participants WHERE case_id = ? ORDER BY id", (case_id,)
        )
    ]


def participants_of_cases(session: VaultSession, case_ids: Iterable[int]) -> set[int]:
    found: set[int] = set()
    for chunk in id_chunks(case_ids):
        found |= {
            int(r[0])
            for r in session.db.execute(
                "SELECT client_id FROM case_participants "  # noqa: S608
                f"WHERE case_id IN ({placeholders(len(chunk))})",
                chunk,
            )
        }
    return found


def cases_of_client(session: VaultSession, client_id: int) -> list[tuple[int, int]]:
    """(case id, number of participants) for every case the client takes part in."""
    return [
        (int(r[0]), int(r[1]))
        for r in session.db.execute(
            "SELECT p.case_id, (SELECT count(*) FROM case_participants q "
            "WHERE q.case_id = p.case_id) FROM case_participants p WHERE p.client_id = ?",
            (client_id,),
        )
    ]


def case_partners(session: VaultSession, client_id: int) -> set[int]:
    """Everyone who shares at least one case with this client (the client included)."""
    return {
        int(r[0])
        for r in session.db.execute(
            "SELECT DISTINCT q.client_id FROM case_participants p "
            "JOIN case_participants q ON q.case_id = p.case_id WHERE p.client_id = ?",
            (client_id,),
        )
    }


# --- notes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteFacts:
    """A note without its text: what the gate decides on and the dialog labels."""

    id: int
    case_id: int
    case_title: str
    kind: str
    note_date: date
    signed: bool
    subjects: tuple[int, ...]  # client ids, in participant order


def note_facts(session: VaultSession, note_ids: Iterable[int]) -> dict[int, NoteFacts]:
    """The notes with these ids that exist, with their subjects (two queries a chunk)."""
    found: dict[int, NoteFacts] = {}
    for chunk in id_chunks(note_ids):
        marks = placeholders(len(chunk))
        subjects: dict[int, list[int]] = {}
        for note_id, client_id in session.db.execute(
            f"SELECT note_id, client_id FROM note_subjects WHERE note_id IN ({marks}) "  # noqa: S608
            "ORDER BY participant_id",
            chunk,
        ):
            subjects.setdefault(int(note_id), []).append(int(client_id))
        for note_id, case_id, title, kind, day, status in session.db.execute(
            "SELECT n.id, n.case_id, c.title, n.kind, n.note_date, n.status "  # noqa: S608
            f"FROM notes n JOIN cases c ON c.id = n.case_id WHERE n.id IN ({marks})",
            chunk,
        ):
            found[int(note_id)] = NoteFacts(
                int(note_id),
                int(case_id),
                str(title),
                str(kind),
                date.fromisoformat(str(day)),
                status == "signed",
                tuple(subjects.get(int(note_id), ())),
            )
    return found


def signed_notes_about(session: VaultSession, client_id: int) -> list[int]:
    """Signed notes with this client among their subjects, newest first."""
    return [
        int(r[0])
        for r in session.db.execute(
            "SELECT n.id FROM note_subjects s JOIN notes n ON n.id = s.note_id "
            "WHERE s.client_id = ? AND n.status = 'signed' ORDER BY n.note_date DESC, n.id DESC",
            (client_id,),
        )
    ]


def notes_in_cases(session: VaultSession, case_ids: Iterable[int]) -> list[int]:
    found: list[int] = []
    for chunk in id_chunks(case_ids):
        found += [
            int(r[0])
            for r in session.db.execute(
                f"SELECT id FROM notes WHERE case_id IN ({placeholders(len(chunk))}) "  # noqa: S608
                "ORDER BY id",
                chunk,
            )
        ]
    return found


# --- documents -------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentFacts:
    """A document without its file."""

    id: int
    client_id: int
    name: str
    added_on: date


def document_facts(session: VaultSession, document_ids: Iterable[int]) -> dict[int, DocumentFacts]:
    found: dict[int, DocumentFacts] = {}
    for chunk in id_chunks(document_ids):
        for doc_id, client_id, name, added_at in session.db.execute(
            "SELECT id, client_id, name, added_at FROM documents "  # noqa: S608
            f"WHERE id IN ({placeholders(len(chunk))})",
            chunk,
        ):
            found[int(doc_id)] = DocumentFacts(
                int(doc_id), int(client_id), str(name), date.fromisoformat(str(added_at)[:10])
            )
    return found


def documents_of_client(session: VaultSession, client_id: int) -> list[int]:
    """The client's documents, newest first."""
    return [
        int(r[0])
        for r in session.db.execute(
            "SELECT id FROM documents WHERE client_id = ? ORDER BY added_at DESC, id DESC",
            (client_id,),
        )
    ]
