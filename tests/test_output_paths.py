"""One gate (DESIGN §1): only the gate's modules write files, print, or touch the clipboard.

Reads the source tree (ast) for every way out: `open(..., "w"/"a"/"x"/"+")`, `os.open`,
`write_bytes`/`write_text`, `atomic_write`, `shutil` copies and moves, temporary files,
log file handlers, `QFile`/`QSaveFile`/`QPdfWriter`/`QPrinter`/`QPrintDialog`,
`setOutputFileName`, `QClipboard`/`clipboard()`. A hit outside the allow-list fails:
each allowed place says why it may.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "recordsafe"

# Module (or package, ending in "/") -> why it may write, print or use the clipboard.
ALLOWED: dict[str, str] = {
    "disclosure/": "the gate: releases leave the vault only here",
    "outputs/encryption.py": "encrypts a PDF from bytes to bytes (pikepdf opens memory)",
    "outputs/staged.py": "the one writer of encrypted output files (StagedRelease), called by "
    "the gate, the audit export, the breach register and the certificate of destruction",
    "ui/disclosure/": "the gate's windows: printing a release and the clipboard guard",
    "vault/": "the vault's own encrypted files, key file, backups and the Emergency Kit "
    "(which holds the recovery code, no client data)",
    "app_config.py": "the app's own settings (window sizes, recent vault paths; no client data)",
    "app_log.py": "the app's log file (event names and ids only, never client content)",
    "ui/records/intake_dialog.py": "prints or saves the generic confidentiality handout, "
    "the same for every client (no client data)",
    "closure/custodian_kit.py": "the custodian kit, like the Emergency Kit: the custodian "
    "code, where the vault is and the practitioner's instructions (no client data)",
}

WRITE_METHODS = {"write_bytes", "write_text", "atomic_write", "setOutputFileName", "tofile"}
SHUTIL = {"copy", "copy2", "copyfile", "copyfileobj", "copytree", "move"}
TEMPFILES = {"NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile", "mkstemp"}
QT_OUTPUTS = {"QFile", "QSaveFile", "QPdfWriter", "QPrinter", "QPrintDialog", "QClipboard"}
LOG_FILES = {"FileHandler", "RotatingFileHandler", "TimedRotatingFileHandler"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _writing_mode(call: ast.Call) -> bool:
    mode: ast.expr | None = None
    # builtins open(path, mode) and Path.open(mode)
    if isinstance(call.func, ast.Name) and len(call.args) > 1:
        mode = call.args[1]
    elif isinstance(call.func, ast.Attribute) and call.args:
        mode = call.args[0]
    for keyword in call.keywords:
        if keyword.arg == "mode":
            mode = keyword.value
    if mode is None:
        return False
    if isinstance(mode, ast.Constant) and isinstance(mode.value, str):
        return any(flag in mode.value for flag in "wax+")
    if isinstance(mode, ast.Attribute) and mode.attr == "ReadOnly":
        return False  # QIODevice.OpenModeFlag.ReadOnly (a QBuffer read in memory)
    return True  # a computed mode: treat as writing, to be safe


def ways_out(source: str, filename: str = "<src>") -> list[tuple[int, str]]:
    """(line, what) for each place the source writes, prints or uses the clipboard."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Attribute) and node.attr in QT_OUTPUTS:
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.Name) and node.id in QT_OUTPUTS:
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.alias) and node.name.split(".")[-1] in QT_OUTPUTS:
            found.append((getattr(node, "lineno", 0), node.name))
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        owner = _name(node.func.value) if isinstance(node.func, ast.Attribute) else ""
        if name == "open" and owner == "os":
            found.append((node.lineno, "os.open"))
        elif name == "open" and _writing_mode(node):
            found.append((node.lineno, "open for writing"))
        elif name in WRITE_METHODS:
            found.append((node.lineno, name))
        elif owner == "shutil" and name in SHUTIL:
            found.append((node.lineno, f"shutil.{name}"))
        elif name in TEMPFILES or name in LOG_FILES:
            found.append((node.lineno, name))
        elif name == "clipboard":
            found.append((node.lineno, "clipboard()"))
    return found


def _allowed(relative: str) -> bool:
    return any(
        relative.startswith(key) if key.endswith("/") else relative == key for key in ALLOWED
    )


def test_the_scanner_finds_every_way_out() -> None:
    source = "\n".join(
        (
            "open(p, 'w')",
            "path.open('ab')",
            "open(p, mode='x')",
            "os.open(p, flags)",
            "p.write_bytes(b'')",
            "p.write_text('')",
            "atomic_write(p, b'')",
            "shutil.copy2(a, b)",
            "tempfile.NamedTemporaryFile()",
            "logging.FileHandler(p)",
            "printer = QtPrintSupport.QPrinter()",
            "QtWidgets.QApplication.clipboard().setText(t)",
            "printer.setOutputFileName(p)",
            "QtCore.QSaveFile(p)",
        )
    )
    lines = {line for line, _ in ways_out(source)}
    assert lines == set(range(1, 15))
    assert ways_out("open(p)\npath.open('rb')\nopen(p, 'r')\nb.open(Mode.ReadOnly)") == []


def test_only_the_gate_writes_prints_or_copies() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 50  # the tree is really there
    offenders = []
    seen_allowed = set()
    for path in files:
        relative = path.relative_to(PACKAGE).as_posix()
        hits = ways_out(path.read_text(encoding="utf-8"), relative)
        if not hits:
            continue
        if _allowed(relative):
            seen_allowed.update(k for k in ALLOWED if relative.startswith(k) or relative == k)
            continue
        offenders += [f"{relative}:{line}: {what}" for line, what in hits]
    assert offenders == [], "only the gate may write, print or copy:\n" + "\n".join(offenders)
    # Every exception is still needed (an unused one would hide a future leak).
    assert seen_allowed == set(ALLOWED), f"unused exceptions: {set(ALLOWED) - seen_allowed}"


def test_tests_may_print_to_a_file_and_say_why() -> None:
    """The print tests' printer writes a PDF file (a CI machine has no printer): that file
    then holds client content of the test practice, so the stand-in deletes it when read
    and when the test ends."""
    device = Path(__file__).parent / "ui" / "print_device.py"
    source = device.read_text(encoding="utf-8")
    assert "setOutputFileName" in source
    assert "unlink" in source.split("def pages(", 1)[1]
    assert "unlink" in source.split("def printer_device(", 1)[1]


# Module -> what it writes through `outputs.staged` (the one writer of encrypted output
# files); a new caller must be named here with its reason.
STAGED_WRITERS: dict[str, str] = {
    "disclosure/release.py": "releases, after the gate has decided (encrypted PDF)",
    "disclosure/letters.py": "closure and breach letters, released through the gate",
    "audit/export.py": "the audit log export: client numbers only, encrypted",
    "breach/register.py": "the breach register, encrypted",
    "closure/destruction.py": "the certificate of destruction, encrypted",
}


def test_every_writer_of_output_files_is_named() -> None:
    writers = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in (
                "recordsafe.outputs.staged",
                "recordsafe.outputs",
            ):
                if node.module.endswith("staged") or any(a.name == "staged" for a in node.names):
                    writers.add(path.relative_to(PACKAGE).as_posix())
    assert writers == set(STAGED_WRITERS)
