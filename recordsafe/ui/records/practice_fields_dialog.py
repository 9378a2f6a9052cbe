"""Practice ▸ Client fields: which optional client fields the practice collects, and why.

NASW 1.07 (a): collect only what is needed. Every field is off until turned on here, and
turning one on needs a sentence on why it is collected; that sentence is shown beside
the field wherever it is filled in.
"""

from __future__ import annotations

from functools import partial

from recordsafe.records import fields
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.widgets.forms import error_label
from recordsafe.vault import VaultError, VaultSession

PLACEHOLDER = "e.g. needed to bill the client's insurer"


def _allow_reason(reason: QtWidgets.QLineEdit, enabled: bool) -> None:
    """A reason is asked for only while its field is turned on."""
    reason.setEnabled(enabled)
    reason.setPlaceholderText(PLACEHOLDER if enabled else "")


class PracticeFieldsDialog(QtWidgets.QDialog):
    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Client fields")
        self.setObjectName("practiceFieldsDialog")
        self._session: VaultSession | None = session
        self._saved = {f.field: f for f in fields.all_fields(session)}
        self.checks: dict[str, QtWidgets.QCheckBox] = {}
        self.reasons: dict[str, QtWidgets.QLineEdit] = {}

        explain = QtWidgets.QLabel(
            "A client record holds a name and, if you wish, contact details and a date of "
            "birth. Collect anything more only when your practice needs it, and say why: "
            "the reason is shown beside the field on every client form."
        )
        explain.setWordWrap(True)
        grid = QtWidgets.QGridLayout()
        grid.addWidget(QtWidgets.QLabel("<b>Collect</b>"), 0, 0)
        grid.addWidget(QtWidgets.QLabel("<b>Why it is collected</b>"), 0, 1)
        for row, field in enumerate(self._saved.values(), start=1):
            check = QtWidgets.QCheckBox(field.label)
            check.setObjectName(f"field_{field.field}")
            check.setChecked(field.enabled)
            reason = QtWidgets.QLineEdit(field.why)
            reason.setObjectName(f"why_{field.field}")
            reason.setAccessibleName(f"Why {field.label} is collected")
            _allow_reason(reason, field.enabled)
            check.toggled.connect(partial(_allow_reason, reason))
            self.checks[field.field] = check
            self.reasons[field.field] = reason
            grid.addWidget(check, row, 0)
            grid.addWidget(reason, row, 1)
        grid.setColumnStretch(1, 1)

        self.error_label = error_label("fieldsError")
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(grid)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(560)

    def _changes(self) -> list[tuple[str, bool, str]]:
        changed = []
        for key, saved in self._saved.items():
            enabled = self.checks[key].isChecked()
            why = self.reasons[key].text().strip()
            if enabled != saved.enabled or (enabled and why != saved.why):
                changed.append((key, enabled, why))
        return changed

    def save(self) -> None:
        session = self._session
        if session is None:
            return
        missing = [
            self._saved[key].label for key, enabled, why in self._changes() if enabled and not why
        ]
        if missing:
            self._show_error(f"Say why each field is collected: {', '.join(missing)}.")
            return
        try:
            with session.transaction():  # all the changes, or none
                for key, enabled, why in self._changes():
                    fields.set_field(session, key, enabled=enabled, why=why)
        except VaultError as exc:
            self._show_error(exc.message)
            return
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def drop_session(self) -> None:
        self._session = None
