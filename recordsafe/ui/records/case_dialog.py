"""Open a case: kind, title, participants with roles, and for couple, family and group
work the confidentiality agreement (policy, text, each participant's date; NASW 1.07 f-g).

Participants are picked by name (`clients.find_clients`: a name list, like the client
list, so not audited per keystroke). The agreement may be left for later; the case page
then asks for it before the first note.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Final

from recordsafe.records import cases, clients
from recordsafe.ui.qt import Qt, QTimer, QtWidgets
from recordsafe.ui.records.agreement_form import AgreementForm, AgreementPerson
from recordsafe.ui.widgets.forms import error_label, hint, ok_cancel, show_error
from recordsafe.ui.widgets.names import STATUS_LABELS, shown_name, titled
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

KIND_LABELS = {
    "individual": "Individual",
    "couple": "Couple",
    "family": "Family",
    "group": "Group",
}
DEFAULT_ROLES = {"individual": "client", "couple": "partner", "family": "", "group": "member"}
FIND_DELAY_MS: Final = 150  # a short pause in typing: fewer queries, no lag
MAX_MATCHES: Final = 20


@dataclass
class _Row:
    client_id: int
    name: str
    role: QtWidgets.QLineEdit


class CaseDialog(QtWidgets.QDialog):
    def __init__(
        self,
        session: VaultSession,
        first_client: tuple[int, str],
        *,
        private: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._private = private
        self.case_id: int | None = None
        self.setObjectName("caseDialog")
        self.setWindowTitle(titled("New case", first_client[1], private=private))
        self.setMinimumWidth(600)

        self.kind_combo = QtWidgets.QComboBox()
        self.kind_combo.setObjectName("caseKind")
        for key, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, key)
        self.title_edit = QtWidgets.QLineEdit()
        self.title_edit.setObjectName("caseTitle")
        self.title_edit.setPlaceholderText("e.g. Couple work, Family sessions")
        self.title_edit.setMaxLength(cases.MAX_TITLE_CHARS)

        self.rows: list[_Row] = []
        self.people_box = QtWidgets.QGroupBox("Participants")
        self.people_layout = QtWidgets.QGridLayout(self.people_box)
        self._build_finder()

        self._build_agreement()

        form = QtWidgets.QFormLayout()
        form.addRow("Kind:", self.kind_combo)
        form.addRow("Title:", self.title_edit)
        self.error_label = error_label("caseError")
        self.buttons = ok_cancel("Open case")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.people_box)
        layout.addWidget(self.find_edit)
        self.matches_hint = hint("Click a name to add them to the case.")
        self.matches_hint.hide()
        layout.addWidget(self.matches_hint)
        layout.addWidget(self.matches)
        layout.addWidget(self.agreement_box)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.add_participant(*first_client)
        self._kind_changed()

    def _build_finder(self) -> None:
        self.find_edit = QtWidgets.QLineEdit()
        self.find_edit.setObjectName("participantFind")
        self.find_edit.setPlaceholderText("Type a client's name to add them…")
        self.find_timer = QTimer(self)
        self.find_timer.setSingleShot(True)
        self.find_timer.setInterval(FIND_DELAY_MS)
        self.find_timer.timeout.connect(self._find_typed)
        self.find_edit.textChanged.connect(self._typed)
        self.matches = QtWidgets.QListWidget()
        self.matches.setObjectName("participantMatches")
        self.matches.setMaximumHeight(90)
        self.matches.itemActivated.connect(self._add_match)
        self.matches.itemClicked.connect(self._add_match)
        self.matches.hide()

    def _build_agreement(self) -> None:
        self.agreement_box = QtWidgets.QGroupBox("Confidentiality agreement")
        self.agreement = AgreementForm()
        agreement_layout = QtWidgets.QVBoxLayout(self.agreement_box)
        agreement_layout.addWidget(
            hint(
                "What is shared between participants. You can record it now or later; notes "
                "on this case wait until everyone has agreed."
            )
        )
        agreement_layout.addWidget(self.agreement)

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(list(KIND_LABELS).index(kind))

    def _kind_changed(self) -> None:
        joint = self.kind in cases.JOINT_KINDS
        self.agreement_box.setVisible(joint)
        self.find_edit.setVisible(self.kind != "individual" or len(self.rows) < 1)
        for row in self.rows:
            if not row.role.text() or row.role.text() in DEFAULT_ROLES.values():
                row.role.setText(DEFAULT_ROLES[self.kind])
        if not self.title_edit.text() or self.title_edit.text().endswith(" work"):
            self.title_edit.setText(f"{KIND_LABELS[self.kind]} work")

    # --- participants --------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self.find_timer.start()

    def _find_typed(self) -> None:
        self._find(self.find_edit.text())

    def _find(self, text: str) -> None:
        self.matches.clear()
        if self._session is None or len(text.strip()) < 2:  # None: the workspace was locked
            self.matches.hide()
            self.matches_hint.hide()
            return
        chosen = {r.client_id for r in self.rows}
        # A few extra: the participants already chosen are left out of the list.
        found = clients.find_clients(self._session, text, limit=MAX_MATCHES + len(chosen))
        for client in [c for c in found if c.id not in chosen][:MAX_MATCHES]:
            label = shown_name(client.name, self._private)
            if client.status != "active":
                label += f" ({STATUS_LABELS.get(client.status, client.status).lower()})"
            item = QtWidgets.QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, (client.id, client.name))
            self.matches.addItem(item)
        self.matches.setVisible(self.matches.count() > 0)
        self.matches_hint.setVisible(self.matches.count() > 0)

    def _add_match(self, item: QtWidgets.QListWidgetItem) -> None:
        client_id, name = item.data(Qt.ItemDataRole.UserRole)
        self.add_participant(client_id, name)
        self.find_edit.clear()

    def add_participant(self, client_id: int, name: str, role: str | None = None) -> None:
        if any(r.client_id == client_id for r in self.rows):
            return
        role_edit = QtWidgets.QLineEdit(DEFAULT_ROLES[self.kind] if role is None else role)
        role_edit.setObjectName(f"role_{client_id}")
        role_edit.setPlaceholderText("role, e.g. partner, parent, child")
        role_edit.setAccessibleName(f"Role of {shown_name(name, self._private)}")
        remove = QtWidgets.QToolButton()
        remove.setText("Remove")
        remove.setAccessibleName(f"Remove {shown_name(name, self._private)}")
        row = _Row(client_id, name, role_edit)
        remove.clicked.connect(partial(self._remove, row))
        index = len(self.rows)
        self.people_layout.addWidget(QtWidgets.QLabel(shown_name(name, self._private)), index, 0)
        self.people_layout.addWidget(role_edit, index, 1)
        self.people_layout.addWidget(remove, index, 2)
        self.rows.append(row)
        self._refresh_people()

    def _remove(self, row: _Row) -> None:
        self.rows.remove(row)
        while self.people_layout.count():
            item = self.people_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        kept, self.rows = self.rows, []
        for r in kept:
            self.add_participant(r.client_id, r.name, r.role.text())
        self._refresh_people()

    def _refresh_people(self) -> None:
        self.agreement.set_people(
            [
                AgreementPerson(r.client_id, shown_name(r.name, self._private), None)
                for r in self.rows
            ]
        )

    # --- save ----------------------------------------------------------------------------

    def save(self) -> None:
        joint = self.kind in cases.JOINT_KINDS
        if joint and not self.agreement.is_blank() and self.agreement.policy is None:
            show_error(self.error_label, "Choose the agreement's policy on what is shared.")
            return
        try:
            if self.case_id is None:
                self.case_id = cases.create_case(
                    self._session,
                    self.kind,  # type: ignore[arg-type]
                    self.title_edit.text(),
                    [(r.client_id, r.role.text()) for r in self.rows],
                )
            if joint and not self.agreement.is_blank():
                cases.record_agreement(
                    self._session,
                    self.case_id,
                    policy=self.agreement.policy,  # type: ignore[arg-type]
                    text=self.agreement.text,
                    agreed_on=self.agreement.agreed_on(),
                )
        except VaultError as exc:
            if self.case_id is not None:
                # The case exists now; only the agreement is left to fix.
                self._lock_case_fields()
                show_error(self.error_label, f"The case was opened. {exc.message}")
            else:
                show_error(self.error_label, exc.message)
            return
        self.accept()

    def _lock_case_fields(self) -> None:
        for widget in (self.kind_combo, self.title_edit, self.find_edit, self.people_box):
            widget.setEnabled(False)
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText("Save agreement")
