"""A bar on unlock when a release's generated password was never shown (the vault locked
while the file was being saved): "Show the password" shows it once, audited."""

from __future__ import annotations

from collections.abc import Callable

from recordsafe.disclosure import release_passwords
from recordsafe.ui.disclosure.release.password_page import HAND_OVER_ADVICE
from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.widgets.dates import format_day
from recordsafe.ui.widgets.meaning_colours import box_style
from recordsafe.ui.widgets.names import shown_name
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError


class UnseenPasswordsBanner(QtWidgets.QFrame):
    def __init__(
        self,
        private: Callable[[], bool] = lambda: False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unseenPasswordsBanner")
        self._session: VaultSession | None = None
        self._private = private  # privacy mode, asked when the password is shown
        self.label = QtWidgets.QLabel("")
        self.label.setObjectName("unseenPasswordsText")
        self.label.setWordWrap(True)
        self.label.setStyleSheet(box_style("caution"))
        self.show_button = QtWidgets.QPushButton("Show the &password")
        self.show_button.setObjectName("unseenPasswordsShow")
        self.show_button.clicked.connect(self.show_next)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.show_button)
        self.hide()

    def refresh(self, session: VaultSession | None) -> None:
        self._session = session
        waiting = release_passwords.unseen(session) if session is not None else []
        count = len(waiting)
        self.label.setText(
            f"{count} release{'s were' if count != 1 else ' was'} saved as an encrypted file "
            "while the vault locked: the password was not shown yet. Show it, write it down "
            "and give it to the recipient apart from the file."
        )
        self.setVisible(count > 0)

    def show_next(self) -> QtWidgets.QMessageBox | None:
        """The oldest waiting password, once: the vault forgets it after this."""
        session = self._session
        waiting = release_passwords.unseen(session) if session is not None else []
        if session is None or not waiting:
            self.hide()
            return None
        first = waiting[0]
        try:
            password = release_passwords.take(session, first.disclosure_id)
        except VaultError as exc:
            return show_message(self.window(), exc.message)
        finally:
            self.refresh(session)
        box = show_message(
            self.window(),
            f"The release of {format_day(first.disclosed_on)} to "
            f"{shown_name(first.recipient, self._private())}:\n\n"
            f"Password: {password}\n\nIt is shown only this once. {HAND_OVER_ADVICE}",
            title="Release password",
            icon=QtWidgets.QMessageBox.Icon.Information,
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return box

    def drop_session(self) -> None:
        self._session = None
