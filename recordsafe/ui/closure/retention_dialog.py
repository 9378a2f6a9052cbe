"""Practice ▸ Closure & custodian ▸ Retention & destruction.

Tab 1, "Retention": the practice's rule (years after the last contact; minors until the
age of majority plus years), each client's destroy-after date, legal holds, and the
records that are due (first), each with "Destroy…". Tab 2, "Destruction log": who
destroyed what, when, under which rule (no clinical content); a certificate of
destruction saved for an entry (again), and its kept password shown (audited).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from recordsafe.closure import destruction, retention
from recordsafe.closure.destruction import DestructionEntry
from recordsafe.closure.retention import ClientRetention, RetentionRule
from recordsafe.ui.closure import certificate as certificates
from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import Qt, QtWidgets, Signal
from recordsafe.ui.widgets.dates import format_day
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault import VaultError, VaultSession

COLUMNS = ("Client", "Last contact", "Keep until", "Status")
LOG_COLUMNS = ("Destroyed on", "Record of", "Born", "What", "Rule", "By", "Certificate")


def _day(value: date | None) -> str:
    if value == retention.NO_RULE:
        return "No rule yet"
    return format_day(value)  # the one format of every window


def _chosen_row(table: QtWidgets.QTableWidget) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def _select(table: QtWidgets.QTableWidget, ids: list[int], wanted: int) -> None:
    """Select the row of `wanted` (`ids`: each row's id, in order), if it is listed."""
    if wanted in ids:
        table.selectRow(ids.index(wanted))


# A rule that makes this many more records due at once is shown before it is set.
MANY_NEWLY_DUE: Final = 10


class RetentionDialog(QtWidgets.QDialog):
    destroy_requested = Signal(int)  # client id
    changed = Signal()

    def __init__(
        self,
        session: VaultSession,
        parent: QtWidgets.QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Retention & destruction")
        self.setObjectName("retentionDialog")
        self._session: VaultSession | None = session
        self.today = today or date.today()
        self.rows: list[ClientRetention] = []
        self.log_entries: list[DestructionEntry] = []
        self._confirming: RetentionRule | None = None  # a rule shown with its count, once

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(self._build_retention_tab(), "&Retention")
        self.tabs.addTab(self._build_log_tab(), "Destruction &log")
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.resize(860, 620)
        self.load_rule()
        self.refresh()

    # --- building -----------------------------------------------------------------------

    def _build_retention_tab(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        rule_box = self._build_rule_box()
        schedule = self._build_schedule()
        layout = QtWidgets.QVBoxLayout(page)
        layout.addWidget(rule_box)
        layout.addLayout(schedule, 1)
        return page

    def _build_rule_box(self) -> QtWidgets.QGroupBox:
        self.years = QtWidgets.QSpinBox()
        self.years.setRange(0, 100)
        self.years.setValue(7)
        self.years.setSuffix(" years after the last contact")
        self.years.setAccessibleName("Years after the last contact")
        self.majority = QtWidgets.QSpinBox()
        self.majority.setRange(16, 21)
        self.majority.setValue(18)
        self.majority.setPrefix("until age ")
        self.majority.setAccessibleName("Age of majority")
        self.minor_years = QtWidgets.QSpinBox()
        self.minor_years.setRange(0, 100)
        self.minor_years.setPrefix("plus ")
        self.minor_years.setSuffix(" years")
        self.minor_years.setAccessibleName("Years after majority")
        self.jurisdiction = QtWidgets.QLineEdit()
        self.jurisdiction.setPlaceholderText("e.g. California (B&P Code 4982(v)): 7 years")
        self.jurisdiction.setAccessibleName("Jurisdiction")
        self.save_rule_button = QtWidgets.QPushButton("Save rule")
        self.save_rule_button.setObjectName("saveRetentionRule")
        self.save_rule_button.clicked.connect(self.save_rule)
        self.rule_error = QtWidgets.QLabel()
        self.rule_error.setObjectName("ruleError")
        self.rule_error.setWordWrap(True)
        self.rule_error.setStyleSheet(text_style("error", bold=True))
        self.rule_error.hide()
        minors = QtWidgets.QHBoxLayout()
        minors.addWidget(self.majority)
        minors.addWidget(self.minor_years)
        minors.addWidget(QtWidgets.QLabel("(if later)"))
        minors.addStretch(1)
        form = QtWidgets.QFormLayout()
        form.addRow("Keep each record:", self.years)
        form.addRow("Clients seen as minors:", minors)
        form.addRow("Law or rule followed:", self.jurisdiction)
        rule_box = QtWidgets.QGroupBox("The practice's rule")
        rule_layout = QtWidgets.QVBoxLayout(rule_box)
        rule_layout.addLayout(form)
        save_row = QtWidgets.QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_rule_button)
        rule_layout.addWidget(self.rule_error)
        rule_layout.addLayout(save_row)
        return rule_box

    def _build_schedule(self) -> QtWidgets.QVBoxLayout:
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("retentionSummary")
        self.summary.setWordWrap(True)
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("retentionTable")
        self.table.setAccessibleName("Clients and their retention")
        self.table.setTabKeyNavigation(False)  # arrows move between rows; Tab moves on
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.request_destroy())
        self.destroy_button = QtWidgets.QPushButton("&Destroy record…")
        self.destroy_button.setObjectName("destroyRecord")
        self.destroy_button.clicked.connect(self.request_destroy)
        self.hold_button = QtWidgets.QPushButton("Place legal &hold…")
        self.hold_button.setObjectName("placeHold")
        self.hold_button.clicked.connect(self.place_hold)
        self.release_button = QtWidgets.QPushButton("Rel&ease hold")
        self.release_button.setObjectName("releaseHold")
        self.release_button.clicked.connect(self.release_hold)
        actions = QtWidgets.QHBoxLayout()
        for button in (self.destroy_button, self.hold_button, self.release_button):
            button.setAutoDefault(False)
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QtWidgets.QVBoxLayout()
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        return layout

    def _build_log_tab(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        intro = QtWidgets.QLabel(
            "Every destroyed record, kept for good: who destroyed it, when, and under which "
            "rule. It holds no clinical content."
        )
        intro.setWordWrap(True)
        self.log_table = QtWidgets.QTableWidget(0, len(LOG_COLUMNS))
        self.log_table.setObjectName("destructionLogTable")
        self.log_table.setHorizontalHeaderLabels(LOG_COLUMNS)
        self.log_table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log_table.verticalHeader().setVisible(False)
        # Rows as tall as their wrapped rule, whatever width its column is given.
        self.log_table.verticalHeader().setSectionResizeMode(
            QtWidgets.QHeaderView.ResizeMode.ResizeToContents
        )
        self.log_table.setSelectionBehavior(
            QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows
        )
        self.log_table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.log_table.setTabKeyNavigation(False)
        # Every column in view at any width (walk finding: "By" lay behind a scrollbar):
        # dates and the certificate as wide as their text, the rest share what is left and
        # wrap; each cell's whole text is its tooltip.
        header = self.log_table.horizontalHeader()
        for column, name in enumerate(LOG_COLUMNS):
            fixed = name in ("Destroyed on", "Born", "Certificate")
            header.setSectionResizeMode(
                column,
                QtWidgets.QHeaderView.ResizeMode.ResizeToContents
                if fixed
                else QtWidgets.QHeaderView.ResizeMode.Stretch,
            )
        self.log_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.log_table.setWordWrap(True)
        self.log_table.itemSelectionChanged.connect(self._log_selection_changed)
        self.show_password_button = QtWidgets.QPushButton("Show certificate &password…")
        self.show_password_button.setObjectName("showCertificatePassword")
        self.show_password_button.clicked.connect(self.show_certificate_password)
        self.save_certificate_button = QtWidgets.QPushButton("&Save certificate…")
        self.save_certificate_button.setObjectName("saveCertificate")
        self.save_certificate_button.clicked.connect(self.save_certificate)
        actions = QtWidgets.QHBoxLayout()
        for button in (self.show_password_button, self.save_certificate_button):
            button.setAutoDefault(False)
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QtWidgets.QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.log_table, 1)
        layout.addLayout(actions)
        return page

    # --- the rule -----------------------------------------------------------------------

    def load_rule(self) -> None:
        if self._session is None:
            return
        rule = retention.get_rule(self._session)
        if rule is None:
            return
        self.years.setValue(rule.years)
        self.majority.setValue(rule.majority_age)
        self.minor_years.setValue(rule.minor_years)
        self.jurisdiction.setText(rule.jurisdiction)

    def save_rule(self) -> None:
        if self._session is None:
            return
        rule = RetentionRule(
            years=self.years.value(),
            minor_years=self.minor_years.value(),
            majority_age=self.majority.value(),
            jurisdiction=self.jurisdiction.text().strip(),
        )
        try:
            if not self.confirm_due(rule):
                return
            retention.set_rule(self._session, rule, today=self.today)
        except VaultError as exc:
            self.rule_error.setText(exc.message)
            self.rule_error.show()
            self.years.setFocus()
            return
        self.rule_error.hide()
        self.refresh()
        self.changed.emit()

    def confirm_due(self, rule: RetentionRule) -> bool:
        """Say how many records the new rule makes due before saving it (a slip of the
        finger, 1 year for 10, would otherwise make most of the practice due): the first
        click says it, a second click on the same rule sets it."""
        assert self._session is not None
        before = len(retention.due(self._session, today=self.today))
        after = retention.due_under(self._session, rule, today=self.today)
        if after - before < MANY_NEWLY_DUE or rule == self._confirming:
            self._confirming = None
            return True
        self._confirming = rule
        self.rule_error.setText(
            f"With this rule {after} record{'s' if after != 1 else ''} will be due for "
            f"destruction today ({before} now). Check the years; nothing is destroyed until "
            "you do it, one record at a time. Press Save rule again to set it."
        )
        self.rule_error.show()
        return False

    # --- the schedule -------------------------------------------------------------------

    def refresh(self) -> None:
        session = self._session
        if session is None:
            return
        rule = retention.get_rule(session)
        rows = retention.schedule(session, today=self.today)
        held = {h.client_id: h.reason for h in destruction.active_holds(session)}
        # Due records first, then by date.
        rows.sort(key=lambda r: (not r.is_due(self.today), r.destroy_after, r.name))
        self.rows = rows
        due = sum(r.is_due(self.today) for r in rows)
        if rule is None:
            self.summary.setText(
                "<b>No retention rule yet.</b> Set the practice's rule above: until then no "
                "record is ever due for destruction. A legal hold can be placed on any "
                "client all the same."
            )
        else:
            self.summary.setText(
                f"Rule: keep {rule.words()}. <b>{due} record{'s' if due != 1 else ''} due</b> "
                f"for destruction out of {len(rows)}."
            )
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            status = "Kept"
            if row.client_id in held:
                # Why it is held, in the list (the whole reason in the cell's tooltip).
                status = f"Legal hold ({_short(held[row.client_id])}): kept until released"
            elif row.is_due(self.today):
                status = "Due for destruction"
                partners = destruction.destroyable_with(session, row.client_id, today=self.today)
                if partners is None:
                    status = "Due, but held back (Destroy… says why)"
                elif partners:
                    status = "Due, with the clients who share a case"
            elif row.minor_rule:
                status = "Kept (seen as a minor)"
            cells = (row.name, _day(row.last_contact), _day(row.destroy_after), status)
            for column, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.client_id)
                if column == 3 and row.client_id in held:
                    item.setToolTip(f"Legal hold: {held[row.client_id]}")
                if status == "Due for destruction":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(
            0, QtWidgets.QHeaderView.ResizeMode.Stretch
        )
        self._selection_changed()
        self._refresh_log()

    def _refresh_log(self) -> None:
        if self._session is None:
            return
        entries = destruction.destruction_log(self._session)
        self.log_entries = entries
        self.log_table.setRowCount(len(entries))
        for index, e in enumerate(entries):
            what = ", ".join(
                f"{n} {word}{'s' if n != 1 else ''}"
                for n, word in ((e.notes, "note"), (e.documents, "document"), (e.cases, "case"))
            )
            cells = (
                _day(e.destroyed_on),
                e.client_name,
                _day(e.client_dob),
                what,
                e.rule,
                e.destroyed_by_name,
                "Saved" if e.certificate_saved else "None saved",
            )
            for column, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setToolTip(text)
                self.log_table.setItem(index, column, item)
        self._log_selection_changed()

    def selected_entry(self) -> DestructionEntry | None:
        row = _chosen_row(self.log_table)
        return None if row is None else self.log_entries[row]

    def select_entry(self, entry_id: int) -> None:
        _select(self.log_table, [e.id for e in self.log_entries], entry_id)

    def _log_selection_changed(self) -> None:
        chosen = self.selected_entry()
        self.save_certificate_button.setEnabled(chosen is not None)
        self.show_password_button.setEnabled(chosen is not None and chosen.certificate_saved)

    def show_certificate_password(self) -> None:
        chosen = self.selected_entry()
        if self._session is not None and chosen is not None:
            certificates.show_password(self, self._session, chosen)

    def save_certificate(self) -> None:
        """A certificate for an entry saved without one, or saved again (a lost file): the
        password already kept stays the same."""
        chosen = self.selected_entry()
        if self._session is None or chosen is None:
            return
        if certificates.save_certificate(self, self._session, chosen) is not None:
            self._refresh_log()
            self.select_entry(chosen.id)

    def selected(self) -> ClientRetention | None:
        row = _chosen_row(self.table)
        return None if row is None else self.rows[row]

    def select_client(self, client_id: int) -> None:
        _select(self.table, [r.client_id for r in self.rows], client_id)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        held = (
            {h.client_id for h in destruction.active_holds(self._session)}
            if self._session is not None
            else set()
        )
        self.destroy_button.setEnabled(chosen is not None)
        self.hold_button.setEnabled(chosen is not None and chosen.client_id not in held)
        self.release_button.setEnabled(chosen is not None and chosen.client_id in held)

    def request_destroy(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.destroy_requested.emit(chosen.client_id)

    # --- holds ------------------------------------------------------------------------------

    def ask_hold_reason(self, name: str) -> str | None:
        """The reason for a hold; None when cancelled."""
        text, ok = QtWidgets.QInputDialog.getText(
            self,
            "Legal hold",
            f"Why must {name}'s record be kept (the lawsuit, subpoena or investigation)?",
        )
        return text if ok else None

    def place_hold(self) -> None:
        chosen = self.selected()
        if self._session is None or chosen is None:
            return
        reason = self.ask_hold_reason(chosen.name)
        if reason is None:
            return
        try:
            destruction.place_hold(self._session, chosen.client_id, reason=reason, on=self.today)
        except VaultError as exc:
            show_message(self, exc.message, title="No legal hold placed")
            return
        self.refresh()
        self.select_client(chosen.client_id)

    def release_hold(self) -> None:
        chosen = self.selected()
        if self._session is None or chosen is None:
            return
        try:
            for hold in destruction.active_holds(self._session, chosen.client_id):
                destruction.release_hold(self._session, hold.id, on=self.today)
        except VaultError as exc:
            show_message(self, exc.message, title="Hold not released")
            return
        self.refresh()
        self.select_client(chosen.client_id)

    def drop_session(self) -> None:
        self._session = None


def _short(reason: str, limit: int = 48) -> str:
    """A hold's reason on one line, cut at a word when long."""
    text = " ".join(reason.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
