"""The layers of docs/architecture.md hold: no module imports a layer above its own.

The picture in the document is the source of truth (its ```layers block is read here), so
the document and the code cannot drift apart silently.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "recordsafe"
DOC = ROOT / "docs" / "architecture.md"

# (importing module, imported module prefix) -> why this one import may go up a layer.
UPWARD: dict[tuple[str, str], str] = {
    ("vault/session.py", "recordsafe.audit.chain"): "the session is the one audit writer; "
    "the chain's hashing is pure arithmetic with no dependency of its own",
    ("vault/opener.py", "recordsafe.audit.chain"): "unlock checks the chain's head",
    ("vault/emergency_kit.py", "recordsafe.outputs"): "the Emergency Kit uses the PDF page "
    "set-up every PDF shares",
}


def layers(text: str) -> dict[str, int]:
    """name -> rank (0 = bottom) from the document's ```layers block (top row first)."""
    match = re.search(r"```layers\n(.*?)```", text, re.S)
    assert match, "docs/architecture.md lost its ```layers block"
    rows = [line.split(None, 1) for line in match.group(1).splitlines() if line.strip()]
    ranks: dict[str, int] = {}
    for rank, (_, members) in enumerate(reversed(rows)):
        for name in members.split(","):
            ranks[name.strip()] = rank
    return ranks


def top_name(module: str) -> str:
    """recordsafe.ui.records.x -> 'ui'; recordsafe.paths -> 'paths'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imports(path: Path) -> list[str]:
    """Every recordsafe module a file imports, as `recordsafe.a.b` or `recordsafe.a.b.name`.

    `from recordsafe import __version__` names the package root (version and app name only),
    which every layer may use: it is left out.
    """
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "recordsafe":
                found += [
                    f"recordsafe.{alias.name}"
                    for alias in node.names
                    if (PACKAGE / alias.name).is_dir() or (PACKAGE / f"{alias.name}.py").exists()
                ]
            elif node.module.startswith("recordsafe."):
                found += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("recordsafe.")]
    return found


def upward_imports(ranks: dict[str, int], package: Path = PACKAGE) -> list[str]:
    bad = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        own = relative.split("/")[0].removesuffix(".py")
        if own == "__init__":
            continue
        for module in imports(path):
            target = top_name(module)
            if target not in ranks or own not in ranks:
                bad.append(f"{relative}: {own!r} or {target!r} is in no layer of the picture")
            elif ranks[target] > ranks[own] and not any(
                relative == who and module.startswith(what) for who, what in UPWARD
            ):
                bad.append(f"{relative} ({own}) imports {module} ({target}, a layer above)")
    return bad


def test_no_module_imports_a_layer_above_its_own() -> None:
    bad = upward_imports(layers(DOC.read_text(encoding="utf-8")))
    assert bad == [], "\n".join(bad)


def test_every_upward_exception_is_still_needed() -> None:
    for who, what in UPWARD:
        assert any(m.startswith(what) for m in imports(PACKAGE / who)), (
            f"{who} no longer imports {what}: remove its exception"
        )


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    # A scratch tree breaking the rule: records importing the gate.
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "notes.py").write_text("from recordsafe.disclosure import gate\n")
    (tmp_path / "records" / "ok.py").write_text("from recordsafe.vault import VaultSession\n")
    ranks = layers(DOC.read_text(encoding="utf-8"))
    assert upward_imports(ranks, tmp_path) == [
        "records/notes.py (records) imports recordsafe.disclosure.gate (disclosure, a layer above)"
    ]
