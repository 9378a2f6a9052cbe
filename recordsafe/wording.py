"""Words every screen and message shares, Qt-free so the domain's messages use them too:
counted nouns ("1 client", "3 clients", never "client(s)") and the one way a day is
written for people ("05 Dec 2026", never 2026-12-05 beside it).
"""

from __future__ import annotations

from datetime import date, datetime

# English names, never the C library's: Qt sets the process locale from the system at
# start, and strftime's %b/%B/%a would then write German or French months into English
# sentences (and the typed-date reader knows only English names).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and the noun, singular only for exactly one; `plural` for irregular nouns."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def day_text(day: date | None) -> str:
    """A day as shown to people everywhere: '05 Dec 2026' ('' for none)."""
    return "" if day is None else f"{day.day:02d} {MONTHS[day.month - 1][:3]} {day.year}"


def long_day(day: date) -> str:
    """A day as documents and letters write it: '5 December 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def moment_text(local: datetime, *, seconds: bool = False) -> str:
    """A moment as shown to people: 'Sun 06 Dec 2026, 02:34' (the day as day_text)."""
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{WEEKDAYS[local.weekday()][:3]} {day_text(local.date())}, {clock}"
