"""The release's password: generated (shown to pass on separately) or typed twice.

A generated password is shown in large type to write down or read out; it is never put on
the clipboard. A typed one must be at least `release.MIN_PASSWORD` characters, twice.
"""

from __future__ import annotations

from recordsafe.disclosure import release
from recordsafe.outputs import encryption
from recordsafe.ui.qt import Qt, QtGui, QtWidgets
from recordsafe.ui.widgets.forms import HINT_STYLE
from recordsafe.ui.widgets.passphrase_field import PassphraseField

HAND_OVER_ADVICE = (
    "Give the recipient this password separately from the file: by phone or in person, "
    "never in the same e-mail or envelope."
)


class PasswordPage(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.generated = encryption.generate_password()
        self.generate_radio = QtWidgets.QRadioButton("&Generate a strong password")
        self.generate_radio.setObjectName("generatePassword")
        self.choose_radio = QtWidgets.QRadioButton("C&hoose a password")
        self.choose_radio.setObjectName("choosePassword")
        self.generate_radio.setChecked(True)
        # Its own group, apart from the Save / Print pair around this page.
        self.mode_group = QtWidgets.QButtonGroup(self)
        self.mode_group.addButton(self.generate_radio)
        self.mode_group.addButton(self.choose_radio)

        self.generated_label = QtWidgets.QLabel(self.generated)
        self.generated_label.setObjectName("generatedPassword")
        self.generated_label.setAccessibleName("Generated password")
        self.generated_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(font.pointSize() + 4)
        self.generated_label.setFont(font)
        self.new_button = QtWidgets.QPushButton("&New password")
        self.new_button.setObjectName("newPassword")
        self.new_button.clicked.connect(self._regenerate)

        self.password_field = PassphraseField(self, accessible_name="Password")
        self.repeat_field = PassphraseField(self, accessible_name="Password again")
        self.password_field.line_edit.setObjectName("releasePassword")
        self.repeat_field.line_edit.setObjectName("releasePasswordAgain")

        generated_row = QtWidgets.QHBoxLayout()
        generated_row.addWidget(self.generated_label, 1)
        generated_row.addWidget(self.new_button)
        self.generated_box = QtWidgets.QWidget()
        generated_box = QtWidgets.QVBoxLayout(self.generated_box)
        generated_box.setContentsMargins(24, 0, 0, 0)
        generated_box.addLayout(generated_row)
        self.typed_box = QtWidgets.QWidget()
        typed = QtWidgets.QFormLayout(self.typed_box)
        typed.setContentsMargins(24, 0, 0, 0)
        typed.addRow("Password:", self.password_field)
        typed.addRow("Again:", self.repeat_field)
        typed.addRow(
            "",
            QtWidgets.QLabel(f"At least {release.MIN_PASSWORD} characters."),
        )

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.generate_radio)
        layout.addWidget(self.generated_box)
        layout.addWidget(self.choose_radio)
        layout.addWidget(self.typed_box)
        hint = QtWidgets.QLabel(HAND_OVER_ADVICE)
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        layout.addWidget(hint)
        self.generate_radio.toggled.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self) -> None:
        generated = self.generate_radio.isChecked()
        self.generated_box.setEnabled(generated)
        self.typed_box.setEnabled(not generated)
        if not generated:
            self.password_field.setFocus()

    def _regenerate(self) -> None:
        self.generated = encryption.generate_password()
        self.generated_label.setText(self.generated)

    def uses_generated(self) -> bool:
        return self.generate_radio.isChecked()

    def password(self) -> str:
        """The chosen password; DisclosureError (plain words) when a typed one will not do."""
        if self.uses_generated():
            return self.generated
        typed, again = self.password_field.text(), self.repeat_field.text()
        release.check_password(typed, again)
        return typed

    def forget(self) -> None:
        self.password_field.clear()
        self.repeat_field.clear()
