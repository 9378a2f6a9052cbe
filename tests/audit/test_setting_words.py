"""Every setting the app writes reads as words in the audit log ("Setting changed").

Read from the source: `session.set_setting(KEY, ...)`, where KEY is a module's constant,
an f-string starting with one (a per-client setting), or a loop variable over constants
named in the same function (`for key in (NAME_KEY, CONTACT_KEY)`).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from recordsafe.audit.words import SETTING_PREFIX_WORDS, SETTING_WORDS, detail_words

SOURCE = Path(__file__).resolve().parents[2] / "recordsafe"


def _module_of(path: Path) -> object:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return importlib.import_module(".".join(parts))


def _constant(module: object, node: ast.expr) -> str | None:
    value = getattr(module, node.id, None) if isinstance(node, ast.Name) else None
    return value if isinstance(value, str) else None


def written_settings() -> tuple[set[str], set[str]]:
    """(keys, prefixes) given to `set_setting` anywhere in the app."""
    keys: set[str] = set()
    prefixes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for function in functions:
            for node in ast.walk(function):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "set_setting"
                    and node.args
                ):
                    continue
                module = _module_of(path)
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    keys.add(arg.value)
                elif isinstance(arg, ast.JoinedStr):
                    first = arg.values[0]
                    assert isinstance(first, ast.FormattedValue), ast.unparse(arg)
                    prefix = _constant(module, first.value)
                    assert prefix, f"{path.name}: {ast.unparse(arg)}"
                    prefixes.add(prefix)
                elif (key := _constant(module, arg)) is not None:
                    keys.add(key)
                else:  # a loop variable: the constants its function names
                    named = {
                        value
                        for name in ast.walk(function)
                        if isinstance(name, ast.Name)
                        and name.id.isupper()
                        and (value := _constant(module, name)) is not None
                    }
                    assert named, f"{path.name}: set_setting({ast.unparse(arg)})"
                    keys |= named
    return keys, prefixes


def test_every_setting_the_app_writes_has_words() -> None:
    keys, prefixes = written_settings()
    assert {"practice_name", "backup_dir", "retention.years"} <= keys  # the scan finds them
    assert sorted(keys - SETTING_WORDS.keys()) == []
    assert sorted(prefixes - SETTING_PREFIX_WORDS.keys()) == []


def test_settings_read_as_words_in_the_log() -> None:
    # Walk finding: "setting: practice_contact" beside "setting: practice name".
    assert detail_words({"key": "practice_contact"}) == "setting: how clients reach the practice"
    assert detail_words({"key": "practitioner_name"}) == "setting: practitioner's name"
    assert detail_words({"key": "part2_client:12"}) == (
        "setting: 42 CFR Part 2 marking of client 12"
    )
    assert detail_words({"key": "something_new"}) == "setting: something_new"  # shown as is
