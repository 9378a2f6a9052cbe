"""Errors the records package raises: known, plain-worded, never holding client content.

Every message names the rule that was broken ("The date of birth is in the future"),
never the value that broke it: a message may reach a log, a dialog or a bug report.
"""

from __future__ import annotations

from recordsafe.vault.errors import VaultError


class RecordError(VaultError):
    """A change or read the records rules refuse; `message` is fit to show as it is."""


class NotFound(RecordError):
    """The client, case, note or document no longer exists (or never did)."""


class NeedsIntake(RecordError):
    """A note for a client whose intake (limits of confidentiality) is not recorded yet."""


class AgreementNeeded(RecordError):
    """A joint case (couple, family, group) whose confidentiality agreement is incomplete."""


class SignedNoteLocked(RecordError):
    """A signed note cannot be changed or deleted; corrections are addenda."""
