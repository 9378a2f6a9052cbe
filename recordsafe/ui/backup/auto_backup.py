"""The lock-time backup hook the app controller calls before locking or closing a vault.

The logic is domain code (`recordsafe.vault.backup_policy`, no Qt); this module is the
UI's name for it, so the controller imports from one place beside the other windows.
"""

from __future__ import annotations

from recordsafe.vault.backup_policy import FOLDER_MISSING, maybe_backup_on_lock

__all__ = ["FOLDER_MISSING", "maybe_backup_on_lock"]
