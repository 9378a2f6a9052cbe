"""Recovery and custodian codes: random, at least 128 bits, easy to read aloud and type.

28 characters of Crockford's base32 alphabet (140 bits), in seven groups of four. The
alphabet has no I, L, O or U, so nothing is mistaken for 1, 0 or V when read from paper.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 7
GROUP_SIZE = 4
CODE_LENGTH = GROUPS * GROUP_SIZE


def new_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(chars[i : i + GROUP_SIZE] for i in range(0, CODE_LENGTH, GROUP_SIZE))


def clean(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch not in " -\t\r\n")


def looks_like_code(text: str) -> bool:
    cleaned = clean(text)
    return len(cleaned) == CODE_LENGTH and all(ch in ALPHABET for ch in cleaned)
