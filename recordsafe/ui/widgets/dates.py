"""Dates in forms: one display format everywhere, pickers that cannot go past today."""

from __future__ import annotations

import re
from datetime import date

from recordsafe.ui.qt import QtCore, QtWidgets
from recordsafe.wording import day_text

DAY_FORMAT = "dd MMM yyyy"  # a picker's display format: the same as day_text's


def format_day(day: date | None) -> str:
    return day_text(day)  # one format, defined once (the domain's messages use it too)


def format_stamp_day(stamp: str | None) -> str:
    """The day of a stored ISO time stamp ('2026-11-26T10:58:01Z'), shown as format_day."""
    return format_day(date.fromisoformat(stamp[:10])) if stamp else ""


# English month names (not the locale's: the app's words are English), full and short.
MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH_WORDS = {name: n for n, full in enumerate(MONTHS, 1) for name in (full, full[:3])}
_MONTH_WORDS["sept"] = 9
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
TYPED_DAY_EXAMPLES = "3 December 2026, December 3, 2026, 03/12/2026 or 2026-12-03"
_HOW = f"type it like {TYPED_DAY_EXAMPLES}."
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d+)")  # day first: 03/12/2026
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"[^\W\d_]+\.?|\d+(?:st|nd|rd|th)?|[\s,/-]+", re.IGNORECASE)


def parse_typed_day(text: str) -> date | None:
    """A typed date; None when empty. ValueError, whose text says what could not be read
    (to follow "That is not a date: "), when it cannot be read.

    Read: 3 December 2026, 3 Dec 2026, 3rd December 2026, December 3, 2026 (a weekday in
    front is allowed), 03/12/2026 or 3.12.2026 (day first), 2026-12-03."""
    text = " ".join(text.split())
    if not text:
        return None
    if match := _ISO.fullmatch(text):
        year, month, day = (int(x) for x in match.groups())
        return _checked(year, month, day)
    if match := _NUMERIC.fullmatch(text):
        day, month, year = (int(x) for x in match.groups())
        if month > 12 and day <= 12:  # month first, as in the US: say so
            raise ValueError(
                f"there is no month {month}: type the day first ({month:02d}/{day:02d}/{year})."
            )
        return _checked(_full_year(match.group(3)), month, day)
    return _day_in_words(text)


def _day_in_words(text: str) -> date:
    parts = _WORDS.findall(text)
    if "".join(parts) != text:  # something that is neither a word, a number nor a separator
        raise ValueError(_HOW)
    tokens = [p.rstrip(".").lower() for p in parts if p.strip(" ,/-")]
    if len(tokens) == 4 and tokens[0] in _WEEKDAYS:
        tokens = tokens[1:]
    words = [t for t in tokens if t.isalpha()]
    if len(tokens) != 3 or len(words) != 1:
        raise ValueError(_HOW)
    word = words[0]
    if word not in _MONTH_WORDS:
        shown = next(p.rstrip(".") for p in parts if p.rstrip(".").lower() == word)
        raise ValueError(f"“{shown}” is not a month: write December or Dec, for example.")
    if tokens.index(word) == 2:  # 3 2026 December
        raise ValueError(_HOW)
    day_token, year_token = [t for t in tokens if t != word]
    if len(day_token) == 4 and day_token.isdigit():  # 2026 December 3
        day_token, year_token = year_token, day_token
    if not year_token.isdigit():
        raise ValueError(_HOW)
    day = int(day_token.rstrip("stndrh"))
    return _checked(_full_year(year_token), _MONTH_WORDS[word], day)


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
        raise ValueError(f"{MONTHS[month - 1].capitalize()} {year} has no day {day}.") from None


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
