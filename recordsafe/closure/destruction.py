"""Legal holds, destruction of a due record, the destruction log and its certificate.

    place_hold(session, client_id, reason="...", on=date(...)) -> hold id
    release_hold(session, hold_id, on=date(...))
    blockers(session, client_id, today=...) -> [str]     # why it cannot be destroyed now
    destroy(session, client_id, typed_name="...", today=...) -> DestructionEntry
    destruction_log(session) -> [DestructionEntry]
    render_certificate(entry, practice_name=...) -> bytes  (PDF; encrypt and write it
        through recordsafe.outputs)
    save_certificate(session, entry, target) -> password   (kept in the vault)
    certificate_password(session, log id) -> the password, shown on purpose (audited)

What is destroyed: the client's clinical record (cases where they are the only
participant with their notes, signed or not, and subjects; documents; intake records;
optional fields; letters to them, such as closure notices). The vault runs with
`secure_delete=ON`, so freed pages are zeroed; after the commit the database is compacted
(`VACUUM`) and the WAL truncated. The destruction's transaction notes the compaction as
owed; when it fails (a full disk) or the app stops first, the record is still destroyed
and reported so, and the next unlock compacts (`compact_if_owed`, in the background).

What is kept, because the law or the gate needs it: the audit log (ids only), disclosure
records and the consents and court orders they rest on (the accounting of 164.528, six
years and more), record requests and follow-ups. When any such row still names the
client, the client row stays as a tombstone with every identifying field cleared
("Destroyed record"); otherwise it is deleted too. The destruction log keeps who, what,
when and under which rule (the client's name and date of birth, counts, dates: never
clinical content), so "do you still hold my records?" can be answered.

Refused with the reason: not due yet, a legal hold, an open record request, a case
shared with another client who is not destroyed in the same act (their record keeps the
joint notes: `destroy(..., together=[ids from partners()])` once all are due), a typed
name that does not match.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final
from xml.sax.saxutils import escape

import sqlcipher3
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, Spacer

from recordsafe.closure import retention
from recordsafe.closure.custodian import current_custodian
from recordsafe.closure.errors import ClosureError
from recordsafe.disclosure import purge as disclosure_purge
from recordsafe.disclosure.practice_info import practice_info
from recordsafe.outputs import encryption, pdf_fonts, pdf_layout
from recordsafe.outputs.staged import StagedRelease
from recordsafe.records import directory
from recordsafe.records import purge as records_purge
from recordsafe.records._common import clean_text, iso, name_key, now_utc, parse_day
from recordsafe.vault import VaultSession
from recordsafe.wording import day_text

COMPACTION: Final = "compaction"
log = logging.getLogger(__name__)

METHOD: Final = (
    "Deleted from the encrypted vault with SQLite secure_delete (freed pages overwritten), "
    "then the vault file compacted (VACUUM)"
)
TOMBSTONE_NAME: Final = "Destroyed record"
MAX_REASON: Final = 2000
CLINICAL_TABLES_NOTE: Final = "notes, documents, cases, intake, fields"


@dataclass(frozen=True)
class LegalHold:
    id: int
    client_id: int
    reason: str
    placed_on: date
    released_on: date | None


@dataclass(frozen=True)
class DestructionEntry:
    id: int
    client_ref: int
    client_name: str
    client_dob: date | None
    last_contact: date
    destroy_after: date
    rule: str
    notes: int
    documents: int
    cases: int
    method: str
    destroyed_on: date
    destroyed_at: str
    destroyed_by: str
    destroyed_by_name: str
    certificate_saved: bool = False  # its certificate's password is kept in the vault


# --- legal holds ----------------------------------------------------------------------


def place_hold(session: VaultSession, client_id: int, *, reason: str, on: date) -> int:
    """A legal hold: the record may not be destroyed until it is released."""
    text = clean_text(reason)
    if not text:
        raise ClosureError("Say why the record is on hold (e.g. the lawsuit or subpoena).")
    if len(text) > MAX_REASON:
        raise ClosureError("The reason for the hold is too long.")
    if not directory.exists(session, client_id):
        raise ClosureError("That client no longer exists.")
    with session.transaction():
        hold_id = session.db.execute_returning_id(
            "INSERT INTO legal_holds (client_id, reason, placed_on, created_at) "
            "VALUES (?, ?, ?, ?)",
            (client_id, text, iso(on), now_utc()),
        )
        session.record("legal_hold_placed", client_id, hold=hold_id)
    return hold_id


def release_hold(session: VaultSession, hold_id: int, *, on: date) -> None:
    rows = session.db.execute(
        "SELECT client_id, released_on, placed_on FROM legal_holds WHERE id = ?", (hold_id,)
    )
    if not rows:
        raise ClosureError("That hold no longer exists.")
    client_id, released, placed = rows[0]
    if released is not None:
        raise ClosureError("This hold was already released.")
    if on < (parse_day(placed) or on):
        raise ClosureError("A hold cannot be released before it was placed.")
    with session.transaction():
        session.db.execute(
            "UPDATE legal_holds SET released_on = ? WHERE id = ?", (iso(on), hold_id)
        )
        session.record("legal_hold_released", int(client_id), hold=hold_id)


def active_holds(session: VaultSession, client_id: int | None = None) -> list[LegalHold]:
    where = "WHERE released_on IS NULL" + (" AND client_id = ?" if client_id is not None else "")
    params = (client_id,) if client_id is not None else ()
    return [
        LegalHold(int(r[0]), int(r[1]), str(r[2]), parse_day(r[3]) or date.min, parse_day(r[4]))
        for r in session.db.execute(
            f"SELECT id, client_id, reason, placed_on, released_on FROM legal_holds {where} "  # noqa: S608
            "ORDER BY placed_on, id",
            params,
        )
    ]


# --- what stands in the way ------------------------------------------------------------


def partners(session: VaultSession, client_id: int) -> list[tuple[int, str]]:
    """(id, name) of everyone who shares a case with this client, and with them, and so
    on: the records that can only be destroyed together with this one."""
    seen = {client_id}
    todo = [client_id]
    while todo:
        current = todo.pop()
        for other in sorted(directory.case_partners(session, current)):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    seen.discard(client_id)
    if not seen:
        return []
    return [
        (p.id, p.name) for p in directory.in_name_order(directory.people(session, seen).values())
    ]


def blockers(
    session: VaultSession, client_id: int, *, today: date, together: Sequence[int] = ()
) -> list[str]:
    """Why this record cannot be destroyed today, in plain words (empty: it can).

    `together`: clients destroyed in the same act; a case shared only with them is no
    obstacle (its joint notes go with all of them)."""
    if not directory.exists(session, client_id):
        return ["That client no longer exists."]
    if session.db.scalar("SELECT 1 FROM destruction_log WHERE client_ref = ?", (client_id,)):
        return ["This record was already destroyed."]
    reasons: list[str] = []
    due = retention.for_client(session, client_id)
    if due is None:
        reasons.append("Set the practice's retention rule first (Retention & destruction).")
    elif not due.is_due(today):
        reasons.append(
            f"Not due yet: the record is kept until {day_text(due.destroy_after)} "
            f"(last contact {day_text(due.last_contact)})."
        )
    for hold in active_holds(session, client_id):
        reasons.append(
            f"A legal hold placed on {day_text(hold.placed_on)} is in force: release it "
            "first, once the matter is over."
        )
    for request_id, kind, received in disclosure_purge.open_requests(session, client_id):
        what = "their records" if kind == "own_records" else "an accounting of disclosures"
        reasons.append(
            f"An open request for {what} (received {received}, no. {request_id}) must be "
            "answered first."
        )
    group = {client_id, *together}
    shared = [
        case_id
        for case_id, people in directory.cases_of_client(session, client_id)
        if people > 1 and not set(directory.case_participants(session, case_id)) <= group
    ]
    if shared:
        reasons.append(
            f"The client shares {len(shared)} case{'s' if len(shared) != 1 else ''} with other "
            "clients whose records keep the joint notes: destroy them together once all are due."
        )
    return reasons


def destroyable_with(session: VaultSession, client_id: int, *, today: date) -> list[int] | None:
    """The clients to destroy this record with today ([] alone), or None when it cannot be."""
    if not blockers(session, client_id, today=today):
        return []
    others = [pid for pid, _ in partners(session, client_id)]
    if not others:
        return None
    group = [client_id, *others]
    if any(blockers(session, member, today=today, together=group) for member in group):
        return None
    return others


# --- destroy --------------------------------------------------------------------------


def _actor_name(session: VaultSession) -> str:
    if not session.is_custodian:
        return "Practitioner"
    custodian = current_custodian(session)
    return f"Records custodian {custodian.name}" if custodian else "Records custodian"


def _referencing_columns(session: VaultSession) -> list[tuple[str, str]]:
    """(table, column) of every foreign key that points at clients (whatever adds them)."""
    found: list[tuple[str, str]] = []
    for (table,) in session.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL%'"
    ):
        for fk in session.db.execute(f"PRAGMA foreign_key_list('{table}')"):
            if str(fk[2]) == "clients":
                found.append((str(table), str(fk[3])))
    return found


@dataclass(frozen=True)
class _Doomed:
    client_id: int
    name: str
    dob: str | None
    last_contact: date
    destroy_after: date
    notes: int
    documents: int
    cases: int


def destroy(
    session: VaultSession,
    client_id: int,
    *,
    typed_name: str,
    today: date,
    together: Sequence[int] = (),
) -> DestructionEntry:
    """Destroy a due record (practitioner or custodian); the log entry stays for good.

    `together`: clients who share a case with this one (see `partners`), destroyed in the
    same act, each with their own log entry. Returns this client's entry."""
    name = directory.names(session, [client_id]).get(client_id)
    if name is None:
        raise ClosureError("That client no longer exists.")
    if name_key(typed_name or "") != name_key(name):
        raise ClosureError("Type the client's full name exactly as shown to confirm.")
    group = list(dict.fromkeys([client_id, *together]))
    for member in group:
        problems = blockers(session, member, today=today, together=group)
        if problems:
            who = "This record" if member == client_id else "A record to destroy with it"
            raise ClosureError(f"{who} cannot be destroyed: " + " ".join(problems))
    rule = retention.get_rule(session)
    assert rule is not None  # blockers() checked it
    doomed = [_facts(session, member) for member in group]
    case_ids = sorted(
        {c for member in group for c, _ in directory.cases_of_client(session, member)}
    )
    try:
        with session.transaction():
            _delete_cases(session, case_ids)
            log_ids = [_delete_client(session, d, rule.words(), today) for d in doomed]
            session.owe(COMPACTION)
    except sqlcipher3.dbapi2.IntegrityError:
        # A safety net: a record kept elsewhere still points here. Rolled back whole.
        raise ClosureError(
            "This record could not be destroyed: other records that must be kept still "
            "refer to it. Nothing was changed."
        ) from None
    _compact_after_destruction(session)
    return get_entry(session, log_ids[0])


def _facts(session: VaultSession, client_id: int) -> _Doomed:
    due = retention.for_client(session, client_id)
    assert due is not None  # blockers() checked it
    case_ids = [c for c, _ in directory.cases_of_client(session, client_id)]
    notes = len(directory.notes_in_cases(session, case_ids))
    documents = records_purge.count_documents(
        session, client_id, keep=disclosure_purge.consent_form_documents(session, client_id)
    )
    return _Doomed(
        client_id,
        due.name,
        iso(due.dob),
        due.last_contact,
        due.destroy_after,
        int(notes),
        int(documents),
        len(case_ids),
    )


def _delete_cases(session: VaultSession, case_ids: list[int]) -> None:
    """The cases, their participants, notes (signed too) and subjects. In a transaction.

    The order the foreign keys need: consents and court orders stop naming the notes, the
    notes go (signed ones only while this act's authority row for their case exists), kept
    court orders stop naming the cases, then the cases go.
    """
    session.db.executemany(
        "INSERT INTO destruction_authority (case_id) VALUES (?)", [(c,) for c in case_ids]
    )
    disclosure_purge.forget_notes(session, directory.notes_in_cases(session, case_ids))
    records_purge.remove_case_notes(session, case_ids)
    session.db.execute("DELETE FROM destruction_authority")
    disclosure_purge.detach_cases(session, case_ids)
    records_purge.remove_cases(session, case_ids)


def _delete_client(session: VaultSession, doomed: _Doomed, rule: str, today: date) -> int:
    """The client's own rows, the log entry, then the client row (or its tombstone)."""
    client_id = doomed.client_id
    # A signed authorization is kept with its consent (164.530(j): six years, and the
    # disclosures that rest on it are kept): its scanned form is not destroyed.
    records_purge.remove_client_details(
        session, client_id, keep=disclosure_purge.consent_form_documents(session, client_id)
    )
    session.db.execute("DELETE FROM legal_holds WHERE client_id = ?", (client_id,))
    session.db.execute("DELETE FROM closure_notices WHERE client_id = ?", (client_id,))
    # A breach notice's letter is kept (the breach register); the client row then stays
    # as a tombstone.
    disclosure_purge.remove_letters(session, client_id)
    stamp = now_utc()
    log_id = session.db.execute_returning_id(
        "INSERT INTO destruction_log (client_ref, client_name, client_dob, last_contact, "
        "destroy_after, rule, notes, documents, cases, method, destroyed_on, destroyed_at, "
        "destroyed_by, destroyed_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            client_id,
            doomed.name,
            doomed.dob,
            iso(doomed.last_contact),
            iso(doomed.destroy_after),
            rule,
            doomed.notes,
            doomed.documents,
            doomed.cases,
            METHOD,
            iso(today),
            stamp,
            session.actor,
            _actor_name(session),
        ),
    )
    still_named = sum(
        int(
            session.db.scalar(
                f"SELECT count(*) FROM {table} WHERE {column} = ?",  # noqa: S608
                (client_id,),
            )
        )
        for table, column in _referencing_columns(session)
    )
    if still_named:
        records_purge.tombstone_client(
            session, client_id, name=TOMBSTONE_NAME, closed_on=iso(today) or "", stamp=stamp
        )
    else:
        records_purge.delete_client(session, client_id)
    session.record(
        "record_destroyed",
        client_id,
        log=log_id,
        notes=doomed.notes,
        documents=doomed.documents,
        cases=doomed.cases,
        tombstone=bool(still_named),
    )
    return log_id


def compact(session: VaultSession) -> None:
    """Merge the full-text indexes (their older segments would keep destroyed words),
    VACUUM (rewrites the file without the freed pages), then truncate the WAL."""
    with session.transaction():
        records_purge.compact_search_index(session)
    session.db.execute("VACUUM")
    session.paid(COMPACTION)
    session.db.checkpoint()


def compact_if_owed(session: VaultSession) -> bool:
    """The compaction a destruction could not finish (a full disk, a crash): at unlock,
    on a worker. Whether it ran."""
    if not session.owes(COMPACTION):
        return False
    compact(session)
    return True


def _compact_after_destruction(session: VaultSession) -> None:
    # The destruction has committed: the record is gone and its freed pages zeroed.
    # A failure here leaves only the compaction owed (the next unlock does it), so it
    # must not be reported as "could not destroy".
    try:
        compact(session)
    except Exception as exc:  # logged by type only: messages may quote content
        log.warning(
            "Compaction after a destruction failed (%s); the next unlock compacts",
            type(exc).__qualname__,
        )


def _entry(row: tuple[Any, ...]) -> DestructionEntry:
    return DestructionEntry(
        id=int(row[0]),
        client_ref=int(row[1]),
        client_name=str(row[2]),
        client_dob=parse_day(row[3]),
        last_contact=parse_day(row[4]) or date.min,
        destroy_after=parse_day(row[5]) or date.min,
        rule=str(row[6]),
        notes=int(row[7]),
        documents=int(row[8]),
        cases=int(row[9]),
        method=str(row[10]),
        destroyed_on=parse_day(row[11]) or date.min,
        destroyed_at=str(row[12]),
        destroyed_by=str(row[13]),
        destroyed_by_name=str(row[14]),
        certificate_saved=bool(row[15]),
    )


_LOG_SELECT: Final = (
    "SELECT d.id, client_ref, client_name, client_dob, last_contact, destroy_after, rule, "
    "notes, documents, cases, method, destroyed_on, destroyed_at, destroyed_by, "
    "destroyed_by_name, c.password IS NOT NULL "
    "FROM destruction_log d LEFT JOIN destruction_certificates c ON c.log_id = d.id"
)


def get_entry(session: VaultSession, entry_id: int) -> DestructionEntry:
    rows = session.db.execute(
        f"{_LOG_SELECT} WHERE d.id = ?",
        (entry_id,),
    )
    if not rows:
        raise ClosureError("That destruction log entry does not exist.")
    return _entry(rows[0])


def destruction_log(session: VaultSession) -> list[DestructionEntry]:
    return [_entry(r) for r in session.db.execute(f"{_LOG_SELECT} ORDER BY d.id DESC")]


# --- certificate ------------------------------------------------------------------------


def render_certificate(entry: DestructionEntry, *, practice_name: str) -> bytes:
    """A one-page certificate of destruction as PDF bytes, in memory only.

    It names the client (that is what a certificate is for) but holds no clinical content.
    Encrypt and write it with `recordsafe.outputs`.
    """
    fonts = pdf_fonts.fonts()
    style = pdf_fonts.house_styles(fonts, subtitle_after=10, heading_before=14)
    buffer = io.BytesIO()
    doc = pdf_layout.new_document(
        buffer,
        title="Certificate of destruction",
        side=0.9 * inch,
        top=0.8 * inch,
        bottom=0.8 * inch,
    )

    def day(value: date | None) -> str:
        return "not recorded" if value is None else pdf_layout.long_date(value)

    rows = [
        ("Practice", practice_name),
        ("Record of", entry.client_name),
        ("Date of birth", day(entry.client_dob)),
        ("Last contact", day(entry.last_contact)),
        ("Kept until", day(entry.destroy_after)),
        ("Retention rule", entry.rule),
        (
            "What was destroyed",
            f"{entry.notes} note{'s' if entry.notes != 1 else ''}, {entry.documents} "
            f"document{'s' if entry.documents != 1 else ''}, {entry.cases} "
            f"case{'s' if entry.cases != 1 else ''}, the intake and the client's details",
        ),
        ("Method", entry.method),
        ("Destroyed on", day(entry.destroyed_on)),
        ("Destroyed by", entry.destroyed_by_name),
        ("Log entry", f"No. {entry.id}"),
    ]
    table = pdf_layout.facts_table(
        [(Paragraph(k, style["label"]), Paragraph(escape(v), style["body"])) for k, v in rows],
        label_width=1.6 * inch,
        gap=7,
    )
    story: list[Any] = [
        Paragraph("Certificate of destruction", style["title"]),
        Paragraph(
            "A client record was destroyed at the end of its retention period.",
            style["subtitle"],
        ),
        table,
        Spacer(1, 12),
        Paragraph(
            "Kept after destruction: the audit log and the record of disclosures (with the "
            "authorizations they rest on), which the law requires, and this entry of the "
            "destruction log. No clinical content remains in the vault.",
            style["body"],
        ),
        Spacer(1, 28),
        Paragraph("Signature ______________________________   Date ______________", style["body"]),
        Spacer(1, 8),
        Paragraph(
            f"Made by RecordSafe on {pdf_layout.long_date(dt.date.today())}.",
            pdf_fonts.house_styles(fonts, subtitle_after=0, heading_before=0)["subtitle"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


def save_certificate(session: VaultSession, entry: DestructionEntry, target: Path) -> str:
    """The certificate as an AES-256 encrypted PDF at `target`, named only once its audit
    entry has committed (it names the client: no file without its record). Returns its
    password, kept in the vault in the same transaction (`certificate_password` shows it
    again); a certificate saved again keeps the password already given."""
    practice = practice_info(session).name or session.name
    kept = _kept_password(session, entry.id)
    password = kept or encryption.generate_password()
    data = encryption.encrypt_pdf(render_certificate(entry, practice_name=practice), password)
    staged = StagedRelease(target, data, session)
    with session.transaction():
        if kept is None:
            session.db.execute(
                "INSERT INTO destruction_certificates (log_id, password, saved_at) "
                "VALUES (?, ?, ?)",
                (entry.id, password, now_utc()),
            )
        session.record("destruction_certificate_saved", None, log=entry.id)
        staged.write()
    return password


def _kept_password(session: VaultSession, log_id: int) -> str | None:
    value = session.db.scalar(
        "SELECT password FROM destruction_certificates WHERE log_id = ?", (log_id,)
    )
    return None if value is None else str(value)


def certificate_password(session: VaultSession, log_id: int) -> str:
    """The password of a saved certificate of destruction, shown on purpose; each look is
    audited (the record is destroyed: the entry names only the log entry)."""
    password = _kept_password(session, log_id)
    if password is None:
        raise ClosureError(
            "No certificate was saved for this entry: save one first (Save certificate…)."
        )
    session.record("destruction_certificate_password_shown", None, log=log_id)
    return password
