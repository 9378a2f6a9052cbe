"""How clients are named on screen: in full, or by initials in privacy mode."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from recordsafe.records.cases import Case

STATUS_LABELS: dict[str, str] = {"active": "Active", "closed": "Closed", "deceased": "Deceased"}
HIDDEN_BODY = "Note text hidden (privacy mode) — click to show"
KIND_TITLES: dict[str, str] = {"individual": "Individual", "couple": "Couple", "family": "Family",
                               "group": "Group"}  # fmt: skip


def initials(name: str) -> str:
    """'Ada Wren' -> 'A. W.': enough to tell people apart, not to identify them."""
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    return " ".join(f"{p[0].upper()}." for p in parts) or "?"


def shown_name(name: str, private: bool) -> str:
    return initials(name) if private else name


def case_title(case: Case, private: bool) -> str:
    """A case's title can hold names ("Smith couple work"): privacy mode shows the kind only."""
    kind = KIND_TITLES.get(case.kind, case.kind)
    return f"{kind} case" if private else f"{case.title} — {kind}"


def titled(action: str, *names: str, private: bool = False) -> str:
    """A window title that names whose record it changes: 'Record intake — Ada Wren'."""
    who = ", ".join(shown_name(n, private) for n in names if n)
    return f"{action} — {who}" if who else action


class ShownNames:
    """People's names (and their cases' titles) as the screen shows them, also inside the
    sentences built from them ("Needs Ben Wren's consent"): in full, or in privacy mode by
    initials, a case by its kind. Only the screen: what is released keeps the full names."""

    def __init__(
        self,
        private: bool = False,
        people: Iterable[str] = (),
        case_titles: Mapping[str, str] | None = None,
    ) -> None:
        self.private = private
        hidden = {n: initials(n) for n in (" ".join(p.split()) for p in people) if n}
        hidden.update(case_titles or {})
        self._hidden = hidden
        # Longest first, so "Ada Wren-Lee" goes whole before "Ada Wren" could match.
        words = sorted(hidden, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)")
            if private and words
            else None
        )

    def name(self, name: str) -> str:
        return shown_name(name, self.private)

    def text(self, text: str) -> str:
        """`text` with every known name (and case title) as privacy mode shows it."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._hidden[m.group(1)], text)


SHOWN_NAMES = 5


def some_names(names: list[str], shown: int = SHOWN_NAMES) -> str:
    """'Ada, Ben, Cleo, Dan, Eve and 58 more': a message stays a few lines long, so the
    list beside it keeps its room (the list itself names everyone)."""
    if len(names) <= shown:
        return ", ".join(names)
    return ", ".join(names[:shown]) + f" and {len(names) - shown} more"
