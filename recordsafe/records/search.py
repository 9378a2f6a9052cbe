"""Full-text search over note bodies and client names (SQLite FTS5 inside the vault).

    results = search(session, 'zoe "anxiety', limit=50)
    results.clients  -> [ClientHit]   name with the match marked, ranked
    results.notes    -> [NoteHit]     snippet around the match, ranked (bm25)
    results.total    -> int

Whatever the user types is treated as plain words: FTS5 syntax (`"`, `*`, `NEAR(`,
`AND`, `OR`, `NOT`, parentheses, column filters) never reaches the engine as syntax, so
a search never raises. All words must match; the last one also matches as a prefix
("wre" finds "Wren"), so results appear while typing. Case and diacritics are folded
("zoe" finds "Zoë").

Notes are ranked by bm25 among the newest RANK_WINDOW matches (all matches of a rarer
word; the recent ones of a word in most notes), read in one pass of the index; a typed
prefix is expanded into the index's own terms first (see `_notes_query`), so a common
word costs one lazy read rather than a merge of every posting list it covers.

Snippets mark each match between `MARK_START` and `MARK_END` (control characters that
cannot occur in typed text); `split_marked(text)` turns a snippet into (text, is_match)
pieces for the UI to render, so note text is never interpreted as HTML.

Every search is audited (`search`, with the number of results only, never the words).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Final

from recordsafe.records._common import parse_day
from recordsafe.records.clients import STATUSES, Status
from recordsafe.records.errors import RecordError
from recordsafe.vault import VaultError, VaultSession

MARK_START: Final = "\x02"
MARK_END: Final = "\x03"
ELLIPSIS: Final = "…"
SNIPPET_TOKENS: Final = 12
MAX_RESULTS: Final = 200
MAX_WORDS: Final = 16  # a pasted paragraph is not a search
MIN_PREFIX_CHARS: Final = 2  # a one-letter prefix would match most of the index

# Runs of letters and digits: what unicode61 itself treats as token characters.
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class ClientHit:
    client_id: int
    name: str
    status: Status
    marked_name: str


@dataclass(frozen=True)
class NoteHit:
    note_id: int
    case_id: int
    client_id: int | None
    client_name: str | None
    kind: str
    note_date: date | None
    status: str
    snippet: str


@dataclass(frozen=True)
class SearchResults:
    clients: tuple[ClientHit, ...]
    notes: tuple[NoteHit, ...]

    @property
    def total(self) -> int:
        return len(self.clients) + len(self.notes)


def fts_query(text: str) -> str | None:
    """A safe FTS5 MATCH expression for the user's text, or None when it has no words."""
    words = _WORD.findall(unicodedata.normalize("NFC", text or ""))[:MAX_WORDS]
    if not words:
        return None
    # Each word is a quoted string: FTS5 reads it as text, never as an operator.
    parts = [f'"{word}"' for word in words]
    if len(words[-1]) >= MIN_PREFIX_CHARS:
        parts[-1] += "*"
    return " ".join(parts)


def split_marked(text: str) -> list[tuple[str, bool]]:
    """A snippet as (piece, is_match) pairs, for rendering without HTML."""
    pieces: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split(f"[{MARK_START}{MARK_END}]", text)):
        if chunk:
            pieces.append((chunk, i % 2 == 1))
    return pieces


def search(
    session: VaultSession,
    text: str,
    *,
    limit: int = 50,
    status: Status | None = None,
    include_psychotherapy: bool = True,
) -> SearchResults:
    """Clients whose name matches and notes whose body matches, best first; audited.

    `status` keeps only clients with that status, and only notes written from such a
    client's record.
    """
    if status is not None and status not in STATUSES:
        raise RecordError("Unknown client status.")
    limit = max(1, min(int(limit), MAX_RESULTS))
    query = fts_query(text)
    if query is None:
        results = SearchResults((), ())
    else:
        results = SearchResults(
            _client_hits(session, query, limit, status),
            _note_hits(session, text, limit, status, include_psychotherapy),
        )
    session.record(
        "search", None, clients=len(results.clients), notes=len(results.notes), count=results.total
    )
    return results


def _client_hits(
    session: VaultSession, query: str, limit: int, status: Status | None
) -> tuple[ClientHit, ...]:
    # One query: the status filter applies before LIMIT, so a filtered list is never a
    # short remainder of a capped one.
    rows = session.db.execute(
        "SELECT c.id, c.name, c.status, highlight(clients_fts, 0, ?, ?) "
        "FROM clients_fts JOIN clients c ON c.id = clients_fts.rowid "
        "WHERE clients_fts MATCH ? AND (? IS NULL OR c.status = ?) "
        "ORDER BY clients_fts.rank LIMIT ?",
        (MARK_START, MARK_END, query, status, status, limit),
    )
    return tuple(ClientHit(int(r[0]), r[1], r[2], r[3]) for r in rows)


RANK_WINDOW: Final = 300
MAX_EXPANSION: Final = 64  # a prefix with more index terms than this is matched as a prefix
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def _notes_query(session: VaultSession, text: str) -> str | None:
    """The MATCH expression for note bodies, or None when no note can match.

    A prefix ("plan*") makes FTS5 merge the posting lists of every term it covers into
    one list before the first row; for a common word that is a whole pass over most of
    the index, and bm25 pays it a second time. So a typed ASCII prefix is expanded here
    into the terms the index holds ("plan" OR "plans"), which FTS5 reads lazily, newest
    first. The terms come from an fts5vocab table over the index (TEMP: per connection,
    nothing stored), read in term order up to MAX_EXPANSION + 1; a prefix covering more
    terms than that, or one with letters the tokenizer might fold differently (non-ASCII),
    stays a plain FTS5 prefix query. The matches are the same either way.
    """
    query = fts_query(text)
    if query is None or not query.endswith("*"):
        return query
    head, _, last = query.rpartition(" ")
    prefix = last[1:-2].lower()  # '"Plan"*' -> 'plan', as unicode61 folds ASCII
    if not _ASCII_WORD.fullmatch(prefix):
        return query
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    try:
        session.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.notes_fts_terms "
            "USING fts5vocab(main, notes_fts, row)"
        )
        rows = session.db.execute(
            "SELECT term FROM temp.notes_fts_terms WHERE term >= ? AND term < ? "
            "ORDER BY term LIMIT ?",
            (prefix, upper, MAX_EXPANSION + 1),
        )
    except VaultError:
        return query  # no term list (e.g. a full disk): the plain prefix query still works
    if not rows:
        return None  # no term in any note starts with it
    if len(rows) > MAX_EXPANSION:
        return query
    # Each term quoted (a quote doubled), so FTS5 reads it as text, never as an operator.
    terms = " OR ".join('"' + str(row[0]).replace('"', '""') + '"' for row in rows)
    return f"{head} AND ({terms})" if head else f"({terms})"


def _note_hits(
    session: VaultSession,
    text: str,
    limit: int,
    status: Status | None,
    include_psychotherapy: bool,
) -> tuple[NoteHit, ...]:
    # A note is filed under the client it was written from (the name shown with the hit):
    # under "Active", a closed or deceased client's notes do not show. Filtered in SQL
    # before LIMIT, like the client hits.
    # Ranking scores every match before LIMIT; a word in most notes ("session", "plan")
    # would take half a second at practice scale. So only the newest RANK_WINDOW matches
    # are ranked: a rarer word is ranked across all its notes, a common one across the
    # recent ones, which is where a practitioner looks first. The window, its scores and
    # its snippets come from ONE pass of the index (the inner SELECT, newest first, which
    # FTS5 stops after RANK_WINDOW rows); equal scores show the newest note first.
    query = _notes_query(session, text)
    if query is None:
        return ()
    rows = session.db.execute(
        "SELECT n.id, n.case_id, n.client_id, c.name, n.kind, n.note_date, n.status, w.snip "
        "FROM (SELECT rowid AS id, rank AS score, snippet(notes_fts, 0, ?, ?, ?, ?) AS snip "
        "      FROM notes_fts WHERE notes_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS w "
        "JOIN notes n ON n.id = w.id "
        "LEFT JOIN clients c ON c.id = n.client_id "
        "WHERE (? OR n.kind != 'psychotherapy') AND (? IS NULL OR c.status = ?) "
        "ORDER BY w.score, n.id DESC LIMIT ?",
        (
            MARK_START,
            MARK_END,
            ELLIPSIS,
            SNIPPET_TOKENS,
            query,
            RANK_WINDOW,
            int(include_psychotherapy),
            status,
            status,
            limit,
        ),
    )
    return tuple(
        NoteHit(int(r[0]), int(r[1]), r[2], r[3], r[4], parse_day(r[5]), r[6], r[7]) for r in rows
    )
