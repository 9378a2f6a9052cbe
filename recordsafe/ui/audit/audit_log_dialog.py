"""Practice ▸ Audit log: who did what and when, filterable, and a check of the chain.

Opening the viewer is itself recorded (`audit_log_viewed`). "Export…" writes the
filtered log as an AES-256 encrypted PDF with client numbers only (recordsafe.audit.export),
recorded as `audit_exported`, and shows the password to pass on separately. Never a
plain file; a per-client extract with names is a release through the disclosure gate.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from recordsafe.audit import queries as audit_queries
from recordsafe.audit.actions import action_label
from recordsafe.audit.export import AuditExport, AuditQuery, build_export, save_export
from recordsafe.audit.words import ACTOR_LABELS
from recordsafe.ui.audit.audit_log_model import AuditFilter, AuditLogModel, utc_stamp
from recordsafe.ui.disclosure import clipboard
from recordsafe.ui.operations import run_in_background, show_message
from recordsafe.ui.qt import QtCore, QtGui, QTimer, QtWidgets
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.ui.widgets.screen import resize_within_screen
from recordsafe.vault import VaultError, VaultSession, VerifyReport
from recordsafe.wording import day_text

FILTER_DELAY_MS = 300

PERIODS = ("All time", "Today", "Last 7 days", "Last 30 days", "Between dates…")
ALL_ACTIONS = "All actions"
# Room around a cell's text (the style's margins and the grid), so words are not elided.
CELL_PADDING = 24


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()


def period_range(
    index: int, start: date, end: date, today: date | None = None
) -> tuple[datetime | None, datetime | None]:
    """(since, until) in local time for a choice of the Period box; until is exclusive."""
    today = today or date.today()
    tomorrow = local_midnight(today + timedelta(days=1))
    if index == 1:
        return local_midnight(today), tomorrow
    if index == 2:
        return local_midnight(today - timedelta(days=6)), tomorrow
    if index == 3:
        return local_midnight(today - timedelta(days=29)), tomorrow
    if index == 4:
        first, last = min(start, end), max(start, end)
        return local_midnight(first), local_midnight(last + timedelta(days=1))
    return None, None


def chain_words(report: VerifyReport) -> tuple[bool, str]:
    """What the chain check found, in plain words."""
    problems = report.checks.get("audit chain", []) + report.checks.get("found at unlock", [])
    if not problems:
        return True, "The audit trail is complete and no entry was altered, removed or reordered."
    listed = "\n".join(f"• {p}" for p in problems)
    return False, (
        "The audit trail does not check out. Keep the vault and your backups as they are "
        f"and compare with a recent backup.\n{listed}"
    )


def filter_words(audit_filter: AuditFilter, action_text: str) -> str:
    """Which entries, in words, for the export's first page."""
    parts = []
    if audit_filter.client_id is not None:
        parts.append(f"client no. {audit_filter.client_id}")
    if audit_filter.action:
        parts.append(action_text)
    if audit_filter.since or audit_filter.until:
        since, until = audit_filter.since, audit_filter.until
        first = day_text(since) if since else "the start"
        last_day = until - timedelta(days=1) if until else None
        last = day_text(last_day) if last_day else "now"
        parts.append(f"{first} to {last}")
    return ("Entries for " + ", ".join(parts)) if parts else "All entries"


def export_query(audit_filter: AuditFilter) -> AuditQuery:
    f = audit_filter
    return AuditQuery(
        client_id=f.client_id,
        action=f.action,
        since=utc_stamp(f.since) if f.since else None,
        until=utc_stamp(f.until) if f.until else None,
    )


class ExportPasswordDialog(QtWidgets.QDialog):
    """After an export: where it went, and the password to give separately."""

    def __init__(self, path: Path, export: AuditExport, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit log exported")
        self.setObjectName("auditExportDone")
        entries = f"{export.entries:,} {'entry' if export.entries == 1 else 'entries'}"
        text = QtWidgets.QLabel(
            f"The audit log ({entries}, client numbers only) is saved, encrypted, as:\n"
            f"{path}\n\nIt opens only with this password. Give the password separately from "
            "the file (for example by phone, never in the same email). RecordSafe does not "
            "keep it."
        )
        text.setWordWrap(True)
        text.setMinimumWidth(520)
        text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password_edit = QtWidgets.QLineEdit(export.password)
        self.password_edit.setObjectName("auditExportPassword")
        self.password_edit.setReadOnly(True)
        self.password_edit.setAccessibleName("Password of the exported file")
        font = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.password_edit.setFont(font)
        self.copy_button = QtWidgets.QPushButton("&Copy password")
        self.copy_button.setObjectName("auditExportCopy")
        self.copy_button.clicked.connect(self._copy)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.password_edit, 1)
        row.addWidget(self.copy_button)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(row)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetMinimumSize)
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setFocus()

    def _copy(self) -> None:
        # Through the app's one clipboard guard: taken back after 30 s, and on lock.
        clipboard.guard().copy(self.password_edit.text())
        self.copy_button.setText("Copied")


class AuditLogDialog(QtWidgets.QDialog):
    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit log")
        self.setObjectName("auditLogDialog")
        self._session: VaultSession | None = session
        self.busy = False
        self.chain_ok: bool | None = None
        self.export_done: ExportPasswordDialog | None = None
        # Looking at the trail is itself part of the trail.
        session.record("audit_log_viewed")

        intro = QtWidgets.QLabel(
            "Everything done in this vault, newest first: unlocks, views, changes, backups. "
            "Entries hold no client information, only what happened, when, and record numbers."
        )
        intro.setWordWrap(True)

        filters = self._build_filters(session)
        self._build_table(session)

        self.count_label = QtWidgets.QLabel("")
        self.count_label.setObjectName("auditCount")
        self.chain_label = QtWidgets.QLabel("")
        self.chain_label.setObjectName("auditChainResult")
        self.chain_label.setWordWrap(True)

        self.check_button = QtWidgets.QPushButton("Check the chain")
        self.check_button.setObjectName("auditCheckChain")
        self.check_button.setToolTip(
            "Recompute every entry's seal and compare the newest with the one the vault "
            "keeps in its key file."
        )
        self.check_button.clicked.connect(self.check_chain)
        self.export_button = QtWidgets.QPushButton("&Export…")
        self.export_button.setObjectName("auditExport")
        self.export_button.setToolTip(
            "Save the entries these filters show as an encrypted PDF, with client numbers "
            "only (no names, no record content)."
        )
        self.export_button.clicked.connect(self.export)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.check_button, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export_button, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.chain_label)
        layout.addWidget(buttons)
        resize_within_screen(self, 1120, 600)

        # Typing a client number re-queries once the typing pauses.
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filters)
        self.client_edit.textChanged.connect(self._filter_timer.start)
        self.action_combo.currentIndexChanged.connect(self.apply_filters)
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.from_edit.dateChanged.connect(self.apply_filters)
        self.to_edit.dateChanged.connect(self.apply_filters)
        self.model.rowsInserted.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        self._update_count()

    # --- filters ------------------------------------------------------------------------

    def _build_filters(self, session: VaultSession) -> QtWidgets.QHBoxLayout:
        self.client_edit = QtWidgets.QLineEdit()
        self.client_edit.setObjectName("auditClientFilter")
        self.client_edit.setPlaceholderText("Any client")
        self.client_edit.setAccessibleName("Client number")
        self.client_edit.setValidator(QtGui.QIntValidator(1, 2_000_000_000, self.client_edit))
        self.client_edit.setClearButtonEnabled(True)
        self.client_edit.setMaximumWidth(120)

        self.action_combo = QtWidgets.QComboBox()
        self.action_combo.setObjectName("auditActionFilter")
        self.action_combo.setAccessibleName("Action")
        self.action_combo.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._fill_actions(session)

        self.period_combo = QtWidgets.QComboBox()
        self.period_combo.setObjectName("auditPeriodFilter")
        self.period_combo.setAccessibleName("Period")
        self.period_combo.addItems(PERIODS)
        today = QtCore.QDate.currentDate()
        self.from_edit = QtWidgets.QDateEdit(today.addDays(-30))
        self.to_edit = QtWidgets.QDateEdit(today)
        for edit, name in ((self.from_edit, "From"), (self.to_edit, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
            edit.setVisible(False)
        self.to_label = QtWidgets.QLabel("to")
        self.to_label.setVisible(False)

        self.clear_button = QtWidgets.QPushButton("Clear filters")
        self.clear_button.setObjectName("auditClearFilters")
        self.clear_button.clicked.connect(self.clear_filters)

        filters = QtWidgets.QHBoxLayout()
        filters.addWidget(QtWidgets.QLabel("Client no.:"))
        filters.addWidget(self.client_edit)
        filters.addSpacing(12)
        filters.addWidget(QtWidgets.QLabel("Action:"))
        filters.addWidget(self.action_combo)
        filters.addSpacing(12)
        filters.addWidget(QtWidgets.QLabel("Period:"))
        filters.addWidget(self.period_combo)
        filters.addWidget(self.from_edit)
        filters.addWidget(self.to_label)
        filters.addWidget(self.to_edit)
        filters.addStretch(1)
        filters.addWidget(self.clear_button)

        return filters

    def _build_table(self, session: VaultSession) -> None:
        self.model = AuditLogModel(session, self)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName("Audit log entries")
        self.table.setTabKeyNavigation(False)  # arrows move between rows; Tab moves on
        self.table.setModel(self.model)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        # Never narrower than the header's own words ("Client no." was clipped), and Who and
        # Action as wide as their longest words in this log ("Dr Rosa Vega, re…" was cut);
        # Details takes the rest, every cell's tooltip holds it whole.
        longest = {
            1: [*ACTOR_LABELS.values(), *audit_queries.people_in_log(session)],
            2: [action_label(code) for code in audit_queries.actions_in_log(session)],
        }
        metrics = self.table.fontMetrics()
        for column, width in enumerate((190, 130, 230, 60)):
            words = max((metrics.horizontalAdvance(t) for t in longest.get(column, [])), default=0)
            fitted = max(width, words + CELL_PADDING, header.sectionSizeHint(column))
            self.table.setColumnWidth(column, fitted)

    def _fill_actions(self, session: VaultSession) -> None:
        """The actions this vault's log holds, by their plain-words label."""
        codes = audit_queries.actions_in_log(session)
        self.action_combo.addItem(ALL_ACTIONS, None)
        for code in sorted(codes, key=lambda c: action_label(c).lower()):
            self.action_combo.addItem(action_label(code), code)

    def _period_changed(self, index: int) -> None:
        custom = index == len(PERIODS) - 1
        for widget in (self.from_edit, self.to_label, self.to_edit):
            widget.setVisible(custom)
        self.apply_filters()

    def current_filter(self) -> AuditFilter:
        text = self.client_edit.text().strip()
        client_id = int(text) if text.isdigit() else None
        action = self.action_combo.currentData()
        since, until = period_range(
            self.period_combo.currentIndex(),
            self.from_edit.date().toPython(),  # type: ignore[arg-type]
            self.to_edit.date().toPython(),  # type: ignore[arg-type]
        )
        return AuditFilter(
            client_id=client_id,
            action=action if isinstance(action, str) else None,
            since=since,
            until=until,
        )

    def apply_filters(self) -> None:
        self._filter_timer.stop()
        wanted = self.current_filter()
        if wanted != self.model.current_filter:
            self.model.set_filter(wanted)

    def clear_filters(self) -> None:
        for widget in (self.client_edit, self.action_combo, self.period_combo):
            widget.blockSignals(True)
        self.client_edit.clear()
        self.action_combo.setCurrentIndex(0)
        self.period_combo.setCurrentIndex(0)
        for widget in (self.client_edit, self.action_combo, self.period_combo):
            widget.blockSignals(False)
        self._period_changed(0)

    def _update_count(self, *_args: object) -> None:
        rows = self.model.rowCount()
        more = self.model.canFetchMore(QtCore.QModelIndex())
        if rows == 0:
            self.count_label.setText("No entries match these filters.")
        elif more:
            self.count_label.setText(
                f"Showing the newest {rows} entries; scroll down for older ones."
            )
        else:
            self.count_label.setText(f"{rows} {'entry' if rows == 1 else 'entries'}.")

    # --- the chain check --------------------------------------------------------------

    def check_chain(self) -> None:
        session = self._session
        if session is None or self.busy:
            return
        self.busy = True
        self.chain_ok = None
        self.check_button.setEnabled(False)
        self.chain_label.setText("Checking every entry of the audit trail…")
        self.chain_label.setStyleSheet("")
        run_in_background(
            self,
            session.verify,
            label="Checking the audit trail…",
            on_success=self._chain_checked,
            on_failure=self._chain_failed,
        )

    def _chain_checked(self, report: VerifyReport) -> None:
        self.busy = False
        self.check_button.setEnabled(True)
        ok, words = chain_words(report)
        self.chain_ok = ok
        self.chain_label.setText(words)
        self.chain_label.setStyleSheet(text_style("ok") if ok else text_style("error"))

    def _chain_failed(self, exc: Exception) -> None:
        self.busy = False
        self.check_button.setEnabled(True)
        message = getattr(exc, "message", "")
        self.chain_label.setText(f"The check could not finish. {message}")
        self.chain_label.setStyleSheet(text_style("error"))

    # --- export ---------------------------------------------------------------------------

    def export_target(self) -> Path | None:
        """Ask where to save; None when the user cancels. (Tests replace this.)"""
        default = Path.home() / f"Audit log {date.today().isoformat()}.pdf"
        chosen, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export the audit log (encrypted PDF)", str(default), "PDF files (*.pdf)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def export(self) -> None:
        session = self._session
        if session is None or self.busy:
            return
        self.apply_filters()
        wanted = self.model.current_filter
        target = self.export_target()
        if target is None:
            return
        if not target.parent.is_dir():
            show_message(self, f"The folder {target.parent} does not exist. Choose another.")
            return
        description = filter_words(wanted, self.action_combo.currentText())
        query = export_query(wanted)
        self.busy = True
        self.export_button.setEnabled(False)
        run_in_background(
            self,
            lambda: build_export(session, query, description=description),
            label="Preparing the encrypted audit log…",
            on_success=lambda made: self._exported(made, target),
            on_failure=self._export_failed,
        )

    def _exported(self, export: AuditExport, target: Path) -> None:
        self.busy = False
        self.export_button.setEnabled(True)
        session = self._session
        if session is None:
            return  # locked meanwhile: nothing is written
        try:
            save_export(session, export, target)
        except VaultError as exc:
            show_message(self, exc.message)
            return
        self.model.reload()
        done = ExportPasswordDialog(target, export, self)
        done.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose, True)
        done.open()
        self.export_done = done

    def _export_failed(self, exc: Exception) -> None:
        self.busy = False
        self.export_button.setEnabled(True)
        show_message(self, getattr(exc, "message", "The audit log could not be exported."))

    def drop_session(self) -> None:
        """Called on lock: forget the session and empty the table."""
        self._session = None
        self.model.drop_session()
