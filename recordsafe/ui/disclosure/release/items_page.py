"""Step 2: exactly `gate.evaluate`'s decision, one row per item. Allowed items can be
unchecked (minimum necessary); blocked items and those needing an action cannot be
checked, and their reason names the person whose consent is missing. A subpoena alone is
answered here. Whether the client was informed before the disclosure, or why not, too."""

from __future__ import annotations

from datetime import date

from recordsafe.disclosure import release
from recordsafe.disclosure.gate import Decision, Item
from recordsafe.records import directory
from recordsafe.ui.disclosure.release.items_model import ReleaseItemsModel
from recordsafe.ui.disclosure.release.subpoena_box import SubpoenaBox
from recordsafe.ui.qt import QtCore, QtWidgets
from recordsafe.ui.widgets.forms import error_label, hint, show_error
from recordsafe.ui.widgets.names import ShownNames
from recordsafe.vault import VaultSession


class ItemsPage(QtWidgets.QWidget):
    def __init__(
        self, session: VaultSession, client_id: int, today: date, shown: ShownNames
    ) -> None:
        super().__init__()
        self._session = session
        self._shown = shown
        self.model: ReleaseItemsModel | None = None
        self.decision_label = QtWidgets.QLabel()
        self.decision_label.setObjectName("decisionSummary")
        self.decision_label.setWordWrap(True)
        self.not_listed_label = QtWidgets.QLabel()
        self.not_listed_label.setObjectName("notListed")
        self.not_listed_label.setWordWrap(True)
        self.not_listed_label.hide()
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("releaseItems")
        self.table.setAccessibleName("Items to release")
        self.table.setTabKeyNavigation(False)  # Space checks a row; Tab moves on
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setMinimumSectionSize(
            self.table.fontMetrics().lineSpacing() + 10
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        # Rows fit their wrapped text at the columns' real widths: fitted once the table is
        # laid out and again when a column changes width (fitted before the window showed,
        # a row took the height of its text wrapped in a column a few pixels wide).
        self._fit_rows = QtCore.QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._fit_rows.start())
        all_button = QtWidgets.QPushButton("Check all &allowed")
        all_button.setObjectName("checkAllAllowed")
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button = QtWidgets.QPushButton("Chec&k none")
        none_button.setObjectName("checkNone")
        none_button.clicked.connect(lambda: self._check_all(False))
        choose = QtWidgets.QHBoxLayout()
        choose.addWidget(hint("Check only what this recipient needs (minimum necessary)."), 1)
        choose.addWidget(all_button)
        choose.addWidget(none_button)

        self.subpoena_box = SubpoenaBox(session, client_id, today)
        self.informed_box = self._build_informed_box()
        self.items_error = error_label("itemsError")

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.decision_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.not_listed_label)
        layout.addLayout(choose)
        layout.addWidget(self.subpoena_box)
        layout.addWidget(self.informed_box)
        layout.addWidget(self.items_error)

    def _build_informed_box(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Was the client told before this release?")
        self.informed_yes = QtWidgets.QRadioButton("&Yes, the client was informed beforehand")
        self.informed_yes.setObjectName("clientInformed")
        self.informed_no = QtWidgets.QRadioButton("N&o — why not:")
        self.informed_no.setObjectName("clientNotInformed")
        self.not_informed_edit = QtWidgets.QLineEdit()
        self.not_informed_edit.setObjectName("notInformedReason")
        self.not_informed_edit.setAccessibleName("Why the client was not informed")
        self.not_informed_edit.setPlaceholderText(
            "e.g. emergency, could not be reached; a follow-up to inform them is added"
        )
        self.not_informed_edit.textEdited.connect(lambda _t: self.informed_no.setChecked(True))
        informed = QtWidgets.QGridLayout(box)
        informed.addWidget(self.informed_yes, 0, 0, 1, 2)
        informed.addWidget(self.informed_no, 1, 0)
        informed.addWidget(self.not_informed_edit, 1, 1)
        return box

    def _check_all(self, on: bool) -> None:
        if self.model is not None:
            self.model.set_all(on)

    def fill(self, decision: Decision, *, checked: bool) -> None:
        """Show the gate's decision; allowed rows start `checked` (a preselection) or not."""
        self.subpoena_box.today = decision.evaluated_on  # the day the check was made
        labels = release.item_labels(self._session, [d.item for d in decision.items])
        names = directory.names(self._session, [s for d in decision.items for s in d.subjects])
        self.model = ReleaseItemsModel(decision, labels, names, self._shown, checked=checked)
        self.table.setModel(self.model)
        # Item and About as wide as their text within limits; the decision takes the rest.
        for column, widest in ((0, None), (1, 380), (2, 200)):
            self.table.resizeColumnToContents(column)
            if widest is not None:
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        self.table.resizeRowsToContents()
        self._fit_rows.start()
        counts = decision.counts
        self.decision_label.setText(
            f"{counts.get('allowed', 0)} allowed, {counts.get('blocked', 0)} blocked, "
            f"{counts.get('needs_action', 0)} needing an action. Blocked items cannot be "
            "released: the reason says what is missing."
        )
        waiting = sum(d.status == "needs_action" for d in decision.items)
        self.subpoena_box.waiting = waiting
        self.subpoena_box.setVisible(decision.request.subpoena and waiting > 0)
        self.informed_box.setVisible(any(d.allowed for d in decision.items))
        if self.informed_yes.isChecked() is False and self.informed_no.isChecked() is False:
            if decision.request.requested_by in ("client", "representative"):
                self.informed_yes.setChecked(True)

    def say_not_listed(self, left_out: list[release.NotesAboutOthers], client_name: str) -> None:
        """Notes of the client's joint cases that are about others only: not part of this
        client's record, so never rows here; said to exist, without what they say."""
        lines = []
        shown = self._shown
        for group in left_out:
            about = " and ".join(shown.name(n) for n in group.about)
            notes = "1 signed note" if group.count == 1 else f"{group.count} signed notes"
            verb = "is" if group.count == 1 else "are"
            lines.append(
                f"Not listed: {notes} of \u201c{shown.text(group.case_title)}\u201d {verb} "
                f"about {about} only: not part of {shown.name(client_name)}'s record. Releasing "
                f"{'it' if group.count == 1 else 'them'} needs {about}'s own request or "
                "consent, from their page."
            )
        self.not_listed_label.setText("\n".join(lines))
        self.not_listed_label.setVisible(bool(lines))

    def client_informed(self) -> bool:
        return self.informed_yes.isChecked()

    def not_informed_reason(self) -> str | None:
        return None if self.client_informed() else self.not_informed_edit.text().strip()

    def chosen(self) -> list[Item] | None:
        """The checked items, once the client-informed question is answered; None (and
        said why) when the user must do something first."""
        self.items_error.hide()
        if self.model is None:
            return None
        chosen = self.model.chosen()
        if not chosen:
            allowed = any(d.allowed for d in self.model.decision.items)
            self.show_error(
                "Check at least one allowed item."
                if allowed
                else "No item can be released for this request. Go back to change the "
                "recipient or purpose, or record what is missing first.",
            )
            return None
        informed = self.informed_yes.isChecked()
        if not informed and not self.informed_no.isChecked():
            self.show_error("Say whether the client was told before this release.")
            return None
        if not informed and not self.not_informed_edit.text().strip():
            self.show_error("Say why the client was not told beforehand.")
            self.not_informed_edit.setFocus()
            return None
        return chosen

    def show_error(self, text: str) -> None:
        show_error(self.items_error, text)
