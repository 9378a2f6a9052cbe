"""Release budget (issue 5): render and encrypt a release of 200 notes, in memory (≤ 3 s).

    .venv/bin/python -m benchmarks.pdf_release [--notes 200] [--runs 3]

The notes are fictional and of realistic length (four paragraphs, about 330 words each,
with some non-ASCII names). The total is `disclosure.release.encrypted_pdf`, exactly what the
release dialog runs before the one atomic write (render in memory, then AES-256 in memory);
`--breakdown` also times the two halves on their own. Reports medians of `--runs`; writes
nothing. Exit 0 when the total holds the budget, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time

from recordsafe.disclosure.release import encrypted_pdf
from recordsafe.disclosure.release_pdf import CoverInfo, ReleaseItem, render_release_pdf
from recordsafe.outputs.encryption import encrypt_pdf, generate_password

BUDGET = 3.0
SENTENCES = [
    "Client arrived on time and appeared well groomed, with a brighter affect than last week.",
    "We reviewed the sleep diary; she is falling asleep within thirty minutes on most nights.",
    "Zoë described a conflict with her manager and how she used the pause-and-name skill.",
    "Explored the link between the argument with her brother and the urge to withdraw.",
    "No suicidal ideation, intent or plan reported; the safety plan was reviewed and kept.",
    "Practised paced breathing in session for five minutes; reported tension fell from 7 to 4.",
    "Discussed the upcoming anniversary of her father's death and what support she may need.",
    "Homework: continue the thought record and bring two examples to the next session.",
    "She noticed that catastrophising is strongest late in the evening when she is tired.",
    "Plan: weekly sessions for six more weeks, then review progress against the goals.",
    "Mood rated 6/10; appetite normal; exercise twice this week after a long break.",
    "Renée, her partner, may join one session to talk about communication at home.",
]


def sample_notes(count: int, seed: int = 7) -> list[ReleaseItem]:
    rng = random.Random(seed)
    start = dt.date(2024, 1, 8)
    notes = []
    for n in range(count):
        paragraphs = [" ".join(rng.choices(SENTENCES, k=6)) for _ in range(4)]
        day = start + dt.timedelta(weeks=n)
        notes.append(
            ReleaseItem(
                f"Individual session {n + 1}",
                day.isoformat(),
                "Progress note",
                "\n\n".join(paragraphs),
            )
        )
    return notes


def cover() -> CoverInfo:
    return CoverInfo(
        recipient="Dr. Amélie Durand",
        recipient_address="12 Harbour Road\nPortland, ME 04101",
        purpose="continuity of care",
        practice_name="Harbour Counselling",
        practitioner="Jo Rivera, LCSW",
        released_on=dt.date(2026, 11, 26),
        client_label="Zoë Okafor",
        part2=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--breakdown", action="store_true", help="also time render, encrypt")
    args = parser.parse_args(argv)

    notes, info, password = sample_notes(args.notes), cover(), generate_password()
    words = sum(len(n.body.split()) for n in notes) // max(len(notes), 1)
    render_times, encrypt_times, totals = [], [], []
    size = 0
    for _ in range(args.runs):
        begin = time.perf_counter()
        encrypted = encrypted_pdf(notes, info, password)  # the dialog's path
        totals.append(time.perf_counter() - begin)
        size = len(encrypted)
        if args.breakdown:
            begin = time.perf_counter()
            plain = render_release_pdf(notes, info)
            rendered = time.perf_counter()
            encrypt_pdf(plain, password)
            render_times.append(rendered - begin)
            encrypt_times.append(time.perf_counter() - rendered)

    total = statistics.median(totals)
    print(f"{args.notes} notes of ~{words} words, encrypted PDF {size / 1e6:.1f} MB")
    if args.breakdown:
        print(f"render   {statistics.median(render_times):.2f} s")
        print(f"encrypt  {statistics.median(encrypt_times):.2f} s")
    verdict = "ok" if total <= BUDGET else "OVER BUDGET"
    print(f"total    {total:.2f} s (budget {BUDGET:.1f} s) {verdict}")
    return 0 if total <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
