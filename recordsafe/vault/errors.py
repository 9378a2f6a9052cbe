"""Errors the vault raises, split as qutebrowser's sql module does.

A `VaultError` is a *known* failure: the environment's or the user's (wrong passphrase,
disk full, a damaged file). It carries a message in plain words that the UI and the CLI
show as they are. It never carries client content: messages name files and slots, never
rows. Anything else that escapes the vault is a bug.
"""

from __future__ import annotations


class VaultError(Exception):
    """A known failure with a message fit to show a practitioner."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WrongSecret(VaultError):
    """The passphrase or code does not open any slot of this vault."""


class VaultFormatError(VaultError):
    """keyslots.json is missing, unreadable, or not a RecordSafe key file."""


class VaultTooNew(VaultError):
    """The vault was written by a newer RecordSafe; we refuse rather than damage it."""


class TamperDetected(VaultError):
    """The key file or audit chain does not match what the vault itself vouches for."""


class VaultDamaged(VaultError):
    """vault.db is missing, truncated, or not the database these keys belong to."""


class VaultInUse(VaultError):
    """Another RecordSafe window or process has this vault open."""


class StorageError(VaultError):
    """The disk refused a write or a read: full, read-only, gone."""


class SlotError(VaultError):
    """A key slot operation that would leave the vault unsafe or unopenable."""


class ReadOnlyVault(VaultError):
    """A change was attempted in a session that may only read."""
