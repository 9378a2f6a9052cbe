"""Small helpers for the disclosure modules: vocabularies, dates, refusals."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Final, Literal

import sqlcipher3

from recordsafe.disclosure.errors import DisclosureError
from recordsafe.records.notes import KINDS as NOTE_KINDS

Purpose = Literal[
    "client_request",
    "treatment",
    "payment",
    "legal",
    "emergency",
    "training",
    "consultation",
    "custodian_transfer",
    "media",
    "other",
    "notice",
]
PURPOSES: Final[dict[str, str]] = {
    "client_request": "At the client's request",
    "treatment": "Treatment",
    "payment": "Payment",
    "legal": "Legal proceedings",
    "emergency": "Emergency",
    "training": "Training",
    "consultation": "Consultation",
    "custodian_transfer": "Transfer to a records custodian",
    "media": "Media",
    "other": "Other",
    "notice": "Notice to the client",
}
# A notice (a closure or breach letter) is the practice's own duty, never a consent's purpose.
# Searching online about the client (1.07 p-q) is a purpose of a consent, not of a release:
# nothing leaves the vault, so the gate never sees it; `searches` asks for it.
ONLINE_SEARCH: Final = "online_search"
ConsentPurpose = Purpose | Literal["online_search"]
CONSENT_PURPOSES: Final[dict[str, str]] = {
    **{k: v for k, v in PURPOSES.items() if k != "notice"},
    ONLINE_SEARCH: "Searching online about the client",
}
# What a consent can cover: the note kinds, documents and summaries.
ScopeKind = Literal[
    "progress", "psychotherapy", "intake", "contact", "collateral", "documents", "summary"
]
SCOPE_KINDS: Final = (
    "progress",
    "psychotherapy",
    "intake",
    "contact",
    "collateral",
    "documents",
    "summary",
)
# As the consent form's tick boxes name them (the consent dialog, the gate's reasons).
SCOPE_LABELS: Final[dict[str, str]] = {
    **{kind: f"{label}s" for kind, label in NOTE_KINDS.items()},
    "collateral": "Collateral contacts",
    "documents": "Documents",
    "summary": "Summary of the record",
}
# Record items, and what the app writes about a client: a letter (notice), their accounting
# of disclosures, the audit entries about them.
ItemKind = Literal["note", "document", "summary", "letter", "accounting", "audit"]
ITEM_KINDS: Final = ("note", "document", "summary", "letter", "accounting", "audit")
COURT_ORDER_KINDS: Final = ("note", "document", "summary")


def add_years(day: date, years: int) -> date:
    """Same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


@contextlib.contextmanager
def refused_by_schema(message: str) -> Iterator[None]:
    """The schema's own checks (triggers, CHECKs) as a plain DisclosureError.

    The domain refuses first; SQLite's text is never copied (it can quote values).
    """
    try:
        yield
    except (sqlcipher3.dbapi2.IntegrityError, sqlite3.IntegrityError):
        raise DisclosureError(message) from None
