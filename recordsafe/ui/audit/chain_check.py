"""The whole audit chain, checked in the background right after unlock, and the banner.

Unlock checks the head and the newest entries only (its budget is 1 s, and a practice's
log grows to hundreds of thousands of entries). `BackgroundChainCheck` then walks every
entry on a worker thread, over a connection of its own (`VaultSession.full_chain_check`),
while the user works. A problem is kept in the session's findings, recorded as an
`integrity_problem` audit entry, written to the app log (a count, never content) and
shown in `IntegrityBanner` at the top of the window. The user keeps access either way.
"""

from __future__ import annotations

import logging

from recordsafe.ui.operations import run_in_background
from recordsafe.ui.qt import QObject, Qt, QtWidgets, Signal
from recordsafe.ui.widgets.meaning_colours import frame_style
from recordsafe.vault import VaultError, VaultSession

log = logging.getLogger(__name__)

HEADLINE = "RecordSafe found a problem with this vault's audit trail."
ADVICE = (
    "Your records are open as usual. The audit trail is the vault's own record of who "
    "did what; someone may have changed vault.db outside RecordSafe, or put back an older "
    "copy. Keep your backups, run Vault ▸ Verify vault… for the full report, and review the "
    "finding in Vault ▸ Security & keys…, where it stays until you have. This finding is "
    "itself recorded in the audit log."
)
NOT_FINISHED = "The full check of the audit trail could not finish."


class BackgroundChainCheck(QObject):
    """One run of the full chain check for one session; `checked` carries the new findings.

    Not parented to a window: the runner keeps it alive until its worker reports. The lock
    does not wait for it (the session's lock stops the check's reader itself).
    """

    checked = Signal(list)

    def __init__(self, session: VaultSession) -> None:
        super().__init__()
        self._session: VaultSession | None = session
        self.running = False
        self.findings: list[str] | None = None  # all the check found, once done

    def start(self) -> None:
        assert self._session is not None
        self.running = True
        run_in_background(
            None,
            self._session.full_chain_check(),
            label="the background audit check",
            on_success=self._finished,
            on_failure=self._not_finished,  # a bug is logged by the runner (type only)
            lock_waits=False,
        )

    def drop_session(self) -> None:
        """The vault was locked: a late result is dropped (the next unlock checks again)."""
        self._session = None

    def _not_finished(self, _exc: VaultError) -> None:
        self._finished([NOT_FINISHED])

    def _finished(self, findings: list[str]) -> None:
        self.running = False
        self.findings = findings
        session, new = self._session, []
        if session is not None and session.is_open:
            new = session.report_chain_findings(findings)
            if new:
                log.warning("The full audit chain check found %d problem(s)", len(new))
        self._session = None
        self.checked.emit(new)


class IntegrityBanner(QtWidgets.QFrame):
    """A red bar at the top of the window: what was found, in plain words; "Hide"."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("integrityBanner")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.setStyleSheet(frame_style("integrityBanner", "error"))
        self.headline = QtWidgets.QLabel(f"<b>{HEADLINE}</b>")
        self.headline.setObjectName("integrityHeadline")
        self.details = QtWidgets.QLabel("")
        self.details.setObjectName("integrityDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice = QtWidgets.QLabel(ADVICE)
        self.advice.setWordWrap(True)
        self.hide_button = QtWidgets.QPushButton("Hide")
        self.hide_button.setObjectName("integrityHide")
        self.hide_button.setToolTip("Hide until the vault is opened again")
        self.hide_button.clicked.connect(self.hide)
        text = QtWidgets.QVBoxLayout()
        text.setSpacing(4)
        text.addWidget(self.headline)
        text.addWidget(self.details)
        text.addWidget(self.advice)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 6, 8)
        layout.addLayout(text, 1)
        layout.addWidget(self.hide_button)
        self.findings: list[str] = []
        self.hide()

    def add_findings(self, findings: list[str]) -> None:
        """Show these findings (after any already shown); nothing new: nothing changes."""
        new = [f for f in findings if f not in self.findings]
        if not new:
            return
        self.findings.extend(new)
        self.details.setText("\n".join(f"• {f}" for f in self.findings))
        self.show()
