"""An empty detail is left out of the audit log's words, never shown as "None".

Walk finding: "Breach incident recorded" read "disclosure: None · releases: None". Read
from the source: every `session.record("action", client, key=...)` and the keys it writes.
"""

from __future__ import annotations

import ast
from pathlib import Path

from recordsafe.audit.words import detail_words

SOURCE = Path(__file__).resolve().parents[2] / "recordsafe"


def recorded_detail_keys() -> dict[str, set[str]]:
    """action → the detail keys written with it anywhere in the app."""
    found: dict[str, set[str]] = {}
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                continue
            keys = {k.arg for k in node.keywords if k.arg is not None}
            found.setdefault(node.args[0].value, set()).update(keys)
    return found


def test_every_actions_empty_details_are_left_out() -> None:
    keys = recorded_detail_keys()
    assert len(keys) > 40 and "disclosure" in keys["breach_reported"]  # the scan finds them
    for action, names in keys.items():
        for name in names:
            for empty in (None, ""):
                said = detail_words({name: empty, "marker": 7})
                assert said == "marker: 7", (action, name, said)


def test_a_breach_with_no_release_named_reads_without_none() -> None:
    said = detail_words({"incident": 3, "exposed": "backup", "disclosure": None, "releases": None})
    assert said == "exposed: backup · incident: 3"


def test_an_internal_code_reads_as_words() -> None:
    """Walk finding: "kind: breach_notice_password · report: yearly_log"."""
    words = detail_words({"kind": "breach_notice_password", "report": "yearly_log"})
    assert words == "kind: breach notice password · report: yearly log"
    assert "_" not in detail_words({"reason": "presumed", "file": "Notice 12.pdf"})
