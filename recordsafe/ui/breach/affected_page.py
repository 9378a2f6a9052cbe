"""Wizard page 4: the affected clients, derived from the vault's records, then reviewed.

On arrival the set is derived from what was exposed (a release: exactly its clients; the
vault or a backup: every client then in it). The audit log can add the clients viewed or
released in a time window. Every client added or removed by hand needs a reason.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from recordsafe.breach import affected, incidents
from recordsafe.breach.affected import AuditWindow
from recordsafe.records import clients
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import date_edit, from_qdate, to_qdate
from recordsafe.ui.widgets.forms import error_label, hint, show_error
from recordsafe.vault import VaultError

if TYPE_CHECKING:
    from recordsafe.ui.breach.incident_wizard import IncidentWizard

COLUMNS = ("Client", "Why in the list", "Status")
ACTORS = {"Anyone": None, "The practitioner": "practitioner", "A records custodian": "custodian"}


class AffectedPage(QtWidgets.QWizardPage):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Who is affected?")
        self.setSubTitle(
            "Found from the vault's own records. Review the list: add or remove a client "
            "only with a reason, which is kept."
        )
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("affectedSummary")
        self.summary.setWordWrap(True)
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("affectedTable")
        self.table.setAccessibleName("Affected clients")
        self.table.setTabKeyNavigation(False)  # arrows move between rows; Tab moves on
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)

        review = self._build_review()
        audit = self._build_audit()
        nobody = self._build_nobody()

        self.problem = error_label("affectedProblem")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(review)
        layout.addLayout(audit)
        layout.addLayout(nobody)
        layout.addWidget(hint("Removed clients stay listed, with the reason, in the register."))
        layout.addWidget(self.problem)

        self.remove_button.clicked.connect(self.remove_selected)
        self.add_button.clicked.connect(self.add_chosen)
        self.find_edit.textChanged.connect(self._find)
        self.audit_button.clicked.connect(self.add_from_audit)
        self.none_button.clicked.connect(self.record_none)
        self._rows: list[affected.AffectedClient] = []

    def _build_review(self) -> QtWidgets.QLayout:
        self.reason = QtWidgets.QLineEdit()
        self.reason.setObjectName("changeReason")
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("Why (kept with the change)")
        self.remove_button = QtWidgets.QPushButton("&Remove selected")
        self.remove_button.setObjectName("removeAffected")
        self.find_edit = QtWidgets.QLineEdit()
        self.find_edit.setObjectName("findClient")
        self.find_edit.setAccessibleName("Add a client: name")
        self.find_edit.setPlaceholderText("Type a name to add a client")
        self.matches = QtWidgets.QComboBox()
        self.matches.setObjectName("clientMatches")
        self.matches.setAccessibleName("Matching clients")
        self.matches.setMinimumContentsLength(18)
        self.add_button = QtWidgets.QPushButton("&Add")
        self.add_button.setObjectName("addAffected")
        review = QtWidgets.QGridLayout()
        review.addWidget(QtWidgets.QLabel("Reason:"), 0, 0)
        review.addWidget(self.reason, 0, 1, 1, 3)
        review.addWidget(QtWidgets.QLabel("Add:"), 1, 0)
        review.addWidget(self.find_edit, 1, 1)
        review.addWidget(self.matches, 1, 2)
        review.addWidget(self.add_button, 1, 3)
        review.addWidget(self.remove_button, 0, 4)
        return review

    def _build_audit(self) -> QtWidgets.QLayout:
        today = date.today()
        self.since = date_edit(today)
        self.since.setObjectName("windowSince")
        self.since.setAccessibleName("Viewed or released from")
        self.until = date_edit(today)
        self.until.setObjectName("windowUntil")
        self.until.setAccessibleName("Viewed or released until")
        self.actor = QtWidgets.QComboBox()
        self.actor.setObjectName("windowActor")
        self.actor.setAccessibleName("Viewed or released by")
        for label, key in ACTORS.items():
            self.actor.addItem(label, key)
        self.audit_button = QtWidgets.QPushButton("Add from the audit &log")
        self.audit_button.setObjectName("addFromAudit")
        audit = QtWidgets.QHBoxLayout()
        audit.addWidget(QtWidgets.QLabel("Viewed or released from"))
        audit.addWidget(self.since)
        audit.addWidget(QtWidgets.QLabel("to"))
        audit.addWidget(self.until)
        audit.addWidget(QtWidgets.QLabel("by"))
        audit.addWidget(self.actor)
        audit.addWidget(self.audit_button)
        audit.addStretch(1)
        return audit

    def _build_nobody(self) -> QtWidgets.QLayout:
        self.none_reason = QtWidgets.QLineEdit()
        self.none_reason.setObjectName("noAffectedReason")
        self.none_reason.setAccessibleName("Why no client is affected")
        self.none_reason.setPlaceholderText("Only if no client is affected: why")
        self.none_button = QtWidgets.QPushButton("Record: n&o client is affected")
        self.none_button.setObjectName("recordNoAffected")
        nobody = QtWidgets.QHBoxLayout()
        nobody.addWidget(self.none_reason, 1)
        nobody.addWidget(self.none_button)
        return nobody

    def wizard_(self) -> IncidentWizard:
        return cast("IncidentWizard", self.wizard())

    def initializePage(self) -> None:
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return
        session, incident_id = wizard.session, wizard.incident_id
        incident = incidents.get_incident(session, incident_id)
        if not affected.affected(session, incident_id, with_removed=True):
            try:
                affected.keep_derived(session, incident_id, affected.derive(session, incident_id))
            except VaultError as exc:
                show_error(self.problem, exc.message)
        self.since.setDate(to_qdate(incident.occurred_on))
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return
        incident = incidents.get_incident(wizard.session, wizard.incident_id)
        self._rows = affected.affected(wizard.session, wizard.incident_id, with_removed=True)
        destroyed = affected.destroyed_in_backup(wizard.session, wizard.incident_id)
        self.table.setRowCount(len(self._rows) + len(destroyed))
        for row, person in enumerate(self._rows):
            name = person.name + (" (deceased)" if person.deceased else "")
            why = person.why
            status = "Affected" if person.included else f"Removed: {person.reason}"
            for col, value in enumerate((name, why, status)):
                self.table.setItem(row, col, QtWidgets.QTableWidgetItem(value))
        # After them, the lost backup's destroyed records: listed, never removable.
        for row, gone in enumerate(destroyed, start=len(self._rows)):
            for col, value in enumerate((gone.name, gone.why, "Affected")):
                self.table.setItem(row, col, QtWidgets.QTableWidgetItem(value))
        for column in range(self.table.columnCount() - 1):
            self.table.resizeColumnToContents(column)
        self.table.resizeRowsToContents()
        count = sum(p.included for p in self._rows) + len(destroyed)
        source = {
            "export": "the clients in the exposed release",
            "vault": "every client in the vault",
            "backup": "every client in the vault when the backup was made",
        }.get(incident.exposed_kind, "nothing in the vault says who: use the audit log or add")
        text = f"{count} client{'s' if count != 1 else ''} affected. Found from: {source}."
        if destroyed:
            text += (
                f" {len(destroyed)} of them: record destroyed since the backup was made "
                "(the lost backup still holds it)."
            )
        if incident.no_affected_reason and not count:
            text = f"No client is affected: {incident.no_affected_reason}"
        self.summary.setText(text)

    def _find(self, text: str) -> None:
        self.matches.clear()
        session = self.wizard_().session
        if session is None:
            return
        for found in clients.find_clients(session, text, limit=20):
            self.matches.addItem(found.name, found.id)

    def _run(self, action: object) -> None:
        try:
            assert callable(action)
            action()
        except VaultError as exc:
            show_error(self.problem, exc.message)
            return
        self.problem.hide()
        self.reason.clear()
        self.refresh()

    def remove_selected(self) -> None:
        wizard = self.wizard_()
        row = self.table.currentRow()
        if wizard.session is None or wizard.incident_id is None:
            return
        if row < 0 or row >= len(self._rows) or not self._rows[row].included:
            show_error(self.problem, "Select an affected client in the list first.")
            return
        session, incident_id, client_id = (
            wizard.session,
            wizard.incident_id,
            self._rows[row].client_id,
        )
        self._run(
            lambda: affected.remove_client(
                session, incident_id, client_id, reason=self.reason.text()
            )
        )

    def add_chosen(self) -> None:
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return
        client_id = self.matches.currentData()
        if client_id is None:
            show_error(self.problem, "Type a name and choose the client to add.")
            return
        session, incident_id = wizard.session, wizard.incident_id
        self._run(
            lambda: affected.add_client(session, incident_id, client_id, reason=self.reason.text())
        )

    def add_from_audit(self) -> None:
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return
        session, incident_id = wizard.session, wizard.incident_id
        window = AuditWindow(
            from_qdate(self.since.date()), from_qdate(self.until.date()), self.actor.currentData()
        )
        self._run(
            lambda: affected.keep_derived(
                session, incident_id, affected.derive(session, incident_id, window=window)
            )
        )

    def record_none(self) -> None:
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return
        session, incident_id = wizard.session, wizard.incident_id
        self._run(
            lambda: affected.record_no_affected_reason(
                session, incident_id, self.none_reason.text()
            )
        )

    def validatePage(self) -> bool:
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return False
        try:
            affected.check_affected_set(wizard.session, wizard.incident_id)
        except VaultError as exc:
            show_error(self.problem, exc.message)
            return False
        return True
