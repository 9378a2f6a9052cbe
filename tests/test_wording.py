"""Days and moments are written one way, in English, whatever the system's locale."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from recordsafe.wording import day_text, long_day, moment_text

PACKAGE = Path(__file__).resolve().parents[1] / "recordsafe"
# strftime's names follow the C library's locale, which Qt sets from the system at start.
LOCALE_NAMES = re.compile(r"%[aAbBch]|%-?[xXc]\b")


def test_days_and_moments_read_one_way() -> None:
    assert day_text(date(2026, 12, 6)) == "06 Dec 2026"
    assert day_text(None) == ""
    assert long_day(date(2026, 12, 6)) == "6 December 2026"
    assert moment_text(datetime(2026, 12, 6, 2, 34, 15)) == "Sun 06 Dec 2026, 02:34"
    assert moment_text(datetime(2026, 12, 6, 2, 34, 15), seconds=True).endswith("02:34:15")


def test_no_module_asks_the_c_library_for_month_or_weekday_names() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LOCALE_NAMES.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == [], "use recordsafe.wording (day_text, long_day, moment_text):\n" + "\n".join(
        found
    )
