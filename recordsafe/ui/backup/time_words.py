"""Times as a practitioner reads them: local, with the weekday, and "3 days ago"."""

from __future__ import annotations

from datetime import UTC, datetime

from recordsafe.wording import moment_text


def local_time(moment: datetime) -> str:
    """E.g. "Thu 26 Nov 2026, 10:22" in this computer's time zone (wording.moment_text)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    local = aware.astimezone()
    return moment_text(local)


def days_ago(moment: datetime, now: datetime | None = None) -> str:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    today = (now or datetime.now(UTC)).astimezone().date()
    days = (today - aware.astimezone().date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def parse_utc(text: str) -> datetime | None:
    """The vault's UTC stamps ("…Z"); None for anything else."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
