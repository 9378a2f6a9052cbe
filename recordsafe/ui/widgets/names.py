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
