"""Controls that change clinical records, disabled (with the reason) for a records custodian."""

from __future__ import annotations

from recordsafe.ui.qt import QtGui, QtWidgets
from recordsafe.vault import VaultSession

CUSTODIAN_READ_ONLY = "Read-only: a records custodian cannot change clinical records."


def clinical_change(control: QtWidgets.QWidget | QtGui.QAction, session: VaultSession) -> None:
    """Disable a control that changes clinical records when a custodian is signed in (the
    domain refuses it anyway; this says so before the click)."""
    if session.is_custodian:
        control.setEnabled(False)
        control.setToolTip(CUSTODIAN_READ_ONLY)
