"""The closure plan: why and when the practice closes, and a notice to every active client.

    plan_id = create_plan(session, PlanForm(reason="retirement", effective_on=date(...),
                          keeper_name="Dr Rosa Vega", keeper_contact="...",
                          referrals="..."), today=date(...))
    prepare_notices(session, plan_id, today=...)  -> [letter ids]  (one per active client)
    notices(session, plan_id)                     -> [Notice]      (written, sent, delivered)
    letters.send_letter / letters.print_letter    (through the gate, purpose "notice")
    mark_delivered(session, letter_id, how="post", on=date(...))  (by post: with an address)
    produce_notice(session, letter_id, folder=Path(...), today=...)  -> the encrypted PDF;
                                                  its password is kept in the vault
    notice_password(session, letter_id)           -> the password, shown on purpose (audited)
    password_letter(session, letter_id, today=...) -> a letter giving that password, to post

The practitioner or the custodian may run it; every step is audited as `session.actor`.
Notices are letters (`recordsafe.disclosure.letters`) from the template
`resources/letters/closure-notice.md`; they leave the vault only through the gate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final, Literal

from recordsafe.closure import custodian, retention
from recordsafe.closure.errors import ClosureError
from recordsafe.disclosure import letters
from recordsafe.disclosure._common import add_years
from recordsafe.disclosure.practice_info import practice_info
from recordsafe.outputs import encryption
from recordsafe.outputs.pdf_layout import long_date
from recordsafe.records import directory
from recordsafe.records._common import clean_text, iso, now_utc, parse_day
from recordsafe.vault import VaultSession
from recordsafe.wording import day_text

Reason = Literal["retirement", "relocation", "incapacity", "death"]
REASONS: Final[dict[str, str]] = {
    "retirement": "Retirement",
    "relocation": "Relocation (a move)",
    "incapacity": "Illness or incapacity",
    "death": "Death of the practitioner",
}
# The reasons that have a day of their own, asked for and told in the notices.
REASON_DAYS: Final[dict[str, str]] = {
    "death": "the date of death",
    "incapacity": "the date the illness or incapacity began",
}
NOTICE_KIND: Final = "closure_notice"
NOTICE_TEMPLATE: Final = "closure-notice"
UNLOCK_LETTER_KIND: Final = "closure_notice_password"
UNLOCK_LETTER_TEMPLATE: Final = "closure-notice-password"
MAX_TEXT: Final = 4000
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.\w+")
# The notice asks clients to write: a telephone number alone is not enough.
WRITE_TO: Final = (
    "Give a postal or e-mail address where clients can write to the keeper of the records "
    "(the notice asks them to write); a telephone number can go beside it."
)


def reason_sentence(
    reason: str, practitioner: str, *, custodian: str | None = None, on: date | None = None
) -> str:
    """The notice's opening, in the first person of whoever sends it: the practitioner
    ("I am retiring"), or the records custodian writing about the practitioner. `on` is
    the date of death, or the day an illness or incapacity began."""
    # Mid-sentence, a name without its licence letters: "Dr Mara Quill has died", not
    # "Dr Mara Quill, LCSW has died" (the letters stay in a signature).
    who = practitioner.split(",", maxsplit=1)[0].strip() or "your therapist"
    since = f" since {long_date(on)}" if on else ""
    if custodian is None and reason != "death":
        return {
            "retirement": "I am writing to let you know that I am retiring.",
            "relocation": "I am writing to let you know that I am moving away.",
            "incapacity": "I am sorry to tell you that, because of illness, I have not been "
            f"able to practise{since}."
            if on
            else "I am sorry to tell you that, because of illness, I can no longer practise.",
        }[reason]
    intro = f"I am {custodian}, the records custodian of this practice. " if custodian else ""
    return (
        intro
        + {
            "retirement": f"I am writing to let you know that {who} is retiring.",
            "relocation": f"I am writing to let you know that {who} is moving away.",
            "incapacity": f"I am sorry to tell you that, because of illness, {who} has not "
            f"been able to practise{since}."
            if on
            else f"I am sorry to tell you that {who} can no longer practise, because of illness.",
            "death": f"I am very sorry to tell you that {who} died on {long_date(on)}."
            if on
            else f"I am very sorry to tell you that {who} has died.",
        }[reason]
    )


@dataclass(frozen=True)
class PlanForm:
    reason: Reason
    effective_on: date
    keeper_name: str
    keeper_contact: str
    referrals: str
    reason_on: date | None = None  # the date of death, or the day incapacity began


@dataclass(frozen=True)
class Plan:
    id: int
    reason: Reason
    effective_on: date
    keeper_name: str
    keeper_contact: str
    referrals: str
    created_by: str
    created_at: str
    reason_on: date | None = None  # the date of death, or the day incapacity began


@dataclass(frozen=True)
class Notice:
    client_id: int
    client_name: str
    letter_id: int
    addressee_address: str | None
    sent: bool
    delivered_how: str | None
    delivered_on: date | None
    file_name: str | None = None  # the encrypted PDF saved for this notice
    has_password: bool = False  # its password is kept in the vault

    @property
    def waiting(self) -> bool:
        """Saved as a file, not yet recorded as delivered (the client lacks it or its
        password)."""
        return self.has_password and self.delivered_on is None


def reason_text(plan: Plan) -> str:
    """The plan's reason in a window's words: 'illness or incapacity since 27 Oct 2026'."""
    text = REASONS[plan.reason][:1].lower() + REASONS[plan.reason][1:]
    if plan.reason_on is None:
        return text
    return f"{text} {'on' if plan.reason == 'death' else 'since'} {day_text(plan.reason_on)}"


def notice_file_name(letter_id: int) -> str:
    # No client name in the file name: the name would sit unencrypted on the disk.
    return f"closure-notice-{letter_id:05d}.pdf"


def default_keeper(session: VaultSession) -> tuple[str, str]:
    """Who keeps the records (name, contact): the custodian, else the practice."""
    current = custodian.current_custodian(session)
    if current is None:
        actives = [c for c in custodian.active_custodians(session) if c.role == "primary"]
        current = actives[0] if actives else None
    if current is not None:
        return current.name, current.contact
    info = practice_info(session)
    return info.practitioner, info.contact


def _check(form: PlanForm, *, today: date) -> PlanForm:
    if form.reason not in REASONS:
        raise ClosureError("Choose why the practice is closing.")
    # Only a death or an incapacity has a day of its own; another reason keeps none.
    reason_on = form.reason_on if form.reason in REASON_DAYS else None
    if form.reason in REASON_DAYS and reason_on is None:
        raise ClosureError(f"Give {REASON_DAYS[form.reason]}: the notices tell it.")
    if reason_on is not None and reason_on > today:
        raise ClosureError(
            f"{REASON_DAYS[form.reason].capitalize()} cannot be in the future: check the date."
        )
    keeper = clean_text(form.keeper_name)
    contact = clean_text(form.keeper_contact)
    referrals = clean_text(form.referrals)
    if not keeper:
        raise ClosureError("Say who keeps the records from now on.")
    if not contact:
        raise ClosureError("Say how clients reach the keeper of the records.")
    if not (letters.is_postal(contact) or _EMAIL.search(contact)):
        raise ClosureError(WRITE_TO)
    if not referrals:
        raise ClosureError(
            "Tell clients where they can continue their care (referrals), even in general terms."
        )
    if any(len(v) > MAX_TEXT for v in (keeper, contact, referrals)):
        raise ClosureError(f"Keep each part under {MAX_TEXT} characters.")
    return PlanForm(form.reason, form.effective_on, keeper, contact, referrals, reason_on)


def same_plan(plan: Plan, form: PlanForm, *, today: date) -> bool:
    """Whether `form` says what `plan` says (the wizard opened again to go on sending)."""
    try:
        checked = _check(form, today=today)
    except ClosureError:
        return False
    return (
        plan.reason,
        plan.effective_on,
        plan.keeper_name,
        plan.keeper_contact,
        plan.referrals,
        plan.reason_on,
    ) == (
        checked.reason,
        checked.effective_on,
        checked.keeper_name,
        checked.keeper_contact,
        checked.referrals,
        checked.reason_on,
    )


def create_plan(session: VaultSession, form: PlanForm, *, today: date) -> int:
    checked = _check(form, today=today)
    if checked.effective_on < add_years(today, -1):  # 29 February has no year-ago twin
        raise ClosureError("The closing date is more than a year ago: check the date.")
    with session.transaction():
        plan_id = session.db.execute_returning_id(
            "INSERT INTO closure_plans (reason, effective_on, contact, referrals, created_by, "
            "created_at, reason_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                checked.reason,
                iso(checked.effective_on),
                f"{checked.keeper_name}\n{checked.keeper_contact}",
                checked.referrals,
                session.actor,
                now_utc(),
                None if checked.reason_on is None else iso(checked.reason_on),
            ),
        )
        session.record(
            "closure_plan_created",
            plan=plan_id,
            reason=checked.reason,
            reason_on=None if checked.reason_on is None else iso(checked.reason_on),
        )
    return plan_id


def _plan(row: tuple[object, ...]) -> Plan:
    keeper, _, contact = str(row[3]).partition("\n")
    return Plan(
        id=int(str(row[0])),
        reason=str(row[1]),  # type: ignore[arg-type]
        effective_on=parse_day(row[2]) or date.min,
        keeper_name=keeper,
        keeper_contact=contact,
        referrals=str(row[4]),
        created_by=str(row[5]),
        created_at=str(row[6]),
        reason_on=parse_day(row[7]),
    )


_PLAN_COLUMNS: Final = (
    "id, reason, effective_on, contact, referrals, created_by, created_at, reason_on"
)


def get_plan(session: VaultSession, plan_id: int) -> Plan:
    rows = session.db.execute(
        f"SELECT {_PLAN_COLUMNS} FROM closure_plans WHERE id = ?",  # noqa: S608
        (plan_id,),
    )
    if not rows:
        raise ClosureError("That closure plan no longer exists.")
    return _plan(tuple(rows[0]))


def current_plan(session: VaultSession) -> Plan | None:
    rows = session.db.execute(
        f"SELECT {_PLAN_COLUMNS} FROM closure_plans ORDER BY id DESC LIMIT 1"  # noqa: S608
    )
    return _plan(tuple(rows[0])) if rows else None


def active_clients(session: VaultSession) -> list[tuple[int, str, str | None]]:
    """(id, name, contact) of every active client: each gets a notice."""
    return [(p.id, p.name, p.contact) for p in directory.active_clients(session)]


def _retention_sentence(session: VaultSession) -> str:
    rule = retention.get_rule(session)
    if rule is None:
        return "They are kept for as long as the law requires, then securely destroyed."
    return (
        f"They are kept for {rule.years} years after your last session (longer for a "
        "client who was a minor), then securely destroyed."
    )


def prepare_notices(session: VaultSession, plan_id: int, *, today: date) -> list[int]:
    """Write a notice for every active client who has none in this plan; their letter ids."""
    plan = get_plan(session, plan_id)
    info = practice_info(session)
    practice_name = info.name or "the practice"
    sender = plan.keeper_name if session.is_custodian else None
    fields = {
        "reason_sentence": reason_sentence(
            plan.reason, info.practitioner, custodian=sender, on=plan.reason_on
        ),
        "effective_date": long_date(plan.effective_on),
        "custodian_name": plan.keeper_name,
        # A custodian's contact is under their signature: not said twice.
        "how_to_reach": ""
        if sender
        else f"**How to reach {plan.keeper_name}:**\n{plan.keeper_contact}",
        "referrals": plan.referrals,
        "retention_sentence": _retention_sentence(session),
        "thanks": "Thank you for the trust you placed in this practice."
        if session.is_custodian
        else "Thank you for the trust you placed in me.",
        "practice_name": practice_name,
    }
    done = {
        int(r[0])
        for r in session.db.execute(
            "SELECT client_id FROM closure_notices WHERE plan_id = ?", (plan_id,)
        )
    }
    written: list[int] = []
    with session.transaction():
        for client_id, name, contact in active_clients(session):
            if client_id in done:
                continue
            letter_id = letters.compose(
                session,
                client_id=client_id,
                kind=NOTICE_KIND,
                template=NOTICE_TEMPLATE,
                fields=fields,
                addressee_name=name,
                # Only a postal address; a phone number or e-mail is not one.
                addressee_address=letters.address_on_file(session, client_id, contact),
                today=today,
                # A custodian signs in their own name (the practitioner may have died),
                # their contact under it; the letterhead gives both (letter_pdf).
                signed_by="\n".join(
                    t for t in (f"{plan.keeper_name}, records custodian", plan.keeper_contact) if t
                )
                if session.is_custodian
                else None,
            )
            session.db.execute(
                "INSERT INTO closure_notices (plan_id, client_id, letter_id, created_at) "
                "VALUES (?, ?, ?, ?)",
                (plan_id, client_id, letter_id, now_utc()),
            )
            written.append(letter_id)
        if written:  # opening the plan again to look writes nothing, and says nothing
            session.record("closure_notices_written", plan=plan_id, count=len(written))
    return written


def notices(session: VaultSession, plan_id: int) -> list[Notice]:
    out: list[Notice] = []
    rows = session.db.execute(
        "SELECT client_id, letter_id, file_name, password IS NOT NULL FROM closure_notices "
        "WHERE plan_id = ?",
        (plan_id,),
    )
    for person, (client_id, letter_id, file_name, password) in directory.joined(session, rows):
        name = person.name
        letter = letters.get_letter(session, int(letter_id))
        out.append(
            Notice(
                int(client_id),
                str(name),
                letter.id,
                letter.addressee_address,
                letter.sent,
                letter.delivered_how,
                letter.delivered_on,
                None if file_name is None else str(file_name),
                bool(password),
            )
        )
    return out


def _notice_row(session: VaultSession, letter_id: int) -> tuple[int, str | None]:
    rows = session.db.execute(
        "SELECT client_id, password FROM closure_notices WHERE letter_id = ?", (letter_id,)
    )
    if not rows:
        raise ClosureError("That closure notice no longer exists.")
    return int(rows[0][0]), None if rows[0][1] is None else str(rows[0][1])


def produce_notice(
    session: VaultSession, letter_id: int, *, folder: Path, today: date, again: bool = False
) -> Path:
    """Save one notice as an AES-256 encrypted PDF in `folder`, through the gate; its
    password is kept in the vault with the notice (in the same transaction as the
    disclosure record). A notice already produced is refused unless `again` (a lost
    file): a delivered notice is never released a second time by accident, and a copy
    made again keeps the password the client already has."""
    _client_id, password = _notice_row(session, letter_id)
    if letters.get_letter(session, letter_id).sent and not again:
        raise ClosureError("This notice was already saved or printed; it is not made again.")
    password = password or encryption.generate_password()
    target = folder / notice_file_name(letter_id)
    with session.transaction():
        letters.send_letter(session, letter_id, today=today, target=target, password=password)
        session.db.execute(
            "UPDATE closure_notices SET password = ?, file_name = ? WHERE letter_id = ?",
            (password, target.name, letter_id),
        )
    return target


def mark_delivered(session: VaultSession, letter_id: int, *, how: str, on: date) -> None:
    """How and when a notice reached its client. Not "by post" without a postal address:
    the record would say it went somewhere it could not have gone."""
    if how == "post" and letters.get_letter(session, letter_id).needs_address:
        raise ClosureError(
            "This notice has no postal address, so it cannot have gone by post: give its "
            "address first (Postal address…), or say how it was delivered."
        )
    letters.mark_delivered(session, letter_id, how=how, on=on)


def notice_password(session: VaultSession, letter_id: int) -> str:
    """The password of a saved notice, to give the client; each look is audited."""
    client_id, password = _notice_row(session, letter_id)
    if password is None:
        raise ClosureError("This notice was not saved as an encrypted PDF: it has no password.")
    session.record("closure_notice_password_shown", client_id, letter=letter_id)
    return password


def password_letter(session: VaultSession, letter_id: int, *, today: date) -> int:
    """A short letter giving the client their notice's password, to post apart from the
    file (written once per notice; printed through the gate like any letter)."""
    _client_id, password = _notice_row(session, letter_id)
    if password is None:
        raise ClosureError("Save the notice as an encrypted PDF first: it has no password yet.")
    return letters.password_letter(
        session,
        letter_id,
        file_name=notice_file_name(letter_id),
        password=password,
        kind=UNLOCK_LETTER_KIND,
        template=UNLOCK_LETTER_TEMPLATE,
        today=today,
        fields=_sender_contact(session, letter_id),
    )


def _sender_contact(session: VaultSession, letter_id: int) -> dict[str, str]:
    """Where the password letter tells clients to write: as in the notice, a custodian
    sends it and gives their own contact (the practitioner may have died); else the
    practice's (the template's default)."""
    if not session.is_custodian:
        return {}
    plan_id = session.db.scalar(
        "SELECT plan_id FROM closure_notices WHERE letter_id = ?", (letter_id,)
    )
    return {"practice_contact": get_plan(session, int(plan_id)).keeper_contact}
