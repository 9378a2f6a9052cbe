"""Cases: individual, couple, family or group work, with participants and roles.

A couple, family or group case carries a confidentiality agreement (NASW 1.07 f-g): the
policy for what is shared between participants, its text, and the date *each*
participant agreed. Until every participant has agreed, `agreement_needed(case)` is
True and `notes.create_note` refuses notes on the case.

    case_id = create_case(session, "couple", "Smith couple work",
                          participants=[(mr_id, "partner"), (mrs_id, "partner")])
    record_agreement(session, case_id, policy="limited_secrets", text="...",
                     agreed_on={mr_id: date(...), mrs_id: date(...)})
    case = get_case(session, case_id)         -> Case (participants included)
    agreement_needed(case)                    -> bool
    client_cases(session, client_id)          -> [Case]
    add_participant(session, case_id, client_id, role="child")   (agreement: pending again)
    close_case(session, case_id, on=date)

Participants are clients; a participant's id (`Participant.id`) is what note subjects
point at, but the API takes client ids everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from recordsafe.records._common import (
    clean_text,
    iso,
    now_utc,
    parse_day,
    placeholders,
    require_day,
    today,
)
from recordsafe.records.errors import NotFound, RecordError
from recordsafe.vault import VaultSession

Kind = Literal["individual", "couple", "family", "group"]
KINDS: Final = ("individual", "couple", "family", "group")
JOINT_KINDS: Final = ("couple", "family", "group")
Policy = Literal["no_secrets", "limited_secrets", "individual_private", "other"]
POLICIES: Final[dict[str, str]] = {
    "no_secrets": "No secrets: what one participant tells the practitioner may be shared "
    "with the others.",
    "limited_secrets": "Limited secrets: the practitioner decides, case by case, whether "
    "something told privately must be shared.",
    "individual_private": "Individual sessions stay private to the participant seen.",
    "other": "Another policy, described in the agreement's text.",
}


def policy_parts(policy: str | None) -> tuple[str, str]:
    """(short name, explanation) of a policy: 'No secrets', 'what one participant tells…'.
    The explanation is empty when the name says it all, so no screen shows it twice."""
    name, _, explanation = POLICIES.get(policy or "", "").partition(":")
    return name.rstrip("."), explanation.strip()


MAX_TITLE_CHARS: Final = 200
MAX_AGREEMENT_CHARS: Final = 20_000


@dataclass(frozen=True)
class Participant:
    id: int
    client_id: int
    name: str
    role: str
    agreed_on: date | None


@dataclass(frozen=True)
class Case:
    id: int
    kind: Kind
    title: str
    agreement_policy: Policy | None
    agreement_text: str | None
    agreement_status: Literal["not_needed", "pending", "agreed"]
    opened_on: date
    closed_on: date | None
    participants: tuple[Participant, ...]

    @property
    def is_joint(self) -> bool:
        return self.kind in JOINT_KINDS

    def participant_for(self, client_id: int) -> Participant | None:
        return next((p for p in self.participants if p.client_id == client_id), None)


def agreement_needed(case: Case) -> bool:
    """True for a joint case until a policy is set and every participant has agreed."""
    if not case.is_joint:
        return False
    return case.agreement_policy is None or any(p.agreed_on is None for p in case.participants)


def _status_for(case: Case) -> str:
    return "not_needed" if not case.is_joint else "pending" if agreement_needed(case) else "agreed"


def _normalise_participants(
    participants: Sequence[int | tuple[int, str]],
) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for item in participants:
        client_id, role = (item, "") if isinstance(item, int) else item
        out.append((int(client_id), clean_text(role) or ""))
    if len({c for c, _ in out}) != len(out):
        raise RecordError("A client is listed twice among the participants.")
    return out


def _check_count(kind: str, count: int) -> None:
    if kind == "individual" and count != 1:
        raise RecordError("An individual case has exactly one participant.")
    if kind == "couple" and count != 2:
        raise RecordError("A couple case has exactly two participants.")
    if kind in ("family", "group") and count < 2:
        raise RecordError(f"A {kind} case needs at least two participants.")


def _check_clients(session: VaultSession, client_ids: Sequence[int]) -> None:
    found = session.db.scalar(
        f"SELECT count(*) FROM clients WHERE id IN ({placeholders(len(client_ids))})",  # noqa: S608
        tuple(client_ids),
    )
    if int(found) != len(set(client_ids)):
        raise NotFound("One of the participants is not a client of this practice.")


def create_case(
    session: VaultSession,
    kind: Kind,
    title: str,
    participants: Sequence[int | tuple[int, str]],
    *,
    opened_on: date | None = None,
) -> int:
    """A new case; `participants` are client ids, or (client id, role) pairs."""
    session.require_practitioner("open cases")
    if kind not in KINDS:
        raise RecordError("A case is individual, couple, family or group work.")
    clean_title = clean_text(title)
    if not clean_title:
        raise RecordError("The case needs a title.")
    if len(clean_title) > MAX_TITLE_CHARS:
        raise RecordError(f"The case title is longer than {MAX_TITLE_CHARS} characters.")
    people = _normalise_participants(participants)
    _check_count(kind, len(people))
    opened = require_day(opened_on or today(), "opening date")
    stamp = now_utc()
    with session.transaction():
        _check_clients(session, [c for c, _ in people])
        case_id = session.db.execute_returning_id(
            "INSERT INTO cases (kind, title, agreement_status, opened_on, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                kind,
                clean_title,
                "pending" if kind in JOINT_KINDS else "not_needed",
                iso(opened),
                stamp,
                stamp,
            ),
        )
        session.db.executemany(
            "INSERT INTO case_participants (case_id, client_id, role, added_at) "
            "VALUES (?, ?, ?, ?)",
            [(case_id, client_id, role, stamp) for client_id, role in people],
        )
        for client_id, _ in people:
            session.record("case_opened", client_id, case=case_id, kind=kind)
    return case_id


def add_participant(session: VaultSession, case_id: int, client_id: int, role: str = "") -> int:
    """Add a client to a family or group case; the agreement needs their date too."""
    session.require_practitioner("change a case's participants")
    case = get_case(session, case_id)
    if case.kind not in ("family", "group"):
        raise RecordError("Only family and group cases take more participants.")
    if case.participant_for(client_id) is not None:
        raise RecordError("This client already takes part in the case.")
    with session.transaction():
        _check_clients(session, [client_id])
        participant_id = session.db.execute_returning_id(
            "INSERT INTO case_participants (case_id, client_id, role, added_at) "
            "VALUES (?, ?, ?, ?)",
            (case_id, client_id, clean_text(role) or "", now_utc()),
        )
        _refresh_status(session, case_id)
        session.record("case_participant_added", client_id, case=case_id)
    return participant_id


def record_agreement(
    session: VaultSession,
    case_id: int,
    *,
    policy: Policy,
    text: str,
    agreed_on: Mapping[int, date],
) -> None:
    """Set the agreement's policy and text, and the date each given participant agreed.

    Participants not in `agreed_on` keep their earlier date (or none yet).
    """
    session.require_practitioner("record a confidentiality agreement")
    case = get_case(session, case_id)
    if not case.is_joint:
        raise RecordError(
            "An individual case has no confidentiality agreement between participants."
        )
    if policy not in POLICIES:
        raise RecordError("Choose the agreement's policy on what is shared.")
    body = clean_text(text)
    if not body:
        raise RecordError("The agreement's text is empty.")
    if len(body) > MAX_AGREEMENT_CHARS:
        raise RecordError("The agreement's text is too long.")
    dates: dict[int, date] = {}
    for client_id, given in agreed_on.items():
        if case.participant_for(client_id) is None:
            raise RecordError("Someone who agreed is not a participant of the case.")
        day = require_day(given, "date of agreement")
        if day > today():
            raise RecordError("A date of agreement is in the future.")
        dates[client_id] = day
    with session.transaction():
        session.db.execute(
            "UPDATE cases SET agreement_policy = ?, agreement_text = ?, updated_at = ? "
            "WHERE id = ?",
            (policy, body, now_utc(), case_id),
        )
        session.db.executemany(
            "UPDATE case_participants SET agreed_on = ? WHERE case_id = ? AND client_id = ?",
            [(iso(day), case_id, client_id) for client_id, day in dates.items()],
        )
        _refresh_status(session, case_id)
        session.record(
            "case_agreement_recorded", None, case=case_id, participants=sorted(dates), policy=policy
        )


def close_case(session: VaultSession, case_id: int, *, on: date | None = None) -> None:
    session.require_practitioner("close cases")
    day = require_day(on or today(), "closing date")
    with session.transaction():
        if session.db.scalar("SELECT 1 FROM cases WHERE id = ?", (case_id,)) is None:
            raise NotFound("That case no longer exists.")
        session.db.execute(
            "UPDATE cases SET closed_on = ?, updated_at = ? WHERE id = ?",
            (iso(day), now_utc(), case_id),
        )
        session.record("case_closed", None, case=case_id)


def _refresh_status(session: VaultSession, case_id: int) -> None:
    session.db.execute(
        "UPDATE cases SET agreement_status = ? WHERE id = ?",
        (_status_for(get_case(session, case_id)), case_id),
    )


def _participants(session: VaultSession, case_ids: Sequence[int]) -> dict[int, list[Participant]]:
    found: dict[int, list[Participant]] = {case_id: [] for case_id in case_ids}
    if not case_ids:
        return found
    rows = session.db.execute(
        "SELECT p.case_id, p.id, p.client_id, c.name, p.role, p.agreed_on "  # noqa: S608
        "FROM case_participants p JOIN clients c ON c.id = p.client_id "
        f"WHERE p.case_id IN ({placeholders(len(case_ids))}) ORDER BY p.case_id, p.id",
        tuple(case_ids),
    )
    for case_id, pid, client_id, name, role, agreed in rows:
        found[int(case_id)].append(
            Participant(int(pid), int(client_id), name, role, parse_day(agreed))
        )
    return found


_CASE_COLUMNS = (
    "id, kind, title, agreement_policy, agreement_text, agreement_status, opened_on, closed_on"
)


def _cases(session: VaultSession, rows: list[tuple[object, ...]]) -> list[Case]:
    people = _participants(session, [int(str(r[0])) for r in rows])
    return [
        Case(
            id=int(str(r[0])),
            kind=r[1],  # type: ignore[arg-type]
            title=str(r[2]),
            agreement_policy=r[3],  # type: ignore[arg-type]
            agreement_text=r[4],  # type: ignore[arg-type]
            agreement_status=r[5],  # type: ignore[arg-type]
            opened_on=parse_day(r[6]) or date.min,
            closed_on=parse_day(r[7]),
            participants=tuple(people[int(str(r[0]))]),
        )
        for r in rows
    ]


def get_case(session: VaultSession, case_id: int) -> Case:
    rows = session.db.execute(
        f"SELECT {_CASE_COLUMNS} FROM cases WHERE id = ?",  # noqa: S608 (fixed columns)
        (case_id,),
    )
    if not rows:
        raise NotFound("That case no longer exists.")
    return _cases(session, rows)[0]


def client_cases(session: VaultSession, client_id: int) -> list[Case]:
    """Every case the client takes part in, newest first."""
    rows = session.db.execute(
        f"SELECT {_CASE_COLUMNS} FROM cases WHERE id IN "  # noqa: S608 (fixed columns)
        "(SELECT case_id FROM case_participants WHERE client_id = ?) "
        "ORDER BY opened_on DESC, id DESC",
        (client_id,),
    )
    return _cases(session, rows)
