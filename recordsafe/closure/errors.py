"""Errors of the closure package: plain words, never client content."""

from __future__ import annotations

from recordsafe.vault.errors import VaultError


class ClosureError(VaultError):
    """A custodian, retention or destruction rule refused the change; fit to show."""
