"""The breach register (Practice → Breach register…): every incident, what is due, closing.

Reading the register is audited (it names clients). From here an incident is reported,
continued where it stopped, assessed again (a new signed entry), its HHS / media / yearly
log reports recorded, closed (refused, with what remains, while notices are unsent), and
the whole register printed as an AES-256 encrypted PDF.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from recordsafe.breach import closing, deadlines, incidents, register
from recordsafe.disclosure.practice_info import practice_info
from recordsafe.outputs import encryption
from recordsafe.ui.breach.common import ASSESS
from recordsafe.ui.breach.incident_wizard import IncidentWizard
from recordsafe.ui.qt import Qt, QtWidgets, Signal
from recordsafe.ui.widgets import save_folder
from recordsafe.ui.widgets.dates import date_edit, format_day, from_qdate
from recordsafe.ui.widgets.forms import error_label, hint, show_error
from recordsafe.ui.widgets.meaning_colours import muted
from recordsafe.ui.widgets.screen import resize_within_screen
from recordsafe.vault import VaultError, VaultSession

COLUMNS = ("No.", "Discovered", "Exposed", "Result", "Affected", "Next step", "Status")
REPORTS = {
    "HHS notice": "hhs",
    "Media notice": "media",
    "Yearly log entry to HHS": "yearly_log",
}
SAVE_PURPOSE = "breach-register"
EXPOSED_SHORT = {
    "vault": "The vault",
    "backup": "A backup",
    "export": "A release",
    "paper": "Paper",
    "other": "Other",
}


# Why an incident cannot be closed: the first few things left, then how many more.
SHOWN_REMAINING = 5


class BreachRegisterDialog(QtWidgets.QDialog):
    changed = Signal()

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breachRegister")
        self.setWindowTitle("Breach register")
        resize_within_screen(self, 1000, 680)
        self._session: VaultSession | None = session
        self.entries: list[register.RegisterEntry] = []
        self._viewed = False
        # The incident the message line speaks of (None: it is about the whole register).
        self._message_about: int | None = None

        intro = hint(
            "Every incident, its signed assessments, the affected clients and their notices. "
            "Nothing here is ever deleted; keep it at least six years."
        )
        split = self._build_split()

        buttons = self._build_buttons()
        reports = self._build_reports()

        self.message = QtWidgets.QLabel()
        self.message.setObjectName("registerMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = error_label("registerProblem")
        done = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        done.rejected.connect(self.reject)

        # Messages sit at the top, under the intro: a password shown once, or why an incident
        # cannot be closed, must never be pushed below the screen's edge.
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addWidget(self.problem)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addLayout(reports)
        layout.addWidget(done)

        self.report_button.clicked.connect(self.report_incident)
        self.continue_button.clicked.connect(self.continue_incident)
        self.reassess_button.clicked.connect(self.reassess)
        self.close_button.clicked.connect(self.close_incident)
        self.save_pdf_button.clicked.connect(self.save_register)
        self.report_made.clicked.connect(self.record_report)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.refresh()
        self.report_button.setDefault(not self.entries)
        self.report_button.setFocus()

    def _build_split(self) -> QtWidgets.QSplitter:
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("registerTable")
        self.table.setAccessibleName("Incidents")
        self.table.setTabKeyNavigation(False)  # arrows move between rows; Tab moves on
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.detail = QtWidgets.QTextBrowser()
        self.detail.setObjectName("registerDetail")
        self.detail.setAccessibleName("The selected incident")
        self.detail.setTabChangesFocus(True)
        split = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([220, 380])
        return split

    def _build_buttons(self) -> QtWidgets.QHBoxLayout:
        self.report_button = QtWidgets.QPushButton("&Report an incident…")
        self.report_button.setObjectName("reportIncident")
        self.continue_button = QtWidgets.QPushButton("&Continue…")
        self.continue_button.setObjectName("continueIncident")
        self.reassess_button = QtWidgets.QPushButton("&Assess again…")
        self.reassess_button.setObjectName("reassessIncident")
        self.close_button = QtWidgets.QPushButton("C&lose incident")
        self.close_button.setObjectName("closeIncident")
        # It saves an encrypted PDF (to print from, or keep): named for what it does.
        self.save_pdf_button = QtWidgets.QPushButton("&Save register as PDF…")
        self.save_pdf_button.setObjectName("saveRegisterPdf")
        buttons = QtWidgets.QHBoxLayout()
        for button in (
            self.report_button,
            self.continue_button,
            self.reassess_button,
            self.close_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_pdf_button)
        return buttons

    def _build_reports(self) -> QtWidgets.QHBoxLayout:
        self.report_kind = QtWidgets.QComboBox()
        self.report_kind.setObjectName("reportKind")
        self.report_kind.setAccessibleName("Report")
        for label, key in REPORTS.items():
            self.report_kind.addItem(label, key)
        self.report_on = date_edit()
        self.report_on.setObjectName("reportOn")
        self.report_on.setAccessibleName("Report made on")
        self.report_made = QtWidgets.QPushButton("Record it as &made")
        self.report_made.setObjectName("recordReport")
        reports = QtWidgets.QHBoxLayout()
        reports.addWidget(QtWidgets.QLabel("Reports:"))
        reports.addWidget(self.report_kind)
        reports.addWidget(QtWidgets.QLabel("made on"))
        reports.addWidget(self.report_on)
        reports.addWidget(self.report_made)
        reports.addStretch(1)
        return reports

    def drop_session(self) -> None:
        self._session = None

    def refresh(self, select: int | None = None) -> None:
        """Reload; the incident `select` (one just reported), else the one selected."""
        if self._session is None:
            return
        keep = select if select is not None else self.selected_id()
        # The first load is the viewing (audited once); later ones reload after changes.
        self.entries = register.register(self._session, viewing=not self._viewed)
        self._viewed = True
        today = date.today()
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            latest = e.latest
            result = (
                "Not assessed"
                if latest is None
                else ("Reportable" if latest.outcome.reportable else "Not reportable")
            )
            affected = sum(a.included for a in e.affected)
            values = (
                str(e.incident.id),
                format_day(e.incident.discovered_on),
                EXPOSED_SHORT[e.incident.exposed_kind],
                result,
                str(affected) if latest and latest.outcome.reportable else "",
                self._next_step(e, today),
                "Closed" if e.incident.is_closed else "Open",
            )
            for col, value in enumerate(values):
                self.table.setItem(row, col, QtWidgets.QTableWidgetItem(value))
        for column in range(self.table.columnCount() - 1):
            self.table.resizeColumnToContents(column)
        self.table.resizeRowsToContents()
        rows = [e.incident.id for e in self.entries]
        self.table.selectRow(rows.index(keep) if keep in rows else 0)
        self._show_selected()

    def _next_step(self, e: register.RegisterEntry, today: date) -> str:
        if self._session is None:
            return ""
        due = [
            r
            for r in deadlines.reminders(self._session, today=today)
            if r.incident_id == e.incident.id
        ]
        if not due:
            return "Nothing due"
        first = due[0]
        return f"{first.step} ({deadlines.countdown(first.due_on, today)})"

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.entries):
            return self.entries[row].incident.id
        return None

    def _selected(self) -> register.RegisterEntry | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _say(self, text: str, about: int | None) -> None:
        self.message.setText(text)
        self._message_about = about

    def _show_selected(self) -> None:
        e = self._selected()
        if self._message_about is not None and (e is None or e.incident.id != self._message_about):
            self._say("", None)  # it spoke of another incident
        for button in (self.continue_button, self.close_button):
            button.setEnabled(e is not None and not e.incident.is_closed)
        # A closed incident can be assessed again: a new signed entry, never an edit.
        self.reassess_button.setEnabled(e is not None)
        never = e is None or e.latest is None
        self.reassess_button.setText("&Assess…" if never else "&Assess again…")
        # Only a reportable breach is reported to HHS or entered in its yearly log.
        self.report_made.setEnabled(
            e is not None and e.latest is not None and e.latest.outcome.reportable
        )
        if e is not None:
            # Offer the report this incident calls for: the yearly log under 500, else HHS.
            wanted = "hhs" if e.clock.hhs_due else "yearly_log"
            self.report_kind.setCurrentIndex(self.report_kind.findData(wanted))
        if e is None:
            self.detail.setPlainText("No incident has been recorded.")
            return
        rows = register.describe(e, date.today())
        html = "".join(
            f"<tr><td style='padding:2px 10px 4px 0; color:{muted()};'><b>{_esc(k)}</b></td>"
            f"<td style='padding:2px 0 4px 0;'>{_esc(v)}</td></tr>"
            for k, v in rows
        )
        self.detail.setHtml(
            f"<h3>Incident no. {e.incident.id}</h3><table cellspacing='0'>{html}</table>"
        )

    def _open_wizard(
        self, incident_id: int | None, *, start: int | None = None
    ) -> IncidentWizard | None:
        if self._session is None:
            return None
        wizard = IncidentWizard(self._session, self, incident_id=incident_id)
        if start is not None:
            wizard.setStartId(start)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        if incident_id is not None and incident_id == self._message_about:
            self._say("", None)  # "closed" would be stale once it is assessed again
        # A new incident is selected once recorded (not the one selected before).
        wizard.finished.connect(lambda _r: self.refresh(select=wizard.incident_id))
        wizard.changed.connect(lambda: self.refresh(select=wizard.incident_id))
        wizard.open()
        self.wizard = wizard
        return wizard

    def report_incident(self) -> IncidentWizard | None:
        return self._open_wizard(None)

    def continue_incident(self) -> IncidentWizard | None:
        return self._open_wizard(self.selected_id())

    def reassess(self) -> IncidentWizard | None:
        return self._open_wizard(self.selected_id(), start=ASSESS)

    def close_incident(self) -> None:
        incident_id = self.selected_id()
        entry = self._selected()
        if self._session is None or incident_id is None or entry is None:
            return
        # Asked once, when it can be closed (a refusal says what remains instead).
        if not closing.what_remains(self._session, incident_id) and not self.confirm_close(entry):
            return
        try:
            closing.close_incident(self._session, incident_id, on=date.today(), today=date.today())
        except VaultError as exc:
            # The message already says each step and counts the notices; the list adds only
            # whom each notice is to (so nothing is said twice).
            remaining = [
                r
                for r in closing.what_remains(self._session, incident_id)
                if r.client_id is not None
            ]
            lines = "\n".join(f"• {r.text}" for r in remaining[:SHOWN_REMAINING])
            if len(remaining) > SHOWN_REMAINING:
                lines += (
                    f"\n… and {len(remaining) - SHOWN_REMAINING} more: Continue… shows them all."
                )
            show_error(self.problem, f"{exc.message}\n{lines}" if lines else exc.message)
            return
        self.problem.hide()
        self._say(f"Incident no. {incident_id} is closed. It stays in the register.", incident_id)
        self.refresh()
        self.changed.emit()

    def confirm_close(self, entry: register.RegisterEntry) -> bool:
        """Whether to close: what closing says, and that it can be undone by a new
        assessment; No is the default (a closed incident's reminders stop)."""
        done = (
            "every affected client's notice is delivered"
            if entry.latest is not None and entry.latest.outcome.reportable
            else "the signed assessment found no reportable breach, so nothing has to be sent"
        )
        answer = QtWidgets.QMessageBox.question(
            self,
            "Close the incident",
            f"Close incident no. {entry.incident.id}?\n\nClosing records that the work on it "
            f"is done: {done}. Its reminders stop. It stays in the breach register (six years "
            "at least, never deleted). If something new comes to light, Assess again… adds "
            "a new assessment, and a reportable one opens the incident again.",
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            QtWidgets.QMessageBox.StandardButton.No,
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def record_report(self) -> None:
        incident_id = self.selected_id()
        if self._session is None or incident_id is None:
            return
        try:
            incidents.record_report(
                self._session,
                incident_id,
                self.report_kind.currentData(),
                on=from_qdate(self.report_on.date()),
                today=date.today(),
            )
        except VaultError as exc:
            show_error(self.problem, exc.message)
            return
        self.problem.hide()
        self._say(f"{self.report_kind.currentText()} recorded.", incident_id)
        self.refresh()
        self.changed.emit()

    def choose_target(self) -> Path | None:
        """Where to save the register (tests replace this)."""
        start = save_folder.start(SAVE_PURPOSE) / "breach-register.pdf"
        chosen, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save the breach register", str(start), "PDF (*.pdf)"
        )
        return Path(chosen) if chosen else None

    def save_register(self) -> None:
        if self._session is None:
            return
        target = self.choose_target()
        if target is None:
            return
        save_folder.remember(SAVE_PURPOSE, target)
        password = encryption.generate_password()
        try:
            register.save_register(
                self._session,
                target,
                password=password,
                practice_name=practice_info(self._session).name or self._session.name,
                today=date.today(),
            )
        except VaultError as exc:
            show_error(self.problem, exc.message)
            return
        self.problem.hide()
        self._say(
            f"Saved {target.name}, encrypted. Its password (keep it apart from the file): "
            f"{password}",
            None,
        )


def _esc(text: str) -> str:
    return escape(text).replace("\n", "<br>")
