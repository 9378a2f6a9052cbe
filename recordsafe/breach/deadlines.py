"""The clocks of the breach rule, and the reminders shown on unlock.

- Notices to the affected clients: without unreasonable delay, at the latest 60 days
  after discovery (164.404(b)).
- 500 or more affected: HHS is told at the same time (164.408(b)), and the media notice
  of 164.406 is flagged (it applies when 500 or more residents of one State or
  jurisdiction are affected: the practitioner checks).
- Fewer than 500: an entry in the yearly log to HHS, due 60 days after the end of the
  calendar year in which the breach was discovered (164.408(c)).

    clock(session, incident_id, today=date(...))  -> Clock
    reminders(session, today=date(...))           -> [Reminder]  (what is due, soonest first)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from recordsafe.breach import assessment
from recordsafe.breach.affected import count_affected
from recordsafe.breach.incidents import Incident, get_incident, list_incidents
from recordsafe.vault import VaultSession
from recordsafe.wording import day_text

NOTICE_DAYS: Final = 60
HHS_THRESHOLD: Final = 500
YEARLY_LOG_DAYS: Final = 60
URGENT_DAYS: Final = 14


def notices_due(discovered_on: date) -> date:
    return discovered_on + timedelta(days=NOTICE_DAYS)


def yearly_log_due(discovered_on: date) -> date:
    return date(discovered_on.year, 12, 31) + timedelta(days=YEARLY_LOG_DAYS)


def countdown(due: date, today: date) -> str:
    """ "12 days left", "due today", "3 days overdue"."""
    left = (due - today).days
    if left > 1:
        return f"{left} days left"
    if left == 1:
        return "1 day left"
    if left == 0:
        return "due today"
    late = -left
    return f"{late} day{'s' if late != 1 else ''} overdue"


@dataclass(frozen=True)
class Clock:
    incident_id: int
    assessed: bool
    reportable: bool
    affected: int
    notices_due: date
    notices_undelivered: int
    hhs_due: date | None  # 500 or more affected
    media_flagged: bool
    yearly_log_due: date | None  # fewer than 500 affected
    hhs_done: date | None
    media_done: date | None
    yearly_log_done: date | None


def _undelivered(session: VaultSession, incident_id: int) -> int:
    """Included clients whose notice is not delivered yet (written or not)."""
    return int(
        session.db.scalar(
            "SELECT count(*) FROM breach_affected a LEFT JOIN breach_notices n "
            "ON n.incident_id = a.incident_id AND n.client_id = a.client_id "
            "WHERE a.incident_id = ? AND a.included = 1 AND n.delivered_on IS NULL",
            (incident_id,),
        )
    )


def clock_for(session: VaultSession, incident: Incident) -> Clock:
    latest = assessment.latest(session, incident.id)
    reportable = latest is not None and latest.outcome.reportable
    count = count_affected(session, incident.id)
    large = reportable and count >= HHS_THRESHOLD
    due = notices_due(incident.discovered_on)
    return Clock(
        incident_id=incident.id,
        assessed=latest is not None,
        reportable=reportable,
        affected=count,
        notices_due=due,
        notices_undelivered=_undelivered(session, incident.id) if reportable else 0,
        hhs_due=due if large else None,
        media_flagged=large,
        yearly_log_due=yearly_log_due(incident.discovered_on) if reportable and not large else None,
        hhs_done=incident.hhs_notified_on,
        media_done=incident.media_notified_on,
        yearly_log_done=incident.yearly_logged_on,
    )


def clock(session: VaultSession, incident_id: int) -> Clock:
    return clock_for(session, get_incident(session, incident_id))


@dataclass(frozen=True)
class Reminder:
    incident_id: int
    due_on: date
    what: str
    today: date

    @property
    def urgent(self) -> bool:
        return (self.due_on - self.today).days <= URGENT_DAYS

    @property
    def step(self) -> str:
        """`what` as a sentence's start ("Enter it in the yearly log to HHS"; never "hhs",
        which str.capitalize() would write)."""
        return self.what[:1].upper() + self.what[1:]

    @property
    def line(self) -> str:
        return (
            f"Breach no. {self.incident_id}: {self.what} by {day_text(self.due_on)} "
            f"({countdown(self.due_on, self.today)})."
        )


def reminders(session: VaultSession, *, today: date) -> list[Reminder]:
    """Everything still to do on any incident, soonest first (closed ones: the yearly log)."""
    found: list[Reminder] = []
    for incident in list_incidents(session):
        c = clock_for(session, incident)
        if not incident.is_closed:
            if not c.assessed:
                found.append(Reminder(incident.id, c.notices_due, "assess the incident", today))
            elif c.reportable and (c.notices_undelivered or not c.affected):
                left = c.notices_undelivered
                what = (
                    f"notify {left} affected client{'s' if left != 1 else ''}"
                    if left
                    else "find the affected clients"
                )
                found.append(Reminder(incident.id, c.notices_due, what, today))
            if c.hhs_due and not c.hhs_done:
                found.append(Reminder(incident.id, c.hhs_due, "notify HHS", today))
            if c.media_flagged and not c.media_done:
                found.append(
                    Reminder(
                        incident.id,
                        c.notices_due,
                        "check whether a media notice is needed"
                        " (500 or more in one State) and give it",
                        today,
                    )
                )
        if c.yearly_log_due and not c.yearly_log_done:
            found.append(
                Reminder(incident.id, c.yearly_log_due, "enter it in the yearly log to HHS", today)
            )
    return sorted(found, key=lambda r: (r.due_on, r.incident_id))
