"""How much of what identifies someone the de-identification removes or flags.

    .venv/bin/python -m benchmarks.deid_measure

Runs `deidentify` (with the names the corpus's vault knows) and then `suspects` over the
fixed, annotated set of fictional notes in tests/disclosure/deid_corpus.py and prints,
per Safe Harbor kind, how many identifiers were removed for sure, how many were left for
the review screen to flag, and how many were missed (tests/disclosure/test_deid_corpus.py
asserts none). Also prints the flags that are no identifier (the noise the user unticks)
and the time to de-identify 200 notes with 7,509 known names (a practice-scale vault).
"""

from __future__ import annotations

import time
from collections import Counter

from recordsafe.disclosure import deid_suspects, deidentify
from tests.disclosure.deid_corpus import KNOWN_NAMES, Note, corpus, measure


def per_kind(notes: list[Note]) -> None:
    totals: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    for note in notes:
        result = measure([note])
        missed = {m.split(": ", 1)[1] for m in result.missed}
        for ident in note.identifiers:
            totals[ident.kind] += 1
            caught[ident.kind] += ident.text not in missed
    print(f"{'kind':<12} {'caught':>6} / total")
    for kind in sorted(totals):
        print(f"{kind:<12} {caught[kind]:>6} / {totals[kind]}")


def timing() -> float:
    names = [*KNOWN_NAMES, *(f"Client{n} Surname{n}" for n in range(7_500))]
    texts = [note.text for note in corpus()] * 23  # about 200 notes
    started = time.perf_counter()
    index = deidentify.index_names(names)  # once per release, as the release builds it
    for text in texts[:200]:
        done = deidentify.deidentify(text, names=index, extra_terms=[])
        deid_suspects.suspects(done.text)
    return time.perf_counter() - started


def main() -> None:
    notes = corpus()
    result = measure(notes)
    per_kind(notes)
    share = 100 * result.caught / result.total
    print(
        f"\n{result.total} identifiers in {len(notes)} notes: {result.removed} removed, "
        f"{result.flagged} flagged for review, {len(result.missed)} missed "
        f"-> {share:.1f} % removed or flagged"
    )
    print(f"flags that are no identifier ({len(result.noise)}): {', '.join(result.noise)}")
    print(f"200 notes, 7,509 known names (15,000 name words): {timing():.2f} s")


if __name__ == "__main__":
    main()
