"""The calm first page of an unlocked vault: what it is, where it is, and its last check.

It shows only facts that exist (name, folder, who unlocked it, the last verify result,
problems found at unlock) and holds no session: the main window passes plain values, so
locking never has to chase a reference here. The client list replaces it in a later issue.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from recordsafe.ui.qt import Qt, QtWidgets, Signal
from recordsafe.ui.vault.security_dialog import slot_summary
from recordsafe.ui.widgets.meaning_colours import box_style, text_style
from recordsafe.vault.keyslots import KeySlot


class HomePage(QtWidgets.QWidget):
    lock_clicked = Signal()
    verify_clicked = Signal()
    security_clicked = Signal()

    def __init__(
        self,
        *,
        vault_name: str,
        folder: Path,
        role: str,
        unlock_findings: list[str] | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("homePage")

        self.title = title = QtWidgets.QLabel(vault_name)
        title.setObjectName("vaultTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        subtitle = QtWidgets.QLabel(f"Unlocked — you are working as the {role.lower()}.")
        subtitle.setObjectName("roleLine")

        facts = self._build_facts(folder)
        self._build_findings(unlock_findings or [])
        buttons = self._build_buttons()

        column = QtWidgets.QVBoxLayout()
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(16)
        column.addLayout(facts)
        column.addSpacing(8)
        column.addWidget(self.findings_box)
        self.breach_box = QtWidgets.QLabel()
        self.breach_box.setObjectName("breachDue")
        self.breach_box.setWordWrap(True)
        self.breach_box.setStyleSheet(box_style("error", padding=8))
        self.breach_box.hide()
        column.addWidget(self.breach_box)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addStretch(1)

        # A readable column, centred, rather than text stretched across a wide screen.
        holder = QtWidgets.QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(720)
        outer = QtWidgets.QHBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(1)
        outer.addWidget(holder, 4)
        outer.addStretch(1)

    def _build_facts(self, folder: Path) -> QtWidgets.QFormLayout:
        facts = QtWidgets.QFormLayout()
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.location_label = QtWidgets.QLabel(str(folder))
        self.location_label.setObjectName("location")
        self.location_label.setWordWrap(True)
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location_label.setToolTip("The vault folder. Back it up as a whole.")
        facts.addRow("Vault folder:", self.location_label)

        self.verify_label = QtWidgets.QLabel("Not checked yet in this session.")
        self.verify_label.setObjectName("lastVerify")
        self.verify_label.setWordWrap(True)
        facts.addRow("Last integrity check:", self.verify_label)

        self.keys_label = QtWidgets.QLabel()
        self.keys_label.setObjectName("keysSummary")
        self.keys_label.setWordWrap(True)
        facts.addRow("Ways to unlock:", self.keys_label)
        return facts

    def _build_findings(self, unlock_findings: list[str]) -> None:

        self.findings_box = QtWidgets.QLabel()
        self.findings_box.setObjectName("unlockFindings")
        self.findings_box.setWordWrap(True)
        self.findings_box.setStyleSheet(box_style("caution", padding=8))
        if unlock_findings:
            # Shown until the next lock: the practitioner must not miss a tamper warning.
            self.findings_box.setText(
                "RecordSafe found problems when it unlocked this vault:\n"
                + "\n".join(f"• {f}" for f in unlock_findings)
                + "\nRun Verify vault for a full check, and keep your backups safe."
            )
        else:
            self.findings_box.hide()

    def _build_buttons(self) -> QtWidgets.QHBoxLayout:

        self.lock_button = QtWidgets.QPushButton("Lock now")
        self.lock_button.setObjectName("lockButton")
        self.lock_button.setToolTip("Lock the vault (Ctrl+L)")
        self.lock_button.clicked.connect(self.lock_clicked)
        self.verify_button = QtWidgets.QPushButton("Verify vault…")
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.clicked.connect(self.verify_clicked)
        self.security_button = QtWidgets.QPushButton("Security && keys…")
        self.security_button.setObjectName("securityButton")
        self.security_button.clicked.connect(self.security_clicked)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.lock_button)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.security_button)
        buttons.addStretch(1)
        return buttons

    def set_breach_due(self, lines: list[str]) -> None:
        """What the breach rule still asks for (Practice → Breach register shows more)."""
        self.breach_box.setText(
            "Breach notification — due:\n"
            + "\n".join(f"• {line}" for line in lines)
            + "\nOpen Practice → Breach register to continue."
        )
        self.breach_box.setVisible(bool(lines))

    def set_keys_summary(self, text: str) -> None:
        self.keys_label.setText(text)

    def show_keys(self, slots: Sequence[KeySlot], vault_id: str) -> None:
        """ "Ways to unlock", in words ("1 passphrase, a recovery code.")."""
        self.set_keys_summary(slot_summary(slots, vault_id))

    def set_verify_result(self, ok: bool, problems: int, when: datetime) -> None:
        stamp = when.strftime("%H:%M")
        if ok:
            self.verify_label.setText(f"All checks passed at {stamp}.")
            self.verify_label.setStyleSheet("")
        else:
            self.verify_label.setText(
                f"Problems found at {stamp} ({problems} "
                f"{'problem' if problems == 1 else 'problems'}). "
                "Open Verify vault to read them."
            )
            self.verify_label.setStyleSheet(text_style("warning", bold=True))
