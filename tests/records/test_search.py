from __future__ import annotations

import pytest

from recordsafe.records import cases, clients, intake, notes, search
from recordsafe.vault import VaultSession
from tests.records.conftest import DAY, audit_actions


@pytest.fixture
def indexed(session: VaultSession, individual_case: int) -> int:
    notes.create_note(
        session, individual_case, body="Discussed the café and the naïve résumé with Zoë."
    )
    notes.create_note(session, individual_case, body="Sleep improving; anxiety lower this week.")
    notes.create_note(
        session, individual_case, kind="psychotherapy", body="Process notes on anxiety dreams."
    )
    return clients.create_client(session, "Zoë Heron")


def test_diacritics_and_case_are_folded(session: VaultSession, indexed: int) -> None:
    results = search.search(session, "zoe")
    assert [hit.client_id for hit in results.clients] == [indexed]
    assert len(results.notes) == 1
    assert search.search(session, "CAFE RESUME").notes
    assert search.search(session, "Café").notes
    assert search.split_marked(results.clients[0].marked_name) == [("Zoë", True), (" Heron", False)]


def test_results_have_snippets_and_are_ranked(session: VaultSession, indexed: int) -> None:
    results = search.search(session, "anxiety")
    assert len(results.notes) == 2
    for hit in results.notes:
        assert f"{search.MARK_START}anxiety{search.MARK_END}" in hit.snippet
    only_progress = search.search(session, "anxiety", include_psychotherapy=False)
    assert [h.kind for h in only_progress.notes] == ["progress"]
    # Two matching words rank above one.
    notes_hits = search.search(session, "anxiety dreams").notes
    assert notes_hits[0].kind == "psychotherapy"


def test_prefix_of_last_word(session: VaultSession, indexed: int) -> None:
    assert search.search(session, "her").clients  # "Heron"
    assert not search.search(session, "h").clients  # one letter is not a prefix search


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"anxiety',
        "*",
        "anx*",
        "NEAR(",
        "NEAR(anxiety sleep",
        "anxiety AND",
        "AND",
        "OR NOT",
        "(anxiety",
        "anxiety)",
        "((",
        "",
        "   ",
        "body:anxiety",
        "^anxiety",
        "-anxiety",
        "{anxiety}",
        "anxiety + sleep",
        "\x00",
        "'; DROP TABLE notes; --",
    ],
)
def test_query_syntax_is_plain_words_never_an_error(
    session: VaultSession, indexed: int, text: str
) -> None:
    results = search.search(session, text)
    assert results.total >= 0
    assert audit_actions(session)[-1] == "search"


def test_syntax_characters_do_not_hide_the_words(session: VaultSession, indexed: int) -> None:
    assert len(search.search(session, '"anxiety').notes) == 2
    assert len(search.search(session, "anxiety*").notes) == 2
    assert len(search.search(session, "NEAR(anxiety").notes) == 0  # "near" is a word here
    assert len(search.search(session, "(sleep AND").notes) == 0  # "and" is a plain word here
    assert len(search.search(session, "(sleep").notes) == 1


def test_search_audit_has_count_not_words(session: VaultSession, indexed: int) -> None:
    search.search(session, "anxiety")
    detail = session.db.scalar("SELECT detail FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert '"count":2' in detail
    assert "anxiety" not in detail


def test_status_filter(session: VaultSession, indexed: int) -> None:
    clients.close_client(session, indexed)
    assert search.search(session, "zoe", status="active").clients == ()
    assert search.search(session, "zoe", status="closed").clients[0].client_id == indexed


def test_index_follows_edits(session: VaultSession, individual_case: int) -> None:
    note_id = notes.create_note(session, individual_case, body="alpha")
    notes.save_draft(session, note_id, body="bravo")
    assert not search.search(session, "alpha").notes
    assert search.search(session, "bravo").notes
    cid = clients.create_client(session, "Old Name")
    clients.update_client(session, cid, name="Fresh Name")
    assert not search.search(session, "old").clients
    assert search.search(session, "fresh").clients


def test_status_filter_applies_to_note_hits(
    session: VaultSession, client_id: int, individual_case: int
) -> None:
    """Under "Active", a closed or deceased client's notes do not show either."""
    other = clients.create_client(session, "Basil Teal")
    intake.record_intake(session, other, explained_on=DAY, method="phone")
    other_case = cases.create_case(session, "individual", "Individual work", [other])
    mine = notes.create_note(session, individual_case, body="Garden allotment worries.")
    theirs = notes.create_note(session, other_case, body="Allotment hedge conflict.")
    clients.close_client(session, other)

    def found(status: clients.Status | None) -> set[int]:
        return {h.note_id for h in search.search(session, "allotment", status=status).notes}

    assert found("active") == {mine}
    assert found("closed") == {theirs}
    assert found("deceased") == set()
    assert found(None) == {mine, theirs}
    clients.mark_deceased(session, client_id, died_on=DAY)
    assert found("active") == set()
    assert found("deceased") == {mine}


def test_status_filter_is_applied_before_the_limit(
    session: VaultSession, client_id: int, individual_case: int
) -> None:
    """Many better-ranked hits of closed clients must not crowd out the active ones."""
    active_note = notes.create_note(session, individual_case, body="A walk in the meadow.")
    for k in range(12):
        cid = clients.create_client(session, f"Meadow Closed {k}")
        intake.record_intake(session, cid, explained_on=DAY, method="phone")
        case_id = cases.create_case(session, "individual", "Individual work", [cid])
        notes.create_note(session, case_id, body="Meadow meadow meadow.")
        clients.close_client(session, cid)
    results = search.search(session, "meadow", limit=5, status="active")
    assert [h.note_id for h in results.notes] == [active_note]
    assert results.clients == ()
    assert len(search.search(session, "meadow", limit=5, status="closed").clients) == 5


def test_typed_prefix_finds_the_same_notes_as_an_fts5_prefix(
    session: VaultSession, individual_case: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last word's prefix is expanded into index terms; the matches must not change."""
    bodies = [
        "Planning the week.",
        "Plans for the garden.",
        "A plan, then another plan.",
        "Planets and naïve plantains.",
        "Nothing relevant here.",
        "Sleep plan reviewed.",
    ]
    ids = [notes.create_note(session, individual_case, body=b) for b in bodies]
    expected = {ids[0], ids[1], ids[2], ids[3], ids[5]}

    def found(text: str) -> set[int]:
        return {h.note_id for h in search.search(session, text).notes}

    assert found("pla") == expected
    assert '"plans"' in (search._notes_query(session, "pla") or "")  # expanded
    assert found("PLAN") == expected
    assert found("sleep pla") == {ids[5]}
    assert found("naï") == {ids[3]}  # non-ASCII prefix: a plain FTS5 prefix query
    assert found("plaz") == set()  # no term starts with it
    # More index terms than the expansion allows: the plain prefix query, same matches.
    monkeypatch.setattr(search, "MAX_EXPANSION", 2)
    assert found("pla") == expected
    assert search._notes_query(session, "pla") == '"pla"*'


def test_equal_scores_show_the_newest_note_first(
    session: VaultSession, individual_case: int
) -> None:
    ids = [notes.create_note(session, individual_case, body="Meadow walk.") for _ in range(4)]
    assert [h.note_id for h in search.search(session, "meadow").notes] == ids[::-1]
