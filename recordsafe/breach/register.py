"""The breach register: every incident, its assessments, affected set, notices and dates.

    entries = register(session)                   # audited: the register was read (opened)
    entries = register(session, viewing=False)    # reloaded while open: not a new viewing
    pdf = render_register_pdf(entries, practice_name="...", printed_on=date(...))
    save_register(session, target, password=..., today=date(...))   # AES-256, atomically

Incidents and their records are never deleted (the schema refuses it), so the register
covers at least the six years of 164.530(j); each entry says until when it must be kept.
The PDF exists in memory only; it is encrypted and written by `recordsafe.outputs`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from recordsafe.breach import assessment
from recordsafe.breach._common import BreachError
from recordsafe.breach.affected import (
    AffectedClient,
    DestroyedClient,
    affected,
    destroyed_in_backup,
)
from recordsafe.breach.deadlines import Clock, clock_for, countdown
from recordsafe.breach.incidents import Incident, list_incidents
from recordsafe.disclosure._common import add_years
from recordsafe.outputs import encryption, pdf_fonts, pdf_layout
from recordsafe.outputs.pdf_layout import long_date
from recordsafe.outputs.staged import StagedRelease
from recordsafe.records import directory
from recordsafe.records._common import parse_day
from recordsafe.vault import VaultSession
from recordsafe.wording import day_text

TITLE: Final = "Breach register"
# Windows write a day as everywhere on screen ("06 Dec 2026"); the PDF as documents do.
DayText = Callable[[date], str]
KEEP_YEARS: Final = 6
# A destroyed record leaves no address and nothing to write a letter from (45 CFR
# 164.404(d)(2): substitute notice where contact details are out of date or missing).
NO_RECORD_NOTICE: Final = (
    "needs an address; no record is left to write from: notify them outside RecordSafe "
    "(substitute notice, 164.404(d)(2))"
)


@dataclass(frozen=True)
class NoticeRow:
    client_id: int
    client_name: str
    addressee_name: str
    letter_id: int
    sent_on: date | None
    delivered_how: str | None
    delivered_on: date | None

    @property
    def status(self) -> str:
        return self.status_text(day_text)

    def status_text(self, day: DayText) -> str:
        if self.delivered_on is not None:
            return f"delivered ({self.delivered_how}) on {day(self.delivered_on)}"
        if self.sent_on is not None:
            return f"saved or printed on {day(self.sent_on)}, delivery not recorded"
        return "written, not yet saved or printed"


@dataclass(frozen=True)
class RegisterEntry:
    incident: Incident
    assessments: list[assessment.Assessment]
    affected: list[AffectedClient]  # removed ones too, with their reason
    notices: list[NoticeRow]
    clock: Clock
    # A lost backup's records destroyed since it was made: affected, no letter possible.
    destroyed: list[DestroyedClient] = field(default_factory=list)

    @property
    def latest(self) -> assessment.Assessment | None:
        return self.assessments[-1] if self.assessments else None

    @property
    def keep_until(self) -> date:
        last = self.incident.closed_on or self.incident.discovered_on
        return add_years(last, KEEP_YEARS)

    @property
    def status(self) -> str:
        return self.status_text(day_text)

    def status_text(self, day: DayText) -> str:
        if self.incident.closed_on:
            return f"Closed on {day(self.incident.closed_on)}"
        if self.latest is None:
            return "Open: not assessed yet"
        return "Open"


def notices_of(session: VaultSession, incident_id: int) -> list[NoticeRow]:
    rows = session.db.execute(
        "SELECT client_id, addressee_name, letter_id, sent_on, delivered_how, delivered_on "
        "FROM breach_notices WHERE incident_id = ?",
        (incident_id,),
    )
    return [
        NoticeRow(
            person.id,
            person.name,
            str(r[1]),
            int(r[2]),
            parse_day(r[3]),
            None if r[4] is None else str(r[4]),
            parse_day(r[5]),
        )
        for person, r in directory.joined(session, rows)
    ]


def entry(session: VaultSession, incident: Incident) -> RegisterEntry:
    return RegisterEntry(
        incident,
        assessment.history(session, incident.id),
        affected(session, incident.id, with_removed=True),
        notices_of(session, incident.id),
        clock_for(session, incident),
        destroyed_in_backup(session, incident.id),
    )


def register(session: VaultSession, *, viewing: bool = True) -> list[RegisterEntry]:
    """Every incident, newest discovery first; reading it is audited (it names clients).
    viewing=False reloads a register already open (after its own changes): one opening is
    one "viewed" entry, not one per reload."""
    entries = [entry(session, i) for i in list_incidents(session)]
    if viewing:
        session.record("breach_register_viewed", None, incidents=len(entries))
    return entries


# --- the printable register ----------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    chosen = pdf_fonts.fonts()
    house = pdf_fonts.house_styles(chosen, subtitle_after=12, heading_before=16)
    base = house["body"]
    return {
        **house,
        "cell": ParagraphStyle("cell", base, fontSize=9.5, leading=12.5),
        "small": ParagraphStyle("small", base, fontSize=9, leading=12, textColor=pdf_fonts.MUTED),
    }


def _p(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


def _deadlines(e: RegisterEntry, printed_on: date, day: DayText) -> str:
    c, i = e.clock, e.incident
    due = f"Notices to clients by {day(c.notices_due)}"
    if c.notices_undelivered and not i.closed_on:
        due += f" ({countdown(c.notices_due, printed_on)})"
    lines = [due]
    if c.hhs_due:
        lines.append(
            f"HHS by {day(c.hhs_due)}: "
            + (f"done {day(c.hhs_done)}" if c.hhs_done else "not recorded yet")
        )
        lines.append(
            "Media notice (500 or more in one State): "
            + (f"done {day(c.media_done)}" if c.media_done else "not recorded")
        )
    if c.yearly_log_due:
        lines.append(
            f"Yearly log to HHS by {day(c.yearly_log_due)}: "
            + (f"done {day(c.yearly_log_done)}" if c.yearly_log_done else "not yet")
        )
    return "\n".join(lines)


def describe(
    e: RegisterEntry, printed_on: date, *, day: DayText = day_text
) -> list[tuple[str, str]]:
    """The entry's rows (label, text), for the register window and, with `day=long_date`,
    its PDF."""
    i = e.incident
    exposed = i.exposed_label
    if i.exposed_batch:
        exposed += f" \u2014 a batch of {len(i.exposed_batch)} releases"
    elif i.exposed_disclosure_id is not None:
        exposed += f" \u2014 release no. {i.exposed_disclosure_id}"
    if i.exposed_detail:
        exposed += f" \u2014 {i.exposed_detail}"
    rows = [
        ("What happened", i.what_happened),
        ("Happened on", day(i.occurred_on)),
        ("Discovered on", day(i.discovered_on)),
        ("Found by", i.found_by),
        ("What was exposed", exposed),
        ("Received or taken by", i.received_by or "Not known"),
    ]
    latest = e.latest
    if latest is None:
        rows.append(("Assessment", "Not assessed yet."))
    # Every signed assessment stays, newest first: a superseded one keeps its reasoning.
    newer: assessment.Assessment | None = None
    for a in reversed(e.assessments):
        signed = f"Signed by {a.signer} on {day(a.signed_on)}"
        if newer is None:
            rows.append(("Assessment", f"{a.outcome.headline}\n{signed}."))
            rows.append(("Reasoning", a.outcome.reasoning))
        else:
            rows.append(
                (
                    "Earlier assessment",
                    f"Superseded on {day(newer.signed_on)} by the one above. "
                    f"{a.outcome.headline}\n{signed}.",
                )
            )
            rows.append(("Its reasoning", a.outcome.reasoning))
        newer = a
    included = [a for a in e.affected if a.included]
    removed = [a for a in e.affected if not a.included]
    people = "\n".join(
        [f"{a.name} \u2014 {a.why}" for a in included]
        + [f"{d.name} \u2014 {d.why}" for d in e.destroyed]
    )
    count = len(included) + len(e.destroyed)
    if not count and latest is not None and not latest.outcome.reportable:
        people = "None: not a reportable breach, so no notice is needed."
    elif not count:
        people = f"None: {i.no_affected_reason}" if i.no_affected_reason else "None recorded yet."
    rows.append((f"Affected clients ({count})", people))
    if removed:
        rows.append(("Reviewed and removed", "\n".join(f"{a.name}: {a.reason}" for a in removed)))
    reportable = latest is not None and latest.outcome.reportable
    if e.notices or (e.destroyed and reportable):
        rows.append(
            (
                "Notices",
                "\n".join(
                    [
                        f"{n.client_name}"
                        + (f" (to {n.addressee_name})" if n.addressee_name != n.client_name else "")
                        + f": {n.status_text(day)}"
                        for n in e.notices
                    ]
                    + [f"{d.name}: {NO_RECORD_NOTICE}" for d in e.destroyed if reportable]
                ),
            )
        )
    if e.clock.reportable:
        rows.append(("Deadlines", _deadlines(e, printed_on, day)))
    rows.append(("Status", e.status_text(day)))
    rows.append(("Keep until", day(e.keep_until)))
    return rows


def _table(rows: list[tuple[str, str]], style: dict[str, ParagraphStyle]) -> Table:
    # One table row per line: a row never splits across pages, and a stolen laptop's
    # incident lists every client (one line each).
    cells: list[list[Any]] = []
    group_ends: list[int] = []
    for label, value in rows:
        for number, line in enumerate(value.split("\n") or [""]):
            cells.append(
                [_p(label if number == 0 else "", style["label"]), _p(line, style["cell"])]
            )
        group_ends.append(len(cells) - 1)
    table = Table(cells, colWidths=[1.85 * inch, None])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                *(("BOTTOMPADDING", (0, end), (-1, end), 5) for end in group_ends),
                *(
                    ("LINEBELOW", (0, end), (-1, end), 0.4, pdf_fonts.PANEL)
                    for end in group_ends[:-1]
                ),
            ]
        )
    )
    return table


def render_register_pdf(
    entries: list[RegisterEntry], *, practice_name: str, printed_on: date
) -> bytes:
    """The register as PDF bytes, in memory only (encrypt before writing)."""
    style = _styles()
    buffer = io.BytesIO()
    doc = pdf_layout.new_document(buffer, title=TITLE, bottom=0.8 * inch)
    story: list[Any] = [
        Paragraph(TITLE, style["title"]),
        _p(
            f"{practice_name} \u2014 printed on {long_date(printed_on)}. Confidential: it names "
            "clients. Kept at least six years (45 CFR 164.530(j)).",
            style["subtitle"],
        ),
    ]
    if not entries:
        story.append(_p("No incident has been recorded.", style["body"]))
    for e in entries:
        story += [
            CondPageBreak(2 * inch),
            _p(
                f"Incident no. {e.incident.id} \u2014 discovered "
                f"{long_date(e.incident.discovered_on)}",
                style["heading"],
            ),
            _table(describe(e, printed_on, day=long_date), style),
            Spacer(1, 6),
        ]
    doc.build(story)
    return buffer.getvalue()


def save_register(
    session: VaultSession, target: Path, *, password: str, practice_name: str, today: date
) -> None:
    """The register as an AES-256 encrypted PDF at `target`, written once, atomically."""
    if not password:
        raise BreachError("The register needs a password to encrypt it.")
    entries = [entry(session, i) for i in list_incidents(session)]
    data = encryption.encrypt_pdf(
        render_register_pdf(entries, practice_name=practice_name, printed_on=today), password
    )
    # Named only once the audit entry has committed (no file without its record).
    staged = StagedRelease(target, data, session)
    with session.transaction():
        session.record("breach_register_printed", None, incidents=len(entries))
        staged.write()
