"""Dates in forms: one display format everywhere, pickers that cannot go past today."""

from __future__ import annotations

import re
from datetime import date

from recordsafe import wording
from recordsafe.ui.qt import QtCore, QtWidgets
from recordsafe.wording import day_text

DAY_FORMAT = "dd MMM yyyy"  # a picker's display format: the same as day_text's


def format_day(day: date | None) -> str:
    return day_text(day)  # one format, defined once (the domain's messages use it too)


def format_stamp_day(stamp: str | None) -> str:
    """The day of a stored ISO time stamp ('2026-11-26T10:58:01Z'), shown as format_day."""
    return format_day(date.fromisoformat(stamp[:10])) if stamp else ""


# English month names (not the locale's: the app's words are English), full and short.
_MONTH_WORDS = {
    name: n for n, full in enumerate(wording.MONTHS, 1) for name in (full.lower(), full[:3].lower())
}
_MONTH_WORDS["sept"] = 9
_WEEKDAYS = {day.lower() for day in wording.WEEKDAYS}
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d+)")  # 03/12/2026, in locale order
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"[^\W\d_]+\.?|\d+(?:st|nd|rd|th)?|[\s,/-]+", re.IGNORECASE)


def month_first() -> bool:
    """Whether this computer writes a date in numbers month first (US: 7/4/1980 is July 4),
    from the system locale; elsewhere the day comes first."""
    pattern = QtCore.QLocale().dateFormat(QtCore.QLocale.FormatType.ShortFormat)
    return pattern.lstrip().startswith("M")


def numeric_example(day: date) -> str:
    """'26/07/1956', or '07/26/1956' where the month comes first."""
    first, second = (day.month, day.day) if month_first() else (day.day, day.month)
    return f"{first:02d}/{second:02d}/{day.year}"


def typed_day_examples() -> str:
    return f"3 December 2026, December 3, 2026, {numeric_example(date(2026, 12, 3))} or 2026-12-03"


def _how() -> str:
    return f"type it like {typed_day_examples()}."


def parse_typed_day(text: str) -> date | None:
    """A typed date; None when empty. ValueError, whose text says what could not be read
    (to follow "That is not a date: "), when it cannot be read.

    Read: 3 December 2026, 3 Dec 2026, 3rd December 2026, December 3, 2026 (a weekday in
    front is allowed), 03/12/2026 or 3.12.2026 (day first, or month first where the system
    locale writes it so: see month_first), 2026-12-03."""
    text = " ".join(text.split())
    if not text:
        return None
    if match := _ISO.fullmatch(text):
        year, month, day = (int(x) for x in match.groups())
        return _checked(year, month, day)
    if match := _NUMERIC.fullmatch(text):
        first, second, year = (int(x) for x in match.groups())
        month, day = (first, second) if month_first() else (second, first)
        if month > 12 and day <= 12:  # typed the other way round: say which comes first
            which = "month" if month_first() else "day"
            order = "MM/DD/YYYY" if month_first() else "DD/MM/YYYY"
            swapped = f"{second:02d}/{first:02d}/{year}"
            way = swapped if _exists(year, day, month) else order  # 31/02 is no day either way
            raise ValueError(f"there is no month {month}: type the {which} first ({way}).")
        return _checked(_full_year(match.group(3)), month, day)
    return _day_in_words(text)


def _day_in_words(text: str) -> date:
    parts = _WORDS.findall(text)
    if "".join(parts) != text:  # something that is neither a word, a number nor a separator
        raise ValueError(_how())
    tokens = [p.rstrip(".").lower() for p in parts if p.strip(" ,/-")]
    if len(tokens) == 4 and tokens[0] in _WEEKDAYS:
        tokens = tokens[1:]
    words = [t for t in tokens if t.isalpha()]
    if len(tokens) != 3 or len(words) != 1:
        raise ValueError(_how())
    word = words[0]
    if word not in _MONTH_WORDS:
        shown = next(p.rstrip(".") for p in parts if p.rstrip(".").lower() == word)
        raise ValueError(f"“{shown}” is not a month: write December or Dec, for example.")
    if tokens.index(word) == 2:  # 3 2026 December
        raise ValueError(_how())
    day_token, year_token = [t for t in tokens if t != word]
    if len(day_token) == 4 and day_token.isdigit():  # 2026 December 3
        day_token, year_token = year_token, day_token
    if not year_token.isdigit():
        raise ValueError(_how())
    day = int(day_token.rstrip("stndrh"))
    return _checked(_full_year(year_token), _MONTH_WORDS[word], day)


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _full_year(token: str) -> int:
    if len(token) != 4:
        raise ValueError("give the year in full (2026, not 26).")
    return int(token)


def _checked(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}.")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{wording.MONTHS[month - 1]} {year} has no day {day}.") from None


def to_qdate(day: date) -> QtCore.QDate:
    return QtCore.QDate(day.year, day.month, day.day)


def from_qdate(value: QtCore.QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date | None = None) -> QtWidgets.QDateEdit:
    """A date picker with a calendar, defaulting to today, that cannot go past today."""
    edit = QtWidgets.QDateEdit(to_qdate(day or date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DAY_FORMAT)
    edit.setMaximumDate(to_qdate(date.today()))
    edit.setMinimumDate(QtCore.QDate(1900, 1, 1))
    return edit
