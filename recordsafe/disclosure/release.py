"""One release, from the gate's decision to the output, as the release dialog runs it.

    decision = gate.evaluate(session, request, today=day)          # shown item by item
    texts = item_texts(session, decision.request.items, today=day)   # what goes out
    texts, removals = deidentify_items(texts, identifying_names(...), extra_terms)
    release(session, ReleasePlan(client_id, decision, texts, ToFile(path, password), ...))

`release` is the one call that sends records out: it keeps the practice's 42 CFR Part 2
mark, builds the cover, and writes (`release_to_file`: `encrypted_pdf` in memory, then
the file) or prints (`release_to_printer`) through `gate.disclose`.

`encrypted_pdf` is `release_pdf.render_release_pdf` then `encryption.encrypt_pdf`, bytes to bytes
(benchmarks/pdf_release.py measures exactly it). The file is written once, encrypted, as
an `StagedRelease` (`gate.disclose`'s `write_output`), and gets its name when the
record commits: no record without the file, no file without the record, even if the
process dies in between (then at worst a record whose file did not appear). Printing
goes through `gate.disclose` too: the print itself is the `write_output`, so a print that
fails records nothing. No Qt here: the dialog passes the printing callback in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Final

from recordsafe.disclosure import (
    contents,
    court_orders,
    deidentify,
    known_names,
    practice_info,
    release_pdf,
)
from recordsafe.disclosure._common import PURPOSES
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.gate import Decision, Item, Request, disclose
from recordsafe.disclosure.release_pdf import CoverInfo, ReleaseItem
from recordsafe.outputs import encryption
from recordsafe.outputs.staged import StagedRelease
from recordsafe.records import cases, directory
from recordsafe.vault import VaultSession
from recordsafe.wording import day_text

MIN_PASSWORD: Final = 12
MAX_PASSWORD: Final = 128
PART2_SETTING: Final = "part2_client:"  # + client id: "1" when the records are 42 CFR Part 2
NOTE_KINDS: Final[dict[str, str]] = {
    "progress": "Progress note",
    "psychotherapy": "Psychotherapy note",
    "intake": "Intake note",
    "contact": "Contact note",
    "collateral": "Collateral contact",
}
ATTACHMENT_LEFT_OUT: Final = (
    "(The document's file is left out: a file cannot be de-identified. Only this "
    "description is released.)"
)
DEIDENTIFIED_LABEL: Final = "De-identified (names, dates, places, contacts and identifiers removed)"


# --- what goes out -------------------------------------------------------------------


def item_texts(session: VaultSession, items: Sequence[Item], *, today: date) -> list[ReleaseItem]:
    """The text of each item, in the request's order (`contents.release_items`)."""
    return contents.release_items(session, items, today=today)


# --- de-identification (training, consultation) --------------------------------------


def identifying_names(session: VaultSession, items: Sequence[Item]) -> list[str]:
    """Every person the items could name: subjects, all participants of their cases, and
    their personal representatives (the review screen lets the user add more)."""
    notes = directory.note_facts(session, (i.id for i in items if i.kind == "note"))
    client_ids = {s for note in notes.values() for s in note.subjects}
    client_ids |= {i.id for i in items if i.kind == "summary"}
    documents = directory.document_facts(session, (i.id for i in items if i.kind == "document"))
    client_ids |= {doc.client_id for doc in documents.values()}
    client_ids |= directory.participants_of_cases(session, {n.case_id for n in notes.values()})
    names: list[str] = []
    for person in sorted(directory.people(session, client_ids).values(), key=lambda p: p.id):
        names.append(person.name)
        representative = person.representative_name
        if representative:
            names.append(str(representative))
    # And every other name the vault knows (other clients, recipients, the practice...).
    return list(dict.fromkeys([*names, *known_names.vault_names(session)]))


def deidentify_items(
    texts: Sequence[ReleaseItem], names: Sequence[str], extra_terms: Sequence[str]
) -> tuple[list[ReleaseItem], list[list[deidentify.Removal]]]:
    """Each item de-identified (title, date and body), with the removals for review."""
    out: list[ReleaseItem] = []
    removals: list[list[deidentify.Removal]] = []
    index = deidentify.index_names(names)
    for text in texts:
        found: list[deidentify.Removal] = []
        parts = []
        for value in (text.title, text.date, text.kind, text.body):
            result = deidentify.deidentify(value, names=index, extra_terms=list(extra_terms))
            parts.append(result.text)
            found += result.removals
        body = parts[3]
        if text.attachment is not None:
            # A scanned file cannot be de-identified: it stays out of the output.
            body += f"\n\n{ATTACHMENT_LEFT_OUT}"
        out.append(ReleaseItem(parts[0], parts[1], parts[2], body))
        removals.append(found)
    return out, removals


# --- the cover and the output --------------------------------------------------------


def is_part2(session: VaultSession, client_ids: Iterable[int]) -> bool:
    """Whether the practice marked any of these clients' records as 42 CFR Part 2."""
    return any(session.get_setting(f"{PART2_SETTING}{cid}") == "1" for cid in client_ids)


def mark_part2(session: VaultSession, client_id: int, part2: bool) -> None:
    if is_part2(session, [client_id]) != part2:
        session.set_setting(f"{PART2_SETTING}{client_id}", "1" if part2 else "0")


def client_label(session: VaultSession, decision: Decision) -> str:
    ids = list(dict.fromkeys(s for d in decision.items for s in d.subjects))
    if decision.request.deidentified:
        return DEIDENTIFIED_LABEL
    if not ids:
        return ""
    names = directory.names(session, ids)
    return ", ".join(names[i] for i in ids if i in names)


def cover_for(session: VaultSession, decision: Decision, *, part2: bool) -> CoverInfo:
    request = decision.request
    practice = practice_info.practice_info(session)
    recipient = request.recipient.name
    if request.recipient.organisation:
        recipient = f"{recipient}, {request.recipient.organisation}"
    ordered = request.court_order_id is not None and any(
        d.basis == "court_order" for d in decision.items
    )
    return CoverInfo(
        recipient=recipient,
        recipient_address=request.recipient.address or "",
        purpose=PURPOSES.get(request.purpose, request.purpose).lower(),
        practice_name=practice.name or session.name,
        practitioner=practice.practitioner,
        released_on=decision.evaluated_on,
        client_label=client_label(session, decision),
        part2=part2,
        to_the_client=request.purpose == "client_request" and request.requested_by == "client",
        court_order=court_orders.citation(session, request.court_order_id)
        if ordered and request.court_order_id is not None
        else "",
    )


def check_password(password: str, repeated: str) -> None:
    """A password the user typed: long enough, the same twice (DisclosureError if not)."""
    if len(password) < MIN_PASSWORD:
        raise DisclosureError(f"The password needs at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise DisclosureError(f"The password can have at most {MAX_PASSWORD} characters.")
    if password != password.strip():
        raise DisclosureError("The password starts or ends with a space: remove it.")
    if password != repeated:
        raise DisclosureError("The two passwords are not the same.")


def encrypted_pdf(texts: list[ReleaseItem], cover: CoverInfo, password: str) -> bytes:
    """Render and encrypt (AES-256) in memory: the plaintext PDF never touches the disk."""
    return encryption.encrypt_pdf(release_pdf.render_release_pdf(texts, cover), password)


def _check_texts(session: VaultSession, decision: Decision, texts: Sequence[ReleaseItem]) -> None:
    if len(texts) != len(decision.items):
        raise DisclosureError("The printout does not match the items: check the items again.")
    # Whether the text is de-identified, the gate itself checks (`disclose`'s output_texts).
    if decision.request.deidentified and any(t.attachment is not None for t in texts):
        raise DisclosureError("A de-identified release cannot carry a scanned file.")


def _all_text(texts: Sequence[ReleaseItem]) -> list[str]:
    """Every text the output carries (the gate checks a de-identified one)."""
    return [v for t in texts for v in (t.title, t.date, t.kind, t.body)]


def release_to_file(
    session: VaultSession,
    request: Request,
    decision: Decision,
    *,
    texts: list[ReleaseItem],
    cover: CoverInfo,
    password: str,
    target: Path,
    client_informed: bool,
    not_informed_reason: str | None = None,
    with_record: Callable[[], None] | None = None,
) -> int:
    """Encrypt in memory, then record the disclosure and write the file in one step
    (`with_record`: a change saved in the same transaction, or not at all)."""
    _check_texts(session, decision, texts)
    if target.exists():
        raise DisclosureError("A file with that name already exists: choose another name.")
    # The file gets its name only once the record has committed (see gate's contract).
    staged = StagedRelease(target, encrypted_pdf(texts, cover, password), session)
    return disclose(
        session,
        request,
        decision,
        write_output=_then(with_record, staged.write),
        discard_output=staged.discard,
        client_informed=client_informed,
        not_informed_reason=not_informed_reason,
        output_texts=_all_text(texts),
    )


def release_to_printer(
    session: VaultSession,
    request: Request,
    decision: Decision,
    *,
    texts: list[ReleaseItem],
    cover: CoverInfo,
    print_pdf: Callable[[bytes], None],
    client_informed: bool,
    not_informed_reason: str | None = None,
    with_record: Callable[[], None] | None = None,
) -> int:
    """Render in memory and print (`print_pdf`) as the disclosure's output; recorded
    (`with_record`: a change saved in the same transaction, or not at all)."""
    _check_texts(session, decision, texts)
    pdf = release_pdf.render_release_pdf(texts, cover)
    return disclose(
        session,
        request,
        decision,
        write_output=_then(with_record, lambda: print_pdf(pdf)),
        client_informed=client_informed,
        not_informed_reason=not_informed_reason,
        output_texts=_all_text(texts),
    )


@dataclass(frozen=True)
class ToFile:
    """An AES-256 encrypted PDF at `target` (which must not exist yet)."""

    target: Path
    password: str


@dataclass(frozen=True)
class ToPrinter:
    """Printed by `print_pdf` (the window's printing, given the plain PDF in memory)."""

    print_pdf: Callable[[bytes], None]


@dataclass(frozen=True)
class ReleasePlan:
    """Everything a release needs once the user has decided: the final decision (every
    item allowed), the text of each item as it goes out, and where it goes."""

    client_id: int  # whose records the release was started from
    decision: Decision
    texts: Sequence[ReleaseItem]
    output: ToFile | ToPrinter
    client_informed: bool
    not_informed_reason: str | None = None
    part2: bool | None = None  # the client's records are 42 CFR Part 2; None: leave the mark


def release(session: VaultSession, plan: ReleasePlan) -> int:
    """Record the disclosure and write or print its output, in one step; its id.

    The plan's Part 2 mark is kept inside the disclosure's transaction: a release the gate
    refuses, or whose output fails, leaves the mark as it was."""
    decision = plan.decision
    subjects = list(dict.fromkeys(s for d in decision.items for s in d.subjects))
    cover = cover_for(session, decision, part2=_part2_once_marked(session, plan, subjects))
    keep_mark = (
        None if plan.part2 is None else partial(mark_part2, session, plan.client_id, plan.part2)
    )
    texts = list(plan.texts)
    if isinstance(plan.output, ToFile):
        return release_to_file(
            session,
            decision.request,
            decision,
            texts=texts,
            cover=cover,
            password=plan.output.password,
            target=plan.output.target,
            client_informed=plan.client_informed,
            not_informed_reason=plan.not_informed_reason,
            with_record=keep_mark,
        )
    return release_to_printer(
        session,
        decision.request,
        decision,
        texts=texts,
        cover=cover,
        print_pdf=plan.output.print_pdf,
        client_informed=plan.client_informed,
        not_informed_reason=plan.not_informed_reason,
        with_record=keep_mark,
    )


def _part2_once_marked(session: VaultSession, plan: ReleasePlan, subjects: list[int]) -> bool:
    """Whether the cover quotes 42 CFR 2.32: the subjects' marks as the release leaves them."""
    if plan.part2 is None or plan.client_id not in subjects:
        return is_part2(session, subjects)
    others = [c for c in subjects if c != plan.client_id]
    return plan.part2 or is_part2(session, others)


def _then(first: Callable[[], None] | None, write: Callable[[], None]) -> Callable[[], None]:
    """The output step of `disclose`, after `first` (a change kept with the record)."""
    if first is None:
        return write

    def both() -> None:
        first()
        write()

    return both


def narrowed(request: Request, keep: Iterable[Item]) -> Request:
    return replace(request, items=tuple(i for i in request.items if i in set(keep)))


# --- what the dialog lists -----------------------------------------------------------


def client_items(session: VaultSession, client_id: int) -> list[Item]:
    """A client's whole record as gate items: signed notes (newest first), documents, a
    summary. The dialog lists them unchecked: the user picks the minimum necessary."""
    note_ids = directory.signed_notes_about(session, client_id)
    doc_ids = directory.documents_of_client(session, client_id)
    return [
        *(Item("note", i) for i in note_ids),
        *(Item("document", i) for i in doc_ids),
        Item("summary", client_id),
    ]


def item_labels(session: VaultSession, items: Sequence[Item]) -> dict[Item, str]:
    """A short label per item for the dialog's list: kind and date, no content."""
    labels: dict[Item, str] = {}
    for note in directory.note_facts(session, (i.id for i in items if i.kind == "note")).values():
        draft = " (draft)" if not note.signed else ""
        labels[Item("note", note.id)] = (
            f"{NOTE_KINDS.get(note.kind, 'Note')}, {day_text(note.note_date)}"
            f"{draft} · {note.case_title}"
        )
    for doc in directory.document_facts(
        session, (i.id for i in items if i.kind == "document")
    ).values():
        labels[Item("document", doc.id)] = f"Document: {doc.name}"
    other = {
        "summary": "Summary of the record",
        "accounting": "Accounting of disclosures",
        "audit": "Audit extract",
        "letter": "Letter",
    }
    for item in items:
        if item.kind in other:
            labels[item] = other[item.kind]
        labels.setdefault(item, "An item that no longer exists")
    return labels


def has_psychotherapy_notes(session: VaultSession, items: Sequence[Item]) -> bool:
    """Whether any item is a psychotherapy note (only then is the clinician's decision to
    release them to the client asked)."""
    notes = directory.note_facts(session, (i.id for i in items if i.kind == "note"))
    return any(note.kind == "psychotherapy" for note in notes.values())


def records_of(
    session: VaultSession, client_id: int, items: Sequence[Item], *, case_title: bool = True
) -> str:
    """Whose records a release holds, for its window: the client, and the case when every
    note comes from one joint case (whose other members the notes may also be about);
    its kind only without `case_title` (a title can hold names: privacy mode)."""
    name = directory.names(session, [client_id]).get(client_id, "a client no longer recorded")
    notes = directory.note_facts(session, (i.id for i in items if i.kind == "note"))
    case_ids = {note.case_id for note in notes.values()}
    if len(case_ids) != 1:
        return name
    case = cases.get_case(session, case_ids.pop())
    if not case.is_joint:
        return name
    return f"{name}, {case.kind} case" + (f" \u201c{case.title}\u201d" if case_title else "")


@dataclass(frozen=True)
class NotesAboutOthers:
    """Signed notes of one of the client's joint cases about other participants only."""

    case_title: str
    about: tuple[str, ...]  # the participants they are about, by name
    count: int


def notes_about_others(session: VaultSession, client_id: int) -> list[NotesAboutOthers]:
    """What a release of this client's whole record leaves out because it is not theirs:
    notes of their joint cases about other participants only (a partner's individual
    session). The dialog says they exist, how many and about whom, never what they say."""
    joint = [
        case_id for case_id, members in directory.cases_of_client(session, client_id) if members > 1
    ]
    notes = directory.note_facts(session, directory.notes_in_cases(session, joint))
    counts: dict[tuple[str, tuple[int, ...]], int] = {}
    for note in notes.values():
        if note.signed and note.subjects and client_id not in note.subjects:
            key = (note.case_title, note.subjects)
            counts[key] = counts.get(key, 0) + 1
    names = directory.names(session, {s for _, subjects in counts for s in subjects})
    return [
        NotesAboutOthers(title, tuple(names.get(s, "a participant") for s in subjects), count)
        for (title, subjects), count in counts.items()
    ]


def court_orders_for(session: VaultSession, client_id: int) -> list[tuple[int, str]]:
    """(id, label) of the court orders recorded for a client, newest first."""
    return [
        (int(r[0]), f"{r[1]}, {day_text(date.fromisoformat(str(r[2])))}")
        for r in session.db.execute(
            "SELECT id, court, ordered_on FROM court_orders WHERE client_id = ? "
            "ORDER BY ordered_on DESC, id DESC",
            (client_id,),
        )
    ]
