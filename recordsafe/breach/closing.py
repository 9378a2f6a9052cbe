"""Closing an incident: only when nothing required is left to do.

    what_remains(session, incident_id)   -> [Remaining]   (for the screen: may name clients)
    close_incident(session, incident_id, on=date(...), today=date(...))

Closing is refused while the incident is unassessed, while a reportable incident has an
empty affected set with no recorded reason, a notice unwritten or undelivered, or (500
or more affected) the HHS notice unrecorded. The refusal says what remains, in counts (an
exception's message never names a client); `what_remains` gives the names for the screen.
A closed incident stays in the register (six years at least; never deleted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recordsafe.breach._common import BreachError, day
from recordsafe.breach.deadlines import clock_for
from recordsafe.breach.incidents import get_incident
from recordsafe.records import directory
from recordsafe.records._common import iso
from recordsafe.vault import VaultSession


@dataclass(frozen=True)
class Remaining:
    kind: str  # "assess", "affected", "write", "deliver", "hhs"
    text: str  # for the screen; may name a client
    client_id: int | None = None


def what_remains(session: VaultSession, incident_id: int) -> list[Remaining]:
    incident = get_incident(session, incident_id)
    c = clock_for(session, incident)
    if not c.assessed:
        return [Remaining("assess", "Assess the incident.")]
    if not c.reportable:
        return []
    out: list[Remaining] = []
    if not c.affected and not incident.no_affected_reason:
        out.append(
            Remaining("affected", "Find the affected clients, or record why none is affected.")
        )
    rows = session.db.execute(
        "SELECT a.client_id, n.letter_id FROM breach_affected a LEFT JOIN breach_notices n "
        "ON n.incident_id = a.incident_id AND n.client_id = a.client_id "
        "WHERE a.incident_id = ? AND a.included = 1 AND n.delivered_on IS NULL",
        (incident_id,),
    )
    for person, (client_id, letter_id) in directory.joined(session, rows):
        name = person.name
        if letter_id is None:
            out.append(Remaining("write", f"Write the notice to {name}.", int(client_id)))
        else:
            out.append(
                Remaining(
                    "deliver", f"Record how the notice to {name} was delivered.", int(client_id)
                )
            )
    if c.hhs_due and not c.hhs_done:
        out.append(Remaining("hhs", "Record the notice to HHS (500 or more clients affected)."))
    return out


def _summary(remaining: list[Remaining]) -> str:
    counts = {kind: sum(r.kind == kind for r in remaining) for kind in ("write", "deliver")}
    parts: list[str] = []
    for r in remaining:
        if r.kind in ("assess", "affected", "hhs"):
            parts.append(r.text.rstrip("."))
    if counts["write"]:
        n = counts["write"]
        parts.append(f"{n} notice{'s are' if n != 1 else ' is'} not written yet")
    if counts["deliver"]:
        n = counts["deliver"]
        parts.append(f"{n} notice{'s are' if n != 1 else ' is'} not delivered yet")
    return "; ".join(parts)


def close_incident(session: VaultSession, incident_id: int, *, on: date, today: date) -> None:
    incident = get_incident(session, incident_id)
    if incident.is_closed:
        raise BreachError("This incident is already closed.")
    when = day(on, "closing date")
    if when > today:
        raise BreachError("The closing date is in the future.")
    if when < incident.discovered_on:
        raise BreachError("The closing date is before the incident was discovered.")
    remaining = what_remains(session, incident_id)
    if remaining:
        raise BreachError(f"This incident cannot be closed yet: {_summary(remaining)}.")
    with session.transaction():
        session.db.execute(
            "UPDATE breach_incidents SET closed_on = ? WHERE id = ?", (iso(when), incident_id)
        )
        session.record("breach_closed", None, incident=incident_id)
