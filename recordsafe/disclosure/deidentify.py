"""De-identification for training and consultation (NASW 1.07 u-v): find what identifies.

Removes the names of every participant and alias, dates (down to the year), phone numbers,
e-mail addresses, web links, street addresses, identifiers and the places the user lists.
Every removal is returned with its position in the original text, so the review screen can
show each one and the user can add terms and run it again. This is pattern matching, not
understanding: the review screen, not this module, is the last word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

NAME = "name"
DATE = "date"
PHONE = "phone"
EMAIL = "email"
LINK = "link"
ADDRESS = "address"
IDENTIFIER = "identifier"
PLACE = "place"

# When two findings cover exactly the same text, the more specific kind wins.
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate((EMAIL, LINK, IDENTIFIER, DATE, PHONE, ADDRESS, PLACE, NAME))
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
    re.compile(r"\b(?P<year>\d{4})-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?\b"),
    re.compile(rf"{_WEEKDAY}\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}\.?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"{_WEEKDAY}\b{_MONTH}\.?\s+\d{{1,2}}{_ORD},?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b\d{1,2}(?P<sep>[/.-])\d{1,2}(?P=sep)(?P<year>\d{4}|\d{2})\b"),
    re.compile(rf"\b{_MONTH}\.?,?\s+(?P<year>\d{{4}})\b"),
]
_DATES_WITHOUT_YEAR = [
    re.compile(rf"{_WEEKDAY}\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}"),
    re.compile(rf"{_WEEKDAY}\b{_MONTH}\.?\s+\d{{1,2}}{_ORD}\b"),
]

_EMAIL = re.compile(r"\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b")
_LINK = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?"
    r"(?:\(\d{2,5}\)[\s.-]?|\d{2,5}[\s.-])"
    r"\d{3,4}[\s.-]\d{3,5}(?![\w-])"
    r"|(?<![\w.-])\d{3}[.-]\d{4}(?![\w-]|\.\d)"
)
_STREETS = (
    r"Street|Road|Avenue|Boulevard|Lane|Drive|Court|Place|Way|Terrace|Circle|Parkway"
    r"|Highway|Square|Close|Crescent"
)
# Abbreviations take their dot with them; a full word leaves the sentence's full stop.
_STREET_ABBREVIATIONS = r"St|Rd|Ave|Blvd|Ln|Dr|Ct|Pl|Ter|Cir|Pkwy|Hwy|Sq"
_ADDRESSES = [
    # "12 Harbour Road", "4711 N. Elm St., Apt 4B": a number, capitalised words, a street type.
    re.compile(
        rf"\b\d{{1,6}}[A-Za-z]?\s+(?:(?:[A-Z][\w'.-]*|\d+(?:st|nd|rd|th))\s+){{1,4}}"
        rf"(?:(?:{_STREETS})\b|(?:{_STREET_ABBREVIATIONS})\b\.?)"
        r"(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Flat|#)\.?\s*#?\s*[\w-]+)?"
    ),
    re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+\b", re.IGNORECASE),
    # A ZIP code after a state abbreviation: "ME 04101", "CA 94110-1234".
    re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"),
]
_IDENTIFIERS = [
    re.compile(r"\b\d{3}-\d{2}-\d{4}\b"),  # SSN-like
    re.compile(r"\b\d{4}(?:[ -]\d{4}){2,3}\b"),  # card-like groups
    re.compile(r"\b\d{6,}\b"),  # long digit runs
    re.compile(r"\b[A-Z]{1,4}-?\d{4,}\b"),  # MRN-like: "MRN123456", "C-00042"
    # A labelled number: "MRN: 44-1290", "policy no. X7781" (a value without a digit is a
    # word: "an account about").
    re.compile(
        r"\b(?i:mrn|mr\s?#|medical\s+record(?:\s+(?:number|no\.?))?|patient\s+id|member\s+id"
        r"|policy(?:\s+(?:number|no\.?))?|account(?:\s+(?:number|no\.?))?|acct\.?|case\s+no\.?"
        r"|id\s+(?:number|no\.?))\s*(?:#|:)?\s*(?P<value>(?=[\w-]*\d)[A-Za-z0-9][\w-]{3,})"
    ),
]

_Finding = tuple[int, int, str, str]  # start, end, kind, replacement


def _year(text: str) -> str:
    """Two-digit years: the last hundred years up to this one."""
    if len(text) == 4:
        return text
    this_year = dt.date.today().year
    year = 2000 + int(text)
    return str(year if year <= this_year else year - 100)


def _dates(text: str) -> Iterator[_Finding]:
    for pattern in _DATES_WITH_YEAR:
        for m in pattern.finditer(text):
            yield m.start(), m.end(), DATE, _year(m.group("year"))
    for pattern in _DATES_WITHOUT_YEAR:
        for m in pattern.finditer(text):
            yield m.start(), m.end(), DATE, "[date]"


def _matches(
    text: str, patterns: Iterable[re.Pattern[str]], kind: str, replacement: str
) -> Iterator[_Finding]:
    for pattern in patterns:
        # A labelled identifier keeps its label ("MRN: [id]"): only the value goes.
        group = "value" if "value" in pattern.groupindex else 0
        for m in pattern.finditer(text):
            yield m.start(group), m.end(group), kind, replacement


def _term_pattern(term: str) -> re.Pattern[str] | None:
    words = term.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    # Whole words only; a possessive or plural ("Smith's", "the Okafors'", "Jones'") goes
    # with the name, and the replacement keeps the apostrophe for the grammar.
    return re.compile(
        rf"(?<!\w){body}(?P<suffix>['\u2019]s|s['\u2019]|s|(?<=s)['\u2019])?(?!\w)",
        re.IGNORECASE,
    )


_TITLES = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "rev", "jr", "sr"}


def _apostrophe(suffix: str) -> str:
    """What of a removed word's ending the replacement keeps: "[name]'s", "[name]'"."""
    if suffix and suffix[0] in "'\u2019":
        return "'s" if len(suffix) > 1 else "'"
    if suffix and suffix[-1] in "'\u2019":
        return "'"
    return ""


def _name_terms(names: Iterable[str]) -> list[str]:
    """Each full name, and each part of it ("Sam Okafor" also as "Sam" and "Okafor")."""
    terms: list[str] = []
    for name in names:
        words = name.split()
        if not words:
            continue
        terms.append(" ".join(words))
        if len(words) > 1:
            # Initials and titles ("J.", "Dr") alone would remove too much.
            terms += [
                w for w in words if len(w.strip(".")) > 1 and w.strip(".").lower() not in _TITLES
            ]
    return terms


def _find_terms(text: str, terms: Iterable[str], kind: str, replacement: str) -> list[_Finding]:
    findings: list[_Finding] = []
    for term in terms:
        pattern = _term_pattern(term)
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            apostrophe = _apostrophe(m.group("suffix") or "")
            findings.append((m.start(), m.end(), kind, replacement + apostrophe))
    return findings


def _choose(findings: list[_Finding]) -> list[_Finding]:
    """Non-overlapping findings: the earliest first, then the longest, then the most specific."""
    ordered = sorted(findings, key=lambda f: (f[0], -(f[1] - f[0]), _PRIORITY[f[2]]))
    chosen: list[_Finding] = []
    end = -1
    for finding in ordered:
        if finding[0] >= end and finding[1] > finding[0]:
            chosen.append(finding)
            end = finding[1]
    return chosen


def deidentify(text: str, *, names: list[str], extra_terms: list[str]) -> Deidentified:
    """Replace every identifying detail found; list each removal for the review screen."""
    findings: list[_Finding] = []
    findings += _matches(text, [_EMAIL], EMAIL, "[e-mail]")
    findings += _matches(text, [_LINK], LINK, "[link]")
    findings += _matches(text, _IDENTIFIERS, IDENTIFIER, "[id]")
    findings += _dates(text)
    findings += _matches(text, [_PHONE], PHONE, "[phone]")
    findings += _matches(text, _ADDRESSES, ADDRESS, "[address]")
    findings += _find_terms(text, extra_terms, PLACE, "[place]")
    findings += _find_terms(text, _name_terms(names), NAME, "[name]")

    parts: list[str] = []
    removals: list[Removal] = []
    position = 0
    for start, end, kind, replacement in _choose(findings):
        parts += [text[position:start], replacement]
        removals.append(Removal(kind, text[start:end], replacement, start, end))
        position = end
    parts.append(text[position:])
    return Deidentified("".join(parts), removals)
