"""Small helpers for the breach modules: the error, text checks, dates."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from typing import Final

import sqlcipher3

from recordsafe.vault.errors import VaultError

MAX_TEXT: Final = 5000


class BreachError(VaultError):
    """A breach record the rules refuse; `message` names the rule, never client content."""


def text(value: str | None, what: str, *, required: bool = True) -> str | None:
    """Trimmed text; an empty required value or an over-long one is refused."""
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise BreachError(f"Say {what}.")
        return None
    if len(cleaned) > MAX_TEXT:
        raise BreachError(f"The text for {what} is longer than {MAX_TEXT} characters.")
    return cleaned


def day(value: object, what: str) -> date:
    """A `date` (not a datetime or a string): the UI parses, the domain checks."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise BreachError(f"The {what} is not a valid date.")
    return value


@contextlib.contextmanager
def refused_by_schema(message: str) -> Iterator[None]:
    """The schema's own checks as a plain BreachError (SQLite's text can quote values)."""
    try:
        yield
    except (sqlcipher3.dbapi2.IntegrityError, sqlite3.IntegrityError):
        raise BreachError(message) from None
