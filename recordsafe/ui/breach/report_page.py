"""Wizard page 1: report the incident (what, when, discovered, who, what was exposed)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from recordsafe.breach import incidents
from recordsafe.breach.incidents import EXPOSED_KINDS, IncidentForm
from recordsafe.ui.breach.common import text_box
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import date_edit, from_qdate
from recordsafe.ui.widgets.forms import error_label, hint, show_error
from recordsafe.vault import VaultError

if TYPE_CHECKING:
    from recordsafe.ui.breach.incident_wizard import IncidentWizard


class ReportPage(QtWidgets.QWizardPage):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("What happened?")
        self.setSubTitle(
            "Write it down while it is fresh. Plain words are enough; you can assess it on the "
            "next page."
        )
        self.setCommitPage(True)
        self.setButtonText(QtWidgets.QWizard.WizardButton.CommitButton, "Record the incident")

        self.what = text_box(
            "whatHappened", "For example: the release was emailed to the wrong Dr Lee."
        )
        self.occurred = date_edit()
        self.occurred.setObjectName("occurredOn")
        self.discovered = date_edit()
        self.discovered.setObjectName("discoveredOn")
        self.found_by = QtWidgets.QLineEdit()
        self.found_by.setObjectName("foundBy")
        self.found_by.setPlaceholderText(
            "Who noticed it, for example: I did; the recipient told me"
        )

        self.kind = QtWidgets.QComboBox()
        self.kind.setObjectName("exposedKind")
        for key, label in EXPOSED_KINDS.items():
            self.kind.addItem(label, key)
        self._build_release()
        self.detail = QtWidgets.QLineEdit()
        self.detail.setObjectName("exposedDetail")
        self.detail.setPlaceholderText("Which file, which papers, which device…")
        self.received_by = QtWidgets.QLineEdit()
        self.received_by.setObjectName("receivedBy")
        self.received_by.setPlaceholderText("Who received or took it, if known")
        self.problem = error_label("reportProblem")

        form = QtWidgets.QFormLayout()
        form.addRow("&What happened:", self.what)
        form.addRow("It &happened on:", self.occurred)
        form.addRow("It was &discovered on:", self.discovered)
        form.addRow("&Found by:", self.found_by)
        form.addRow("What was &exposed:", self.kind)
        form.addRow(self.release_label, self.release_box)
        form.addRow("De&tails:", self.detail)
        form.addRow("&Received or taken by:", self.received_by)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            hint(
                "The 60-day limit for notices counts from the day it was discovered. The "
                "incident is kept in the breach register; it can never be deleted."
            )
        )
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.occurred.dateChanged.connect(self._check_dates)
        self.discovered.dateChanged.connect(self._check_dates)

    def _build_release(self) -> None:
        # A batch of notices (one release per client) is one choice; search finds one.
        self.release = QtWidgets.QComboBox()
        self.release.setObjectName("exposedRelease")
        self.release_search = QtWidgets.QLineEdit()
        self.release_search.setObjectName("releaseSearch")
        self.release_search.setPlaceholderText("Search: a recipient, a date (2026-11-26)…")
        self.release_search.setClearButtonEnabled(True)
        self.release_search.setAccessibleName("Search the releases")
        self.release_search.textChanged.connect(self._fill_releases)
        self.release_label = QtWidgets.QLabel("Which re&lease:")
        self.release_label.setBuddy(self.release)
        self.release_box = QtWidgets.QWidget()
        release_column = QtWidgets.QVBoxLayout(self.release_box)
        release_column.setContentsMargins(0, 0, 0, 0)
        release_column.addWidget(self.release_search)
        release_column.addWidget(self.release)
        self.groups: list[incidents.ReleaseGroup] = []

    def wizard_(self) -> IncidentWizard:
        return cast("IncidentWizard", self.wizard())

    def initializePage(self) -> None:
        session = self.wizard_().session
        self.groups = incidents.release_groups(session) if session is not None else []
        self._fill_releases()
        self._kind_changed()
        self.what.setFocus()

    def _fill_releases(self) -> None:
        """Batches and single releases; with search words, the single releases inside a
        batch that match too (one notice sent to the wrong person)."""
        words = self.release_search.text()
        self.release.clear()
        for group in self.groups:
            if group.matches(words):
                self.release.addItem(group.label, group.ids)
            if words.strip() and len(group.ids) > 1:
                for member in group.members:
                    if words.strip().casefold() in member.label.casefold():
                        self.release.addItem(member.label, (member.id,))

    def _kind_changed(self) -> None:
        is_export = self.kind.currentData() == "export"
        self.release_box.setVisible(is_export)
        self.release_label.setVisible(is_export)
        if is_export and not self.groups:
            show_error(self.problem, "No release has been recorded in this vault.")
        else:
            self.problem.hide()

    def _check_dates(self) -> None:
        try:
            incidents.check_dates(
                from_qdate(self.occurred.date()), from_qdate(self.discovered.date()), date.today()
            )
        except VaultError as exc:
            show_error(self.problem, exc.message)
            return
        self.problem.hide()

    def form(self) -> IncidentForm:
        kind = self.kind.currentData()
        chosen = self.release.currentData() if kind == "export" else None
        ids: tuple[int, ...] = tuple(chosen) if chosen else ()
        return IncidentForm(
            what_happened=self.what.toPlainText(),
            occurred_on=from_qdate(self.occurred.date()),
            discovered_on=from_qdate(self.discovered.date()),
            found_by=self.found_by.text(),
            exposed_kind=kind,
            exposed_disclosure_id=ids[0] if ids else None,
            exposed_batch=ids if len(ids) > 1 else (),
            exposed_detail=self.detail.text(),
            received_by=self.received_by.text(),
        )

    def validatePage(self) -> bool:
        wizard = self.wizard_()
        if wizard.session is None:
            return False
        try:
            wizard.incident_id = incidents.report_incident(
                wizard.session, self.form(), today=date.today()
            )
        except VaultError as exc:
            show_error(self.problem, exc.message)
            return False
        return True
