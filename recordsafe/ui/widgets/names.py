"""How clients are named on screen: in full, or by initials in privacy mode."""

from __future__ import annotations

STATUS_LABELS: dict[str, str] = {"active": "Active", "closed": "Closed", "deceased": "Deceased"}
HIDDEN_BODY = "Note text hidden (privacy mode) — click to show"


def initials(name: str) -> str:
    """'Ada Wren' -> 'A. W.': enough to tell people apart, not to identify them."""
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    return " ".join(f"{p[0].upper()}." for p in parts) or "?"


def shown_name(name: str, private: bool) -> str:
    return initials(name) if private else name


def titled(action: str, *names: str, private: bool = False) -> str:
    """A window title that names whose record it changes: 'Record intake — Ada Wren'."""
    who = ", ".join(shown_name(n, private) for n in names if n)
    return f"{action} — {who}" if who else action
