"""What is left after de-identification that looks identifying, for the review screen.

    suspects(text, kept=[...]) -> [Suspect]   (each once per place; kept terms not again)

`suspects` flags, for the user to decide (never silently kept): capitalised words that
are not ordinary English words (`resources/words`), capitalised words in mid-sentence,
and what simple rules find: towns ("lives in X"), schools ("X High School"), employers
("works at Y", "Acme Corp"), people ("her sister X", nicknames), and numbers that may
be a date, a ZIP code or an age over 89 but may as well be clinical ("seen 4/10" may be
"the fourth of ten sessions"; "102" an IQ): flagged, never removed silently, so the
practitioner sees each; ratings ("mood 6/10") and numbers with a unit are left alone.
Pattern matching, not understanding: the review screen is the last word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from recordsafe.disclosure.deidentify import (
    _CAP_WORD,
    _NOT_A_CODE,
    _STATE_ABBREVIATIONS,
    _STATE_NAMES,
    CREDENTIALS,
    _terms,
    is_ordinary,
)


@dataclass(frozen=True)
class Suspect:
    """Something left in the text that looks identifying (positions in that text)."""

    term: str
    why: str
    start: int
    end: int


# --- what is left that looks identifying -------------------------------------------------

# Capitalised words that identify no one: the pronoun, weekdays, family words used as
# names or before them ("Mom"; "Aunt Philippa": the name goes, "Aunt" stays), titles,
# credentials, and the clinical abbreviations notes are full of.
ORDINARY_CAPITALISED = (
    frozenset(
        """i monday tuesday wednesday thursday friday saturday sunday mom dad mum mommy daddy
    grandma grandpa nana papa god mr mrs ms mx dr prof ok tv am pm cbt dbt act emdr tf-cbt
    ptsd adhd add ocd gad mdd bpd asd odd sud aud tbi si hi avh mse soap dap birp girp
    phq phq-9 gad-7 pcl-5 pcl dsm dsm-5 icd icd-10 icd-10-cm hipaa er ed icu iop php mat
    ssri snri aa na rx dx tx hx sx pt pts pcp np rn lcsw lpc lmft md phd psyd covid
    covid-19 usa us english spanish mrn ssn id ip vin dob zip po apt bp hr cpt iq bmi
    imei aunt auntie uncle cousin granny grandmother grandfather coach pastor""".split()
    )
    | CREDENTIALS
    | frozenset(  # a state may stay, however it is written
        w.casefold().replace("\\.", ".").replace("\\s?", "")
        for w in _STATE_ABBREVIATIONS.split("|")
    )
    | frozenset(w.casefold() for w in _STATE_NAMES.split("|") if " " not in w)
)
_PERSON_WORDS = (
    r"sister|brother|son|daughter|mother|father|mom|dad|mum|husband|wife|partner|spouse"
    r"|boyfriend|girlfriend|fianc[eé]e?|friend|best friend|aunt|uncle|cousin|niece|nephew"
    r"|grandmother|grandfather|grandma|grandpa|grandson|granddaughter|stepson|stepdaughter"
    r"|stepfather|stepmother|stepdad|stepmom|child|baby|boss|manager|supervisor|teacher"
    r"|coach|co-?worker|colleague|roommate|neighbou?r|pastor|priest|rabbi|imam|therapist"
    r"|doctor|psychiatrist|lawyer|attorney|landlord|ex|sibling|twin|caseworker"
)
_PERSON = "may be a person's name"
# A family or other person word that leads a phrase another rule caught ("Aunt Philippa").
_PERSON_LEAD = re.compile(rf"(?i:{_PERSON_WORDS})\s+")
_PHRASE = rf"{_CAP_WORD}(?:\s+(?:of\s+|de\s+|the\s+|&\s+|and\s+)?{_CAP_WORD}){{0,3}}"
_INSTITUTIONS = (
    r"High School|Middle School|Junior High|Elementary(?: School)?|Primary(?: School)?"
    r"|Academy|College|University|School|Hospital|Medical Center|Clinic|Church|Temple"
    r"|Mosque|Synagogue|Center|Centre|Corp\.?|Corporation|Inc\.?|LLC|Ltd\.?|Company|Co\."
    r"|Group|Bank|Store|Market|Cafe|Café|Restaurant|Diner|Bakery|Factory|Mill|Farm|Motors"
    r"|Foods|Industries|Solutions|Services|Studios?|Gym|Salon|Hotel|Prison|Jail|Shelter"
)
_RULES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(rf"(?P<value>{_PHRASE}\s+(?:{_INSTITUTIONS}))(?!\w)"),
        "a school, employer or other institution",
    ),
    (
        re.compile(rf"\b(?:University|College|Bank|Church) of (?P<value>{_PHRASE})"),
        "a school, employer or other institution",
    ),
    (
        re.compile(
            r"\b(?i:works?|working|worked|employed|job|hired|fired|laid off|interns?|interning"
            r"|volunteers?|volunteering|shifts?|manager|cashier|nurse|teacher|student|enrolled)"
            rf"\s+(?i:at|for|by|with|in)\s+(?:the\s+)?(?P<value>{_PHRASE})"
        ),
        "an employer or a school",
    ),
    (
        re.compile(
            r"\b(?i:lives?|living|lived|moved|moving|move|relocated|relocating|grew up|raised"
            r"|born|resides?|residing|stays?|staying|stayed|visited|visiting|visit|drove"
            r"|home|house|apartment|trip|vacation|holiday|town|city|village|from|near|in"
            rf"|to|at)\s+(?i:in|to|from|at|near|back to|out to|up in|down in)?\s*"
            rf"(?:the\s+)?(?P<value>{_PHRASE})"
        ),
        "may be a place",
    ),
    (
        re.compile(
            rf"\b(?i:{_PERSON_WORDS})(?:['\u2019]s)?,?\s+(?:(?i:named|called)\s+)?"
            rf"(?P<value>{_PHRASE})"
        ),
        _PERSON,
    ),
    (
        re.compile(
            r"\b(?i:called|named|nicknamed|nickname(?:\s+is)?|goes by|went by|known as"
            r"|a\.?k\.?a\.?|calls? (?:him|her|them)(?:self|selves)?)\s+[\"\u201c'\u2018]?"
            r"(?P<value>[\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]*)?)"
        ),
        "may be a nickname",
    ),
    (
        # A quoted word a few words after "call": 'they call her son "bean"'.
        re.compile(
            r"\b(?i:call|calls|called|nicknamed|nickname)\b(?:\s+[\w'\u2019]+){1,3}?\s+"
            r"[\"\u201c'\u2018](?P<value>[\w'\u2019-]+(?:\s+[\w'\u2019-]+)?)[\"\u201d'\u2019]"
        ),
        "may be a nickname",
    ),
]
# Numbers that may be a date, a ZIP code or an age over 89 but may as well be clinical
# ("mood 6/10", "IQ 104"): flagged, so the practitioner sees each and may keep it.
_UNITS = (
    r"mg|mcg|g|kg|lbs?|pounds?|oz|ml|cc|units?|%|percent|minutes?|mins?|hours?|hrs?|h|days?"
    r"|weeks?|wks?|months?|years?|yrs?|times|x|sessions?|steps|miles?|km|m|ft|feet|inches"
    r"|cm|dollars?|cents?|bpm|points?|pts|calories|kcal|degrees|words|pages|items?"
)
_NUMBER_BEFORE = r"(?<![\w.,$/:#-])"  # not inside a bigger number, a price or a code
_NUMBER_AFTER = rf"(?![\w/%:]|[.,-]\d|\s*(?i:{_UNITS})\b)"
_BARE_DAY = re.compile(rf"{_NUMBER_BEFORE}(?P<a>\d{{1,2}})[/-](?P<b>\d{{1,2}}){_NUMBER_AFTER}")
_RATING_BEFORE = re.compile(
    r"(?i:mood|anxiety|anger|pain|stress|sleep|energy|craving|cravings|urges?|depression"
    r"|distress|suds|rated|rates|rating|score[ds]?|level|intensity|confidence)\s*:?\s*$"
)
_NUMBER_SUSPECTS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(rf"{_NUMBER_BEFORE}(?<!(?i:cpt) )\d{{5}}(?:-\d{{4}})?{_NUMBER_AFTER}"),
        "may be a ZIP code",
    ),
    (re.compile(rf"{_NUMBER_BEFORE}(?:9\d|1[0-2]\d|130){_NUMBER_AFTER}"), "may be an age over 89"),
    (
        re.compile(
            r"\b(?i:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
            rf"|(?:a|one)[- ]hundred(?:[- ](?:and[- ])?[a-z]+)?)\b(?!\s*(?i:{_UNITS})\b)"
        ),
        "may be an age over 89",
    ),
]


def _number_suspects(text: str) -> Iterator[Suspect]:
    for m in _BARE_DAY.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        is_day = 1 <= min(a, b) <= 12 and max(a, b) <= 31  # either order: M/D or D/M
        rating = b == 10 and _RATING_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if is_day and not rating:
            yield Suspect(m.group(), "may be a day and month (a date)", m.start(), m.end())
    for pattern, why in _NUMBER_SUSPECTS:
        for m in pattern.finditer(text):
            yield Suspect(m.group(), why, m.start(), m.end())


_CAPITALISED = re.compile(r"(?<![\w\[])[A-Z][\w'\u2019-]*")
_SENTENCE_END = ".!?:;\n\u00b7\u2014|"
_LEAD_IN = " \t\"\u201c\u2018'(*-\u2022>#0123456789)"


def _sentence_start(text: str, position: int) -> bool:
    """Whether a word at `position` begins a sentence, line or list item."""
    i = position - 1
    while i >= 0 and text[i] in _LEAD_IN:
        if text[i] == "\n":
            return True
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _bare(word: str) -> str:
    folded = word.casefold().rstrip(".-")
    for ending in ("'s", "\u2019s", "'", "\u2019"):
        if folded.endswith(ending):
            return folded[: -len(ending)]
    return folded


def _in_marker(text: str, start: int) -> bool:
    """Inside a replacement such as "[name]" (never flagged)."""
    opening = text.rfind("[", 0, start)
    return opening != -1 and "]" not in text[opening:start]


def _looks_ordinary(phrase: str) -> bool:
    words = [_bare(w) for w in phrase.split()]
    return all(w in ORDINARY_CAPITALISED for w in words)


def suspects(text: str, *, kept: Iterable[str] = ()) -> list[Suspect]:
    """What is left in `text` that looks identifying, each once per place; `kept` lists
    terms the user has decided to keep (not flagged again)."""
    keep = {" ".join(k.casefold().split()) for k in kept}
    # Nor is any word inside a kept term ("Pinecrest" of a kept "Pinecrest Logistics").
    kept_spans = {i for f in _terms(text, keep) for i in range(f[0], f[1])}
    found: list[Suspect] = []
    for pattern, why in _RULES:
        for m in pattern.finditer(text):
            value, start, said = m.group("value").rstrip(".'\u2019-"), m.start("value"), why
            quoted = text[start - 1 : start] in "\"\u201c'\u2018"
            relative = _PERSON_LEAD.match(value)
            if relative and value[relative.end() :][:1].isupper():
                # "visit Aunt Philippa": a person (the aunt's name), not a place.
                value, start, said = value[relative.end() :], start + relative.end(), _PERSON
            if value[:1].isupper() or (quoted and start > 0):
                found.append(Suspect(value, said, start, start + len(value)))
    found += _number_suspects(text)
    for m in _CAPITALISED.finditer(text):
        word = m.group().rstrip(".'\u2019-")
        bare = _bare(word)
        if len(bare) < 2 or bare in ORDINARY_CAPITALISED or _NOT_A_CODE.fullmatch(word):
            continue  # "F41": an ICD-10 code
        if not is_ordinary(bare):
            why = "not an ordinary English word: a name?"
        elif not _sentence_start(text, m.start()) and not word.isupper():
            why = "capitalised mid-sentence: a name?"
        else:
            continue
        found.append(Suspect(word, why, m.start(), m.start() + len(word)))
    chosen: list[Suspect] = []
    end = -1
    for suspect in sorted(found, key=lambda s: (s.start, -(s.end - s.start))):
        term = " ".join(suspect.term.casefold().split())
        if (
            suspect.start >= end
            and term not in keep
            and not kept_spans & set(range(suspect.start, suspect.end))
            and not _looks_ordinary(suspect.term)
            and not _in_marker(text, suspect.start)
        ):
            chosen.append(suspect)
            end = suspect.end
    return chosen
