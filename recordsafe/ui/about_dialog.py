"""Help ▸ About RecordSafe: version, what the app is, and its promise to stay offline."""

from __future__ import annotations

from recordsafe import APP_NAME, __version__
from recordsafe.ui.qt import Qt, QtWidgets

ABOUT_TEXT = (
    "<p>Offline, encrypted client records for solo practitioners.</p>"
    "<p><b>RecordSafe never opens a network connection.</b> Your records stay in one "
    "encrypted vault folder on this computer and on the backups you make. Nothing is "
    "sent anywhere: no updates, no statistics, no cloud.</p>"
    "<p>Client information leaves the vault only through the disclosure step, which "
    "checks consent and purpose and records every disclosure.</p>"
)


class AboutDialog(QtWidgets.QDialog):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setObjectName("aboutDialog")

        title = QtWidgets.QLabel(f"{APP_NAME} {__version__}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)

        self.body = QtWidgets.QLabel(ABOUT_TEXT)
        self.body.setObjectName("aboutText")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        # No clickable links: this dialog must not be a way to open a browser either.
        self.body.setOpenExternalLinks(False)

        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.body)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
