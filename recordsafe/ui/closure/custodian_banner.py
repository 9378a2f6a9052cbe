"""The banner across the main window in custodian mode: who is working, and what it means."""

from __future__ import annotations

from html import escape

from recordsafe.closure import custodian
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.vault import VaultSession

BANNER_STYLE = (
    "QFrame#custodianBanner { background: #fdecc8; border-bottom: 2px solid #b7791f; }"
    "QFrame#custodianBanner QLabel { color: #3d2a05; }"
)


def banner_text(session: VaultSession) -> str:
    current = custodian.current_custodian(session)
    who = f"{escape(current.name)}, records custodian" if current else "Records custodian"
    return (
        f"<b>Custodian mode</b> — {who}. Clinical records are read-only; you can run the "
        "closure plan, send notices, answer record requests and keep retention. Everything "
        "you do is recorded under your name."
    )


class CustodianBanner(QtWidgets.QFrame):
    passphrase_requested = Signal()

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("custodianBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.label = QtWidgets.QLabel(banner_text(session))
        self.label.setObjectName("custodianBannerText")
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Custodian mode")
        # The window gives this button the Closure & custodian menu.
        self.open_button = QtWidgets.QPushButton("Closure && custodian")
        self.open_button.setObjectName("custodianBannerOpen")
        self.passphrase_button = QtWidgets.QPushButton("Set your own passphrase…")
        self.passphrase_button.setObjectName("custodianBannerPassphrase")
        self.passphrase_button.clicked.connect(self.passphrase_requested)
        self.passphrase_button.setVisible(not custodian.has_own_passphrase(session))
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.label, 1)
        row.addWidget(self.passphrase_button)
        row.addWidget(self.open_button)
