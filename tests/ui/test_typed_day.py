"""A date typed in a form (a date of death, a date of birth): the ways people write one,
and a message that says what could not be read."""

from __future__ import annotations

from datetime import date

import pytest

from recordsafe.ui.widgets.dates import parse_typed_day

DEC_3 = date(2026, 12, 3)


@pytest.mark.parametrize(
    "typed",
    [
        "3 December 2026",
        "03 december 2026",
        "December 3, 2026",
        "december 3 2026",
        "Dec 3, 2026",
        "3rd December 2026",
        "December 3rd, 2026",
        "Thursday, 3 December 2026",
        "3 Dec. 2026",
        "03 Dec 2026",
        "3-Dec-2026",
        "03/12/2026",
        "3.12.2026",
        "2026-12-03",
        "  3  December   2026 ",
    ],
)
def test_the_ways_a_day_is_written(typed: str) -> None:
    assert parse_typed_day(typed) == DEC_3


def test_september_as_sept() -> None:
    assert parse_typed_day("4 Sept 2026") == parse_typed_day("4 September 2026") == date(2026, 9, 4)


def test_empty_is_no_day() -> None:
    assert parse_typed_day("   ") is None


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("3 Decmber 2026", "“Decmber” is not a month"),
        ("31 February 2026", "February 2026 has no day 31"),
        ("31/02/1980", "February 1980 has no day 31"),
        ("12/31/2026", "there is no month 31: type the day first (31/12/2026)"),
        ("3 Dec 26", "give the year in full"),
        ("03/12/26", "give the year in full"),
        ("2026-13-03", "there is no month 13"),
        ("last Tuesday", "type it like 3 December 2026"),
        ("December 2026", "type it like 3 December 2026"),
        ("3 December 2026 10:00", "type it like 3 December 2026"),
    ],
)
def test_what_cannot_be_read_is_said(typed: str, says: str) -> None:
    with pytest.raises(ValueError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_typed_day(typed)


def test_year_first_in_words() -> None:
    assert parse_typed_day("2026 December 3") == DEC_3
