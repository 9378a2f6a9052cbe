"""A fixed set of fictional notes with every identifier marked, to measure the
de-identification (tests/disclosure/test_deid_corpus.py asserts; benchmarks/deid_measure.py
prints the figure).

Every person, place, number and date here is invented. In a note, `[[text|kind]]` marks an
identifier; the kinds follow HIPAA Safe Harbor's list (164.514(b)(2)(i)): name, address,
town, county, zip, date, age, phone, fax, email, url, ip, ssn, record, plan, account,
licence, vehicle, device, biometric, photo, code, and (for the rules that flag) town,
place, school, employer, institution. `KNOWN_NAMES` are the
names the vault knows (clients, a participant, a representative, the custodian, a consent's
recipient, the practitioner); the notes also name people, towns, schools and employers the
vault does not know, which must be flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from recordsafe.disclosure import deid_suspects, deidentify

KNOWN_NAMES = (
    "Maya Lindqvist",  # client
    "Jonah Lindqvist",  # her husband, a participant in couple work
    "Theo Brandt",  # client
    "Rosalind Achterberg",  # client, deceased
    "Pieter Achterberg",  # her personal representative
    "Dr Imani Osei",  # the records custodian
    "Dr Felix Haraway",  # a consent's recipient
    "Harbourlight Counselling",  # the practice
    "Noor Castellanos",  # the practitioner
)

NOTES = (
    # 1. The example: sister, town, employer, son, son's school, nickname.
    "[[Maya Lindqvist|name]] came alone on [[Tuesday, 4 March 2025|date]]. She talked about "
    "her sister [[Greta|name]], who lives in [[Duluth|town]], and about the pressure at "
    "[[Pinecrest Logistics|employer]], where she works nights. Her son [[Eli|name]] started "
    "at [[Birchwood Elementary|school]] in [[September|date]]; his friends call him "
    '"[[Bean|name]]". [[Jonah|name]] did not come.',
    # 2. The Safe Harbor address line and contacts.
    "New address on file: [[12 Birch Street|address]], [[Salem|town]], OR [[97301|zip]]. "
    "Phone [[(503) 555-0147|phone]], fax [[503-555-0199|fax]], e-mail "
    "[[maya.l@example.org|email]]. She posted about it on "
    "[[https://blog.example.net/maya-l|url]].",
    # 3. Record, plan, account, licence and social security numbers.
    "Intake for [[Theo Brandt|name]] (MRN: [[TB-448120|record]]). Insurance member ID "
    "[[XQW8812094|plan]], account no. [[55-0091-7731|account]]. Driver's license "
    "[[D4471920|licence]]. SSN [[123-45-6789|ssn]] was written on the form by mistake.",
    # 4. Vehicle, device, IP, biometric, photo and other codes.
    "[[Theo|name]] said his truck (plate [[7KXB219|vehicle]], VIN "
    "[[1FTFW1ET5DFC10312|vehicle]]) was towed from [[Lakeview Mall|place]]. His insulin "
    "pump, serial number [[SN-0097731-B|device]], alarmed twice. He logged in from "
    "[[203.0.113.54|ip]]. The gym uses his fingerprint ID [[FP-208813|biometric]]; he "
    "sent a photo, [[IMG_20250311_0912|photo]]. Booking reference [[K7Q2M9X4|code]].",
    # 5. A client who died: ages over 89, a birth year, her representative.
    "[[Rosalind Achterberg|name]], a [[94-year-old|age]] widow born in [[1930|age]], died "
    "in [[Marion County|county]] on [[2025-01-17|date]]. Her son [[Pieter|name]] "
    "(personal representative) asked for the records on [[2/3|date]]; her neighbour "
    "Mrs [[Halloway|name]] had helped her since [[May|date]].",
    # 6. Couple work: a participant, a school, a town, a church.
    "Joint session with [[Jonah Lindqvist|name]] and [[Maya|name]]. They met at "
    "[[Carleton College|school]] and married at [[St. Olaf's Church|institution]] in "
    "[[Northfield|town]]. [[Jonah|name]]'s brother [[Anders|name]] moved to "
    "[[Tacoma|town]] last year.",
    # 7. The practice's own names and the custodian, a referral, a consent's recipient.
    "Referred by [[Dr Felix Haraway|name]]; records go to [[Dr Imani Osei|name]] if "
    "[[Harbourlight Counselling|name]] closes. Seen by [[Noor Castellanos|name]], "
    "[[Maya|name]] was calm. Next visit [[March 18th|date]].",
    # 8. Lowercase and possessive names, a nickname, an employer by rule.
    "Spoke to [[theo brandt|name]] by phone. [[Theo|name]]'s coach, "
    "Coach [[Ramirez|name]], noticed the change; teammates call him "
    '"[[Tank|name]]". He is a cashier at [[Grover\'s Market|employer]] on '
    "[[Elm Avenue|address]] and lives in [[Ashby|town]].",
    # 10. Written after the rules, to check them: a handle, a lowercase nickname, a holiday.
    "Her cousin [[Dmitri|name]] from [[Yonkers|town]] stayed over. She teaches at "
    "[[Lincoln Middle School|school]] and her ex, [[Ray|name]], still calls her at home: "
    "[[555 201 3344|phone]]. Her Instagram is [[@sunnyside_jo|code]]; she wrote from "
    '[[jo.marsh@example.com|email]]. They call her son "[[bean|name]]". Her granddaughter '
    "[[Willow|name]] visits from Vermont at [[Thanksgiving|date]].",
    # 11. The reviewer's lines (dates, numbers and ages that went out unflagged).
    "Seen [[2025/03/14|date]]. Next session [[4/10|date]]. Seen again [[3-14|date]]. "
    "Phone [[555 0147|phone]]. Moved to [[Bend|town]], Ore. [[97701|zip]]. Lives near "
    "[[97701|zip]]. Her grandmother, [[102|age]], still drives. Turned [[95|age]] last "
    "week. DOB [[1931|age]].",
    # 12. Written before the rules changed, one or more line per Safe Harbor kind.
    "[[Ines Okonkwo-Barr|name]] (DOB: [[07.22.1988|date]]) was admitted to "
    "[[St. Brigid's Hospital|institution]] on [[12/02|date]] after an overdose; discharged "
    "[[Dec. 9|date]]. Her father, [[97|age]], lives at [[88 Quarry Hill Rd|address]], "
    "[[Montpelier|town]], Vt. [[05602|zip]]. Text her at [[802.555.0188|phone]] or fax "
    "[[(802) 555 0190|fax]]; email [[ines.ob@example.net|email]]. Medicaid ID "
    "[[VT0093812|plan]]; chart # [[R-20331|record]]; her lawyer's case no. "
    "[[CV-2024-0871|code]]. Her car's plate is [[HJK 4471|vehicle]]. Phone IMEI "
    "[[356938035643809|device]]. She logged in from [[198.51.100.23|ip]] and posts at "
    "[[www.inesreads.example.com|url]]. Photo on file: [[ines_face_0412.jpg|photo]]. "
    "Seen [[2024-11-30 10:15|date]] and [[30/11|date]]; next on the [[5th|date]]. She will "
    "be [[ninety-one|age]] at her next birthday, she joked, like her aunt.",
    # 13. Clinical numbers that identify no one (what is flagged here is noise).
    "Mood 6/10, anxiety 8/10. PHQ-9 score 14, session 12 of 16. Sertraline 100 mg; BP "
    "120/80; pulse 72. Session 90 minutes. Slept 5-6 hours. Walked 10000 steps. CPT "
    "90837. IQ 104.",
    # 9. An ordinary clinical note: nothing to find; what is flagged here is noise.
    "Subjective: Client reports better sleep since starting sertraline 50mg. PHQ-9 score "
    "14 (was 19); GAD-7 11. Objective: Alert, oriented x3, affect congruent. Assessment: "
    "F41.1 generalized anxiety disorder, improving. Plan: Continue CBT; practise the Thought "
    "Record worksheet twice a week; review on Monday. Risk: denies SI/HI. Session 55 "
    "minutes, telehealth via the practice's secure video. I explained the limits of "
    "confidentiality again. COVID-19 precautions discussed.",
)

_MARK = re.compile(r"\[\[(?P<text>.+?)\|(?P<kind>\w+)\]\]")


@dataclass(frozen=True)
class Identifier:
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Note:
    text: str
    identifiers: tuple[Identifier, ...]


def parse(marked: str) -> Note:
    """The note's plain text and its marked identifiers (positions in the plain text)."""
    parts: list[str] = []
    found: list[Identifier] = []
    length = position = 0
    for m in _MARK.finditer(marked):
        before = marked[position : m.start()]
        parts.append(before)
        length += len(before)
        found.append(Identifier(m["kind"], m["text"], length, length + len(m["text"])))
        parts.append(m["text"])
        length += len(m["text"])
        position = m.end()
    parts.append(marked[position:])
    return Note("".join(parts), tuple(found))


def corpus() -> list[Note]:
    return [parse(note) for note in NOTES]


@dataclass
class Measure:
    total: int = 0
    removed: int = 0  # every letter and digit of it removed by `deidentify`
    flagged: int = 0  # the rest of it flagged by `suspects` for review
    missed: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)  # flags that are no identifier

    @property
    def caught(self) -> int:
        return self.removed + self.flagged


def _kept_positions(text: str, removals: list[deidentify.Removal]) -> dict[int, int]:
    """Original position -> position in the output, for the characters left in."""
    kept: dict[int, int] = {}
    shift = position = 0
    for removal in [*removals, None]:
        stop = len(text) if removal is None else removal.start
        for i in range(position, stop):
            kept[i] = i + shift
        if removal is not None:
            shift += len(removal.replacement) - (removal.end - removal.start)
            position = removal.end
    return kept


def measure(notes: list[Note]) -> Measure:
    """How many marked identifiers `deidentify` removes or `suspects` flags."""
    result = Measure()
    for note in notes:
        done = deidentify.deidentify(note.text, names=KNOWN_NAMES, extra_terms=[])
        flags = deid_suspects.suspects(done.text)
        kept = _kept_positions(note.text, done.removals)
        flagged = {i for s in flags for i in range(s.start, s.end)}
        for ident in note.identifiers:
            chars = [i for i in range(ident.start, ident.end) if note.text[i].isalnum()]
            left = [kept[i] for i in chars if i in kept]
            result.total += 1
            if not left:
                result.removed += 1
            elif all(i in flagged for i in left):
                result.flagged += 1
            else:
                result.missed.append(f"{ident.kind}: {ident.text}")
        marked = {
            kept[i]
            for ident in note.identifiers
            for i in range(ident.start, ident.end)
            if i in kept
        }
        result.noise += [s.term for s in flags if not marked & set(range(s.start, s.end))]
    return result
