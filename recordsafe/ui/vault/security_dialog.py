"""Vault ▸ Security & keys: every way this vault can be unlocked, and what to do about each.

Lists the key slots (passphrases, the recovery code, custodian codes, remembered
devices), removes one (never the last passphrase: the button is disabled and the vault
refuses anyway), and remembers or forgets this computer in the OS keyring. The heavier
key actions (new passphrase, new recovery code, key rotation) have their own dialogs;
this one asks the main window for them through signals, because rotation replaces the
session this dialog holds.
"""

from __future__ import annotations

import platform
from collections.abc import Sequence

from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import Qt, QtWidgets, Signal
from recordsafe.ui.widgets.dates import format_stamp_day
from recordsafe.vault import VaultError, VaultSession, device_keys
from recordsafe.vault.keyslots import KeySlot

KIND_WORDS = {
    "passphrase": "Passphrase",
    "recovery": "Recovery code",
    "custodian": "Custodian code",
    "device": "Remembered computer",
}
CUSTODIAN_REFUSAL = "A records custodian cannot change the vault's keys."
NOT_WRITTEN = "not written by RecordSafe"


def is_this_device(vault_id: str, slot: KeySlot) -> bool:
    """A device slot whose secret this computer's keyring holds."""
    return slot.kind == "device" and device_keys.load(vault_id, slot.id) is not None


def slot_summary(slots: Sequence[KeySlot], vault_id: str) -> str:
    """One line for the home page: "1 passphrase, a recovery code, this computer"."""
    passphrases = sum(1 for s in slots if s.kind == "passphrase")
    parts = [f"{passphrases} passphrase{'s' if passphrases != 1 else ''}"]
    if any(s.kind == "recovery" for s in slots):
        parts.append("a recovery code")
    else:
        parts.append("no recovery code")
    custodians = sum(1 for s in slots if s.kind == "custodian")
    if custodians:
        parts.append(f"{custodians} custodian code{'s' if custodians != 1 else ''}")
    devices = [s for s in slots if s.kind == "device"]
    if any(is_this_device(vault_id, s) for s in devices):
        parts.append("this computer remembers it")
    others = sum(1 for s in devices if not is_this_device(vault_id, s))
    if others:
        parts.append(f"{others} other computer{'s' if others != 1 else ''}")
    return ", ".join(parts) + "."


def default_device_label() -> str:
    name = platform.node().strip()
    # The label is read on other computers too, so it names the machine, not "this".
    return f"Computer “{name}”" if name else "A computer"


class SecurityDialog(QtWidgets.QDialog):
    change_passphrase_requested = Signal()
    new_recovery_code_requested = Signal()
    rotate_key_requested = Signal()
    # Emitted after any change to the slots, so the main window can refresh its summary.
    slots_changed = Signal()

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Security and keys")
        self.setObjectName("securityDialog")
        self._session: VaultSession | None = session

        intro = QtWidgets.QLabel(
            "These are all the ways this vault can be unlocked. Anyone who has one of them "
            "and a copy of the vault folder can read it, so remove what you no longer use."
        )
        intro.setWordWrap(True)

        self._build_findings_box()
        self._build_table()
        remove_row = self._build_remove_row()
        device_box = self._build_device_box()
        actions = self._build_actions()
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.findings_box)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(remove_row)
        layout.addSpacing(8)
        layout.addWidget(device_box)
        layout.addSpacing(8)
        layout.addWidget(self.unseen_code)
        layout.addLayout(actions)
        layout.addWidget(close)
        self.resize(640, 480)

        if session.is_custodian:
            for button in (self.change_button, self.recovery_button, self.rotate_button):
                button.setEnabled(False)
                button.setToolTip(CUSTODIAN_REFUSAL)
        self.refresh()
        self._fit_notes()

    def _fit_notes(self) -> None:
        """Room for the findings and the recovery-code note when shown: wrapped labels
        would otherwise be squeezed into the fixed size, their lines overlapping."""
        if self.findings_box.isHidden() and self.unseen_code.isHidden():
            return
        width = max(self.width(), 760)
        layout = self.layout()
        height = layout.totalHeightForWidth(width) if layout is not None else self.height()
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        limit = screen.height() - 60 if screen is not None else height
        self.resize(width, max(self.height(), min(height + 120, limit)))

    def _build_findings_box(self) -> None:
        """What the integrity checks found, kept until the practitioner has reviewed it."""
        self.findings_box = QtWidgets.QGroupBox("Found by the integrity checks: please review")
        self.findings_box.setObjectName("findingsBox")
        self.findings_text = QtWidgets.QLabel()
        self.findings_text.setObjectName("findingsText")
        self.findings_text.setWordWrap(True)
        self.findings_text.setTextFormat(Qt.TextFormat.PlainText)
        self.findings_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.review_button = QtWidgets.QPushButton("I have reviewed these")
        self.review_button.setObjectName("reviewFindings")
        self.review_button.setAutoDefault(False)
        self.review_button.clicked.connect(self.review_findings)
        advice = QtWidgets.QLabel(
            "Remove below every key you do not recognise (marked “not written by "
            "RecordSafe”), make a backup, then confirm. Until then these findings are "
            "shown at every unlock and by Verify."
        )
        advice.setWordWrap(True)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(advice, 1)
        row.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignBottom)
        box = QtWidgets.QVBoxLayout(self.findings_box)
        box.addWidget(self.findings_text)
        box.addLayout(row)
        self.findings_box.hide()
        # A new recovery code the app never got to show (it stopped first).
        self.unseen_code = QtWidgets.QLabel()
        self.unseen_code.setObjectName("unseenRecoveryCode")
        self.unseen_code.setWordWrap(True)
        bold = self.unseen_code.font()
        bold.setBold(True)
        self.unseen_code.setFont(bold)
        self.unseen_code.hide()

    def _build_table(self) -> None:
        self.table = QtWidgets.QTableWidget(0, 3)
        self.table.setObjectName("slotTable")
        self.table.setAccessibleName("Ways to unlock this vault")
        self.table.setTabKeyNavigation(False)  # arrows move between rows; Tab moves on
        self.table.setHorizontalHeaderLabels(["Kind", "Name", "Added"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    def _build_remove_row(self) -> QtWidgets.QHBoxLayout:

        self.remove_button = QtWidgets.QPushButton("Remove…")
        self.remove_button.setObjectName("removeSlot")
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_reason = QtWidgets.QLabel()
        self.remove_reason.setObjectName("removeReason")
        self.remove_reason.setWordWrap(True)
        remove_row = QtWidgets.QHBoxLayout()
        remove_row.addWidget(self.remove_button)
        remove_row.addWidget(self.remove_reason, 1)
        return remove_row

    def _build_device_box(self) -> QtWidgets.QGroupBox:
        self.device_status = QtWidgets.QLabel()
        self.device_status.setObjectName("deviceStatus")
        self.device_status.setWordWrap(True)
        self.remember_button = QtWidgets.QPushButton("Remember on this computer")
        self.remember_button.setObjectName("rememberDevice")
        self.remember_button.clicked.connect(self.remember_device)
        self.forget_button = QtWidgets.QPushButton("Forget this computer")
        self.forget_button.setObjectName("forgetDevice")
        self.forget_button.clicked.connect(self.forget_device)
        device_buttons = QtWidgets.QHBoxLayout()
        device_buttons.addWidget(self.remember_button)
        device_buttons.addWidget(self.forget_button)
        device_buttons.addStretch(1)
        device_box = QtWidgets.QGroupBox("This computer")
        device_layout = QtWidgets.QVBoxLayout(device_box)
        device_layout.addWidget(self.device_status)
        device_layout.addLayout(device_buttons)
        return device_box

    def _build_actions(self) -> QtWidgets.QHBoxLayout:
        """The bigger key actions, each with its own dialog."""
        self.change_button = QtWidgets.QPushButton("Change passphrase…")
        self.change_button.setObjectName("changePassphrase")
        self.change_button.clicked.connect(self.change_passphrase_requested)
        self.recovery_button = QtWidgets.QPushButton("New recovery code…")
        self.recovery_button.setObjectName("newRecoveryCode")
        self.recovery_button.clicked.connect(self.new_recovery_code_requested)
        self.rotate_button = QtWidgets.QPushButton("Rotate vault key…")
        self.rotate_button.setObjectName("rotateKey")
        self.rotate_button.setToolTip("After a suspected compromise: re-encrypt with a new key")
        self.rotate_button.clicked.connect(self.rotate_key_requested)
        actions = QtWidgets.QHBoxLayout()
        actions.addWidget(self.change_button)
        actions.addWidget(self.recovery_button)
        actions.addWidget(self.rotate_button)
        actions.addStretch(1)
        return actions

    # --- state ------------------------------------------------------------------------

    def _require_session(self) -> VaultSession | None:
        return self._session if self._session is not None and self._session.is_open else None

    def set_session(self, session: VaultSession) -> None:
        """After a key rotation: the same vault, a new session."""
        self._session = session
        self.refresh()

    def drop_session(self) -> None:
        """Called on lock: forget the session so the dialog cannot reach it any more."""
        self._session = None
        self.table.setRowCount(0)

    def refresh(self) -> None:
        session = self._require_session()
        if session is None:
            return
        selected = self.selected_slot()
        unvouched = set(session.unvouched_slots)
        self._update_findings(session)
        self.table.setRowCount(0)
        for slot in session.slots:
            row = self.table.rowCount()
            self.table.insertRow(row)
            kind = KIND_WORDS.get(slot.kind, slot.kind)
            notes = []
            if slot.id == session.slot.id:
                notes.append("unlocked this session")
            if is_this_device(session.vault_id, slot):
                notes.append("this computer")
            if slot.id in unvouched:
                notes.append(NOT_WRITTEN)
            name = slot.label + (f" ({', '.join(notes)})" if notes else "")
            for column, text in enumerate((kind, name, format_stamp_day(slot.created_at))):
                item = QtWidgets.QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, slot.id)
                self.table.setItem(row, column, item)
            if selected is not None and slot.id == selected.id:
                self.table.selectRow(row)
        self._update_device()
        self._update_buttons()

    def _update_findings(self, session: VaultSession) -> None:
        findings = session.integrity_findings
        self.findings_text.setText("\n".join(f"• {f}" for f in findings))
        self.findings_box.setVisible(bool(findings))
        unseen = None if session.is_custodian else session.unseen_recovery_code
        # Here the way to make one is the button just below.
        unseen = unseen and unseen.replace(
            ": Vault ▸ New recovery code…", " with “New recovery code…” below."
        )
        self.unseen_code.setText(unseen or "")
        self.unseen_code.setVisible(unseen is not None)

    def selected_slot(self) -> KeySlot | None:
        session = self._require_session()
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if session is None or not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        slot_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((s for s in session.slots if s.id == slot_id), None)

    def select_slot(self, slot_id: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == slot_id:
                self.table.selectRow(row)
                return

    def removal_problem(self, slot: KeySlot | None) -> str | None:
        """Why the selected slot cannot be removed, in the vault's own words; None if it can."""
        session = self._require_session()
        if session is None:
            return "The vault is locked."
        if slot is None:
            return "Select a key to remove it."
        if session.is_custodian:
            return CUSTODIAN_REFUSAL
        passphrases = [s for s in session.slots if s.kind == "passphrase"]
        if slot.kind == "passphrase" and len(passphrases) == 1:
            # The vault's own refusal suggests adding a passphrase first; this window
            # offers the step a solo practitioner actually wants: changing it.
            return (
                "This is the vault's only passphrase, so it cannot be removed. "
                "To replace it, use Change passphrase."
            )
        if slot.id == session.slot.id and slot.kind != "passphrase":
            return "You cannot remove the key you unlocked with."
        return None

    def _update_buttons(self) -> None:
        slot = self.selected_slot()
        problem = self.removal_problem(slot)
        self.remove_button.setEnabled(problem is None)
        self.remove_button.setToolTip(problem or "")
        # "Select a key" is an instruction, not a refusal; the others explain a disabled button.
        self.remove_reason.setText(problem if problem and slot is not None else "")

    def _update_device(self) -> None:
        session = self._require_session()
        if session is None:
            return
        keyring = device_keys.status()
        remembered = [s for s in session.slots if is_this_device(session.vault_id, s)]
        if session.is_custodian:
            self.device_status.setText(CUSTODIAN_REFUSAL)
            self.remember_button.setEnabled(False)
            self.forget_button.setEnabled(False)
            self.remember_button.setToolTip(CUSTODIAN_REFUSAL)
            return
        if not keyring.available:
            self.device_status.setText(keyring.reason)
            self.remember_button.setEnabled(False)
            self.remember_button.setToolTip(keyring.reason)
            self.forget_button.setEnabled(False)
            return
        self.remember_button.setToolTip("")
        if remembered:
            self.device_status.setText(
                "This computer remembers the vault: it unlocks without the passphrase while "
                "you are logged in to your computer account. Forget it if others use this "
                "account or the computer leaves your control."
            )
        else:
            self.device_status.setText(
                "This computer does not remember the vault: you type the passphrase each "
                "time. Remembering keeps a key in your computer account's keyring, so anyone "
                "logged in as you could open the vault."
            )
        self.remember_button.setEnabled(not remembered)
        self.forget_button.setEnabled(bool(remembered))
        self.forget_button.setToolTip("")
        if any(s.id == session.slot.id for s in remembered):
            # The vault refuses to remove the slot in use; say so before the click.
            self.forget_button.setEnabled(False)
            self.forget_button.setToolTip(
                "You unlocked with this computer's key. Lock, unlock with your passphrase, "
                "then forget this computer."
            )

    # --- actions ----------------------------------------------------------------------

    def remove_selected(self) -> None:
        session = self._require_session()
        slot = self.selected_slot()
        if session is None or slot is None:
            return
        kind = KIND_WORDS.get(slot.kind, slot.kind).lower()
        confirm = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Question,
            "Remove key",
            f"Remove the {kind} “{slot.label}”? It will no longer unlock this vault.",
            QtWidgets.QMessageBox.StandardButton.Cancel,
            self,
        )
        confirm.setObjectName("confirmRemove")
        remove = confirm.addButton("Remove", QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
        confirm.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        confirm.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        slot_id = slot.id

        def finished() -> None:
            if confirm.clickedButton() is remove:
                self.remove_slot(slot_id)

        confirm.finished.connect(finished)
        confirm.open()

    def remove_slot(self, slot_id: str) -> bool:
        """Remove a slot now (after confirmation); the vault's refusal is shown as it is."""
        session = self._require_session()
        if session is None:
            return False
        try:
            session.remove_slot(slot_id)
        except VaultError as exc:  # SlotError included: its message is the explanation
            show_message(self, exc.message, title="Key not removed")
            self.refresh()
            return False
        self.refresh()
        self.slots_changed.emit()
        return True

    def review_findings(self) -> bool:
        """The practitioner confirms the review; keys still unvouched are named first."""
        session = self._require_session()
        if session is None:
            return False
        kept = [s for s in session.slots if s.id in set(session.unvouched_slots)]
        if kept and not self._keep_unknown(kept):
            return False
        try:
            session.review_findings()
        except VaultError as exc:
            show_message(self, exc.message, title="Not marked as reviewed")
            return False
        self.refresh()
        self.slots_changed.emit()
        return True

    def _keep_unknown(self, kept: list[KeySlot]) -> bool:
        """Asked before keys nobody vouched for become trusted (a method tests answer)."""
        names = "\n".join(f"• {KIND_WORDS.get(s.kind, s.kind)} “{s.label}”" for s in kept)
        answer = QtWidgets.QMessageBox.question(
            self,
            "Keep keys RecordSafe did not write?",
            "These keys were not written by RecordSafe and still unlock the vault:\n\n"
            f"{names}\n\nKeep them only if you know where they came from.",
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            QtWidgets.QMessageBox.StandardButton.No,
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def remember_device(self) -> None:
        session = self._require_session()
        if session is None:
            return
        try:
            stored = session.remember_on_device(default_device_label())
        except VaultError as exc:
            show_message(self, exc.message, title="Not remembered")
            return
        if not stored:
            show_message(
                self,
                "The computer's keyring refused to keep the key (it may be locked). "
                "Nothing was changed; you will keep typing your passphrase.",
                title="Not remembered",
            )
        self.refresh()
        self.slots_changed.emit()

    def forget_device(self) -> None:
        session = self._require_session()
        if session is None:
            return
        remembered = [s for s in session.slots if is_this_device(session.vault_id, s)]
        try:
            for slot in remembered:
                session.remove_slot(slot.id)
        except VaultError as exc:
            show_message(self, exc.message, title="Not forgotten")
        self.refresh()
        self.slots_changed.emit()
