"""The areas the main window installs, in order: their banners stack in this order.

A new area is one line here and one `ui/<area>/actions.py`; where its entries appear in
the menus is decided by the slots in `ui/menus.py`.
"""

from __future__ import annotations

from recordsafe.ui.area import Area
from recordsafe.ui.audit.actions import AuditActions
from recordsafe.ui.backup.actions import BackupActions
from recordsafe.ui.breach.actions import BreachActions
from recordsafe.ui.closure.actions import ClosureActions
from recordsafe.ui.disclosure.actions import DisclosureActions
from recordsafe.ui.help.actions import HelpActions
from recordsafe.ui.practice.actions import PracticeActions
from recordsafe.ui.records.actions import RecordsActions
from recordsafe.ui.vault.actions import VaultActions

AREAS: tuple[type[Area], ...] = (
    ClosureActions,  # the custodian's banner comes first
    AuditActions,
    BackupActions,
    DisclosureActions,
    BreachActions,
    VaultActions,
    RecordsActions,
    PracticeActions,
    HelpActions,
)
