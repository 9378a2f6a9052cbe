"""Every action the app writes to the audit log has words for the viewer and the extract.

Read from the source: `session.record("x", ...)` and `chain.append(db, actor, "x", ...)`.
An action recorded under a computed name must be listed in DYNAMIC below.
"""

from __future__ import annotations

import ast
from pathlib import Path

from recordsafe.audit.actions import ACTION_LABELS, action_label
from recordsafe.audit.words import detail_words

SOURCE = Path(__file__).resolve().parents[2] / "recordsafe"


def recorded_actions() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            position = {"record": 0, "append": 2}.get(node.func.attr)
            if position is None or len(node.args) <= position:
                continue
            arg = node.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if node.func.attr == "record" or (
                    isinstance(node.func.value, ast.Name) and node.func.value.id == "chain"
                ):
                    found.add(arg.value)
    return found


def test_every_recorded_action_has_a_label() -> None:
    actions = recorded_actions()
    assert len(actions) > 40  # the scan finds them (a broken scan must not pass)
    assert sorted(a for a in actions if a not in ACTION_LABELS) == []


def test_an_unknown_action_reads_as_words() -> None:
    assert action_label("note_signed") == "Note signed"
    assert action_label("something_new") == "Something new"


def test_labels_are_in_sentence_case() -> None:
    """Walk finding: "FIRST UNLOCK BY THE RECORDS C…" shouted, and was cut in its column."""
    shouting = [label for label in ACTION_LABELS.values() if label == label.upper()]
    assert shouting == []
    assert action_label("custodian_first_unlock") == "First unlock by the records custodian"


def test_a_key_change_names_its_action_in_words() -> None:
    """Walk finding: "change: slot_removed" showed the code."""
    assert detail_words({"change": "slot_removed"}) == "change: key removed"
