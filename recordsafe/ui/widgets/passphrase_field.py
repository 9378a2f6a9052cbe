"""A passphrase entry: hidden text, a show/hide toggle and a Caps Lock warning.

Qt has no portable way to ask whether Caps Lock is on, so we infer it from typing: a
letter whose case disagrees with the Shift key means Caps Lock is (probably) on.
"""

from __future__ import annotations

from recordsafe.ui.qt import QObject, QtCore, QtGui, QtWidgets, Signal

CAPS_LOCK_WARNING = "Caps Lock seems to be on"


class PassphraseField(QtWidgets.QWidget):
    """QLineEdit in password mode + "Show" toggle + Caps Lock warning label."""

    textChanged = Signal(str)
    returnPressed = Signal()

    def __init__(
        self,
        parent: QtWidgets.QWidget | None = None,
        *,
        accessible_name: str = "Passphrase",
        placeholder: str = "",
    ) -> None:
        super().__init__(parent)
        self.line_edit = QtWidgets.QLineEdit(self)
        self.line_edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.line_edit.setAccessibleName(accessible_name)
        self.line_edit.setPlaceholderText(placeholder)
        # No autocompletion or input-method history for secrets.
        self.line_edit.setInputMethodHints(
            QtCore.Qt.InputMethodHint.ImhHiddenText
            | QtCore.Qt.InputMethodHint.ImhSensitiveData
            | QtCore.Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.toggle = QtWidgets.QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setText("Show")
        self.toggle.setToolTip("Show or hide the passphrase")
        self.toggle.setAccessibleName(f"Show {accessible_name.lower()}")
        # Tab goes from the field to the next input, not to the toggle.
        self.toggle.setFocusPolicy(QtCore.Qt.FocusPolicy.ClickFocus)
        self.toggle.toggled.connect(self._set_visible_text)
        self.caps_label = QtWidgets.QLabel(CAPS_LOCK_WARNING, self)
        self.caps_label.setObjectName("capsLockWarning")
        self.caps_label.setAccessibleName(CAPS_LOCK_WARNING)
        self.caps_label.hide()
        self.caps_lock_suspected = False

        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line_edit, 1)
        row.addWidget(self.toggle)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.caps_label)
        self.setFocusProxy(self.line_edit)

        self.line_edit.textChanged.connect(self.textChanged)
        self.line_edit.returnPressed.connect(self.returnPressed)
        self.line_edit.installEventFilter(self)

    # --- the QLineEdit bits callers need ----------------------------------------------

    def text(self) -> str:
        return self.line_edit.text()

    def setText(self, text: str) -> None:
        self.line_edit.setText(text)

    def clear(self) -> None:
        self.line_edit.clear()

    def selectAll(self) -> None:
        self.line_edit.selectAll()

    def is_revealed(self) -> bool:
        return self.line_edit.echoMode() == QtWidgets.QLineEdit.EchoMode.Normal

    def _set_visible_text(self, shown: bool) -> None:
        self.line_edit.setEchoMode(
            QtWidgets.QLineEdit.EchoMode.Normal if shown else QtWidgets.QLineEdit.EchoMode.Password
        )
        self.toggle.setText("Hide" if shown else "Show")

    # --- Caps Lock inference ------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        if watched is self.line_edit and event.type() == QtCore.QEvent.Type.KeyPress:
            assert isinstance(event, QtGui.QKeyEvent)
            self._note_key(event)
        return super().eventFilter(watched, event)

    def _note_key(self, event: QtGui.QKeyEvent) -> None:
        typed = event.text()
        if len(typed) != 1 or not typed.isalpha() or typed.upper() == typed.lower():
            return  # digits, symbols and caseless scripts tell us nothing
        shift = bool(event.modifiers() & QtCore.Qt.KeyboardModifier.ShiftModifier)
        self.set_caps_lock_suspected(typed.isupper() != shift)

    def set_caps_lock_suspected(self, suspected: bool) -> None:
        self.caps_lock_suspected = suspected
        self.caps_label.setVisible(suspected)
