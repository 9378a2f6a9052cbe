"""Canary strings unique to this test run.

The leak scans look for these in files written during a test (vault folder, temp folder,
logs). Fixed strings would also be found in files another run writes at the same time on a
shared machine (or in a copy of these very tests cloned into the temp folder), and a scan
would fail for a leak that is not ours: each run makes its own.
"""

from __future__ import annotations

import secrets
import string


def _letters(count: int) -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(count))


FIRST_NAME = "Canary" + _letters(6)
SURNAME = "Zyxwq" + _letters(6)
CANARY_NAME = f"{FIRST_NAME} {SURNAME}"
CANARY_BODY = f"canarybody-{secrets.token_hex(5)}"
# What a scan looks for: every part that only this run can have written.
UNIQUE_PARTS = (CANARY_NAME, CANARY_BODY, FIRST_NAME, SURNAME)
