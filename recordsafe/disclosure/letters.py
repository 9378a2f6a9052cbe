"""Letters from the practice to a client (closure and breach notices): written, kept in the
vault, and sent only through the gate.

    letter_id = compose(session, client_id=7, kind="closure_notice",
                        template="closure-notice", fields={"effective_date": "..."},
                        addressee_name="Ada Wren", addressee_address="1 Quay St ...",
                        today=date(...))
    send_letter(session, letter_id, today=..., target=Path("ada.pdf"), password="...")
    print_letter(session, letter_id, today=..., printer=lambda pdf: ...)
    mark_delivered(session, letter_id, how="post", on=date(...))
    address_on_file(session, client_id, contact)   -> a postal address, or None (the record's,
                                                      else the newest given on a letter)
    set_address(session, letter_id, "1 Quay St…")  (not yet sent, or sent without one)

Templates are `resources/letters/<template>.md`: the first line `# Title`, then the body
with `$placeholders` (`string.Template`). Every letter also gets `$client_name`,
`$addressee_name`, `$practice_name`, `$practitioner`, `$practice_contact` and `$date`. A
placeholder without a value is refused (naming the field, never a value).

Sending is a disclosure with purpose "notice" (the gate allows a letter only to its
addressee): `send_letter` writes an AES-256 encrypted PDF; `print_letter` hands the PDF
bytes to `printer` inside the gate's transaction, so a failed print leaves no record.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from recordsafe.disclosure import gate
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.letter_pdf import render_letter_pdf
from recordsafe.disclosure.practice_info import practice_info
from recordsafe.outputs import encryption
from recordsafe.outputs.pdf_layout import long_date
from recordsafe.outputs.staged import StagedRelease
from recordsafe.records import directory, fields
from recordsafe.records._common import clean_text, iso, now_utc, parse_day
from recordsafe.resources import resource_path
from recordsafe.vault import VaultSession

DELIVERY_METHODS: Final = ("post", "email", "in person", "phone", "other")
MAX_FIELD: Final = 4000
_TEMPLATE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")
_KIND = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
# Parts of a free-text contact that are not an address: a telephone number, an e-mail.
_PHONE = re.compile(
    r"^(tel|phone|mobile|cell)?[\s.:]*[+\d(][\d\s()./-]{5,}(\s*(x|ext\.?)\s*\d+)?$", re.I
)
_EMAIL = re.compile(r"\S+@\S+")


@dataclass(frozen=True)
class Letter:
    id: int
    client_id: int
    kind: str
    title: str
    body: str
    addressee_name: str
    addressee_address: str | None
    written_on: date
    delivered_how: str | None
    delivered_on: date | None
    sent: bool  # released through the gate at least once
    signed_by: str | None = None

    @property
    def needs_address(self) -> bool:
        # A telephone number or an e-mail typed as the address is none (it cannot go by post).
        return not is_postal(self.addressee_address)


def _address_lines(text: str | None) -> tuple[list[str], int]:
    """The lines of `text` without its telephone numbers and e-mail addresses; how many
    parts (comma-separated) are left."""
    lines: list[str] = []
    count = 0
    for line in (text or "").splitlines():
        parts = [p.strip() for p in re.split(r"[,;]", line)]
        kept = [p for p in parts if p and not _PHONE.match(p) and not _EMAIL.search(p)]
        count += len(kept)
        if kept:
            lines.append(", ".join(kept))
    return lines, count


def is_postal(address: str | None) -> bool:
    """Whether a typed address can take a letter by post: something besides telephone
    numbers and e-mail addresses ("3 Bay Road" is; "555-0167" is not)."""
    return _address_lines(address)[1] > 0


def postal_address(contact: str | None) -> str | None:
    """The postal address in a free-text contact, or None: telephone numbers and e-mail
    addresses are dropped, and what is left is an address only if it has at least two
    parts (lines or comma-separated) and a number (house or postcode). "555-0167" is
    not an address, so it is never printed as one."""
    lines, count = _address_lines(contact)
    joined = "".join(lines)
    if count < 2 or not any(c.isdigit() for c in joined) or not any(c.isalpha() for c in joined):
        return None
    return "\n".join(lines)


def address_on_file(session: VaultSession, client_id: int, contact: str | None) -> str | None:
    """Where a letter to the client goes by post: the client's address field (when the
    practice uses it), else an address found in their contact, else the newest postal
    address already given on a letter to them (typed in for a closure notice, say: an
    address given once is known to every letter after it); None means "needs an address"
    (ask for one; never print a phone number in its place)."""
    postal = (fields.client_field_values(session, client_id).get("address") or "").strip()
    return postal or postal_address(contact) or _address_given(session, client_id)


def _address_given(session: VaultSession, client_id: int) -> str | None:
    """The newest postal address on a letter addressed to the client themselves (not one
    to a representative, whose address is theirs)."""
    name = directory.names(session, [client_id]).get(client_id)
    for letter in reversed(letters_for(session, client_id=client_id)):
        if letter.addressee_name == name and is_postal(letter.addressee_address):
            return letter.addressee_address
    return None


def set_address(session: VaultSession, letter_id: int, address: str) -> None:
    """Give a letter its postal address (asked for when the client has none on file). A
    letter already sent without one may get one afterwards, for the envelope: nothing is
    released again, and the release's own record keeps the (empty) address it went with."""
    letter = get_letter(session, letter_id)
    if letter.sent and not letter.needs_address:
        raise DisclosureError(
            "This letter was already sent with an address on it; its address cannot change."
        )
    text = (address or "").strip()
    if not text:
        raise DisclosureError("Type the postal address.")
    if not is_postal(text):
        raise DisclosureError(
            "That is a telephone number or an e-mail address, not a postal address."
        )
    if len(text) > MAX_FIELD:
        raise DisclosureError("The address is too long.")
    with session.transaction():
        session.db.execute(
            "UPDATE letters SET addressee_address = ? WHERE id = ?", (text, letter_id)
        )
        session.record(
            "letter_address_set", letter.client_id, letter=letter_id, after_sending=letter.sent
        )


def load_template(name: str) -> tuple[str, string.Template]:
    """(title, body template) of `resources/letters/<name>.md`."""
    if not _TEMPLATE_NAME.match(name):
        raise DisclosureError("Unknown letter template.")
    path = resource_path("letters", f"{name}.md")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        raise DisclosureError(
            f"The letter template '{name}' is missing or unreadable; reinstall RecordSafe."
        ) from None
    first, _, rest = text.lstrip().partition("\n")
    if not first.startswith("# ") or not rest.strip():
        raise DisclosureError(f"The letter template '{name}' has no title line or no text.")
    return first[2:].strip(), string.Template(rest.strip())


def _fill(template: string.Template, values: dict[str, str], name: str) -> str:
    try:
        return template.substitute(values)
    except KeyError as exc:
        raise DisclosureError(
            f"The letter needs a value for '{exc.args[0]}' (template '{name}')."
        ) from None
    except ValueError:
        raise DisclosureError(f"The letter template '{name}' has a broken placeholder.") from None


def compose(
    session: VaultSession,
    *,
    client_id: int,
    kind: str,
    template: str,
    fields: dict[str, str],
    addressee_name: str,
    addressee_address: str | None,
    today: date,
    signed_by: str | None = None,
) -> int:
    """Fill the template and keep the letter; returns its id. Audited (no content).

    `signed_by` is the sign-off's name; by default the practitioner's (Practice details).
    """
    if not _KIND.match(kind):
        raise DisclosureError("Unknown kind of letter.")
    client_name = directory.names(session, [client_id]).get(client_id)
    if client_name is None:
        raise DisclosureError("This client no longer exists.")
    addressee = clean_text(addressee_name)
    if not addressee:
        raise DisclosureError("Say to whom the letter is addressed.")
    if any(len(v) > MAX_FIELD for v in fields.values()):
        raise DisclosureError(f"Keep each part of the letter under {MAX_FIELD} characters.")
    practice = practice_info(session)
    values = {
        "client_name": client_name,
        "addressee_name": addressee,
        "practice_name": practice.name,
        "practitioner": practice.practitioner,
        "practice_contact": practice.contact,
        "date": long_date(today),
        **{k: v.strip() for k, v in fields.items()},
    }
    title, body = load_template(template)
    filled_title = _fill(string.Template(title), values, template)
    filled_body = _fill(body, values, template)
    with session.transaction():
        letter_id = session.db.execute_returning_id(
            "INSERT INTO letters (client_id, kind, title, body, addressee_name, "
            "addressee_address, written_on, signed_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                client_id,
                kind,
                filled_title,
                filled_body,
                addressee,
                (addressee_address or "").strip() or None,
                iso(today),
                clean_text(signed_by) or practice.practitioner or None,
                now_utc(),
            ),
        )
        session.record("letter_written", client_id, letter=letter_id, kind=kind)
    return letter_id


_COLUMNS = (
    "l.id, l.client_id, l.kind, l.title, l.body, l.addressee_name, l.addressee_address, "
    "l.written_on, l.delivered_how, l.delivered_on, EXISTS (SELECT 1 FROM disclosure_items d "
    "WHERE d.item_kind = 'letter' AND d.item_id = l.id), l.signed_by"
)


def _letter(row: tuple[object, ...]) -> Letter:
    return Letter(
        id=int(str(row[0])),
        client_id=int(str(row[1])),
        kind=str(row[2]),
        title=str(row[3]),
        body=str(row[4]),
        addressee_name=str(row[5]),
        addressee_address=None if row[6] is None else str(row[6]),
        written_on=date.fromisoformat(str(row[7])),
        delivered_how=None if row[8] is None else str(row[8]),
        delivered_on=parse_day(row[9]),
        sent=bool(row[10]),
        signed_by=None if row[11] is None else str(row[11]),
    )


def get_letter(session: VaultSession, letter_id: int) -> Letter:
    rows = session.db.execute(f"SELECT {_COLUMNS} FROM letters l WHERE l.id = ?", (letter_id,))  # noqa: S608
    if not rows:
        raise DisclosureError("This letter no longer exists.")
    return _letter(tuple(rows[0]))


def letters_for(
    session: VaultSession, *, kind: str | None = None, client_id: int | None = None
) -> list[Letter]:
    where, params = ["1 = 1"], []
    if kind is not None:
        where.append("l.kind = ?")
        params.append(kind)
    if client_id is not None:
        where.append("l.client_id = ?")
        params.append(str(client_id))
    rows = session.db.execute(
        f"SELECT {_COLUMNS} FROM letters l WHERE {' AND '.join(where)} ORDER BY l.id",  # noqa: S608
        params,
    )
    return [_letter(tuple(r)) for r in rows]


def letter_kinds(session: VaultSession, disclosure_ids: list[int]) -> dict[int, str]:
    """The kind of letter each of these disclosures released (releases of a letter only),
    so a batch of notices can be shown as one batch."""
    found: dict[int, str] = {}
    for start in range(0, len(disclosure_ids), 500):
        chunk = disclosure_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        sql = (
            "SELECT i.disclosure_id, l.kind FROM disclosure_items i JOIN letters l "
            "ON l.id = i.item_id WHERE i.item_kind = 'letter' AND i.disclosure_id IN "
        )
        for disclosure_id, kind in session.db.execute(f"{sql}({marks})", chunk):
            found[int(disclosure_id)] = str(kind)
    return found


def notice_request(letter: Letter) -> gate.Request:
    return gate.Request(
        items=(gate.Item("letter", letter.id),),
        recipient=gate.Recipient(letter.addressee_name, address=letter.addressee_address),
        purpose="notice",
        requested_by="practice",
    )


def _render(session: VaultSession, letter: Letter) -> bytes:
    return render_letter_pdf(
        title=letter.title,
        body=letter.body,
        addressee_name=letter.addressee_name,
        addressee_address=letter.addressee_address,
        written_on=letter.written_on,
        practice=practice_info(session),
        signed_by=letter.signed_by,
    )


def _release(
    session: VaultSession,
    letter_id: int,
    today: date,
    write: Callable[[bytes], None],
    discard: Callable[[], None] | None,
) -> int:
    letter = get_letter(session, letter_id)
    request = notice_request(letter)
    decision = gate.evaluate(session, request, today=today)
    if not decision.all_allowed:
        # The gate's reason names people; an exception never does.
        raise DisclosureError("This letter cannot be sent: it goes only to its addressee.")
    pdf = _render(session, letter)
    return gate.disclose(
        session,
        request,
        decision,
        write_output=lambda: write(pdf),
        discard_output=discard,
        client_informed=True,  # the letter is what informs them
    )


def send_letter(
    session: VaultSession, letter_id: int, *, today: date, target: Path, password: str
) -> int:
    """An AES-256 encrypted PDF of the letter at `target`, recorded; the disclosure id."""
    if not password:
        raise DisclosureError("Set a password for the letter's PDF.")

    staged: list[StagedRelease] = []

    def write(pdf: bytes) -> None:
        # Named only once the record (and any change it is nested in) has committed.
        staged.append(StagedRelease(target, encryption.encrypt_pdf(pdf, password), session))
        staged[-1].write()

    def discard() -> None:
        for release in staged:
            release.discard()

    return _release(session, letter_id, today, write, discard)


def password_letter_file_name(letter_id: int) -> str:
    return f"password-letter-{letter_id:05d}.pdf"  # no client's name in a file name


def save_password_letters(
    session: VaultSession, letter_ids: list[int], *, folder: Path, today: date
) -> tuple[list[Path], str]:
    """Written password letters as PDFs in `folder`, each through the gate, for a computer
    with no printer: to print elsewhere. A letter holds a notice's password, so it is never
    left readable: all are encrypted with one new password, returned to be shown on screen
    (not kept). The files, and that password."""
    password = encryption.generate_password()
    saved: list[Path] = []
    for letter_id in letter_ids:
        target = folder / password_letter_file_name(letter_id)
        send_letter(session, letter_id, today=today, target=target, password=password)
        saved.append(target)
    return saved, password


def print_letter(
    session: VaultSession, letter_id: int, *, today: date, printer: Callable[[bytes], None]
) -> int:
    """Hand the PDF to `printer` inside the gate's transaction; the disclosure id."""
    return _release(session, letter_id, today, printer, None)


def mark_delivered(session: VaultSession, letter_id: int, *, how: str, on: date) -> None:
    if how not in DELIVERY_METHODS:
        raise DisclosureError("Say how the letter was delivered.")
    letter = get_letter(session, letter_id)
    if not letter.sent:
        raise DisclosureError("Produce the letter (save or print it) before marking it delivered.")
    if on < letter.written_on:
        raise DisclosureError("The delivery date is before the letter was written.")
    if on > date.today():
        raise DisclosureError("The delivery date is in the future.")
    with session.transaction():
        session.db.execute(
            "UPDATE letters SET delivered_how = ?, delivered_on = ? WHERE id = ?",
            (how, iso(on), letter_id),
        )
        session.record("letter_delivered", letter.client_id, letter=letter_id, how=how)


def password_letter(
    session: VaultSession,
    notice_id: int,
    *,
    file_name: str,
    password: str,
    kind: str,
    template: str,
    today: date,
    fields: dict[str, str] | None = None,
) -> int:
    """A short letter giving the password of the notice `notice_id` (saved as the encrypted
    PDF `file_name`), to post apart from the file; the letter id. Written once per notice
    (asked again, the same letter), to the notice's addressee, signed as the notice was.
    Closure and breach notices keep their passwords this way; the template says which."""
    notice = get_letter(session, notice_id)
    for existing in letters_for(session, kind=kind, client_id=notice.client_id):
        if f"({file_name})" in existing.body:
            return existing.id
    return compose(
        session,
        client_id=notice.client_id,
        kind=kind,
        template=template,
        fields={**(fields or {}), "file_name": file_name, "password": password},
        addressee_name=notice.addressee_name,
        addressee_address=notice.addressee_address,
        today=today,
        signed_by=notice.signed_by,
    )
