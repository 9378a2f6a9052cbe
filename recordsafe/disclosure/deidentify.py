"""De-identification for training and consultation (NASW 1.07 u-v; HIPAA 164.514(b)(2)).

    result = deidentify(text, names=[...every name the vault knows...], extra_terms=[...])
    result.text, result.removals        # what goes out; each removal with its position
    deid_suspects.suspects(result.text, kept=[...])   # what is left that looks identifying

`deidentify` removes what it can tell for sure, following HIPAA's Safe Harbor list: (A)
names: every name passed in (`known_names.vault_names`: clients, participants,
representatives, consent and release recipients, the practice's own names), whole and by
part; (B) geographic units smaller than a state: street addresses, a town written before
its state ("Salem, OR"), counties, and ZIP codes whole (keeping the first three digits is
allowed only where Census data says more than 20,000 people share them; the app has no
such data offline, so the whole code goes); (C) every date element but the year (a month
alone too), ages over 89 ("turned 95") and birth years that show one ("DOB 1931"); (D-F)
phone and fax numbers, e-mail addresses; (G-M) SSNs, record, plan, account, licence,
certificate, vehicle (plates, VINs) and device numbers, labelled or shaped like one;
(N-O) web links and IP addresses; (R) other codes mixing letters and digits, and file
names. (P-Q) biometrics and photos are files, and a de-identified release never carries a
file. Terms the user adds go as "[removed]". Overlapping findings are all removed, and
passes run until one finds nothing, so the gate's second look at the output finds nothing
either.

What it cannot tell for sure, `deid_suspects.suspects` flags for the review.
Pattern matching, not understanding: the review screen is the last word.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from recordsafe.resources import resource_path

NAME = "name"
DATE = "date"
AGE = "age"
PHONE = "phone"
EMAIL = "email"
LINK = "link"
IP = "ip"
ADDRESS = "address"
PLACE = "place"
ZIP = "zip"
IDENTIFIER = "identifier"
REMOVED = "removed"  # a term the user added

# When two findings cover exactly the same text, the more specific kind wins.
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        (EMAIL, LINK, IP, ZIP, IDENTIFIER, AGE, DATE, PHONE, ADDRESS, PLACE, REMOVED, NAME)
    )
}


@dataclass(frozen=True)
class Removal:
    kind: str
    original: str
    replacement: str
    start: int  # position in the original text
    end: int


@dataclass(frozen=True)
class Deidentified:
    text: str
    removals: list[Removal]


# --- dates (C) -------------------------------------------------------------------------

# Capitalised only, so that "you may" and "march on" stay; "Sept" before "Sep".
_MONTH = (
    r"(?=[A-Z])(?i:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b"
)
_WEEKDAY = (
    r"(?:(?=[A-Z])(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?,?\s+)?"
)
_ORD = r"(?:st|nd|rd|th)?"

_DATES_WITH_YEAR = [
    # "2025-03-14", "2025/03/14", "2025.03.14 10:30"
    re.compile(
        r"\b(?P<year>\d{4})(?P<sep>[/.-])\d{1,2}(?P=sep)\d{1,2}"
        r"(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?\b"
    ),
    re.compile(rf"{_WEEKDAY}\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}\.?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"{_WEEKDAY}\b{_MONTH}\.?\s+\d{{1,2}}{_ORD},?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b\d{1,2}(?P<sep>[/.-])\d{1,2}(?P=sep)(?P<year>\d{4}|\d{2})\b"),
    re.compile(rf"\b{_MONTH}\.?,?\s+(?P<year>\d{{4}})\b"),
]
_DATES_WITHOUT_YEAR = [
    re.compile(rf"{_WEEKDAY}\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}"),
    re.compile(rf"{_WEEKDAY}\b{_MONTH}\.?\s+\d{{1,2}}{_ORD}\b"),
    # "on 3/14": a day without its year ("mood 6/10" is a rating).
    re.compile(
        r"\b(?i:on|since|until|by|from|dated|before|after|till)\s+(?P<value>\d{1,2}/\d{1,2})\b"
        r"(?![/.-]?\d)"
    ),
    # "on the 5th." (a day of the month), not "after the 3rd session".
    re.compile(
        r"\b(?i:on|by|until|till|since|before|after|from)\s+the\s+"
        r"(?P<value>(?:[12]?\d|3[01])(?:st|nd|rd|th))\b(?=\s*(?:[.,;:!?)]|$)|\s+(?:of|at)\b)"
    ),
    # A month alone is a date element too; "May" only where it reads as the month.
    re.compile(
        r"\b(?:January|February|March|April|June|July|August|September|October|November"
        r"|December)\b|\b(?i:in|since|until|by|of|last|next|early|mid|late)\s+(?P<value>May)\b"
    ),
]
_BIRTH_YEAR = re.compile(
    r"(?:\b(?i:born|birth\s+year|year\s+of\s+birth|dob)\b|\b(?i:d\.o\.b)\.?)\s*:?\s*"
    r"(?:in\s+)?(?P<y>(?:18|19)\d{2})\b(?![/.-]\d)"
)
_BIRTH_CONTEXT = re.compile(r"(?i:\b(?:born|birth|dob|d\.o\.b\.?)\b)[^.\n]{0,20}$")
# Ages over 89 (and words for them) become one category.
_AGES = [
    re.compile(r"\b(?P<n>\d{2,3})[- ]?(?:years?|yrs?)[- ]old\b", re.IGNORECASE),
    re.compile(r"\b(?P<n>\d{2,3})\s?(?:y/o|yo|y\.o\.)", re.IGNORECASE),
    re.compile(r"\b(?i:age[ds]?)(?:\s+of)?\s*:?\s*(?P<n>\d{2,3})\b"),
    re.compile(r"\b(?P<n>\d{2,3})(?:st|nd|rd|th) birthday\b", re.IGNORECASE),
    re.compile(r"\b(?i:turn(?:s|ed|ing)?)\s+(?P<value>(?P<n>\d{2,3}))\b(?![.,]\d|\s*%)"),
    re.compile(r"\b(?:in (?:his|her|their) )?(?P<n>nineties|9\d['\u2019]?s)\b", re.IGNORECASE),
]

# --- contacts, links, addresses, identifiers (B, D-O, R) -------------------------------

_EMAIL = re.compile(r"\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}\b")  # "@sunnyside_jo"
_LINK = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]")
_IPS = [
    re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b"),
    # IPv6: compressed ("2001:db8::1") or with its eight groups; never a time ("10:30:00").
    re.compile(
        r"(?<![\w:])(?=[0-9A-Fa-f:]*::|(?:[0-9A-Fa-f]{1,4}:){5})"
        r"(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{1,4}(?![\w:])"
    ),
]
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?"
    r"(?:\(\d{2,5}\)[\s.-]?|\d{2,5}[\s.-])"
    r"\d{3,4}[\s.-]\d{3,5}(?![\w-])"
    r"|(?<![\w.-])\d{3}[. -]\d{4}(?![\w-]|\.\d)"
)
_STREETS = (
    r"Street|Road|Avenue|Boulevard|Lane|Drive|Court|Place|Way|Terrace|Circle|Parkway"
    r"|Highway|Square|Close|Crescent|Trail|Loop|Row|Alley|Route"
)
# Abbreviations take their dot with them; a full word leaves the sentence's full stop.
_STREET_ABBREVIATIONS = r"St|Rd|Ave|Blvd|Ln|Dr|Ct|Pl|Ter|Cir|Pkwy|Hwy|Sq"
_STATE_CODES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV"
    "|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI"
)
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida"
    "|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland"
    "|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada"
    "|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio"
    "|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee"
    "|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming"
)
# As newspapers write them: "Bend, Ore.", "Montpelier, Vt." (the dot belongs to them).
_STATE_ABBREVIATIONS = (
    r"Ala|Ariz|Ark|Calif|Cal|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Mich|Minn"
    r"|Miss|Mo|Mont|Neb|Nebr|Nev|N\.\s?H|N\.\s?J|N\.\s?M|N\.\s?Y|N\.\s?C|N\.\s?D|Okla|Ore"
    r"|Oreg|Pa|Penn|R\.\s?I|S\.\s?C|S\.\s?D|Tenn|Tex|Vt|Va|Wash|W\.\s?Va|Wis|Wisc|Wyo"
)
_STATE = (
    rf"(?:(?:{_STATE_CODES})\b(?![.'\u2019-]\w)|(?:{_STATE_NAMES})\b"
    rf"|(?:{_STATE_ABBREVIATIONS})\.(?!\w))"
)
_CAP_WORD = r"(?:St\.|Mt\.|Ft\.|[A-Z][\w'\u2019-]*)"
_ADDRESSES = [
    # "12 Harbour Road", "4711 N. Elm St., Apt 4B": a number, capitalised words, a street type.
    re.compile(
        rf"\b\d{{1,6}}[A-Za-z]?\s+(?:(?:[A-Z][\w'.-]*|\d+(?:st|nd|rd|th))\s+){{1,4}}"
        rf"(?:(?:{_STREETS})\b|(?:{_STREET_ABBREVIATIONS})\b\.?)"
        r"(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Flat|#)\.?\s*#?\s*[\w-]+)?"
    ),
    re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+\b", re.IGNORECASE),
    # A street without its number ("on Elm Avenue"): only unambiguous street words.
    re.compile(
        r"\b(?:[A-Z][\w'.-]*\s+){1,3}(?:Street|Road|Avenue|Boulevard|Lane|Drive|Parkway"
        r"|Highway|(?:Rd|Ave|Blvd)\b\.?)(?!\w)"
    ),
]
# A town before its state ("Salem, OR", "Salem, Oregon"): the town goes, the state stays.
# (Not a greeting before "Pa." or "OK": "Thanks, Pa.")
_TOWN_WORD = (
    r"(?!(?:Thanks|Thank|Hi|Hello|Hey|Yes|No|Okay|Bye|Goodbye|Sorry|Please|Well|Oh|Sure"
    r"|Night|Morning|Evening|Fine|Right)\b)[A-Z][a-z'\u2019.-]+"
)
_TOWN_BEFORE_STATE = re.compile(
    rf"\b(?P<value>{_TOWN_WORD}(?:[ -]{_TOWN_WORD}){{0,2}}),\s+{_STATE}"
)
_COUNTY = re.compile(
    r"\b(?:[A-Z][a-z'\u2019.-]+\s+){1,3}(?:County|Parish|Borough|Township)\b"
    r"|\b(?:County|Borough|Township)\s+of\s+[A-Z][a-z'\u2019.-]+\b"
)
_ZIPS = [
    # After a state: "OR 97301", "Maine 04101-1234".
    re.compile(r"(?:(?<=\b[A-Z]{2} )|(?<=\b[A-Z]{2}  ))(?P<value>\d{5}(?:-\d{4})?)\b"),
    re.compile(rf"\b(?:{_STATE_NAMES})\s+(?P<value>\d{{5}}(?:-\d{{4}})?)\b"),
    re.compile(rf"\b(?:{_STATE_ABBREVIATIONS})\.\s+(?P<value>\d{{5}}(?:-\d{{4}})?)\b"),
    re.compile(
        r"\b(?i:zip(?:\s*code)?|postcode|postal\s+code)\s*:?\s*(?P<value>\d{5}(?:-\d{4})?)\b"
    ),
]
_LABELS = (
    r"mrn|mr\s?#|medical\s+record|chart|patient|client|member|beneficiary|subscriber"
    r"|health\s+plan|plan|insurance|policy|group|claim|account|acct\.?|case|ssn|social\s+security"
    r"|licen[cs]e|driver['\u2019]?s\s+licen[cs]e|certificate|permit|passport|badge|employee"
    r"|student|serial|device|imei|mac|vin|vehicle|plate|licen[cs]e\s+plate|tag|id|code"
    r"|confirmation|reference|ref\.?|ticket|docket|file"
)
_IDENTIFIERS = [
    re.compile(r"\b\d{3}-\d{2}-\d{4}\b"),  # SSN-like
    re.compile(r"\b\d{4}(?:[ -]\d{4}){2,3}\b"),  # card-like groups
    re.compile(r"\b\d{6,}\b"),  # long digit runs
    re.compile(r"\b[A-Z]{1,4}-?\d{4,}\b"),  # MRN-like: "MRN123456", "C-00042"
    re.compile(r"\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-Z])[A-HJ-NPR-Z0-9]{17}\b"),  # VIN
    re.compile(r"\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b"),  # MAC address
    # A plate written with a space: "plate is HJK 4471".
    re.compile(
        r"\b(?i:plates?|tags?)\b(?:\s+(?i:is|was|number|no\.?|reads|#))*\s*:?\s*"
        r"(?P<value>(?=[A-Z0-9 -]*\d)[A-Z0-9]{1,4}[ -][A-Z0-9]{2,5})\b"
    ),
    # A labelled number: "MRN: 44-1290", "policy no. X7781", "plate 7ABC123" (a value
    # without a digit is a word: "an account about").
    re.compile(
        rf"\b(?i:(?:{_LABELS})(?:\s+(?:number|no\.?|num\.?|#|id))?)\s*(?:#|:)?\s*"
        r"(?P<value>(?=[\w-]*\d)[A-Za-z0-9][\w-]{2,})"
    ),
]
# Any other code: letters and at least three digits mixed, six characters or more.
_CODE = re.compile(
    r"\b(?=[\w-]*\d[\w-]*\d[\w-]*\d)[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*\b"  # "IMG_2025_0311"
)
# A file's name may be a photo's or say who it is about: "ines_face_0412.jpg".
_FILE_NAME = re.compile(
    r"\b[\w-]+(?:\.[\w-]+)*\.(?i:jpe?g|png|gif|heic|tiff?|bmp|pdf|docx?|txt|mp[34]|mov"
    r"|m4a|wav)\b"
)
_NOT_A_CODE = re.compile(r"\d+(?:[a-z]{1,4}|st|nd|rd|th)|[A-Z]\d{2}(?:\.\d+)?")  # 1000mg, F41

_Finding = tuple[int, int, str, str]  # start, end, kind, replacement
_Span = tuple[int, int]


def _year(text: str) -> str:
    """Two-digit years: the last hundred years up to this one."""
    if len(text) == 4:
        return text
    this_year = dt.date.today().year
    year = 2000 + int(text)
    return str(year if year <= this_year else year - 100)


def _dates(text: str) -> Iterator[_Finding]:
    oldest = dt.date.today().year - 90
    for pattern in _DATES_WITH_YEAR:
        for m in pattern.finditer(text):
            year = _year(m.group("year"))
            # A birth year that shows an age over 89 goes too (Safe Harbor (C)).
            born = _BIRTH_CONTEXT.search(text, max(0, m.start() - 30), m.start())
            if born and int(year) <= oldest:
                year = "[year]"
            yield m.start(), m.end(), DATE, year
    for pattern in _DATES_WITHOUT_YEAR:
        for m in pattern.finditer(text):
            group = "value" if m.groupdict().get("value") else 0
            yield m.start(group), m.end(group), DATE, "[date]"
    for m in _BIRTH_YEAR.finditer(text):
        if int(m.group("y")) <= oldest:
            yield m.start("y"), m.end("y"), AGE, "[year]"


def _ages(text: str) -> Iterator[_Finding]:
    for pattern in _AGES:
        for m in pattern.finditer(text):
            value = m.group("n")
            if not value[:2].isdigit() or int(value.rstrip("'\u2019s")) > 89:
                # "Turned 95" keeps its verb; "95-year-old" goes whole.
                group = "value" if "value" in pattern.groupindex else 0
                yield m.start(group), m.end(group), AGE, "[age over 89]"


def _matches(
    text: str, patterns: Iterable[re.Pattern[str]], kind: str, replacement: str
) -> Iterator[_Finding]:
    for pattern in patterns:
        # A labelled value keeps its label ("MRN: [id]"): only the value goes.
        group = "value" if "value" in pattern.groupindex else 0
        for m in pattern.finditer(text):
            yield m.start(group), m.end(group), kind, replacement


def _codes(text: str) -> Iterator[_Finding]:
    for m in _CODE.finditer(text):
        code = m.group()
        if len(code) >= 6 and any(c.isalpha() for c in code) and not _NOT_A_CODE.fullmatch(code):
            yield m.start(), m.end(), IDENTIFIER, "[id]"


# --- names (A) and added terms -----------------------------------------------------------

_TITLES = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "rev", "jr", "sr"}
# A clinician's credentials after a name ("Sam Rivers, LCSW"): not identifiers (no entry of
# 164.514(b)(2) names them), so they stay in the text; the name before them still goes.
CREDENTIALS: Final = frozenset(
    """lcsw lcsw-c licsw lmsw lsw msw dsw lpc lpcc lpc-s lcpc lcmhc lmhc lmft mft lp phd psyd
    edd lcadc cadc ladc bcba ncc abpp aprn pmhnp pmhnp-bc np rn lcat atr atr-bc""".split()
)
# Credentials that can also be a name ("Md" Rahman, Yo-Yo Ma): only after a comma.
_AFTER_A_COMMA: Final = CREDENTIALS | frozenset("md do ma ms med mph mcap".split())
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_APOSTROPHES = "'\u2019"


@functools.cache
def ordinary_words() -> frozenset[str]:
    """Ordinary English words, lowercase (resources/words: SCOWL, permissive licence)."""
    path = resource_path("words", "english-words.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


def is_ordinary(word: str) -> bool:
    return word.casefold() in ordinary_words()


@dataclass(frozen=True)
class NameIndex:
    """Names ready to look up; build it once for many texts (`index_names`). Never cached
    by this module: client names must not outlive the call that needed them."""

    parts: frozenset[str]  # casefolded single words of names
    full: dict[str, tuple[tuple[str, ...], ...]]  # first word -> whole names, as words


def index_names(names: Iterable[str]) -> NameIndex:
    parts: set[str] = set()
    full: dict[str, set[tuple[str, ...]]] = {}
    for name in names:
        words = _name_words(name)
        if not words:
            continue
        if len(words) > 1:
            full.setdefault(words[0], set()).add(tuple(words))
        # Initials and titles ("J.", "Dr") alone would remove too much.
        parts.update(w for w in words if len(w) > 1 and w not in _TITLES | CREDENTIALS)
    ordered = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in full.items()}
    return NameIndex(frozenset(parts), ordered)


def _name_words(name: str) -> list[str]:
    """A known name's words, casefolded, without the credentials after it."""
    head, comma, tail = name.partition(",")
    if comma and all(w.casefold() in _AFTER_A_COMMA for w in _WORD.findall(tail)):
        name = head
    words = [w.casefold() for w in _WORD.findall(name)]
    while len(words) > 1 and words[-1] in CREDENTIALS:
        words.pop()
    return words


def _name_part(token: str, index: NameIndex) -> tuple[int, str] | None:
    """(length of the name in the token, what the replacement keeps) or None."""
    folded = token.casefold()
    candidates = [(len(token), folded, "")]
    if folded[-2:] in ("'s", "\u2019s"):
        candidates.insert(0, (len(token) - 2, folded[:-2], "'s"))
    elif folded.endswith("s"):
        candidates.append((len(token), folded[:-1], ""))  # "the Okafors" goes whole
    for length, word, keep in candidates:
        # A name that is also an ordinary word ("Wren", "Smith") counts only capitalised.
        if word in index.parts and (token[:1].isupper() or not is_ordinary(word)):
            return length, keep
    return None


def _names(text: str, names: Sequence[str] | NameIndex) -> list[_Finding]:
    index = names if isinstance(names, NameIndex) else index_names(names)
    if not index.parts:
        return []
    tokens = list(_WORD.finditer(text))
    findings: list[_Finding] = []
    skip_to = 0
    for i, m in enumerate(tokens):
        if m.start() < skip_to:
            continue
        whole = _whole_name(text, tokens, i, index)
        if whole is not None:
            findings.append((m.start(), whole, NAME, "[name]"))
            skip_to = whole
            continue
        part = _name_part(m.group(), index)
        if part is None:
            continue
        end, keep = m.start() + part[0], part[1]
        # "the Okafors'": the plural's apostrophe goes with the name.
        if not keep and m.group().endswith("s") and text[m.end() : m.end() + 1] in _APOSTROPHES:
            end, keep = m.end() + 1, "'"
        findings.append((m.start(), max(end, m.end()) if keep else end, NAME, "[name]" + keep))
    return findings


def _whole_name(text: str, tokens: list[re.Match[str]], i: int, index: NameIndex) -> int | None:
    """The end of a whole multi-word name starting at token i (words apart by spaces)."""
    for words in index.full.get(tokens[i].group().casefold(), ()):
        last = i + len(words) - 1
        if last >= len(tokens):
            continue
        run = tokens[i : last + 1]
        if [t.group().casefold() for t in run] == list(words) and all(
            not text[a.end() : b.start()].strip(" .") for a, b in itertools.pairwise(run)
        ):
            return run[-1].end()
    return None


def _term_pattern(term: str) -> re.Pattern[str] | None:
    words = term.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    # Whole words only; a possessive or plural goes with the term, keeping the apostrophe.
    return re.compile(
        rf"(?<!\w){body}(?P<suffix>['\u2019]s|s['\u2019]|s|(?<=s)['\u2019])?(?!\w)",
        re.IGNORECASE,
    )


def _apostrophe(suffix: str) -> str:
    """What of a removed word's ending the replacement keeps: "'s", "'" or nothing."""
    if suffix and suffix[0] in _APOSTROPHES:
        return "'s" if len(suffix) > 1 else "'"
    if suffix and suffix[-1] in _APOSTROPHES:
        return "'"
    return ""


def _terms(text: str, terms: Iterable[str]) -> list[_Finding]:
    findings: list[_Finding] = []
    for term in terms:
        pattern = _term_pattern(term)
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            apostrophe = _apostrophe(m.group("suffix") or "")
            findings.append((m.start(), m.end(), REMOVED, "[removed]" + apostrophe))
    return findings


def _choose(text: str, findings: list[_Finding]) -> list[_Finding]:
    """Non-overlapping findings: the earliest first, then the longest, then the most
    specific. A finding that runs past an earlier one keeps its rest ("2025-03-04 555-0147":
    the phone number found from "04" on still goes once the date has taken "04")."""
    ordered = sorted(findings, key=lambda f: (f[0], -(f[1] - f[0]), _PRIORITY[f[2]]))
    chosen: list[_Finding] = []
    end = -1
    for found_at, stop, kind, found_as in ordered:
        start, replacement = found_at, found_as
        if stop <= end:
            continue
        if start < end:
            rest = text[end:stop]
            if not any(c.isalnum() for c in rest):
                continue
            start = end + len(rest) - len(rest.lstrip(" ,;:/.-"))
            if replacement.isdigit():  # a date's year may already be gone with the rest
                replacement = "[date]"
        chosen.append((start, stop, kind, replacement))
        end = stop
    return chosen


# What the replacements write: nothing inside one is found again ("[removed]" holds no
# term to remove, "[ip address]" no client called Ip).
_MARKER = re.compile(
    r"\[(?:e-mail|link|handle|ip address|id|file name|age over 89|year|date|phone|zip code"
    r"|address|place|removed|name)\]"
)


def _one_pass(text: str, names: NameIndex, extra_terms: Sequence[str]) -> Deidentified:
    """Every rule once over `text`."""
    findings: list[_Finding] = []
    findings += _matches(text, [_EMAIL], EMAIL, "[e-mail]")
    findings += _matches(text, [_LINK], LINK, "[link]")
    findings += _matches(text, [_HANDLE], LINK, "[handle]")
    findings += _matches(text, _IPS, IP, "[ip address]")
    findings += _matches(text, _IDENTIFIERS, IDENTIFIER, "[id]")
    findings += _matches(text, [_FILE_NAME], IDENTIFIER, "[file name]")
    findings += _codes(text)
    findings += _ages(text)
    findings += _dates(text)
    findings += _matches(text, [_PHONE], PHONE, "[phone]")
    findings += _matches(text, _ZIPS, ZIP, "[zip code]")
    findings += _matches(text, _ADDRESSES, ADDRESS, "[address]")
    findings += _matches(text, [_TOWN_BEFORE_STATE, _COUNTY], PLACE, "[place]")
    findings += _terms(text, extra_terms)
    findings += _names(text, names)
    markers = [m.span() for m in _MARKER.finditer(text)]
    findings = [f for f in findings if not any(a <= f[0] and f[1] <= b for a, b in markers)]

    parts: list[str] = []
    removals: list[Removal] = []
    position = 0
    for start, end, kind, replacement in _choose(text, findings):
        parts += [text[position:start], replacement]
        removals.append(Removal(kind, text[start:end], replacement, start, end))
        position = end
    parts.append(text[position:])
    return Deidentified("".join(parts), removals)


_MAX_PASSES = 5


def _output_spans(removals: Sequence[Removal]) -> list[_Span]:
    """Where each removal's replacement stands in the output."""
    spans: list[_Span] = []
    shift = 0
    for r in removals:
        spans.append((r.start + shift, r.start + shift + len(r.replacement)))
        shift += len(r.replacement) - (r.end - r.start)
    return spans


def _back(position: int, removals: Sequence[Removal], spans: Sequence[_Span]) -> int:
    """An output position (never inside a replacement) back in the input."""
    for r, (_, out_end) in zip(reversed(removals), reversed(spans), strict=True):
        if out_end <= position:
            return position - out_end + r.end
    return position


def _forward(position: int, removals: Sequence[Removal]) -> int:
    """An input position (never inside a removal) in the output."""
    return position + sum(
        len(r.replacement) - (r.end - r.start) for r in removals if r.end <= position
    )


def _compose(text: str, first: Deidentified, second: Deidentified) -> Deidentified:
    """`second` (a pass over `first.text`) as removals from `text` itself: a second-pass
    finding that overlaps first-pass replacements becomes one removal with them."""
    spans = _output_spans(first.removals)
    found = [(r.start, r.end) for r in second.removals]
    touched = {i for i, (a, b) in enumerate(spans) if any(s < b and a < e for s, e in found)}
    clusters: list[list[int]] = []
    for a, b in sorted([*found, *(spans[i] for i in touched)]):
        if clusters and a < clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], b)
        else:
            clusters.append([a, b])
    removals = [r for i, r in enumerate(first.removals) if i not in touched]
    for a, b in clusters:
        start, end = _back(a, first.removals, spans), _back(b, first.removals, spans)
        replacement = second.text[_forward(a, second.removals) : _forward(b, second.removals)]
        kind = next(r.kind for r in second.removals if a <= r.start < b)
        removals.append(Removal(kind, text[start:end], replacement, start, end))
    return Deidentified(second.text, sorted(removals, key=lambda r: r.start))


def deidentify(
    text: str, *, names: Sequence[str] | NameIndex, extra_terms: Sequence[str]
) -> Deidentified:
    """Replace every identifying detail found; list each removal for the review screen.
    For many texts, pass `index_names(names)` once rather than the names each time.

    What one pass leaves can make a new finding ("2025-03-04 2025-03-04 2025-03-04" gives
    "2025 2025 2025", shaped like a card number): passes run until one finds nothing, so
    the gate's second look (`known_names.still_identifying`) finds nothing either."""
    index = names if isinstance(names, NameIndex) else index_names(names)
    result = _one_pass(text, index, extra_terms)
    for _ in range(_MAX_PASSES):
        again = _one_pass(result.text, index, extra_terms)
        if not again.removals:
            break
        result = _compose(text, result, again)
    return result
