"""Each package owns its tables (docs/architecture.md): only the owner names them in SQL.

Reads every string constant of the package that looks like SQL (upper-case keywords, as
the code writes them) and finds the tables after FROM, JOIN, INTO, UPDATE, DELETE FROM,
ON and TABLE. Another package that needs a fact asks the owner's functions
(`records.directory`, `disclosure.history`, `audit.queries`, the purge modules).

An f-string whose table is a placeholder (`f"SELECT count(*) FROM {table}"`) hides which
table it names, so it is flagged too, unless ALLOWED says why that function may.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from recordsafe.breach import notices
from recordsafe.disclosure import purge

PACKAGE = Path(__file__).resolve().parents[1] / "recordsafe"
SCHEMA = "vault/migrations.py"  # the numbered migrations create every table

OWNERS: dict[str, tuple[str, ...]] = {
    "vault": ("meta",),
    "audit": ("audit_log",),
    "records": (
        "clients",
        "clients_fts",
        "cases",
        "case_participants",
        "notes",
        "notes_fts",
        "note_subjects",
        "documents",
        "intake_records",
        "client_field_values",
        "practice_fields",
    ),
    "disclosure": (
        "consents",
        "consent_kinds",
        "consent_purposes",
        "consent_notes",
        "disclosures",
        "disclosure_items",
        "disclosure_consents",
        "followups",
        "record_requests",
        "online_searches",
        "court_orders",
        "court_order_items",
        "subpoena_responses",
        "letters",
        "release_passwords",
    ),
    "closure": (
        "custodians",
        "custodian_slots",
        "closure_plans",
        "closure_notices",
        "legal_holds",
        "destruction_log",
        "destruction_certificates",
        "destruction_authority",
    ),
    "breach": ("breach_incidents", "breach_assessments", "breach_affected", "breach_notices"),
}
OWNER = {table: package for package, tables in OWNERS.items() for table in tables}

# (module, table) -> why this module may name a table its package does not own; or
# (module, "{placeholder} in function") -> why that function may build a table's name.
# The vault session writes the audit log through `audit.chain`: no exception needed.
ALLOWED: dict[tuple[str, str], str] = {
    ("closure/destruction.py", "{table} in _delete_client"): (
        "counts what still refers to the client in every table with a foreign key to "
        "clients, read from the schema (whatever package adds one), to choose between "
        "deleting the client row and keeping a tombstone"
    ),
    ("records/purge.py", "{table} in compact_search_index"): (
        "FTS5's 'optimize' command names the table twice; both are records' own "
        "(notes_fts, clients_fts)"
    ),
    ("disclosure/consents.py", "{table} in _consents"): (
        "the disclosure package's own consent_kinds, consent_notes, consent_purposes, "
        "from a fixed tuple in the loop"
    ),
    ("disclosure/known_names.py", "{table} in vault_names"): (
        "the disclosure package's own tables that hold names, from the fixed _NAME_COLUMNS"
    ),
}

TABLE_AFTER = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|DELETE FROM|ON|TABLE)\s+(\w+)")
# ON is left out: `JOIN t ON {condition}` builds a condition, not a table name.
PLACEHOLDER_AFTER = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|DELETE FROM|TABLE)\s+(\{[^}]*\})")
SQL_WORDS = re.compile(r"\b(?:SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b")


def _with_placeholders(node: ast.JoinedStr) -> str:
    """The f-string's text with each `{expression}` written out as it is in the source."""
    return "".join(
        part.value
        if isinstance(part, ast.Constant) and isinstance(part.value, str)
        else "{" + ast.unparse(part.value) + "}"
        if isinstance(part, ast.FormattedValue)
        else ""
        for part in node.values
    )


def _functions(tree: ast.AST) -> dict[ast.AST, str]:
    """Each node inside a function, with the innermost function's name."""
    inside: dict[ast.AST, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for child in ast.walk(node):
                if child is not node:
                    inside[child] = node.name  # ast.walk is breadth first: inner ones win
    return inside


def tables_named(source: str) -> list[tuple[int, str]]:
    """(line, table) for each table a SQL-looking string constant names, and
    (line, "{placeholder} in function") for each table an f-string leaves to a placeholder."""
    tree = ast.parse(source)
    function = _functions(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL_WORDS.search(node.value) or TABLE_AFTER.search(node.value):
                found += [(node.lineno, t) for t in TABLE_AFTER.findall(node.value) if t in OWNER]
        elif isinstance(node, ast.JoinedStr):
            text = _with_placeholders(node)
            where = function.get(node, "the module")
            found += [(node.lineno, f"{p} in {where}") for p in PLACEHOLDER_AFTER.findall(text)]
    return found


def foreign_tables(package: Path) -> list[str]:
    bad = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if relative == SCHEMA:
            continue
        own = relative.split("/")[0]
        for line, table in tables_named(path.read_text(encoding="utf-8")):
            if (relative, table) in ALLOWED:
                continue
            if table not in OWNER:
                bad.append(f"{relative}:{line} leaves the table to a placeholder: {table}")
            elif OWNER[table] != own:
                bad.append(f"{relative}:{line} names {table} (owned by {OWNER[table]})")
    return bad


def test_only_the_owner_names_a_table_in_sql() -> None:
    bad = foreign_tables(PACKAGE)
    assert bad == [], "ask the owner's functions instead:\n" + "\n".join(bad)


def test_every_table_has_an_owner() -> None:
    schema = (PACKAGE / SCHEMA).read_text(encoding="utf-8")
    created = set(re.findall(r"CREATE (?:VIRTUAL )?TABLE (?:IF NOT EXISTS )?(\w+)", schema))
    # Temporary tables of the CHECK-widening rebuild (migration 4) are renamed away.
    created -= {t for t in created if t.endswith("_new")}
    assert created - set(OWNER) == set(), "give each new table an owner in OWNERS"


def test_every_exception_is_still_needed() -> None:
    for (module, table), _why in ALLOWED.items():
        named = {t for _, t in tables_named((PACKAGE / module).read_text(encoding="utf-8"))}
        assert table in named, f"{module} no longer names {table}: remove its exception"


def test_the_check_catches_a_foreign_table(tmp_path: Path) -> None:
    # A scratch tree breaking the rule: the breach package reading clients itself, once
    # by name and once through a table name built at run time.
    (tmp_path / "breach").mkdir()
    (tmp_path / "breach" / "x.py").write_text(
        'ROWS = "SELECT name FROM clients WHERE id = ?"\n'
        'OWN = "SELECT 1 FROM breach_notices"\n'
        '"""A docstring saying the clients are listed from notes."""\n'
        "def count(db, table, marks):\n"
        '    db.execute(f"SELECT count(*) FROM breach_notices WHERE id IN ({marks})")\n'
        '    return db.execute(f"SELECT count(*) "\n'
        '                      f"FROM {table[0]} WHERE id = ?")\n'
    )
    assert foreign_tables(tmp_path) == [
        "breach/x.py:1 names clients (owned by records)",
        "breach/x.py:6 leaves the table to a placeholder: {table[0]} in count",
    ]


def test_breach_notice_letters_are_the_ones_destruction_keeps() -> None:
    # disclosure.purge keeps letters by kind; breach writes them with this kind.
    assert notices.LETTER_KIND in purge.KEPT_LETTER_KINDS
