"""Each package owns its tables (docs/architecture.md): only the owner names them in SQL.

Reads every string constant of the package that looks like SQL (upper-case keywords, as
the code writes them) and finds the tables after FROM, JOIN, INTO, UPDATE, DELETE FROM,
ON and TABLE. Another package that needs a fact asks the owner's functions
(`records.directory`, `disclosure.history`, `audit.queries`, the purge modules).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from recordsafe.breach import notices
from recordsafe.disclosure import purge

PACKAGE = Path(__file__).resolve().parents[1] / "recordsafe"
SCHEMA = "vault/schema.py"  # the numbered migrations create every table

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
    ),
    "closure": (
        "custodians",
        "custodian_slots",
        "closure_plans",
        "closure_notices",
        "legal_holds",
        "destruction_log",
        "destruction_authority",
    ),
    "breach": ("breach_incidents", "breach_assessments", "breach_affected", "breach_notices"),
}
OWNER = {table: package for package, tables in OWNERS.items() for table in tables}

# (module, table) -> why this module may name a table its package does not own.
# None today: the vault session writes the audit log through `audit.chain`.
ALLOWED: dict[tuple[str, str], str] = {}

TABLE_AFTER = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|DELETE FROM|ON|TABLE)\s+(\w+)")
SQL_WORDS = re.compile(r"\b(?:SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b")


def tables_named(source: str) -> list[tuple[int, str]]:
    """(line, table) for each table a SQL-looking string constant names."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL_WORDS.search(node.value) or TABLE_AFTER.search(node.value):
                found += [(node.lineno, t) for t in TABLE_AFTER.findall(node.value) if t in OWNER]
    return found


def foreign_tables(package: Path) -> list[str]:
    bad = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if relative == SCHEMA:
            continue
        own = relative.split("/")[0]
        for line, table in tables_named(path.read_text(encoding="utf-8")):
            if OWNER[table] != own and (relative, table) not in ALLOWED:
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
    # A scratch tree breaking the rule: the breach package reading clients itself.
    (tmp_path / "breach").mkdir()
    (tmp_path / "breach" / "x.py").write_text(
        'ROWS = "SELECT name FROM clients WHERE id = ?"\n'
        'OWN = "SELECT 1 FROM breach_notices"\n'
        '"""A docstring saying the clients are listed from notes."""\n'
    )
    assert foreign_tables(tmp_path) == ["breach/x.py:1 names clients (owned by records)"]


def test_breach_notice_letters_are_the_ones_destruction_keeps() -> None:
    # disclosure.purge keeps letters by kind; breach writes them with this kind.
    assert notices.LETTER_KIND in purge.KEPT_LETTER_KINDS
