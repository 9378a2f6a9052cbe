"""Words every screen and message shares, Qt-free so the domain's messages use them too:
counted nouns ("1 client", "3 clients", never "client(s)") and the one way a day is
written for people ("05 Dec 2026", never 2026-12-05 beside it).
"""

from __future__ import annotations

from datetime import date


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and the noun, singular only for exactly one; `plural` for irregular nouns."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def day_text(day: date | None) -> str:
    """A day as shown to people everywhere: '05 Dec 2026' ('' for none)."""
    return "" if day is None else day.strftime("%d %b %Y")
