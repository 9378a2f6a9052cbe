"""What the encrypted database remembers about keyslots.json and about findings.

keyslots.json is readable and writable without the key; its MAC proves only that
someone holding the vault key sealed it. An older copy put back after a passphrase
change or a new recovery code is sealed too, so on its own it would bring old secrets
back to life unseen. The database, which only the key opens, therefore keeps (in its
`meta` table, docs/vault-format.md §13):

- `keyfile_slots`: the digest of every slot RecordSafe last wrote, and during a slot
  change (between its first commit and the key file's rename) the slots before it, so a
  crash in that window is no finding;
- `integrity_open`: findings not yet reviewed, and the slots nobody can vouch for. A
  finding stays, at every unlock and in every verify, until the practitioner reviews it:
  re-sealing the key file (which any write does) no longer makes it vanish;
- `recovery_unseen`: a recovery code made (new code, key rotation) but not yet shown and
  typed back, so a crash in between is told at the next unlock instead of silently
  leaving a vault whose only recovery code nobody has.

Findings name files, slot labels and kinds, never client content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from recordsafe.vault import keyslots
from recordsafe.vault.keyslots import KeySlot, KeyslotsDoc

SLOTS_KEY = "keyfile_slots"
OPEN_KEY = "integrity_open"
UNSEEN_KEY = "recovery_unseen"

KIND_WORDS = {
    "passphrase": "a passphrase",
    "recovery": "a recovery code",
    "custodian": "a custodian code",
    "device": "a remembered computer",
}


class _Database(Protocol):
    def execute(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]: ...


def slot_digest(slot: KeySlot) -> str:
    """SHA-256 of what makes the slot a key: id, kind, KDF and wrap (canonical JSON).

    A label or date edited alone is the MAC's finding, not a key nobody vouches for.
    """
    whole = keyslots.slot_to_json(slot)
    body = json.dumps(
        {k: whole[k] for k in ("id", "kind", "kdf", "wrap")}, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def digests(slots: Iterable[KeySlot], *, leave_out: Iterable[str] = ()) -> dict[str, str]:
    skipped = set(leave_out)
    return {s.id: slot_digest(s) for s in slots if s.id not in skipped}


def _get(db: _Database, key: str) -> Any:
    rows = db.execute("SELECT value FROM meta WHERE key = ?", (key,))
    if not rows:
        return None
    try:
        return json.loads(str(rows[0][0]))
    except ValueError:
        return None  # a damaged value reads as absent; the comparison then reports


def _put(db: _Database, key: str, value: Any) -> None:
    if value is None:
        db.execute("DELETE FROM meta WHERE key = ?", (key,))
        return
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, sort_keys=True)),
    )


# --- the slots RecordSafe wrote ----------------------------------------------------------


@dataclass(frozen=True)
class SlotRecord:
    current: dict[str, str]
    before: dict[str, str] | None = None


def read_record(db: _Database) -> SlotRecord | None:
    value = _get(db, SLOTS_KEY)
    if not isinstance(value, dict) or not isinstance(value.get("current"), dict):
        return None
    before = value.get("before")
    return SlotRecord(dict(value["current"]), dict(before) if isinstance(before, dict) else None)


def write_record(db: _Database, record: SlotRecord) -> None:
    _put(db, SLOTS_KEY, {"current": record.current, "before": record.before})


def start_change(db: _Database, old: Sequence[KeySlot], new: Sequence[KeySlot]) -> None:
    """Before the key file is renamed: the new slots, and the old ones until it is.

    Slots nobody has vouched for stay out of both, so a change made meanwhile (a new
    passphrase, say) does not vouch for them.
    """
    unvouched = read_open(db).unvouched
    write_record(
        db,
        SlotRecord(digests(new, leave_out=unvouched), digests(old, leave_out=unvouched)),
    )


def finish_change(db: _Database) -> None:
    """After the key file's rename: the old slots are no longer a right answer."""
    record = read_record(db)
    if record is not None and record.before is not None:
        write_record(db, SlotRecord(record.current))


@dataclass
class Comparison:
    findings: list[str] = field(default_factory=list)
    unvouched: list[str] = field(default_factory=list)  # slot ids
    record: SlotRecord | None = None  # what the record should say now, if it changes


def compare(
    doc: KeyslotsDoc,
    record: SlotRecord | None,
    *,
    mac_ok: bool,
    opened: str,
    unvouched: Sequence[str] = (),
) -> Comparison:
    """The key file on disk against the database's record of it.

    `unvouched`: slots already reported and not yet reviewed. They are named again (a
    finding stays), but not as a new rollback: RecordSafe's own re-sealing of the file
    since then is why its MAC now holds.
    """
    found = digests(doc.slots)
    if record is None:
        # A vault from before this record: trust the file as it is if its MAC holds;
        # otherwise only the slot that just opened the vault is known to be real.
        if mac_ok:
            return Comparison(record=SlotRecord(found))
        return Comparison(
            unvouched=[s for s in found if s != opened],
            record=SlotRecord({opened: found[opened]}) if opened in found else None,
        )
    if found == record.current:
        return Comparison(record=SlotRecord(found) if record.before is not None else None)
    if record.before is not None and found == record.before:
        # A crash between a slot change's first commit and its rename: it did not happen.
        return Comparison(record=SlotRecord(found))
    known = {**(record.before or {}), **record.current}
    unknown = [s for s in doc.slots if known.get(s.id) != found[s.id]]
    reported = [s for s in unknown if s.id in set(unvouched)]
    fresh = [s for s in unknown if s.id not in set(unvouched)]
    missing = [slot_id for slot_id in record.current if slot_id not in found]
    findings = []
    if mac_ok and (fresh or missing):
        findings.append(
            "The vault's key file (keyslots.json) is not the one RecordSafe last wrote: "
            "an older copy was put back, or someone holding the vault key wrote it. "
            + _difference(fresh, missing)
            + " An old passphrase or recovery code may open the vault again. Review the "
            "keys (Vault ▸ Security & keys…): remove those you do not recognise, change "
            "your passphrase and make a new recovery code."
        )
        fresh = []
    if reported or fresh:
        findings.append(
            "Keys in the key file that RecordSafe did not write: "
            + ", ".join(_name(s) for s in [*reported, *fresh])
            + ". Remove those you do not recognise (Vault ▸ Security & keys…)."
        )
    return Comparison(findings, [s.id for s in unknown])


def _name(slot: KeySlot) -> str:
    return f"“{slot.label}” ({KIND_WORDS.get(slot.kind, slot.kind)})"


def _difference(unknown: list[KeySlot], missing: list[str]) -> str:
    parts = []
    if unknown:
        parts.append(
            "It holds keys RecordSafe does not recognise as current: "
            + ", ".join(_name(s) for s in unknown)
            + "."
        )
    if missing:
        count = len(missing)
        parts.append(
            f"It lacks {count} key{'s' if count != 1 else ''} RecordSafe wrote since "
            "(for example a new passphrase or recovery code)."
        )
    return " ".join(parts)


# --- findings not yet reviewed -----------------------------------------------------------


@dataclass(frozen=True)
class OpenFindings:
    findings: tuple[str, ...] = ()
    unvouched: tuple[str, ...] = ()


def read_open(db: _Database) -> OpenFindings:
    value = _get(db, OPEN_KEY)
    if not isinstance(value, dict):
        return OpenFindings()
    findings = value.get("findings")
    unvouched = value.get("unvouched")
    return OpenFindings(
        tuple(str(f) for f in findings) if isinstance(findings, list) else (),
        tuple(str(s) for s in unvouched) if isinstance(unvouched, list) else (),
    )


def add_open(db: _Database, findings: Sequence[str], unvouched: Sequence[str] = ()) -> list[str]:
    """Keep these until reviewed; returns those not already kept."""
    kept = read_open(db)
    new = [f for f in dict.fromkeys(findings) if f not in kept.findings]
    more = [s for s in dict.fromkeys(unvouched) if s not in kept.unvouched]
    if new or more:
        _put(
            db,
            OPEN_KEY,
            {"findings": [*kept.findings, *new], "unvouched": [*kept.unvouched, *more]},
        )
    return new


def review(db: _Database, doc: KeyslotsDoc) -> None:
    """The practitioner has seen the findings and kept the keys they recognise."""
    _put(db, OPEN_KEY, None)
    write_record(db, SlotRecord(digests(doc.slots)))


# --- a recovery code not yet shown ------------------------------------------------------


def mark_unseen(db: _Database, slot_id: str, at: str) -> None:
    _put(db, UNSEEN_KEY, {"slot": slot_id, "at": at})


def unseen(db: _Database, doc: KeyslotsDoc) -> str | None:
    """When a recovery code of `doc` was made and never shown (ISO time), else None."""
    value = _get(db, UNSEEN_KEY)
    if not isinstance(value, dict):
        return None
    slot = doc.slot(str(value.get("slot")))
    # A code whose slot is not in the key file never took effect (a crash before the
    # commit point): the old code still works, and there is nothing to tell.
    return str(value.get("at")) if slot is not None and slot.kind == "recovery" else None


def clear_unseen(db: _Database) -> None:
    _put(db, UNSEEN_KEY, None)
