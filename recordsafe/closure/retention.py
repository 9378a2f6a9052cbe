"""Retention: the practice's rule, each client's destroy-after date, and what is due.

    set_rule(session, RetentionRule(years=7, minor_years=3, majority_age=18), today=...)
    rule = get_rule(session)                           # None until the practice sets one
    schedule(session, today=...) -> [ClientRetention]  # every client with a record
    due(session, today=...)      -> [ClientRetention]  # destroy-after reached

A record is kept `years` after the last contact; a client who was a minor at the last
contact is also kept until `majority_age + minor_years` (the later date wins). The last
contact is the latest of: a note the client is a subject of, the intake, the client's
closing date (the record's creation when none of these exists). A rule that would make
a recently seen client due already is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from recordsafe.closure.errors import ClosureError
from recordsafe.disclosure._common import add_years
from recordsafe.records import directory
from recordsafe.vault import VaultSession

YEARS_KEY: Final = "retention.years"
MINOR_YEARS_KEY: Final = "retention.minor_years"
MAJORITY_KEY: Final = "retention.majority_age"
JURISDICTION_KEY: Final = "retention.jurisdiction"
MIN_YEARS: Final = 1
MAX_YEARS: Final = 100
RECENT_DAYS: Final = 365


@dataclass(frozen=True)
class RetentionRule:
    years: int
    minor_years: int = 0
    majority_age: int = 18
    jurisdiction: str = ""

    def words(self) -> str:
        text = f"{self.years} years after the last contact"
        text += (
            f"; minors until age {self.majority_age}"
            + (f" plus {self.minor_years} years" if self.minor_years else "")
            + ", if later"
        )
        if self.jurisdiction:
            text += f" ({self.jurisdiction})"
        return text


@dataclass(frozen=True)
class ClientRetention:
    client_id: int
    name: str
    status: str
    dob: date | None
    last_contact: date
    destroy_after: date
    minor_rule: bool  # the minors' rule gave the later date

    def is_due(self, today: date) -> bool:
        return self.destroy_after <= today


def get_rule(session: VaultSession) -> RetentionRule | None:
    years = session.get_setting(YEARS_KEY)
    if not years:
        return None
    return RetentionRule(
        years=int(years),
        minor_years=int(session.get_setting(MINOR_YEARS_KEY, "0") or 0),
        majority_age=int(session.get_setting(MAJORITY_KEY, "18") or 18),
        jurisdiction=session.get_setting(JURISDICTION_KEY, "") or "",
    )


def check_rule(rule: RetentionRule) -> None:
    if not MIN_YEARS <= rule.years <= MAX_YEARS:
        raise ClosureError(
            f"Keep records between {MIN_YEARS} and {MAX_YEARS} years after the last contact: "
            "a shorter rule would make records due for destruction as soon as they are written."
        )
    if not 0 <= rule.minor_years <= MAX_YEARS:
        raise ClosureError(f"The years after majority must be between 0 and {MAX_YEARS}.")
    if not 16 <= rule.majority_age <= 21:
        raise ClosureError("The age of majority must be between 16 and 21.")
    if len(rule.jurisdiction) > 200:
        raise ClosureError("The jurisdiction is longer than 200 characters.")


def refuse_rule(session: VaultSession, rule: RetentionRule, *, today: date) -> None:
    """ClosureError when the rule is out of range or would make a client seen within the
    past year due already."""
    if not 0 <= rule.years <= MAX_YEARS:
        check_rule(rule)
    recent_due = [
        r
        for r in _compute(session, rule)
        if r.is_due(today) and (today - r.last_contact).days <= RECENT_DAYS
    ]
    if recent_due:
        count = len(recent_due)
        raise ClosureError(
            f"This rule would make the records of {count} client{'s' if count != 1 else ''} "
            "seen within the past year due for destruction already. Check the number of "
            "years, or the clients' dates."
        )
    check_rule(rule)


def due_under(session: VaultSession, rule: RetentionRule, *, today: date) -> int:
    """How many records `rule` would make due today (refused first as `set_rule` would)."""
    refuse_rule(session, rule, today=today)
    return sum(r.is_due(today) for r in _compute(session, rule))


def set_rule(session: VaultSession, rule: RetentionRule, *, today: date) -> None:
    """Save the practice's rule (practitioner or custodian); refused when it would make a
    client seen within the past year due already."""
    refuse_rule(session, rule, today=today)
    with session.transaction():
        session.set_setting(YEARS_KEY, str(rule.years))
        session.set_setting(MINOR_YEARS_KEY, str(rule.minor_years))
        session.set_setting(MAJORITY_KEY, str(rule.majority_age))
        session.set_setting(JURISDICTION_KEY, rule.jurisdiction.strip())
        session.record("retention_rule_set", years=rule.years, minor_years=rule.minor_years)


def _destroyed(session: VaultSession) -> set[int]:
    """Clients already destroyed: they keep a tombstone row only when other kept records
    point at it, and have no retention left to compute."""
    return {int(r[0]) for r in session.db.execute("SELECT client_ref FROM destruction_log")}


# "Kept until" when no rule exists yet: never due.
NO_RULE: Final = date.max


def _compute(
    session: VaultSession, rule: RetentionRule | None, client_id: int | None = None
) -> list[ClientRetention]:
    destroyed = _destroyed(session)
    out: list[ClientRetention] = []
    for facts in directory.contact_dates(session, client_id):
        if facts.client_id in destroyed:
            continue
        cid, name, status, dob = facts.client_id, facts.name, facts.status, facts.dob
        days = [d for d in (facts.closed_on, facts.last_note_on, facts.last_intake_on) if d]
        # The record's creation counts only when nothing else dates it (an imported
        # record is created long after the last session).
        last = max(days, default=facts.created_on or date.min)
        minor = False
        if rule is None:
            out.append(ClientRetention(int(cid), str(name), str(status), dob, last, NO_RULE, minor))
            continue
        after = add_years(last, rule.years)
        if dob is not None and add_years(dob, rule.majority_age) > last:
            majority_plus = add_years(dob, rule.majority_age + rule.minor_years)
            if majority_plus > after:
                after, minor = majority_plus, True
        out.append(ClientRetention(int(cid), str(name), str(status), dob, last, after, minor))
    return out


def schedule(session: VaultSession, *, today: date) -> list[ClientRetention]:
    """Every client's destroy-after date under the practice's rule. Without a rule every
    client is listed all the same, kept with no date (`NO_RULE`): a legal hold is about a
    client, and can be placed before any rule exists."""
    del today
    return _compute(session, get_rule(session))


def for_client(session: VaultSession, client_id: int) -> ClientRetention | None:
    rule = get_rule(session)
    if rule is None:
        return None
    found = _compute(session, rule, client_id)
    return found[0] if found else None


def due(session: VaultSession, *, today: date) -> list[ClientRetention]:
    """Records whose destroy-after date has come, the oldest first."""
    return sorted(
        (r for r in schedule(session, today=today) if r.is_due(today)),
        key=lambda r: (r.destroy_after, r.client_id),
    )
