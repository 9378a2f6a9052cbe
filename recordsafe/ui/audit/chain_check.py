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
from collections.abc import Callable

from recordsafe.ui.qt import QObject, QRunnable, Qt, QThreadPool, QtWidgets, Signal, Slot
from recordsafe.vault import VaultSession

log = logging.getLogger(__name__)

HEADLINE = "RecordSafe found a problem with this vault's audit trail."
ADVICE = (
    "Your records are open as usual. The audit trail is the vault's own record of who "
    "did what; someone may have changed vault.db outside RecordSafe, or put back an older "
    "copy. Keep your backups, and run Vault → Verify vault for the full report. This finding "
    "is itself recorded in the audit log."
)


class _Signals(QObject):
    finished = Signal()


class _Task(QRunnable):
    """Runs the check; holds only plain data (no Qt object, no session)."""

    def __init__(self, check: Callable[[], list[str]], out: list[list[str]], signals: _Signals):
        super().__init__()
        self.setAutoDelete(True)
        self._check: Callable[[], list[str]] | None = check
        self._out = out
        self._signals = signals

    def run(self) -> None:
        check, self._check = self._check, None
        assert check is not None
        try:
            self._out.append(check())
        except Exception as exc:  # a bug: logged by type only, shown as a finding
            log.error("Unexpected %s in the background audit check", type(exc).__qualname__)
            self._out.append(["The full check of the audit trail could not finish."])
        del check
        self._signals.finished.emit()


# Checks still running: kept alive here (not by a window that may close first) until the
# worker reports back, so its signal never reaches a deleted object.
_running: set[BackgroundChainCheck] = set()


class BackgroundChainCheck(QObject):
    """One run of the full chain check for one session; `checked` carries the new findings.

    Not parented to a window: it lives until its worker reports, then lets go.
    """

    checked = Signal(list)

    def __init__(self, session: VaultSession) -> None:
        super().__init__()
        self._session: VaultSession | None = session
        self._out: list[list[str]] = []
        self._signals = _Signals(self)
        self._signals.finished.connect(self._finished)
        self.running = False
        self.findings: list[str] | None = None  # all the check found, once done

    def start(self) -> None:
        assert self._session is not None
        check = self._session.full_chain_check()
        self.running = True
        _running.add(self)
        QThreadPool.globalInstance().start(_Task(check, self._out, self._signals))

    def drop_session(self) -> None:
        """The vault was locked: a late result is dropped (the next unlock checks again)."""
        self._session = None

    @Slot()
    def _finished(self) -> None:
        self.running = False
        _running.discard(self)
        self.findings = self._out.pop()
        session, new = self._session, []
        if session is not None and session.is_open:
            new = session.report_chain_findings(self.findings)
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
        self.setStyleSheet(
            "#integrityBanner { background: #fdecea; border: 1px solid #d9534f; "
            "border-radius: 4px; } #integrityBanner QLabel { color: #5a1210; }"
        )
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
