"""Dates in forms: one display format everywhere, pickers that cannot go past today."""

from __future__ import annotations

from datetime import date, datetime

from recordsafe.ui.qt import QtCore, QtWidgets
from recordsafe.wording import day_text

DAY_FORMAT = "dd MMM yyyy"  # a picker's display format: the same as day_text's


def format_day(day: date | None) -> str:
    return day_text(day)  # one format, defined once (the domain's messages use it too)


def format_stamp_day(stamp: str | None) -> str:
    """The day of a stored ISO time stamp ('2026-11-26T10:58:01Z'), shown as format_day."""
    return format_day(date.fromisoformat(stamp[:10])) if stamp else ""


def parse_typed_day(text: str) -> date | None:
    """A typed date (05 Dec 2026, YYYY-MM-DD or DD/MM/YYYY); None when empty. ValueError
    when unreadable."""
    text = text.strip()
    if not text:
        return None
    if text[:1].isdigit() and any(c.isalpha() for c in text):
        return datetime.strptime(" ".join(text.split()), "%d %b %Y").date()
    if "/" in text:
        day, month, year = (int(x) for x in text.split("/"))
        return date(year, month, day)
    return date.fromisoformat(text)


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
