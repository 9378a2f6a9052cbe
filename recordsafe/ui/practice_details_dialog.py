"""Practice ▸ Practice details: the name, the practitioner and how clients reach the
practice, printed on every letter (closure and breach notices) and release cover sheet."""

from __future__ import annotations

from recordsafe.disclosure.practice_info import PracticeInfo, practice_info, save_practice_info
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault import VaultError, VaultSession


class PracticeDetailsDialog(QtWidgets.QDialog):
    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Practice details")
        self.setObjectName("practiceDetailsDialog")
        self._session: VaultSession | None = session
        info = practice_info(session)

        self.name_edit = QtWidgets.QLineEdit(info.name)
        self.name_edit.setPlaceholderText("e.g. Harbour Counselling")
        self.practitioner_edit = QtWidgets.QLineEdit(info.practitioner)
        self.practitioner_edit.setPlaceholderText("e.g. Jo Rivera, LCSW")
        self.contact_edit = QtWidgets.QPlainTextEdit(info.contact)
        self.contact_edit.setPlaceholderText("Postal address, phone, e-mail")
        self.contact_edit.setTabChangesFocus(True)
        self.contact_edit.setFixedHeight(90)
        for widget, name in (
            (self.name_edit, "Practice name"),
            (self.practitioner_edit, "Your name and credentials"),
            (self.contact_edit, "How clients reach the practice"),
        ):
            widget.setAccessibleName(name)

        explain = QtWidgets.QLabel(
            "These details head every letter RecordSafe writes for you (closure and breach "
            "notices) and the cover sheet of every release. A breach notice must tell clients "
            "how to reach you, so give an address, a phone number and an e-mail address."
        )
        explain.setWordWrap(True)

        form = QtWidgets.QFormLayout()
        form.addRow("Practice &name:", self.name_edit)
        form.addRow("&Your name:", self.practitioner_edit)
        form.addRow("&Contact:", self.contact_edit)

        self.error_label = QtWidgets.QLabel()
        self.error_label.setObjectName("practiceDetailsError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(text_style("error"))
        self.error_label.hide()

        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        if session.is_custodian:
            for widget in (self.name_edit, self.practitioner_edit, self.contact_edit):
                widget.setReadOnly(True)
            self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save).setEnabled(False)
            explain.setText(explain.text() + " Only the practitioner can change them.")

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.name_edit.setFocus()

    def drop_session(self) -> None:
        self._session = None

    def details(self) -> PracticeInfo:
        return PracticeInfo(
            self.name_edit.text().strip(),
            self.practitioner_edit.text().strip(),
            self.contact_edit.toPlainText().strip(),
        )

    def save(self) -> None:
        if self._session is None:
            self.reject()
            return
        details = self.details()
        missing = details.missing()
        if missing:
            words = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
            self._show_error(f"Please give {words}.")
            return
        try:
            save_practice_info(self._session, details)
        except VaultError as exc:
            self._show_error(f"The details were not saved. {exc.message}")
            return
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
