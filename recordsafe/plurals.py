"""Counted nouns in plain words: "1 client", "3 clients", "0 notes" (never "client(s)").

Qt-free, so the domain's messages and the windows can share it.
"""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and the noun, singular only for exactly one; `plural` for irregular nouns."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
