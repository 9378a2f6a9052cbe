"""The shape of the gate's small record-one-thing dialogs (a request, an extension, a
revocation, a search, a court order): a form, an inline error, OK and Cancel.

`apply(session)` calls the domain. Its refusal (a VaultError) is shown inline and the
dialog stays open with what was typed; success closes it. After a lock the dialog holds
no session and saves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.forms import error_label, ok_cancel, show_error
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError


class FormDialog(QtWidgets.QDialog):
    def __init__(
        self,
        session: VaultSession,
        *,
        name: str,
        title: str,
        ok_text: str,
        width: int = 480,
        today: date | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = session
        self._today = today or date.today()
        self.setObjectName(f"{name}Dialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        self.form = QtWidgets.QFormLayout()
        self.error_label = error_label(f"{name}Error")
        self.buttons = ok_cancel(ok_text)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def lay_out(
        self,
        *,
        above: Sequence[QtWidgets.QWidget] = (),
        below: Sequence[QtWidgets.QWidget] = (),
    ) -> None:
        """Above the form, the form, below it, then the error and the buttons."""
        layout = QtWidgets.QVBoxLayout(self)
        for widget in above:
            layout.addWidget(widget)
        layout.addLayout(self.form)
        for widget in below:
            layout.addWidget(widget)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def drop_session(self) -> None:
        self._session = None

    def apply(self, session: VaultSession) -> None:
        raise NotImplementedError

    def save(self) -> None:
        if self._session is None:
            return
        try:
            self.apply(self._session)
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return
        self.accept()
