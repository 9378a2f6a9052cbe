"""Errors of the disclosure gate: plain words naming the rule or the missing element.

Never the value: a message may reach a log, a dialog or a bug report. (The gate's
*decisions* name people, for the practitioner's screen; exceptions never do.)
"""

from __future__ import annotations

from recordsafe.vault.errors import VaultError


class DisclosureError(VaultError):
    """A consent, request or disclosure the gate's rules refuse; `message` is fit to show."""
