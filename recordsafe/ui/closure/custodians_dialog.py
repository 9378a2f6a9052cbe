"""Practice ▸ Closure & custodian ▸ Custodian: who is designated, and designate, replace,
reprint (new code) or revoke. In custodian mode it shows the same facts, read-only."""

from __future__ import annotations

from html import escape

from recordsafe.closure import custodian
from recordsafe.closure.custodian import Custodian
from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import Qt, QtWidgets, Signal
from recordsafe.ui.vault.security_dialog import CUSTODIAN_REFUSAL
from recordsafe.ui.widgets.dates import format_stamp_day
from recordsafe.ui.widgets.meaning_colours import colour
from recordsafe.ui.widgets.screen import grow_to_fit
from recordsafe.vault import VaultError, VaultSession

REVOKE_QUESTION = (
    "Revoke {name} as {role}?\n\n"
    "Their code (and their own passphrase, if they set one) stops opening this vault at "
    "once. Backups made before now still open with it: make a new one (Back up now), then "
    "delete the older ones or keep them locked away. If their kit may be in the wrong "
    "hands, also use Rotate vault key (Vault ▸ Security & keys…), so that no copy made "
    "from now on opens with anything they had.\n\n"
    "Ask them to destroy their custodian kit."
)


def describe(session: VaultSession, person: Custodian) -> str:
    lines = [f"<b>{escape(person.name)}</b> — {escape(person.role_label.lower())}"]
    details = ", ".join(x for x in (person.profession, person.licence) if x)
    if details:
        lines.append(escape(details))
    lines.append(f"Contact: {escape(person.contact)}")
    lines.append(f"Designated {format_stamp_day(person.designated_at)}")
    if not custodian.has_working_code(session, person):
        lines.append(
            f"<span style='color:{colour('error')}'><b>No working code</b>"
            " (the vault key was changed): make a new code and kit.</span>"
        )
    if person.first_unlock_at:
        lines.append(
            f"<b>Has opened the vault</b> (first on {format_stamp_day(person.first_unlock_at)})"
        )
    return "<br>".join(lines)


class CustodiansDialog(QtWidgets.QDialog):
    changed = Signal()
    designate_requested = Signal(str)  # role
    renew_requested = Signal(object)  # Custodian

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Records custodian")
        self.setObjectName("custodiansDialog")
        self._session: VaultSession | None = session
        intro = QtWidgets.QLabel(
            "The custodian (and an alternate, if the custodian cannot act) looks after the "
            "client records if the practitioner cannot: they tell clients, answer requests "
            "for records, and destroy records when their time comes."
        )
        intro.setWordWrap(True)
        self.boxes: dict[str, QtWidgets.QGroupBox] = {}
        self.labels: dict[str, QtWidgets.QLabel] = {}
        self.buttons_by_role: dict[str, dict[str, QtWidgets.QPushButton]] = {}
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        for role, title in custodian.ROLES.items():
            box = QtWidgets.QGroupBox(title)
            label = QtWidgets.QLabel()
            label.setObjectName(f"{role}Details")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            # Grows with its lines (five once someone is designated), never clipped.
            label.setSizePolicy(
                QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Minimum
            )
            designate = QtWidgets.QPushButton("Designate…")
            designate.setObjectName(f"{role}Designate")
            renew = QtWidgets.QPushButton("New code && kit…")
            renew.setObjectName(f"{role}Renew")
            revoke = QtWidgets.QPushButton("Revoke…")
            revoke.setObjectName(f"{role}Revoke")
            designate.clicked.connect(lambda _c=False, r=role: self.designate_requested.emit(r))
            renew.clicked.connect(lambda _c=False, r=role: self._renew(r))
            revoke.clicked.connect(lambda _c=False, r=role: self.revoke(r))
            row = QtWidgets.QHBoxLayout()
            for button in (designate, renew, revoke):
                button.setAutoDefault(False)
                row.addWidget(button)
            row.addStretch(1)
            inner = QtWidgets.QVBoxLayout(box)
            inner.addWidget(label)
            inner.addLayout(row)
            layout.addWidget(box)
            self.boxes[role], self.labels[role] = box, label
            self.buttons_by_role[role] = {"designate": designate, "renew": renew, "revoke": revoke}
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(close)
        self.setMinimumWidth(600)
        self.refresh()

    def _current(self, role: str) -> Custodian | None:
        if self._session is None:
            return None
        return next((c for c in custodian.active_custodians(self._session) if c.role == role), None)

    def refresh(self) -> None:
        session = self._session
        if session is None:
            return
        for role in custodian.ROLES:
            person = self._current(role)
            buttons = self.buttons_by_role[role]
            self.labels[role].setText(
                describe(session, person) if person else "<i>None designated yet.</i>"
            )
            buttons["designate"].setText("Replace…" if person else "Designate…")
            buttons["renew"].setEnabled(person is not None)
            buttons["revoke"].setEnabled(person is not None)
            if session.is_custodian:
                for button in buttons.values():
                    button.setEnabled(False)
                    button.setToolTip(CUSTODIAN_REFUSAL)
        self._fit()

    def _fit(self) -> None:
        """The details grow from one line to five once someone is designated: the window
        takes the height they need for the new texts, up to the screen's (adjustSize worked
        from sizes not yet updated, or stopped at two thirds of the screen: the last line,
        "Designated …", was cut off both cards)."""
        grow_to_fit(self)

    def _renew(self, role: str) -> None:
        person = self._current(role)
        if person is not None:
            self.renew_requested.emit(person)

    def confirm_revoke(self, person: Custodian) -> bool:
        """Ask before revoking."""
        answer = QtWidgets.QMessageBox.question(
            self,
            "Revoke custodian",
            REVOKE_QUESTION.format(name=person.name, role=person.role_label.lower()),
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.Cancel,
            QtWidgets.QMessageBox.StandardButton.Cancel,
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def revoke(self, role: str) -> None:
        person = self._current(role)
        if self._session is None or person is None or not self.confirm_revoke(person):
            return
        try:
            custodian.revoke(self._session, person.id)
        except VaultError as exc:
            show_message(self, exc.message, title="Custodian not revoked")
            return
        self.refresh()
        self.changed.emit()

    def drop_session(self) -> None:
        self._session = None
