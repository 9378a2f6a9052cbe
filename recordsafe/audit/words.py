"""The audit log in plain words: actors and detail keys (actions: audit/actions.py).

Shared by the viewer (ui/audit) and the encrypted export (audit/export.py). Entries hold
ids, codes and counts only, never client content, so everything here may be shown. A
code this version does not know is shown as it is rather than hidden.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from recordsafe.audit.actions import action_label
from recordsafe.wording import moment_text

__all__ = [
    "ACTOR_LABELS",
    "DETAIL_CHARS",
    "DETAIL_WORDS",
    "SETTING_PREFIX_WORDS",
    "SETTING_WORDS",
    "action_label",
    "detail_words",
    "parse_utc",
    "readable_when",
    "setting_words",
    "who",
]

DETAIL_CHARS = 160


def parse_utc(text: str) -> datetime | None:
    """The vault's UTC stamps ("…Z"); None for anything else."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


ACTOR_LABELS = {"practitioner": "Practitioner", "custodian": "Records custodian"}
# The person behind a custodian's entry ("Dr Rosa Vega, alternate custodian"): a detail
# key shown in the "Who" column, not among the details.
BY_KEY = "by"


def who(actor: str, detail: dict[str, Any]) -> str:
    """The "Who" of an entry: the custodian by name where the entry names them."""
    person = detail.get(BY_KEY)
    return str(person) if person else ACTOR_LABELS.get(actor, actor)


# Detail keys as words; ids of slots are long UUIDs, shortened as the security window does.
DETAIL_WORDS = {
    "key": "setting",
    "format": "vault format",
    "kind": "kind",
    "slot": "key",
    "file": "file",
    "backup": "backup",
    "kept_aside": "old vault kept as",
    "created_at": "backup made",
    "at": "attempted",
    "note": "note",
    "case": "case",
    "document": "document",
    "findings": "problems",
    "check": "check",
    "change": "change",
    "entries": "entries",
    "dropped": "keys dropped",
}

# The settings a "setting_changed" entry names, in words (tests/audit/test_setting_words.py
# checks that every key the app writes is here).
SETTING_WORDS = {
    "backup_dir": "backup folder",
    "backup_keep": "number of backups kept",
    "backup_on_lock": "back up on lock",
    "last_backup_at": "time of the last backup",
    "last_backup_file": "last backup file",
    "practice_name": "practice name",
    "practitioner_name": "practitioner's name",
    "practice_contact": "how clients reach the practice",
    "demo_vault": "demo vault mark",
    "closure.custodian_seen_seq": "custodian's work marked as seen",
    "closure.handoff_backup": "custodian's handoff backup",
    "retention.years": "retention: years after last contact",
    "retention.minor_years": "retention: years for minors after majority",
    "retention.majority_age": "retention: age of majority",
    "retention.jurisdiction": "retention: jurisdiction",
}
# Settings kept per client: the key ends with the client's number.
SETTING_PREFIX_WORDS = {"part2_client:": "42 CFR Part 2 marking of client {}"}


def setting_words(key: str) -> str:
    """`"practice_contact"` → "how clients reach the practice"; unknown keys as they are."""
    if key in SETTING_WORDS:
        return SETTING_WORDS[key]
    for prefix, words in SETTING_PREFIX_WORDS.items():
        if key.startswith(prefix):
            return words.format(key.removeprefix(prefix))
    return key


def readable_when(stamp: str) -> str:
    moment = parse_utc(stamp)
    if moment is None:
        return stamp
    local = moment.astimezone()
    return moment_text(local, seconds=True)


_CODE = re.compile(r"[a-z]+(?:_[a-z0-9]+)+")


def _value_words(key: str, value: Any, key_names: Mapping[str, str]) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_value_words(key, v, key_names) for v in value) or "none"
    if isinstance(value, dict):
        return "…"
    text = str(value)
    if key in ("at", "created_at") and (moment := parse_utc(text)) is not None:
        return readable_when(moment.isoformat())
    if key == "key":
        return setting_words(text)
    if key == "change":  # the action a key change stands for ("slot_removed")
        return action_label(text).lower()
    if key == "slot" and text in key_names:
        return key_names[text]
    if key == "slot" and len(text) > 8:
        return text[:8]
    if _CODE.fullmatch(text):  # an internal code ("yearly_log") read as words
        return text.replace("_", " ")
    return text


def detail_words(detail: dict[str, Any], key_names: Mapping[str, str] | None = None) -> str:
    """`{"kind": "passphrase", "slot": "3f…"}` → "kind: passphrase · key: Passphrase";
    a key slot by its name in `key_names` (audit.queries.key_names), else its id's start."""
    parts = []
    for key in sorted(detail):
        # An empty value says nothing ("disclosure: None" read as a fault): left out.
        if key == BY_KEY or detail[key] is None or detail[key] == "":
            continue
        label = DETAIL_WORDS.get(key, key.replace("_", " "))
        parts.append(f"{label}: {_value_words(key, detail[key], key_names or {})}")
    text = " · ".join(parts)
    return text if len(text) <= DETAIL_CHARS else text[: DETAIL_CHARS - 1] + "…"
