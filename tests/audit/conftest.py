"""A vault with a dozen audit entries, locked: what the tamper tests cut into."""

from __future__ import annotations

from pathlib import Path

import pytest

from recordsafe.audit import chain
from recordsafe.vault import CreatedVault

ENTRIES = 12  # vault_created, unlocked... then views: enough to cut from the middle


@pytest.fixture
def filled(created: CreatedVault, vault_path: Path) -> tuple[bytes, int, str]:
    """Returns the raw vault key (as a keyholder has) and the head: count and hash."""
    session = created.session
    for i in range(ENTRIES):
        session.record("viewed", client_id=i, reason="session")
    key = session.key_for_backup()
    count, digest = chain.last_entry(session.db)
    session.lock()
    return key, count, digest
