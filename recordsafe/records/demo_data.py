"""A clearly fictional practice for the demo vault and the benchmarks.

    summary = populate(session, "small", seed=7)      # >= 60 clients, >= 1,000 notes
    summary = populate(session, "practice")           # 5,000 clients, 250,000 notes

Names come from fixed lists of obviously fictional names (plant and bird surnames);
note bodies are stitched from stock phrases. Always present: the Smith couple (Mr and
Mrs Smith) with a couple case, joint notes with both as subjects and an individual
session of Mr Smith inside their couple work with only him as subject; every case kind;
a deceased client with a personal representative; signed notes with addenda;
psychotherapy notes; drafts; intake records for most clients, each dated on or before
the client's first case, and two clients without one (their first note asks for it); a
group whose agreement is still pending. The "practice" size also has one client with 500
notes (the budget's heavy client).

Speed: rows go in with `executemany` inside a few big transactions under
`session.bulk()`, with ids chosen up front; the audit log gets one `demo_populated`
entry (counts only), not one per row. The same seed gives the same practice.
"""

from __future__ import annotations

import contextlib
import itertools
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final, Literal

from recordsafe.records import fields
from recordsafe.records._common import name_key, now_utc, today
from recordsafe.records.intake import CURRENT_HANDOUT_VERSION
from recordsafe.vault import VaultSession

Size = Literal["small", "practice"]


@dataclass(frozen=True)
class DemoSize:
    clients: int
    notes: int
    heavy_client_notes: int  # one client with this many notes (0: none)


SIZES: Final[dict[str, DemoSize]] = {
    "small": DemoSize(clients=64, notes=1200, heavy_client_notes=0),
    "practice": DemoSize(clients=5000, notes=250_000, heavy_client_notes=500),
}
NOTES_PER_BATCH: Final = 25_000
INTAKE_LEAD_DAYS: Final = 29  # intake comes 0 to 28 days before the first case opens

FIRST_NAMES: Final = (
    "Ada", "Alder", "Aster", "Basil", "Bay", "Briar", "Bramble", "Calla", "Cedar", "Clover",
    "Cress", "Dahlia", "Dill", "Elm", "Fennel", "Fern", "Flint", "Garnet", "Hazel", "Heath",
    "Holly", "Indigo", "Iris", "Ivy", "Jasper", "Juniper", "Kestrel", "Larch", "Laurel",
    "Linden", "Lupin", "Maple", "Marigold", "Mallow", "Moss", "Myrtle", "Nettle", "Oak",
    "Olive", "Orrin", "Pansy", "Peregrine", "Poppy", "Quill", "Rowan", "Rue", "Saffron",
    "Sage", "Sorrel", "Sparrow", "Tansy", "Teasel", "Thyme", "Umber", "Verbena", "Vetch",
    "Willow", "Woodruff", "Yarrow", "Zinnia", "Zoë", "Ottilie", "Bartholomew", "Clementine",
    "Ignatius", "Perpetua", "Wilhelmina", "Thaddeus", "Araminta", "Barnaby",
)  # fmt: skip
SURNAMES: Final = (
    "Wren", "Heron", "Finch", "Lark", "Thrush", "Plover", "Curlew", "Dunnock", "Nuthatch",
    "Bunting", "Kingfisher", "Lapwing", "Linnet", "Merganser", "Nightjar", "Oriole",
    "Pipit", "Redstart", "Sandpiper", "Siskin", "Starling", "Swift", "Teal", "Twite",
    "Warbler", "Waxwing", "Whimbrel", "Wigeon", "Yellowhammer", "Goldcrest", "Bramblewood",
    "Thistledown", "Fernsby", "Mosswell", "Nettlebed", "Hawthorne", "Elderberry", "Burdock",
    "Campion", "Celandine", "Cowslip", "Foxglove", "Gorse", "Harebell", "Knapweed",
    "Meadowsweet", "Oxlip", "Primrose", "Ragwort", "Samphire", "Sedge", "Speedwell",
    "Stitchwort", "Tormentil", "Valerian", "Woundwort", "Bogbean", "Sundew", "Milkwort",
    "Eyebright", "Toadflax", "Bindweed", "Cuckooflower", "Moorhen", "Dabchick", "Shelduck",
    "Turnstone", "Dotterel", "Greenshank", "Redpoll",
)  # fmt: skip

_OPENINGS: Final = (
    "{Who} arrived on time and settled quickly.",
    "Session held by video; connection was stable.",
    "{Who} arrived a few minutes late after a difficult morning.",
    "Met in the office; {who} appeared tired but engaged.",
    "{Who} reported a mixed week with some good days.",
    "Session began with a review of last week's plan.",
)
_TOPICS: Final = (
    "We explored sleep patterns and the evening routine.",
    "Discussed anxiety before work meetings and practised paced breathing.",
    "{One} described tension at home about chores and money.",
    "We worked on noticing automatic thoughts and writing them down.",
    "Grief about a parent came up again, mostly around anniversaries.",
    "Talked through a conflict with a neighbour about the allotment hedge.",
    "{One} practised saying no to extra shifts and felt calmer afterwards.",
    "We mapped supports: a friend from the choir, a sister, the walking group.",
    "Reviewed the café outing; the naïve worry about being watched eased.",
    "{One} explored a recurring dream about missing a train.",
)
_OBSERVATIONS: Final = (
    "Mood appeared brighter than last time; affect congruent.",
    "{One} was tearful at times but able to use grounding skills.",
    "No risk concerns raised; {who} denied thoughts of harm.",
    "Engagement good; homework partly completed.",
    "Some avoidance noted when the topic turned to work.",
)
_PLANS: Final = (
    "Plan: continue weekly sessions and keep the sleep diary.",
    "Plan: practise breathing twice a day; review in two weeks.",
    "Plan: {who} will try one small exposure step before next session.",
    "Plan: revisit the support map next time.",
    "Plan: fortnightly sessions from now on.",
)
# Joint sessions speak of the people actually in the room: partners, a family, a group.
_JOINT_TOPICS: Final[dict[str, tuple[str, ...]]] = {
    "couple": (
        "Both partners described the week from their side; we slowed the exchanges down.",
        "We practised a speaker-listener exercise about weekend plans.",
        "Discussed how decisions about the garden get made and who feels heard.",
    ),
    "family": (
        "The family agreed on a short check-in after dinner on weekdays.",
        "Each family member named one thing that went well at home this week.",
        "Discussed how decisions about the garden get made and who feels heard.",
    ),
    "group": (
        "Group members shared one success each; two members offered feedback.",
        "The group practised paced breathing together and compared notes on sleep.",
    ),
}
_PSYCHOTHERAPY: Final = (
    "Process notes: my sense of {ones} guardedness around the father; countertransference "
    "of wanting to rescue. Hypothesis to hold lightly: loyalty conflict.",
    "Process notes: themes of abandonment in the dream material; consider pacing.",
    "Process notes: {one} tested the frame by arriving late; link to earlier ruptures.",
)
_CONTACT: Final = (
    "Phone call to rearrange next week's appointment.",
    "{One} emailed to say they would be away; no clinical content.",
)
_COLLATERAL: Final = (
    "With {ones} written consent, spoke with their GP about sleep medication timing.",
    "With consent, brief call with the school counsellor about attendance.",
)
_ADDENDA: Final = (
    "Addendum: the session date above is correct; the plan should read fortnightly.",
    "Addendum: {one} later clarified the timeline of the move; see next note.",
    "Addendum: corrected the name of the walking group mentioned above.",
)
# How a note names whom it is about: "Client" when it is about one person; a joint note
# says who ("both partners", "everyone", one of them by first name).
_ONE_CLIENT: Final = {"Who": "Client", "who": "client", "One": "Client", "one": "client",
                      "ones": "the client's"}  # fmt: skip
_TITLES: Final = ("Mr", "Mrs", "Ms", "Mx", "Dr")


def _first_name(name: str) -> str:
    """'Ada' for Ada Wren; Mr Smith stays 'Mr Smith'."""
    first = name.split(maxsplit=1)[0]
    return name if first in _TITLES else first


def _voice(names: list[str], case_kind: str, pick: int) -> dict[str, str]:
    """The words a note's stock phrases use for its subjects (`pick` chooses the one)."""
    if len(names) == 1:
        return _ONE_CLIENT
    everyone = "both partners" if case_kind == "couple" else "everyone"
    one = _first_name(names[pick % len(names)])
    return {"Who": everyone.capitalize(), "who": everyone, "One": one, "one": one,
            "ones": f"{one}'s"}  # fmt: skip


_AGREEMENT_TEXT: Final = (
    "We agree how information is shared in our joint work. What one of us tells the "
    "practitioner alone may be kept private unless the practitioner judges it must be "
    "shared for safety; the practitioner will say so first. This is fictional demo text."
)


@dataclass
class DemoSummary:
    """What `populate` made (counts only)."""

    clients: int = 0
    cases: Counter[str] = field(default_factory=Counter)
    notes: int = 0
    signed: int = 0
    addenda: int = 0
    psychotherapy: int = 0
    intake_records: int = 0
    deceased: int = 0


@dataclass
class _Case:
    id: int
    kind: str
    title: str
    participants: list[tuple[int, int]]  # (participant id, client id)
    opened_on: date
    agreed: bool = True
    note_count: int = 0
    closed_on: date | None = None  # a closed or deceased client's case ends with them


class _Builder:
    """Row generation with ids chosen up front (so subjects and addenda can refer to them)."""

    def __init__(self, session: VaultSession, size: DemoSize, seed: int, day: date) -> None:
        self.session = session
        self.size = size
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 (repeatable fiction, not secrets)
        self.today = day
        self.stamp = now_utc()
        db = session.db
        self.next_client = int(db.scalar("SELECT coalesce(max(id), 0) FROM clients")) + 1
        self.next_case = int(db.scalar("SELECT coalesce(max(id), 0) FROM cases")) + 1
        self.next_participant = (
            int(db.scalar("SELECT coalesce(max(id), 0) FROM case_participants")) + 1
        )
        self.next_note = int(db.scalar("SELECT coalesce(max(id), 0) FROM notes")) + 1
        self.summary = DemoSummary()
        self.cases: list[_Case] = []
        self.intake_plan: list[tuple[int, int, str]] = []  # (client id, days, method)
        # The day a client's record closed or they died: no session (and no note) after it.
        self.ended: dict[int, date] = {}
        self.client_names: dict[int, str] = {}

    # --- clients ---------------------------------------------------------------------

    def names(self) -> Iterator[str]:
        pairs = list(itertools.product(FIRST_NAMES, SURNAMES))
        self.rng.shuffle(pairs)
        for first, last in pairs:
            yield f"{first} {last}"
        for n in itertools.count(2):  # more clients than name pairs: numbered, still fictional
            for first, last in pairs:
                yield f"{first} {last} {n}"

    def clients(self) -> tuple[list[int], list[int]]:
        """Insert the clients; returns (all client ids, ids without intake)."""
        rng = self.rng
        rows = []
        names = self.names()
        count = self.size.clients
        for i in range(count):
            cid = self.next_client + i
            if i == 0:
                name = "Mr Smith"
            elif i == 1:
                name = "Mrs Smith"
            elif i == 2:
                name = "Zoë Bramblewood"
            else:
                name = next(names)
            dob = self.today - timedelta(days=rng.randint(18 * 365, 85 * 365))
            contact = f"555-01{rng.randint(0, 99):02d}" if rng.random() < 0.6 else None
            status, closed_on, died_on, rep, authority = "active", None, None, None, None
            roll = rng.random()
            if i == 3 or (i > 3 and roll < 0.01):
                status = "deceased"
                died_on = (self.today - timedelta(days=rng.randint(30, 700))).isoformat()
                if i == 3 or rng.random() < 0.5:
                    rep = f"{rng.choice(FIRST_NAMES)} {name.split()[1]}"
                    authority = "Executor named in the will (fictional)"
            elif i > 3 and roll < 0.13:
                status = "closed"
                closed_on = (self.today - timedelta(days=rng.randint(10, 400))).isoformat()
            if closed_on or died_on:
                self.ended[cid] = date.fromisoformat(closed_on or died_on or "")
            rows.append(
                (
                    cid, name, name_key(name), contact, dob.isoformat(), status, closed_on,
                    died_on, rep, authority, self.stamp, self.stamp,
                )
            )  # fmt: skip
            self.summary.deceased += status == "deceased"
            self.client_names[cid] = name
        self.session.db.executemany(
            "INSERT INTO clients (id, name, name_key, contact, dob, status, closed_on, died_on, "
            "representative_name, representative_authority, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        ids = [r[0] for r in rows]
        self.next_client += count
        self.summary.clients = count
        without = [ids[-1], ids[-2]]  # two new clients whose intake is still to come
        # Drawn here (same random sequence as ever); dated once the cases are planned.
        self.intake_plan = [
            (
                cid,
                rng.randint(40, 1100),
                rng.choice(("in_person", "in_person", "video", "phone", "written")),
            )
            for cid in ids
            if cid not in without
        ]
        return ids, without

    def intakes(self) -> None:
        """Intake records, each on or before the client's first case (and so first note).

        Limits of confidentiality are explained before any work starts; a client without a
        case (none today) gets a date in the past.
        """
        first_opened: dict[int, date] = {}
        for case in self.cases:
            for _, cid in case.participants:
                if cid not in first_opened or case.opened_on < first_opened[cid]:
                    first_opened[cid] = case.opened_on
        rows = []
        for cid, days, method in self.intake_plan:
            opened = first_opened.get(cid)
            if opened is None:
                day = self.today - timedelta(days=days)
            else:  # a few days to a few weeks before the first session
                day = opened - timedelta(days=days % INTAKE_LEAD_DAYS)
            rows.append((cid, day.isoformat(), method, handout_of(day), self.stamp))
        self.session.db.executemany(
            "INSERT INTO intake_records (client_id, explained_on, method, handout_version, "
            "recorded_at) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        self.summary.intake_records = len(rows)

    # --- cases -------------------------------------------------------------------------

    def add_case(
        self, kind: str, title: str, client_ids: list[int], *, agreed: bool = True
    ) -> _Case:
        opened_on = self.today - timedelta(days=self.rng.randint(60, 1000))
        ends = [self.ended[c] for c in client_ids if c in self.ended]
        closed_on = min(ends) if ends else None
        if closed_on is not None and opened_on > closed_on - timedelta(days=60):
            opened_on = closed_on - timedelta(days=self.rng.randint(60, 700))
        case = _Case(
            id=self.next_case,
            kind=kind,
            title=title,
            participants=[(self.next_participant + k, cid) for k, cid in enumerate(client_ids)],
            opened_on=opened_on,
            agreed=agreed or kind == "individual",
            closed_on=closed_on,
        )
        self.next_case += 1
        self.next_participant += len(client_ids)
        self.cases.append(case)
        self.summary.cases[kind] += 1
        return case

    def plan_cases(self, client_ids: list[int], without_intake: list[int]) -> None:
        rng = self.rng
        smiths = client_ids[:2]
        others = [c for c in client_ids[2:] if c not in without_intake]
        self.smith_case = self.add_case("couple", "Smith couple work", smiths)
        for cid in others:
            self.add_case("individual", "Individual work", [cid])
        others = [c for c in others if c not in self.ended]  # joint work: current clients
        pool = others[:]
        rng.shuffle(pool)
        n = len(client_ids)
        couples = max(2, n // 20)
        families = max(2, n // 40)
        groups = max(2, n // 150)
        for k in range(couples):
            self.add_case("couple", f"Couple work {k + 1}", pool[2 * k : 2 * k + 2])
        start = 2 * couples
        for k in range(families):
            members = pool[start : start + 3 + k % 2]
            start += len(members)
            self.add_case("family", f"Family work {k + 1}", members)
        for k in range(groups):
            members = rng.sample(others, rng.randint(6, 8))
            # The last group is new: its agreement is not complete yet, so no notes.
            self.add_case("group", f"Group {k + 1}", members, agreed=k < groups - 1)
        rows = [
            (
                c.id, c.kind, c.title,
                None if c.kind == "individual" else "individual_private" if c.agreed else None,
                None if c.kind == "individual" or not c.agreed else _AGREEMENT_TEXT,
                "not_needed" if c.kind == "individual" else "agreed" if c.agreed else "pending",
                c.opened_on.isoformat(), c.closed_on.isoformat() if c.closed_on else None,
                self.stamp, self.stamp,
            )
            for c in self.cases
        ]  # fmt: skip
        self.session.db.executemany(
            "INSERT INTO cases (id, kind, title, agreement_policy, agreement_text, "
            "agreement_status, opened_on, closed_on, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self.session.db.executemany(
            "INSERT INTO case_participants (id, case_id, client_id, role, agreed_on, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    pid,
                    c.id,
                    cid,
                    _role(c.kind, k),
                    c.opened_on.isoformat() if c.kind != "individual" and c.agreed else None,
                    self.stamp,
                )
                for c in self.cases
                for k, (pid, cid) in enumerate(c.participants)
            ],
        )

    def spread_notes(self) -> None:
        """How many notes each case gets; the Smiths and the heavy client get fixed counts."""
        writable = [c for c in self.cases if c.agreed]
        self.smith_case.note_count = 12
        fixed = 12
        if self.size.heavy_client_notes:
            heavy = next(c for c in writable if c.kind == "individual")
            heavy.note_count = self.size.heavy_client_notes
            fixed += heavy.note_count
        base = int((self.size.notes - fixed) / 1.01)  # about 1 % of notes get an addendum
        rest = [c for c in writable if c.note_count == 0]
        weights = [1.5 if c.kind != "individual" else 1.0 for c in rest]
        for case, count in Counter(self.rng.choices(range(len(rest)), weights, k=base)).items():
            rest[case].note_count = count
        self.target_addenda = self.size.notes - fixed - base

    # --- notes ---------------------------------------------------------------------------

    def body(self, kind: str, case_kind: str, voice: dict[str, str]) -> str:
        rng = self.rng
        if kind == "psychotherapy":
            return rng.choice(_PSYCHOTHERAPY).format(**voice)
        if kind == "contact":
            return rng.choice(_CONTACT).format(**voice)
        if kind == "collateral":
            return rng.choice(_COLLATERAL).format(**voice)
        joint = voice is not _ONE_CLIENT
        topic = rng.choice(_JOINT_TOPICS.get(case_kind, _TOPICS) if joint else _TOPICS)
        second = rng.choice(_TOPICS)
        if second == topic:  # never the same sentence twice (and no extra draw: same seed,
            second = _TOPICS[(_TOPICS.index(topic) + 1) % len(_TOPICS)]  # same practice)
        parts = [rng.choice(_OPENINGS), topic, second, rng.choice(_OBSERVATIONS)]
        if kind == "intake":
            parts.insert(0, "Intake session: limits of confidentiality explained with the handout.")
        return " ".join([*parts, rng.choice(_PLANS)]).format(**voice)

    def case_notes(
        self, case: _Case
    ) -> Iterator[tuple[int, str, date, str, list[tuple[int, int]], bool]]:
        """(note id, kind, date, body, subjects, signed) for one case, oldest first."""
        rng = self.rng
        count = case.note_count
        last_day = min(self.today, case.closed_on or self.today)
        span = max(1, (last_day - case.opened_on).days)
        for k in range(count):
            day = case.opened_on + timedelta(days=span * k // max(1, count))
            subjects = case.participants
            joint = case.kind != "individual"
            if k == 0 and not joint:
                kind = "intake"
            else:
                roll = rng.random()
                kind = (
                    "psychotherapy" if roll < 0.07 else "contact" if roll < 0.11
                    else "collateral" if roll < 0.13 else "progress"
                )  # fmt: skip
            if joint and case.kind != "group" and kind == "progress" and rng.random() < 0.12:
                subjects = [rng.choice(case.participants)]  # an individual session
                joint = False
            if case is self.smith_case:
                kind = "progress"
                subjects = case.participants if k != 5 else case.participants[:1]
                joint = k != 5
            names = [self.client_names[cid] for _, cid in subjects] if joint else ["Client"]
            body = self.body(kind, case.kind, _voice(names, case.kind, self.next_note))
            if case is self.smith_case and k == 5:
                body = "Individual session with Mr Smith inside the couple work. " + body
            signed = k < count - 1 or rng.random() < 0.8
            note_id = self.next_note
            self.next_note += 1
            yield note_id, kind, min(day, last_day), body, subjects, signed

    def notes(self) -> None:
        db = self.session.db
        rows: list[tuple[object, ...]] = []
        subjects: list[tuple[int, int, int]] = []
        to_sign: list[tuple[str, int]] = []
        addenda_due = self.target_addenda

        def flush() -> None:
            with self.session.transaction():
                db.executemany(
                    "INSERT INTO notes (id, case_id, client_id, kind, note_date, author, body, "
                    "addendum_of, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                db.executemany(
                    "INSERT INTO note_subjects (note_id, participant_id, client_id) "
                    "VALUES (?, ?, ?)",
                    subjects,
                )
                db.executemany(
                    "UPDATE notes SET status = 'signed', signed_at = ? WHERE id = ?", to_sign
                )
            self.summary.notes += len(rows)
            self.summary.signed += len(to_sign)
            rows.clear()
            subjects.clear()
            to_sign.clear()

        author = "Dr Juniper Wren (fictional)"
        signed_seen = 0
        for case in self.cases:
            for note_id, kind, day, body, who, signed in self.case_notes(case):
                voice = _voice([self.client_names[cid] for _, cid in who], case.kind, note_id)
                signed_at = f"{day.isoformat()}T18:00:00Z"
                rows.append(
                    (note_id, case.id, who[0][1], kind, day.isoformat(), author, body, None,
                     self.stamp, self.stamp)
                )  # fmt: skip
                subjects.extend((note_id, pid, cid) for pid, cid in who)
                self.summary.psychotherapy += kind == "psychotherapy"
                if not signed:
                    continue
                to_sign.append((signed_at, note_id))
                signed_seen += 1
                # Addenda: spread evenly over signed notes, themselves signed.
                if addenda_due and (
                    signed_seen % 97 == 0 or (case is self.smith_case and signed_seen % 3 == 0)
                ):
                    add_id = self.next_note
                    self.next_note += 1
                    rows.append(
                        (add_id, case.id, who[0][1], kind, day.isoformat(), author,
                         self.rng.choice(_ADDENDA).format(**voice), note_id, self.stamp,
                         self.stamp)
                    )  # fmt: skip
                    subjects.extend((add_id, pid, cid) for pid, cid in who)
                    to_sign.append((signed_at, add_id))
                    self.summary.addenda += 1
                    self.summary.psychotherapy += kind == "psychotherapy"
                    addenda_due -= 1
            if len(rows) >= NOTES_PER_BATCH:
                flush()
        if rows:
            flush()


_STREETS: Final = (
    "Birch Lane", "Harbour Road", "Elm Row", "Quay Street", "Orchard Way", "Mill Lane",
    "Fern Close", "Kestrel Drive", "Willow Court", "Chapel Street",
)  # fmt: skip
_TOWNS: Final = ("Springfield", "Fairview", "Riverton", "Oakdale", "Lakeside")
ADDRESS_SHARE: Final = 0.75  # the rest show the "needs an address" path in letters


def handout_of(day: date) -> str:
    """The intake handout's version in use on `day`: one edition a year, the current one
    this year (a 2013 intake was not given this year's handout)."""
    current_year = int(CURRENT_HANDOUT_VERSION.split("-")[0])
    return CURRENT_HANDOUT_VERSION if day.year >= current_year else f"{day.year}-1"


def _postal_addresses(builder: _Builder, client_ids: list[int]) -> None:
    """The practice keeps postal addresses (for letters clients ask for by post), and most
    clients have one; fictional streets and towns. Drawn from a generator of their own, so
    the rest of the practice stays the same for a given seed."""
    session = builder.session
    fields.set_field(
        session, "address", enabled=True, why="To send letters a client asks for by post"
    )
    rng = random.Random(builder.seed * 7 + 1)  # noqa: S311 (repeatable fiction)
    rows = [
        (
            cid,
            "address",
            f"{rng.randint(1, 240)} {rng.choice(_STREETS)}\n{rng.choice(_TOWNS)}, "
            f"OR 97{rng.randint(0, 999):03d}",
        )
        for cid in client_ids
        if rng.random() < ADDRESS_SHARE
    ]
    session.db.executemany(
        "INSERT INTO client_field_values (client_id, field, value) VALUES (?, ?, ?)", rows
    )


LONG_CLOSED_NAME: Final = "Clementine Oxbow"
LONG_CLOSED_YEARS: Final = 12  # closed this long ago: due under any rule up to 11 years


def _long_closed(builder: _Builder) -> int:
    """One client whose record closed long ago, so destruction can be tried on the demo
    (the user guide says to try it there first). Written without the random generator:
    the rest of the practice stays the same for a given seed."""
    db, day, stamp = builder.session.db, builder.today, builder.stamp
    closed = day - timedelta(days=365 * LONG_CLOSED_YEARS + 40)
    opened = closed - timedelta(days=400)
    cid, case_id, pid = builder.next_client, builder.next_case, builder.next_participant
    builder.next_client, builder.next_case, builder.next_participant = cid + 1, case_id + 1, pid + 1
    db.execute(
        "INSERT INTO clients (id, name, name_key, contact, dob, status, closed_on, "
        "created_at, updated_at) VALUES (?, ?, ?, NULL, ?, 'closed', ?, ?, ?)",
        (cid, LONG_CLOSED_NAME, name_key(LONG_CLOSED_NAME), "1961-04-09", closed.isoformat(),
         stamp, stamp),
    )  # fmt: skip
    db.execute(
        "INSERT INTO intake_records (client_id, explained_on, method, handout_version, "
        "recorded_at) VALUES (?, ?, 'in_person', ?, ?)",
        (cid, (opened - timedelta(days=7)).isoformat(), handout_of(opened), stamp),
    )
    db.execute(
        "INSERT INTO cases (id, kind, title, agreement_status, opened_on, closed_on, "
        "created_at, updated_at) VALUES (?, 'individual', 'Individual work', 'not_needed', "
        "?, ?, ?, ?)",
        (case_id, opened.isoformat(), closed.isoformat(), stamp, stamp),
    )
    db.execute(
        "INSERT INTO case_participants (id, case_id, client_id, role, added_at) "
        "VALUES (?, ?, ?, 'client', ?)",
        (pid, case_id, cid, stamp),
    )
    bodies = tuple(
        body.format(**_ONE_CLIENT)
        for body in (
            f"{_OPENINGS[0]} {_TOPICS[0]} {_PLANS[0]}",
            f"{_OPENINGS[4]} {_TOPICS[6]} {_PLANS[4]}",
            f"Final session: we reviewed the work and agreed to close. {_OBSERVATIONS[3]}",
        )
    )
    for k, body in enumerate(bodies):
        note_day = opened + timedelta(days=(closed - opened).days * k // (len(bodies) - 1))
        note_id = builder.next_note
        builder.next_note += 1
        db.execute(
            "INSERT INTO notes (id, case_id, client_id, kind, note_date, author, body, "
            "created_at, updated_at) VALUES (?, ?, ?, 'progress', ?, ?, ?, ?, ?)",
            (note_id, case_id, cid, note_day.isoformat(), "Dr Juniper Wren (fictional)", body,
             stamp, stamp),
        )  # fmt: skip
        db.execute(
            "INSERT INTO note_subjects (note_id, participant_id, client_id) VALUES (?, ?, ?)",
            (note_id, pid, cid),
        )
        db.execute(
            "UPDATE notes SET status = 'signed', signed_at = ? WHERE id = ?",
            (f"{note_day.isoformat()}T18:00:00Z", note_id),
        )
    summary = builder.summary
    summary.clients += 1
    summary.cases["individual"] += 1
    summary.notes += len(bodies)
    summary.signed += len(bodies)
    summary.intake_records += 1
    return cid


def _role(kind: str, index: int) -> str:
    if kind == "couple":
        return "partner"
    if kind == "family":
        return "parent" if index < 2 else "child"
    if kind == "group":
        return "member"
    return "client"


@contextlib.contextmanager
def _note_index_built_once(session: VaultSession) -> Iterator[None]:
    """Index note bodies in one pass after the inserts instead of row by row (about 40 %
    faster at practice size). Only inside a transaction: the trigger is dropped and put
    back (its own stored text) in the same transaction, so no one ever sees it missing."""
    assert session.db.in_transaction
    sql = session.db.scalar(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'notes_fts_insert'"
    )
    session.db.execute("DROP TRIGGER notes_fts_insert")
    yield
    session.db.execute("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')")
    session.db.execute(str(sql))


def populate(
    session: VaultSession, size: Size = "small", *, seed: int = 20261126, day: date | None = None
) -> DemoSummary:
    """Fill `session`'s vault with a fictional practice; returns what was made."""
    session.require_practitioner("create demo records")
    if size not in SIZES:
        raise ValueError(f"unknown demo size {size!r}")
    builder = _Builder(session, SIZES[size], seed, day or today())
    # One transaction: a failure leaves the vault as it was, trigger included.
    with session.bulk(), session.transaction():
        client_ids, without = builder.clients()
        _postal_addresses(builder, client_ids)
        builder.plan_cases(client_ids, without)
        builder.intakes()
        builder.spread_notes()
        with _note_index_built_once(session):
            builder.notes()
        _long_closed(builder)
        summary = builder.summary
        session.record(
            "demo_populated",
            None,
            size=size,
            clients=summary.clients,
            notes=summary.notes,
            cases=sum(summary.cases.values()),
        )
    return summary
