"""Small helpers shared by the records modules: dates, times, name keys, errors."""

from __future__ import annotations

import contextlib
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime

import sqlcipher3

from recordsafe.records.errors import RecordError, SignedNoteLocked


def now_utc() -> str:
    """A timestamp for created/updated/signed columns: ISO 8601 UTC, seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def today() -> date:
    return date.today()


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def parse_day(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def require_day(value: object, what: str) -> date:
    """A `date` (not a datetime, not a string): the UI parses, the domain checks."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise RecordError(f"The {what} is not a valid date.")
    return value


def clean_text(value: str | None) -> str | None:
    """Trimmed text, or None when nothing is left."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def name_key(name: str) -> str:
    """Case- and accent-folded name with single spaces: for sorting and duplicate checks."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def placeholders(count: int) -> str:
    return ", ".join("?" * count)


# SQLite's default limit of bound parameters is 32,766; stay far below it.
ID_CHUNK = 900


def id_chunks(ids: Iterable[int]) -> list[list[int]]:
    """The ids without repeats, in lists short enough for one `IN (…)` each."""
    unique = list(dict.fromkeys(int(i) for i in ids))
    return [unique[i : i + ID_CHUNK] for i in range(0, len(unique), ID_CHUNK)]


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Turn the schema's own refusals (triggers, checks) into plain-worded RecordErrors.

    The domain refuses first; reaching a trigger means a bug or a raw edit, and SQLite's
    message is not copied (it can quote values).
    """
    try:
        yield
    except (sqlcipher3.dbapi2.IntegrityError, sqlite3.IntegrityError) as exc:
        text = str(exc)
        if "signed note" in text:
            raise SignedNoteLocked(
                "A signed note cannot be changed or deleted. Add an addendum instead."
            ) from None
        if "participant of the case" in text:
            raise RecordError("A subject must be a participant of the note's case.") from None
        raise RecordError("The change was refused by the vault's own consistency rules.") from None
