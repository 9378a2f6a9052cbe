"""The shape every disclosure list window shares: a window-modal dialog that opens its
own child dialogs without blocking, and announces each one (`dialog_opened`) so the main
window can give it Ctrl+L. The child on screen is kept in `self.dialog` for tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from recordsafe.records import clients
from recordsafe.records.errors import RecordError
from recordsafe.ui.qt import Qt, QtCore, QtWidgets, Signal
from recordsafe.ui.widgets.names import shown_name
from recordsafe.vault import VaultSession


def open_child(
    owner: QtWidgets.QWidget,
    dialog: QtWidgets.QDialog,
    announce: Callable[[QtWidgets.QDialog], None],
    on_accept: Callable[[], object] | None = None,
) -> None:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    if on_accept is not None:
        dialog.accepted.connect(on_accept)
    owner.dialog = dialog  # type: ignore[attr-defined]
    dialog.finished.connect(partial(_forget_child, owner, dialog))
    announce(dialog)
    dialog.open()


def _forget_child(owner: QtWidgets.QWidget, dialog: QtWidgets.QDialog, _result: int = 0) -> None:
    if getattr(owner, "dialog", None) is dialog:
        owner.dialog = None  # type: ignore[attr-defined]


class DisclosureWindow(QtWidgets.QDialog):
    dialog_opened = Signal(QtWidgets.QDialog)

    def __init__(
        self,
        session: VaultSession,
        *,
        today: date | None = None,
        private: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = session
        self._today = today or date.today()
        self._private = private
        self.dialog: QtWidgets.QDialog | None = None
        self._names: dict[int, str] = {}

    def drop_session(self) -> None:
        """On lock: this window and the dialogs it opened forget the session and names."""
        for holder in (self, *self.findChildren(QtCore.QObject)):
            if hasattr(holder, "_session"):
                holder._session = None
        self._names.clear()

    def open_child(
        self, dialog: QtWidgets.QDialog, on_accept: Callable[[], object] | None = None
    ) -> None:
        open_child(self, dialog, self.dialog_opened.emit, on_accept)

    def client_label(self, client_id: int) -> str:
        """The client's name (initials in privacy mode) for a list row; not a record view."""
        if client_id not in self._names and self._session is not None:
            try:
                self._names[client_id] = clients.client_name(self._session, client_id)
            except RecordError:
                self._names[client_id] = "(client removed)"
        return shown_name(self._names.get(client_id, "?"), self._private)

    def close_button(self) -> QtWidgets.QPushButton:
        button = QtWidgets.QPushButton("Close")
        button.setObjectName("closeWindow")
        button.clicked.connect(self.reject)
        return button
