"""Notes: drafts that autosave inside the vault, signing, addenda, subjects.

Every note belongs to a case and has **subjects**: the participants whose confidential
information it holds (a joint session: those present; an individual session inside
couple or family work: that one person). A client's notes are the notes they are a
subject of, so Mrs Smith's record never lists Mr Smith's individual session.

    note_id = create_note(session, case_id, kind="progress", note_date=date(...),
                          body="...", subjects=[mr_id])      # subjects: client ids
    save_draft(session, note_id, body="...")                 # autosave; drafts only
    sign_note(session, note_id)                              # immutable from now on
    add_addendum(session, note_id, body="...")               # a new draft linked to it
    delete_draft(session, note_id)
    open_note(session, note_id)          -> Note             (audited: note_viewed)
    client_notes(session, client_id, kind_group="progress"|"psychotherapy",
                 offset=0, limit=100)    -> [NoteSummary]    (audited: client_notes_viewed)
    count_client_notes(session, client_id, kind_group=...)   -> int

Psychotherapy notes (HIPAA 164.501) are stored with kind "psychotherapy" and listed
apart: kind_group "psychotherapy" lists only them, "progress" lists every other kind.

Refusals (each a RecordError subclass): `NeedsIntake` when a subject has no intake record
(unless `allow_without_intake=True`), `AgreementNeeded` on a joint case whose agreement
is incomplete, `SignedNoteLocked` for any change to a signed note (the schema's
triggers refuse it too), a body over `MAX_BODY_BYTES`, a subject who is not a
participant. A records custodian can read notes but never write them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

from recordsafe.records import cases, intake
from recordsafe.records._common import (
    clean_text,
    guarded,
    iso,
    now_utc,
    parse_day,
    require_day,
    today,
)
from recordsafe.records.errors import (
    AgreementNeeded,
    NeedsIntake,
    NotFound,
    RecordError,
    SignedNoteLocked,
)
from recordsafe.vault import VaultSession

Kind = Literal["progress", "psychotherapy", "intake", "contact", "collateral"]
KINDS: Final[dict[str, str]] = {
    "progress": "Progress note",
    "psychotherapy": "Psychotherapy note",
    "intake": "Intake note",
    "contact": "Contact note",
    "collateral": "Collateral contact",
}
KindGroup = Literal["progress", "psychotherapy"]
MAX_BODY_BYTES: Final = 1_000_000  # 1 MB of UTF-8 text
PREVIEW_CHARS: Final = 160
MAX_PAGE: Final = 1000
DEFAULT_AUTHOR: Final = "Practitioner"
AUTHOR_SETTING: Final = "practitioner_name"


@dataclass(frozen=True)
class Note:
    id: int
    case_id: int
    client_id: int | None  # the client record it was written from
    kind: Kind
    note_date: date
    author: str
    body: str
    status: Literal["draft", "signed"]
    signed_at: str | None
    addendum_of: int | None
    created_at: str
    updated_at: str
    subjects: tuple[int, ...]  # client ids
    addenda: tuple[int, ...]  # ids of notes that are addenda to this one

    @property
    def is_signed(self) -> bool:
        return self.status == "signed"


@dataclass(frozen=True)
class NoteSummary:
    """One row of a client's note list: no full body (the UI opens the note for that)."""

    id: int
    case_id: int
    kind: Kind
    note_date: date
    status: Literal["draft", "signed"]
    addendum_of: int | None
    preview: str
    subjects: tuple[str, ...] = ()  # the names of whom it is about
    case_people: int = 1  # participants of its case: one subject of several is individual

    @property
    def is_joint(self) -> bool:
        return len(self.subjects) > 1


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise RecordError("Unknown kind of note.")


def _check_body(body: str) -> str:
    if len(body) > MAX_BODY_BYTES or len(body.encode("utf-8")) > MAX_BODY_BYTES:
        raise RecordError("The note is longer than 1 MB; split it or attach a document instead.")
    return body


def _check_date(note_date: date) -> date:
    day = require_day(note_date, "note's date")
    if day > today():
        raise RecordError("The note's date is in the future.")
    return day


def _author(session: VaultSession, author: str | None) -> str:
    return clean_text(author) or session.get_setting(AUTHOR_SETTING) or DEFAULT_AUTHOR


def _subject_participants(
    case: cases.Case, subjects: Sequence[int] | None
) -> list[tuple[int, int]]:
    """(participant id, client id) pairs; None means every participant (a joint session)."""
    chosen = [p.client_id for p in case.participants] if subjects is None else list(subjects)
    if not chosen:
        raise RecordError(
            "A note needs at least one subject: tick the person (or people) it is about."
        )
    if len(set(chosen)) != len(chosen):
        raise RecordError("A subject is listed twice.")
    pairs = []
    for client_id in chosen:
        participant = case.participant_for(client_id)
        if participant is None:
            raise RecordError("A subject must be a participant of the note's case.")
        pairs.append((participant.id, client_id))
    return pairs


def create_note(
    session: VaultSession,
    case_id: int,
    *,
    kind: Kind = "progress",
    note_date: date | None = None,
    body: str = "",
    subjects: Sequence[int] | None = None,
    client_id: int | None = None,
    author: str | None = None,
    allow_without_intake: bool = False,
) -> int:
    """A new draft note on a case; returns its id.

    `subjects` are client ids (participants of the case); None means all participants.
    `client_id` is the record the note was written from; a note that is not about that
    client (the other partner's individual session) is filed under its first subject.
    """
    session.require_practitioner("write notes")
    _check_kind(kind)
    day = _check_date(note_date or today())
    text = _check_body(body)
    case = cases.get_case(session, case_id)
    pairs = _subject_participants(case, subjects)
    client_id = _record_of(client_id, pairs)
    if cases.agreement_needed(case):
        raise AgreementNeeded(
            "This case has no complete confidentiality agreement yet. Record the policy and "
            "the date each participant agreed before writing notes."
        )
    if (
        not allow_without_intake
        and kind != "intake"
        and any(intake.needs_intake(session, c) for _, c in pairs)
    ):
        raise NeedsIntake(
            "No intake is recorded for this client: record that the limits of "
            "confidentiality were explained first."
        )
    return _insert(session, case.id, client_id, kind, day, _author(session, author), text, pairs)


def _record_of(client_id: int | None, pairs: list[tuple[int, int]]) -> int:
    """The client record a note is filed under: the one it was written from when that
    client is a subject, else its first subject. So a note about one partner can be
    written from the case on the other partner's page, and is filed (and its reads
    audited) under the person it is about."""
    subject_ids = [c for _, c in pairs]
    return client_id if client_id in subject_ids else subject_ids[0]


def _insert(
    session: VaultSession,
    case_id: int,
    client_id: int,
    kind: str,
    day: date,
    author: str,
    body: str,
    pairs: list[tuple[int, int]],
    addendum_of: int | None = None,
) -> int:
    stamp = now_utc()
    with session.transaction(), guarded():
        note_id = session.db.execute_returning_id(
            "INSERT INTO notes (case_id, client_id, kind, note_date, author, body, addendum_of, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (case_id, client_id, kind, iso(day), author, body, addendum_of, stamp, stamp),
        )
        session.db.executemany(
            "INSERT INTO note_subjects (note_id, participant_id, client_id) VALUES (?, ?, ?)",
            [(note_id, pid, cid) for pid, cid in pairs],
        )
        session.record(
            "note_addendum_created" if addendum_of else "note_created",
            client_id,
            note=note_id,
            case=case_id,
            kind=kind,
            subjects=sorted(c for _, c in pairs),
            **({"addendum_of": addendum_of} if addendum_of else {}),
        )
    return note_id


def _row(session: VaultSession, note_id: int) -> tuple[Any, ...]:
    rows = session.db.execute(
        "SELECT id, case_id, client_id, kind, note_date, author, body, status, signed_at, "
        "addendum_of, created_at, updated_at FROM notes WHERE id = ?",
        (note_id,),
    )
    if not rows:
        raise NotFound("That note no longer exists.")
    return rows[0]


def _require_draft(session: VaultSession, note_id: int) -> tuple[Any, ...]:
    row = _row(session, note_id)
    if row[7] == "signed":
        raise SignedNoteLocked(
            "This note is signed and cannot be changed or deleted. Add an addendum instead."
        )
    return row


def save_draft(
    session: VaultSession,
    note_id: int,
    *,
    body: str | None = None,
    note_date: date | None = None,
    kind: Kind | None = None,
    subjects: Sequence[int] | None = None,
) -> None:
    """Autosave a draft: change the given parts only. Refused once the note is signed."""
    session.require_practitioner("edit notes")
    row = _require_draft(session, note_id)
    changes: dict[str, object] = {}
    if body is not None:
        changes["body"] = _check_body(body)
    if note_date is not None:
        changes["note_date"] = iso(_check_date(note_date))
    if kind is not None:
        _check_kind(kind)
        changes["kind"] = kind
    pairs = None
    filed_under: int | None = row[2]
    if subjects is not None:
        pairs = _subject_participants(cases.get_case(session, int(row[1])), subjects)
        filed_under = changes["client_id"] = _record_of(row[2], pairs)
    current = {"body": row[6], "note_date": row[4], "kind": row[3], "client_id": row[2]}
    changes = {k: v for k, v in changes.items() if current[k] != v}
    if not changes and pairs is None:
        return  # an autosave timer with nothing new: no write, no audit entry
    changes["updated_at"] = now_utc()
    with session.transaction(), guarded():
        assignments = ", ".join(f"{column} = ?" for column in changes)
        session.db.execute(
            f"UPDATE notes SET {assignments} WHERE id = ? AND status = 'draft'",  # noqa: S608
            (*changes.values(), note_id),
        )
        if pairs is not None:
            session.db.execute("DELETE FROM note_subjects WHERE note_id = ?", (note_id,))
            session.db.executemany(
                "INSERT INTO note_subjects (note_id, participant_id, client_id) VALUES (?, ?, ?)",
                [(note_id, pid, cid) for pid, cid in pairs],
            )
        session.record(
            "note_draft_saved",
            filed_under,
            note=note_id,
            parts=sorted(k for k in changes if k != "updated_at")
            + (["subjects"] if pairs is not None else []),
        )


def sign_note(session: VaultSession, note_id: int) -> None:
    """Sign a draft: from now on it cannot change; corrections are addenda."""
    session.require_practitioner("sign notes")
    row = _require_draft(session, note_id)
    if not str(row[6]).strip():
        raise RecordError("An empty note cannot be signed.")
    with session.transaction(), guarded():
        session.db.execute(
            "UPDATE notes SET status = 'signed', signed_at = ?, updated_at = ? "
            "WHERE id = ? AND status = 'draft'",
            (now_utc(), now_utc(), note_id),
        )
        session.record("note_signed", row[2], note=note_id)


def add_addendum(
    session: VaultSession,
    note_id: int,
    *,
    body: str = "",
    note_date: date | None = None,
    author: str | None = None,
) -> int:
    """A draft addendum to a signed note: same case, kind and subjects; sign it in turn."""
    session.require_practitioner("write addenda")
    row = _row(session, note_id)
    if row[7] != "signed":
        raise RecordError("Only a signed note takes an addendum; edit the draft instead.")
    text = _check_body(body)
    day = _check_date(note_date or today())
    pairs = [
        (int(pid), int(cid))
        for pid, cid in session.db.execute(
            "SELECT participant_id, client_id FROM note_subjects WHERE note_id = ? "
            "ORDER BY participant_id",
            (note_id,),
        )
    ]
    return _insert(
        session,
        int(row[1]),
        int(row[2]) if row[2] is not None else pairs[0][1],
        str(row[3]),
        day,
        _author(session, author),
        text,
        pairs,
        addendum_of=note_id,
    )


def delete_draft(session: VaultSession, note_id: int) -> None:
    """Discard a draft (never a signed note)."""
    session.require_practitioner("delete notes")
    row = _require_draft(session, note_id)
    with session.transaction(), guarded():
        session.db.execute("DELETE FROM note_subjects WHERE note_id = ?", (note_id,))
        session.db.execute("DELETE FROM notes WHERE id = ? AND status = 'draft'", (note_id,))
        session.record("note_draft_deleted", row[2], note=note_id)


def open_note(session: VaultSession, note_id: int) -> Note:
    """The whole note with its subjects and addenda; the view is audited."""
    row = _row(session, note_id)
    subjects = tuple(
        int(r[0])
        for r in session.db.execute(
            "SELECT client_id FROM note_subjects WHERE note_id = ? ORDER BY participant_id",
            (note_id,),
        )
    )
    addenda = tuple(
        int(r[0])
        for r in session.db.execute(
            "SELECT id FROM notes WHERE addendum_of = ? ORDER BY id", (note_id,)
        )
    )
    session.record("note_viewed", row[2], note=note_id)
    return Note(
        id=int(row[0]),
        case_id=int(row[1]),
        client_id=row[2],
        kind=row[3],
        note_date=parse_day(row[4]) or date.min,
        author=row[5],
        body=row[6],
        status=row[7],
        signed_at=row[8],
        addendum_of=row[9],
        created_at=row[10],
        updated_at=row[11],
        subjects=subjects,
        addenda=addenda,
    )


def _group_filter(kind_group: KindGroup) -> str:
    if kind_group == "psychotherapy":
        return "n.kind = 'psychotherapy'"
    if kind_group == "progress":
        return "n.kind != 'psychotherapy'"
    raise RecordError("Notes are listed as progress notes or psychotherapy notes.")


def client_notes(
    session: VaultSession,
    client_id: int,
    *,
    kind_group: KindGroup = "progress",
    offset: int = 0,
    limit: int = 100,
) -> list[NoteSummary]:
    """One page of the notes this client is a subject of, newest first; audited."""
    where = _group_filter(kind_group)
    rows = session.db.execute(
        "SELECT n.id, n.case_id, n.kind, n.note_date, n.status, n.addendum_of, "  # noqa: S608
        f"substr(n.body, 1, {PREVIEW_CHARS}) FROM note_subjects s JOIN notes n ON n.id = s.note_id "
        f"WHERE s.client_id = ? AND {where} ORDER BY n.note_date DESC, n.id DESC LIMIT ? OFFSET ?",
        (client_id, max(0, min(int(limit), MAX_PAGE)), max(0, int(offset))),
    )
    session.record(
        "client_notes_viewed", client_id, kind_group=kind_group, offset=offset, count=len(rows)
    )
    return _summaries(session, rows)


def _summaries(session: VaultSession, rows: list[tuple[Any, ...]]) -> list[NoteSummary]:
    """List rows with whom each note is about (so a joint note and an individual one in
    the same case look different) and how many people its case has."""
    note_ids = [int(r[0]) for r in rows]
    case_ids = sorted({int(r[1]) for r in rows})
    names: dict[int, list[str]] = {n: [] for n in note_ids}
    people: dict[int, int] = {}
    if rows:
        marks = ", ".join("?" * len(note_ids))
        for note_id, name in session.db.execute(
            "SELECT s.note_id, c.name FROM note_subjects s "  # noqa: S608
            f"JOIN clients c ON c.id = s.client_id WHERE s.note_id IN ({marks}) "
            "ORDER BY s.participant_id",
            note_ids,
        ):
            names[int(note_id)].append(str(name))
        marks = ", ".join("?" * len(case_ids))
        people = {
            int(case_id): int(count)
            for case_id, count in session.db.execute(
                "SELECT case_id, count(*) FROM case_participants "  # noqa: S608
                f"WHERE case_id IN ({marks}) GROUP BY case_id",
                case_ids,
            )
        }
    return [
        NoteSummary(
            int(r[0]),
            int(r[1]),
            r[2],
            parse_day(r[3]) or date.min,
            r[4],
            r[5],
            r[6],
            subjects=tuple(names[int(r[0])]),
            case_people=people.get(int(r[1]), 1),
        )
        for r in rows
    ]


def count_client_notes(
    session: VaultSession, client_id: int, *, kind_group: KindGroup = "progress"
) -> int:
    where = _group_filter(kind_group)
    return int(
        session.db.scalar(
            "SELECT count(*) FROM note_subjects s JOIN notes n ON n.id = s.note_id "  # noqa: S608
            f"WHERE s.client_id = ? AND {where}",
            (client_id,),
        )
    )


def case_notes(
    session: VaultSession, case_id: int, *, offset: int = 0, limit: int = 100
) -> list[NoteSummary]:
    """One page of a case's notes (every kind), newest first; audited per case."""
    rows = session.db.execute(
        "SELECT id, case_id, kind, note_date, status, addendum_of, "  # noqa: S608
        f"substr(body, 1, {PREVIEW_CHARS}) FROM notes WHERE case_id = ? "
        "ORDER BY note_date DESC, id DESC LIMIT ? OFFSET ?",
        (case_id, max(0, min(int(limit), MAX_PAGE)), max(0, int(offset))),
    )
    session.record("case_notes_viewed", None, case=case_id, offset=offset, count=len(rows))
    return _summaries(session, rows)
