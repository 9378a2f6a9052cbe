"""The house rules of DESIGN §1 and §8, checked by reading the source tree."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "recordsafe"
DOMAIN = ("vault", "audit", "records", "disclosure", "closure", "breach")
# Modules whose names mean a network client; RecordSafe never opens a connection (1.07 r).
NETWORK_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib",
    "urllib3",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "telnetlib",
    "xmlrpc",
    "websocket",
    "websockets",
    "asyncio.streams",
}
NETWORK_QT = {"QtNetwork", "QtWebEngineCore", "QtWebEngineWidgets", "QtWebSockets"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def python_files(*parts: str) -> list[Path]:
    return sorted(PACKAGE.joinpath(*parts).rglob("*.py"))


def test_source_tree_is_found() -> None:
    assert python_files("vault"), "the checks below would pass vacuously"


@pytest.mark.parametrize("package", DOMAIN)
def test_domain_code_never_imports_qt(package: str) -> None:
    for path in python_files(package):
        qt = {m for m in imported_modules(path) if m.split(".")[0] in {"PySide6", "shiboken6"}}
        assert not qt, f"{path.relative_to(PACKAGE)} imports {sorted(qt)}"


def test_ui_imports_qt_only_through_its_qt_module() -> None:
    for path in python_files("ui"):
        if path.name == "qt.py" and path.parent.name == "ui":
            continue
        direct = {m for m in imported_modules(path) if m.split(".")[0] == "PySide6"}
        assert not direct, f"{path.relative_to(PACKAGE)} imports Qt directly: {sorted(direct)}"


def test_no_module_imports_a_network_client() -> None:
    for path in python_files():
        for module in imported_modules(path):
            top = module.split(".")[0]
            assert top not in NETWORK_MODULES, f"{path.relative_to(PACKAGE)} imports {module}"
            assert not NETWORK_QT & set(module.split(".")), f"{path.relative_to(PACKAGE)}: {module}"


def test_the_main_window_is_no_hub() -> None:
    """Areas install their own menus (ui/<area>/actions.py); the main window keeps lock,
    idle, status and layout, and names no area's dialog."""
    path = PACKAGE / "ui" / "main_window.py"
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 450
    # widgets.meaning_colours: the one source of colours that carry meaning (the status
    # bar's demo label), a shared piece, not an area's dialog.
    allowed = {"area", "areas", "menus", "home_page", "operations", "qt", "records.records_page",
               "widgets.meaning_colours"}  # fmt: skip
    for module in imported_modules(path):
        if module.startswith("recordsafe.ui."):
            name = module.removeprefix("recordsafe.ui.")
            assert any(name == a or name.startswith(f"{a}.") for a in allowed), module


def test_no_module_is_over_800_lines() -> None:
    # Split a module by what it does before it gets this long (docs/architecture.md).
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in python_files()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 800
    }
    assert long == {}
