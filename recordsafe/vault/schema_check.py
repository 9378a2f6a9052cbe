"""The database's protective rules (triggers) against those a fresh vault has.

Someone with the key can drop `audit_log_no_update` and edit the log; the chain shows
the edit, but a dropped trigger would keep inviting the next one. `verify` names every
trigger that is missing or differs from the one the schema creates.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Protocol

from recordsafe.vault import schema
from recordsafe.vault.database import Database


class _Database(Protocol):
    def execute(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]: ...


def _triggers(db: _Database) -> dict[str, str]:
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    return {str(name): " ".join(str(sql).split()) for name, sql in rows}


@functools.cache
def expected_triggers(version: int) -> dict[str, str]:
    """Every trigger of a fresh vault at schema `version` (a throw-away in-memory one)."""
    fresh = Database(Path(":memory:"), os.urandom(32), create=True)
    try:
        schema.migrate(fresh, migrations=schema.MIGRATIONS[:version])
        return _triggers(fresh)
    finally:
        fresh.close()


def trigger_problems(db: _Database, version: int) -> list[str]:
    expected = expected_triggers(version)
    found = _triggers(db)
    problems = []
    for name, sql in expected.items():
        what = (
            "a rule that keeps the audit log append-only"
            if name.startswith("audit_log")
            else ("a rule of the database")
        )
        if name not in found:
            problems.append(
                f"The database's trigger “{name}” ({what}) is missing: someone holding the "
                "vault key removed it."
            )
        elif found[name] != sql:
            problems.append(f"The database's trigger “{name}” ({what}) was changed.")
    return problems
