"""The breach wizard: report, assess (signed), the result, the affected clients, notices.

Each step is kept as it is committed: reporting records the incident, signing records the
assessment, the affected set changes as it is reviewed. Closing the wizard halfway loses
nothing; the breach register opens the incident again at the step it had reached.
"""

from __future__ import annotations

from recordsafe.breach import assessment, incidents
from recordsafe.ui.breach.affected_page import AffectedPage
from recordsafe.ui.breach.assess_page import AssessPage
from recordsafe.ui.breach.common import AFFECTED, ASSESS, NOTICES, REPORT, RESULT
from recordsafe.ui.breach.notices_page import NoticesPage
from recordsafe.ui.breach.report_page import ReportPage
from recordsafe.ui.breach.result_page import ResultPage
from recordsafe.ui.qt import QtGui, QtWidgets, Signal
from recordsafe.ui.widgets.notice_passwords import confirm_leave
from recordsafe.vault import VaultSession


class IncidentWizard(QtWidgets.QWizard):
    changed = Signal()

    def __init__(
        self,
        session: VaultSession,
        parent: QtWidgets.QWidget | None = None,
        *,
        incident_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidentWizard")
        self.session: VaultSession | None = session
        self.incident_id = incident_id
        self.setWindowTitle("Breach: report and assess an incident")
        self.setWizardStyle(QtWidgets.QWizard.WizardStyle.ClassicStyle)
        self.setOption(QtWidgets.QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QtWidgets.QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setOption(QtWidgets.QWizard.WizardOption.HaveHelpButton, False)
        self.report_page = ReportPage()
        self.assess_page = AssessPage()
        self.result_page = ResultPage()
        self.affected_page = AffectedPage()
        self.notices_page = NoticesPage()
        self.setPage(REPORT, self.report_page)
        self.setPage(ASSESS, self.assess_page)
        self.setPage(RESULT, self.result_page)
        self.setPage(AFFECTED, self.affected_page)
        self.setPage(NOTICES, self.notices_page)
        self.setStartId(self._start_page())
        self.resize(860, 720)
        self.currentIdChanged.connect(self._page_changed)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        # One width for every page, the widest page's, so the window and its buttons do
        # not move from step to step (QWizard grows to each page as it comes).
        frame = self.width() - self.currentPage().width()
        pages = (self.page(i) for i in self.pageIds())
        needed = max(p.minimumSizeHint().width() for p in pages) + frame
        if needed > self.width():
            self.resize(needed, self.height())

    def _page_changed(self, page_id: int) -> None:
        # Once the incident is recorded, leaving keeps everything: "Close", not "Cancel".
        leave = "Cancel" if page_id == REPORT and self.incident_id is None else "Close"
        self.setButtonText(QtWidgets.QWizard.WizardButton.CancelButton, leave)
        self.changed.emit()

    def _start_page(self) -> int:
        """Where an incident already begun picks up again."""
        if self.session is None or self.incident_id is None:
            return REPORT
        incident = incidents.get_incident(self.session, self.incident_id)
        latest = assessment.latest(self.session, incident.id)
        if latest is None or incident.is_closed:
            return ASSESS if latest is None else RESULT
        if not latest.outcome.reportable:
            return RESULT
        return NOTICES if self._has_affected() else AFFECTED

    def _has_affected(self) -> bool:
        assert self.session is not None and self.incident_id is not None
        from recordsafe.breach.affected import affected  # noqa: PLC0415

        return bool(affected(self.session, self.incident_id))

    def _may_leave(self) -> bool:
        """Leaving the notices while saved ones wait to be delivered asks first: their
        passwords stay in the vault, to be shown or posted later."""
        if self.session is None or self.currentId() != NOTICES:
            return True
        waiting = self.notices_page.awaiting_delivery()
        return not waiting or confirm_leave(
            self, waiting, "open the incident again from the breach register", "Close"
        )

    def validateCurrentPage(self) -> bool:
        if self.currentId() == NOTICES and not self._may_leave():
            return False
        return super().validateCurrentPage()

    def reject(self) -> None:
        """Close, Escape or the window's close button: the same question as Finish."""
        if self._may_leave():
            super().reject()

    def drop_session(self) -> None:
        """The vault is locking: forget it (the main window closes this wizard next)."""
        self.session = None
        self.notices_page.passwords.clear()
