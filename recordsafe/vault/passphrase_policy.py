"""How strong a passphrase is, in words a practitioner understands.

A deliberately simple estimate (no dictionary download, no network): the size of the
character pool to the power of the length, discounted for repeats and runs. It errs on
the side of calling a passphrase weaker than it is.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass

MIN_LENGTH = 10
MIN_BITS = 50.0
COMMON = (
    "password",
    "passwort",
    "letmein",
    "qwerty",
    "azerty",
    "123456",
    "welcome",
    "admin",
    "iloveyou",
    "monkey",
    "dragon",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "therapy",
    "counsel",
    "client",
    "records",
    "recordsafe",
    "secret",
)


@dataclass(frozen=True)
class Strength:
    bits: float
    score: int  # 0 very weak … 4 very strong
    label: str
    problem: str | None  # why it cannot be used, or None


def _pool(text: str) -> int:
    pool = 0
    if any(c in string.ascii_lowercase for c in text):
        pool += 26
    if any(c in string.ascii_uppercase for c in text):
        pool += 26
    if any(c in string.digits for c in text):
        pool += 10
    if any(c in string.punctuation or c == " " for c in text):
        pool += 33
    if any(ord(c) > 127 for c in text):
        pool += 100
    return max(pool, 1)


def _effective_length(text: str) -> float:
    """Length with repeats and straight runs (aaaa, abcd, 1234) counted at a quarter."""
    length = 0.0
    for i, ch in enumerate(text):
        if i and (ch == text[i - 1] or ord(ch) - ord(text[i - 1]) in (1, -1)):
            length += 0.25
        else:
            length += 1
    return length


def estimate(passphrase: str) -> Strength:
    lowered = passphrase.lower()
    bits = _effective_length(passphrase) * math.log2(_pool(passphrase))
    for word in COMMON:
        if word in lowered:
            bits -= len(word) * math.log2(26) * 0.8
    bits = max(bits, 0.0)
    problem = None
    if not passphrase:
        problem = "Enter a passphrase."
    elif passphrase != passphrase.strip():
        problem = "The passphrase starts or ends with a space; remove it to avoid lockouts."
    elif len(passphrase) < MIN_LENGTH:
        problem = f"Use at least {MIN_LENGTH} characters (a few unrelated words work well)."
    elif bits < MIN_BITS:
        problem = "This passphrase is too easy to guess. Add another unrelated word or two."
    thresholds = ((90, 4, "Very strong"), (70, 3, "Strong"), (MIN_BITS, 2, "Fair"), (28, 1, "Weak"))
    for floor, score, label in thresholds:
        if bits >= floor:
            return Strength(bits, score, label, problem)
    return Strength(bits, 0, "Very weak", problem)
