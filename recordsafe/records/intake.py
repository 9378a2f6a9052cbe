"""Intake: the record that the nature and limits of confidentiality were explained (1.07 e).

    record_intake(session, client_id, explained_on=date, method="in_person",
                  handout_version=CURRENT_HANDOUT_VERSION)      -> intake id
    intake_records(session, client_id)                       -> [IntakeRecord], newest first
    needs_intake(session, client_id)                         -> True when none is recorded

`notes.create_note` refuses a note for a client who `needs_intake` unless the caller
passes `allow_without_intake=True` (the UI asks first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from recordsafe.records._common import clean_text, iso, now_utc, parse_day, require_day, today
from recordsafe.records.errors import NotFound, RecordError
from recordsafe.vault import VaultSession

Method = Literal["in_person", "phone", "video", "written"]
METHODS: Final[dict[str, str]] = {
    "in_person": "In person",
    "phone": "By phone",
    "video": "By video",
    "written": "In writing",
}
# The version of the confidentiality handout template shipped in resources/templates.
CURRENT_HANDOUT_VERSION: Final = "2026-1"


@dataclass(frozen=True)
class IntakeRecord:
    id: int
    client_id: int
    explained_on: date
    method: Method
    handout_version: str
    recorded_at: str


def record_intake(
    session: VaultSession,
    client_id: int,
    *,
    explained_on: date,
    method: Method,
    handout_version: str = CURRENT_HANDOUT_VERSION,
) -> int:
    session.require_practitioner("record an intake")
    day = require_day(explained_on, "date of the explanation")
    if day > today():
        raise RecordError("The date of the explanation is in the future.")
    if method not in METHODS:
        raise RecordError("Say how the limits of confidentiality were explained.")
    version = clean_text(handout_version)
    if not version:
        raise RecordError("Say which version of the handout was given.")
    with session.transaction():
        if session.db.scalar("SELECT 1 FROM clients WHERE id = ?", (client_id,)) is None:
            raise NotFound("That client no longer exists.")
        intake_id = session.db.execute_returning_id(
            "INSERT INTO intake_records (client_id, explained_on, method, handout_version, "
            "recorded_at) VALUES (?, ?, ?, ?, ?)",
            (client_id, iso(day), method, version, now_utc()),
        )
        session.record("intake_recorded", client_id, intake=intake_id)
    return intake_id


def intake_records(session: VaultSession, client_id: int) -> list[IntakeRecord]:
    rows = session.db.execute(
        "SELECT id, client_id, explained_on, method, handout_version, recorded_at "
        "FROM intake_records WHERE client_id = ? ORDER BY explained_on DESC, id DESC",
        (client_id,),
    )
    return [
        IntakeRecord(int(r[0]), int(r[1]), parse_day(r[2]) or date.min, r[3], r[4], r[5])
        for r in rows
    ]


def needs_intake(session: VaultSession, client_id: int) -> bool:
    return (
        session.db.scalar("SELECT 1 FROM intake_records WHERE client_id = ? LIMIT 1", (client_id,))
        is None
    )
