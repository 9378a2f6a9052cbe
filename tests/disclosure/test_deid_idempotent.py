"""One pass of the de-identification removes everything it would find (issue 16 review):
the gate's second look (`known_names.still_identifying`) runs it again on the output, and
a finding there blocks the release with nothing left to tick on the review screen."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recordsafe.disclosure.deidentify import deidentify, index_names
from tests.disclosure.deid_corpus import KNOWN_NAMES, corpus

NAMES = index_names(KNOWN_NAMES)
EXAMPLES = int(os.environ.get("RECORDSAFE_FUZZ_EXAMPLES", "300"))
# Pieces the rules look at, to be run together in any order with any separator.
PIECES = (
    "2025-03-04", "2025/03/14", "3/14", "14", "2025", "1931", "555-0147", "555 0147",
    "(503) 555-0147", "97701", "97701-1234", "OR", "Ore.", "Salem", "Bend", "Maya",
    "Lindqvist", "Maya Lindqvist", "Dr Imani Osei", "March", "May", "4th", "on", "the",
    "born", "DOB", "aged", "95", "102", "year-old", "Street", "12", "Elm", "Avenue",
    "a@b.org", "www.x.example", "203.0.113.54", "MRN", "TB-448120", "ID", "IMG_2025_0311",
    "plate", "HJK", "4471", "County", "Marion", "zip", "x.jpg", "10:30", "Turned", "mood",
)  # fmt: skip
SEPARATORS = (" ", "", "-", "/", ".", ", ", ": ", "\n", "'s ")


def again(text: str, terms: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """What a second pass over the first pass's output still finds (and the first pass's
    removals, applied to the text, give its output: the review screen lists them)."""
    once = deidentify(text, names=NAMES, extra_terms=terms)
    rebuilt, position = [], 0
    for r in once.removals:
        assert position <= r.start and text[r.start : r.end] == r.original
        rebuilt += [text[position : r.start], r.replacement]
        position = r.end
    assert "".join([*rebuilt, text[position:]]) == once.text
    second = deidentify(once.text, names=NAMES, extra_terms=[])
    return [(r.kind, r.original) for r in second.removals]


def test_a_date_touching_a_phone_number_goes_in_one_pass() -> None:
    result = deidentify("Seen 2025-03-04 555-0147", names=NAMES, extra_terms=[])
    assert result.text == "Seen 2025 [phone]"
    assert again("Seen 2025-03-04 555-0147") == []


@pytest.mark.parametrize("note", corpus(), ids=lambda n: n.text[:30])
def test_the_corpus_needs_one_pass(note: object) -> None:
    assert again(note.text) == []  # type: ignore[attr-defined]


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=12))
def test_any_run_of_pieces_needs_one_pass(parts: list[tuple[str, str]]) -> None:
    text = "".join(piece + separator for piece, separator in parts)
    assert again(text) == [], text


def test_a_term_that_is_a_replacement_word_is_removed_once() -> None:
    # "[removed]" holds the term "removed": it is not removed again and again.
    result = deidentify("Removed from Bend, Ore.", names=NAMES, extra_terms=["removed"])
    assert result.text == "[removed] from [place], Ore."
    assert again("Removed from the name list.", ("removed", "name")) == []
