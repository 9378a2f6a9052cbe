"""Questions other packages ask of the audit log (read only; the vault session writes it).

Only `audit/` (and the session, its one writer) names the audit_log table in SQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from recordsafe.audit.words import parse_utc
from recordsafe.vault import VaultSession
from recordsafe.vault.slot_record import KIND_WORDS
from recordsafe.wording import day_text


def highest_client_id(session: VaultSession) -> int:
    """The highest client number any entry names (a number is never reused)."""
    return int(session.db.scalar("SELECT coalesce(max(client_id), 0) FROM audit_log") or 0)


def actions_in_log(session: VaultSession) -> list[str]:
    return [str(r[0]) for r in session.db.execute("SELECT DISTINCT action FROM audit_log")]


def entries_between(
    session: VaultSession,
    since: str,
    until: str,
    actions: Sequence[str],
    *,
    actor: str | None = None,
) -> list[tuple[str, int | None, str]]:
    """(action, client id, detail JSON) of the entries with `since` <= at < `until`, in order."""
    marks = ", ".join("?" * len(actions))
    by_actor = "AND actor = ? " if actor else ""
    params: list[Any] = [since, until, *([actor] if actor else []), *actions]
    return [
        (str(r[0]), None if r[1] is None else int(r[1]), str(r[2]))
        for r in session.db.execute(
            "SELECT action, client_id, detail FROM audit_log WHERE at >= ? AND at < ? "  # noqa: S608
            f"{by_actor}AND action IN ({marks}) ORDER BY seq",
            params,
        )
    ]


def first_seq(session: VaultSession, action: str) -> int | None:
    value = session.db.scalar("SELECT min(seq) FROM audit_log WHERE action = ?", (action,))
    return None if value is None else int(value)


def has_slot_entry(session: VaultSession, action: str, slot_id: str) -> bool:
    """Whether an entry of this action names this key slot in its detail."""
    return bool(
        session.db.scalar(
            "SELECT 1 FROM audit_log WHERE action = ? AND json_extract(detail, '$.slot') = ?",
            (action, slot_id),
        )
    )


def last_seq_before_not_by(session: VaultSession, seq: int, actor: str) -> int | None:
    """The newest entry before `seq` made by anyone but `actor`."""
    value = session.db.scalar(
        "SELECT seq FROM audit_log WHERE seq < ? AND actor != ? ORDER BY seq DESC LIMIT 1",
        (seq, actor),
    )
    return None if value is None else int(value)


def entries_by(
    session: VaultSession, actor: str, *, after: int
) -> list[tuple[int, str, str, dict[str, Any]]]:
    """(seq, action, at, detail) of the actor's entries after `after`, in order; `detail`
    holds ids and codes only (a "count" says how many things an entry stands for, "by"
    who it was)."""
    found = []
    for seq, action, at, text in session.db.execute(
        "SELECT seq, action, at, detail FROM audit_log WHERE actor = ? AND seq > ? ORDER BY seq",
        (actor, after),
    ):
        try:
            detail = json.loads(str(text or "{}"))
        except json.JSONDecodeError:
            detail = {}
        found.append((int(seq), str(action), str(at), detail if isinstance(detail, dict) else {}))
    return found


def key_names(session: VaultSession) -> dict[str, str]:
    """Key slot id → what the key is, for entries that name one ("key: 4219ada9" told
    nobody anything): a key in use by its label, one removed since by when it was added."""
    names: dict[str, str] = {}
    for slot_id, at, kind in session.db.execute(
        "SELECT json_extract(detail, '$.slot'), at, json_extract(detail, '$.kind') "
        "FROM audit_log WHERE action = 'slot_added' AND json_extract(detail, '$.slot') IS NOT NULL"
    ):
        added = parse_utc(str(at))
        when = f" added on {day_text(added.astimezone().date())}" if added else ""
        names[str(slot_id)] = f"{KIND_WORDS.get(str(kind), 'a key')}{when}, since removed"
    for slot in session.slots:
        names[slot.id] = slot.label
    return names


def people_in_log(session: VaultSession) -> list[str]:
    """The custodians' names entries carry ("by"), to size the viewer's Who column."""
    return [
        str(r[0])
        for r in session.db.execute(
            "SELECT DISTINCT json_extract(detail, '$.by') FROM audit_log "
            "WHERE json_extract(detail, '$.by') IS NOT NULL"
        )
    ]
