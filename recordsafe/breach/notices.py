"""Notices to the affected clients (164.404(c)): one letter each, through the gate.

    content = default_content(session, incident_id)     # editable text, from the assessment
    lines = notice_lines(session, incident_id)           # one per affected client, with status
    outcome = write_notices(session, incident_id, content, today=..., addresses={client_id: "..."})
    produce_notice(session, incident_id, client_id, today=..., target=path)  # its password
                                                  is kept in the vault with the notice
    produce_notice(..., printer=...)              # printed through the gate
    notice_password(session, incident_id, client_id)  -> shown on purpose (audited)
    password_letter(session, incident_id, client_id, today=...) -> a letter giving it, to post
    record_delivery(session, incident_id, client_id, how="post", on=date(...), today=...)
    give_address(session, incident_id, client_id, "3 Elm Street…")  (a notice with none)

Each letter is composed by `disclosure.letters` from `resources/letters/breach-notice.md`
and leaves the vault only through the gate (`letters.send_letter`: an AES-256 encrypted
PDF, or bytes for printing, recorded as a disclosure to the individual). The letter holds
(A) what happened with the dates of the breach and of its discovery, (B) the kinds of
information, (C) the steps the client should take, (D) what the practice is doing,
(E) how to reach the practice. A deceased client's notice goes to their personal
representative (next of kin). A client with no address on file and none typed in is
listed as "needs an address": never skipped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from recordsafe.breach import assessment
from recordsafe.breach._common import BreachError, day, text
from recordsafe.breach.affected import check_affected_set
from recordsafe.breach.incidents import get_incident
from recordsafe.closure.custodian import current_custodian, signed_in_as
from recordsafe.disclosure import history, letters
from recordsafe.disclosure.letters import DELIVERY_METHODS
from recordsafe.disclosure.practice_info import practice_info
from recordsafe.outputs import encryption
from recordsafe.outputs.pdf_layout import long_date  # letters write the long form
from recordsafe.records import directory
from recordsafe.records._common import iso, now_utc, parse_day
from recordsafe.vault import VaultSession
from recordsafe.wording import day_text

TEMPLATE: Final = "breach-notice"
LETTER_KIND: Final = "breach_notice"
UNLOCK_LETTER_TEMPLATE: Final = "breach-notice-password"
UNLOCK_LETTER_KIND: Final = "breach_notice_password"

CLIENT_STEPS: Final = (
    "You do not have to do anything. If anyone contacts you about the therapy, or seems to "
    "know about it, please be careful and let me know. You can ask me for a copy of the "
    "records, and for a list of everyone who has received information from them."
)
PRACTICE_STEPS: Final = (
    "I am also reviewing how records leave my practice, so that this does not happen again."
)


@dataclass(frozen=True)
class NoticeContent:
    """The letter's shared text; the wizard shows it, prefilled, for the practitioner to edit."""

    what_happened: str  # (A), in plain words for the client
    information_kinds: str  # (B)
    client_steps: str  # (C)
    practice_steps: str  # (D)
    # (E), how to reach the practice, and the signature come from Practice → Practice details.


@dataclass(frozen=True)
class NoticeLine:
    client_id: int
    client_name: str
    deceased: bool
    addressee_name: str | None  # the client, or a deceased client's representative
    address: str | None  # the letter's, once written; before, on file (None: needs one)
    letter_id: int | None
    sent_on: date | None
    delivered_how: str | None
    delivered_on: date | None
    file_name: str | None = None  # the encrypted PDF it was saved as
    has_password: bool = False  # that PDF's password is kept in the vault

    @property
    def awaits_delivery(self) -> bool:
        """Saved as an encrypted PDF and not yet delivered: its password must still reach
        the client."""
        return self.has_password and self.delivered_on is None

    @property
    def status(self) -> str:
        if self.delivered_on is not None:
            return f"Delivered ({self.delivered_how}) on {day_text(self.delivered_on)}"
        if self.sent_on is not None:
            return f"Saved or printed on {day_text(self.sent_on)}: record the delivery"
        if self.letter_id is not None:
            return "Written: save or print it"
        if self.addressee_name is None:
            return "Needs a representative (next of kin)"
        if self.address is None:
            return "Needs an address"
        return "Ready to write"


@dataclass(frozen=True)
class WriteOutcome:
    written: int
    waiting: list[NoticeLine]  # not written: needs an address or a representative


def default_content(session: VaultSession, incident_id: int) -> NoticeContent:
    incident = get_incident(session, incident_id)
    latest = assessment.latest(session, incident_id)
    kinds, steps = "", PRACTICE_STEPS
    if latest is not None:
        form = latest.form
        parts = [p for p in (form.identifiers, form.sensitivity) if p]
        kinds = "; ".join(parts)
        if kinds:
            kinds = f"The information involved: {kinds}."
        if form.psychotherapy_notes:
            kinds += " It included psychotherapy notes."
        if form.mitigation:
            steps = f"{form.mitigation.rstrip('.')}. {PRACTICE_STEPS}"
    return NoticeContent(
        what_happened=incident.what_happened,
        information_kinds=kinds.strip(),
        client_steps=CLIENT_STEPS,
        practice_steps=steps,
    )


def notice_lines(session: VaultSession, incident_id: int) -> list[NoticeLine]:
    """One line per affected client, in name order, with where its notice stands."""
    rows = session.db.execute(
        "SELECT a.client_id, n.letter_id, n.addressee_name, n.sent_on, n.delivered_how, "
        "n.delivered_on, n.file_name, n.password IS NOT NULL FROM breach_affected a "
        "LEFT JOIN breach_notices n "
        "ON n.incident_id = a.incident_id AND n.client_id = a.client_id "
        "WHERE a.incident_id = ? AND a.included = 1",
        (incident_id,),
    )
    # A written letter shows the address it went with (one typed in is kept on it only).
    sent_to = {
        letter.id: None if letter.needs_address else letter.addressee_address
        for letter in letters.letters_for(session, kind=LETTER_KIND)
    }
    lines = []
    for person, r in directory.joined(session, rows):
        addressee = (
            r[2]
            if r[2] is not None
            else (person.representative_name if person.deceased else person.name)
        )
        lines.append(
            NoticeLine(
                client_id=person.id,
                client_name=person.name,
                deceased=person.deceased,
                addressee_name=None if addressee is None else str(addressee),
                address=sent_to.get(int(r[1]))
                if r[1] is not None
                else letters.address_on_file(session, person.id, person.contact),
                letter_id=None if r[1] is None else int(r[1]),
                sent_on=parse_day(r[3]),
                delivered_how=None if r[4] is None else str(r[4]),
                delivered_on=parse_day(r[5]),
                file_name=None if r[6] is None else str(r[6]),
                has_password=bool(r[7]),
            )
        )
    return lines


def _check_content(content: NoticeContent) -> NoticeContent:
    return NoticeContent(
        what_happened=text(content.what_happened, "what happened, for the letter") or "",
        information_kinds=text(content.information_kinds, "what kinds of information were involved")
        or "",
        client_steps=text(content.client_steps, "what the client can do") or "",
        practice_steps=text(content.practice_steps, "what the practice is doing") or "",
    )


def _fields(
    line: NoticeLine, content: NoticeContent, occurred: date, discovered: date, intro: str = ""
) -> dict[str, str]:
    about = intro
    if line.deceased:
        about += f" You receive this letter as the personal representative of {line.client_name}."
    return {
        "about_line": about.strip(),
        "what_happened": content.what_happened,
        "occurred_on": long_date(occurred),
        "discovered_on": long_date(discovered),
        "information_kinds": content.information_kinds,
        "client_steps": content.client_steps,
        "practice_steps": content.practice_steps,
    }


def check_practice_details(session: VaultSession) -> None:
    """(E) of 164.404(c): the letter must say how to reach the practice."""
    missing = practice_info(session).missing()
    if missing:
        raise BreachError(
            "Before writing the notices, fill in Practice \u2192 Practice details: "
            + ", ".join(missing)
            + "."
        )


def _require_reportable(session: VaultSession, incident_id: int) -> None:
    incident = get_incident(session, incident_id)
    if incident.is_closed:
        raise BreachError("This incident is closed.")
    latest = assessment.latest(session, incident_id)
    if latest is None:
        raise BreachError("Assess the incident before writing notices.")
    if not latest.outcome.reportable:
        raise BreachError("The assessment found no reportable breach: no notice is needed.")


@dataclass(frozen=True)
class Sender:
    """Who writes the letters: (E) how to reach them, and the name under the sign-off."""

    contact: str
    signature: str  # a custodian's: their name, their role, their contact under it
    custodian: str | None  # the custodian's name when a custodian writes, else None


def sender(session: VaultSession) -> Sender:
    """The practitioner, or in custodian mode the custodian, who writes in their own voice
    and gives their own contact (the practitioner may have died), as closure notices do."""
    info = practice_info(session)
    keeper = current_custodian(session)
    if keeper is None:
        return Sender(info.contact, info.practitioner, None)
    contact = keeper.contact.strip() or info.contact
    title = signed_in_as(session) or f"{keeper.name}, records custodian"
    return Sender(contact, "\n".join(t for t in (title, keeper.contact.strip()) if t), keeper.name)


def write_notices(
    session: VaultSession,
    incident_id: int,
    content: NoticeContent,
    *,
    today: date,
    addresses: dict[int, str] | None = None,
) -> WriteOutcome:
    """Compose a letter for every affected client who has none yet and can be reached.

    `addresses` gives an address for clients with none on file (kept on the letter only).
    The clients still waiting (no address, or a deceased client with no representative
    recorded) are returned, so the screen lists them: none is skipped silently.
    """
    _require_reportable(session, incident_id)
    check_affected_set(session, incident_id)
    checked = _check_content(content)
    check_practice_details(session)
    incident = get_incident(session, incident_id)
    typed = {k: v.strip() for k, v in (addresses or {}).items() if v and v.strip()}
    if not all(letters.is_postal(v) for v in typed.values()):
        raise BreachError(
            "An address typed in is a telephone number or an e-mail address, not a postal "
            "address: type the postal address."
        )
    written = 0
    waiting: list[NoticeLine] = []
    writer = sender(session)
    intro = (
        f"I am {writer.custodian}, the records custodian of this practice."
        if writer.custodian
        else ""
    )
    with session.transaction():
        for line in notice_lines(session, incident_id):
            if line.letter_id is not None:
                continue
            address = typed.get(line.client_id) or line.address
            if line.addressee_name is None or address is None:
                waiting.append(line)
                continue
            letter_id = letters.compose(
                session,
                client_id=line.client_id,
                kind=LETTER_KIND,
                template=TEMPLATE,
                fields={
                    **_fields(line, checked, incident.occurred_on, incident.discovered_on, intro),
                    "practice_contact": writer.contact,
                },
                addressee_name=line.addressee_name,
                addressee_address=address,
                today=today,
                signed_by=writer.signature if writer.custodian else None,
            )
            session.db.execute(
                "INSERT INTO breach_notices (incident_id, client_id, letter_id, addressee_name, "
                "created_at) VALUES (?, ?, ?, ?, ?)",
                (incident_id, line.client_id, int(letter_id), line.addressee_name, now_utc()),
            )
            written += 1
        session.record(
            "breach_notices_written",
            None,
            incident=incident_id,
            written=written,
            waiting=len(waiting),
        )
    return WriteOutcome(written, waiting)


def _notice_row(
    session: VaultSession, incident_id: int, client_id: int
) -> tuple[int, str | None, str | None]:
    """The notice's letter, its kept password and its file name."""
    rows = session.db.execute(
        "SELECT letter_id, password, file_name FROM breach_notices "
        "WHERE incident_id = ? AND client_id = ?",
        (incident_id, client_id),
    )
    if not rows:
        raise BreachError("No notice has been written to this client yet.")
    letter_id, password, file_name = rows[0]
    return (
        int(letter_id),
        None if password is None else str(password),
        None if file_name is None else str(file_name),
    )


def _notice_letter(session: VaultSession, incident_id: int, client_id: int) -> int:
    return _notice_row(session, incident_id, client_id)[0]


def produce_notice(
    session: VaultSession,
    incident_id: int,
    client_id: int,
    *,
    today: date,
    target: Path | None = None,
    printer: Callable[[bytes], None] | None = None,
) -> int:
    """Send the notice out through the gate; returns the disclosure id.

    With `target`: an AES-256 encrypted PDF there, its password kept in the vault with the
    notice (in the same transaction as the disclosure record; a copy made again keeps the
    password the client already has). With `printer`: the PDF bytes are handed to it inside
    the gate's transaction (a failed print leaves no record). Either way the gate records a
    disclosure to the individual.
    """
    letter_id, kept, _file = _notice_row(session, incident_id, client_id)
    if (target is None) == (printer is None):
        raise BreachError("Choose whether to save the notice as a PDF or to print it.")
    # The letter's file is staged and named only when this transaction commits (and
    # dropped on a rollback): never a file without a record, never a user's file removed.
    disclosure_id: int | None = None
    with session.transaction():
        session.db.execute(
            "UPDATE breach_notices SET sent_on = ? WHERE incident_id = ? AND client_id = ?",
            (iso(today), incident_id, client_id),
        )
        if target is not None:
            password = kept or encryption.generate_password()
            disclosure_id = letters.send_letter(
                session, letter_id, today=today, target=target, password=password
            )
            session.db.execute(
                "UPDATE breach_notices SET password = ?, file_name = ? "
                "WHERE incident_id = ? AND client_id = ?",
                (password, target.name, incident_id, client_id),
            )
        else:
            assert printer is not None
            disclosure_id = letters.print_letter(session, letter_id, today=today, printer=printer)
        session.record(
            "breach_notice_produced",
            client_id,
            incident=incident_id,
            letter=letter_id,
            printed=target is None,
        )
    assert disclosure_id is not None
    return disclosure_id


def notice_password(session: VaultSession, incident_id: int, client_id: int) -> str:
    """The password of a notice saved as an encrypted PDF, to give the client (or their
    representative) separately; each look is audited."""
    letter_id, password, _file = _notice_row(session, incident_id, client_id)
    if password is None:
        raise BreachError("This notice was not saved as an encrypted PDF: it has no password.")
    session.record(
        "breach_notice_password_shown", client_id, incident=incident_id, letter=letter_id
    )
    return password


def password_letter(session: VaultSession, incident_id: int, client_id: int, *, today: date) -> int:
    """A short letter giving the notice's password, to post apart from the file (written
    once per notice, from the same writer as the notice; printed through the gate)."""
    letter_id, password, file_name = _notice_row(session, incident_id, client_id)
    if password is None or file_name is None:
        raise BreachError("Save the notice as an encrypted PDF first: it has no password yet.")
    return letters.password_letter(
        session,
        letter_id,
        file_name=file_name,
        password=password,
        kind=UNLOCK_LETTER_KIND,
        template=UNLOCK_LETTER_TEMPLATE,
        today=today,
        fields={"practice_contact": sender(session).contact},
    )


def _recorded(session: VaultSession, disclosure_id: int) -> bool:
    try:
        return history.disclosure_exists(session, disclosure_id)
    except Exception:  # the vault may be unusable now: assume nothing was committed
        return False


def record_delivery(
    session: VaultSession, incident_id: int, client_id: int, *, how: str, on: date, today: date
) -> None:
    """How and when the notice reached the client (or their representative)."""
    letter_id = _notice_letter(session, incident_id, client_id)
    if how not in DELIVERY_METHODS:
        raise BreachError("Choose how the notice was delivered.")
    if how == "post" and letters.get_letter(session, letter_id).needs_address:
        raise BreachError(
            "This notice has no postal address, so it cannot have gone by post: type its "
            "address in the box above the list and click Use this address, or say how it "
            "was delivered."
        )
    when = day(on, "delivery date")
    if when > today:
        raise BreachError("The delivery date is in the future.")
    incident = get_incident(session, incident_id)
    if when < incident.discovered_on:
        raise BreachError("The delivery date is before the incident was discovered.")
    if (
        session.db.scalar(
            "SELECT sent_on FROM breach_notices WHERE incident_id = ? AND client_id = ?",
            (incident_id, client_id),
        )
        is None
    ):
        raise BreachError("Save or print the notice before recording its delivery.")
    with session.transaction():
        letters.mark_delivered(session, letter_id, how=how, on=when)
        session.db.execute(
            "UPDATE breach_notices SET delivered_how = ?, delivered_on = ? "
            "WHERE incident_id = ? AND client_id = ?",
            (how, iso(when), incident_id, client_id),
        )
        session.record("breach_notice_delivered", client_id, incident=incident_id, how=how)


def give_address(session: VaultSession, incident_id: int, client_id: int, address: str) -> None:
    """A postal address for a notice written without one (a letter from before addresses
    were checked carries a telephone number): kept on the letter, for the envelope; a
    notice already saved or printed is not released again."""
    letters.set_address(session, _notice_letter(session, incident_id, client_id), address)
