"""Custodian mode, said on every screen: the banner across the main window, and a strip
across the top of every other window the custodian opens (the guide promises it)."""

from __future__ import annotations

from html import escape

from recordsafe.closure import custodian
from recordsafe.ui.qt import QObject, QtCore, QtWidgets, Signal
from recordsafe.ui.widgets.meaning_colours import box_colours
from recordsafe.vault import VaultSession


def banner_style() -> str:
    box = box_colours("caution")
    return (
        f"QFrame#custodianBanner, QFrame#custodianStrip {{ background: {box.background}; "
        f"border-bottom: 2px solid {box.border}; }}"
        f"QFrame#custodianBanner QLabel, QFrame#custodianStrip QLabel {{ color: {box.text}; }}"
    )


# Said in words, not only in the tooltips of greyed buttons.
READ_ONLY_REASON = (
    "Clinical records are read-only: buttons that would write or change a note, a client "
    "or a case are greyed out, because a custodian keeps the records as the practitioner "
    "left them."
)


def who_is_working(session: VaultSession) -> str:
    custodian.identify(session)  # the audit names the person from now on
    return escape(custodian.signed_in_as(session) or "Records custodian")


def banner_text(session: VaultSession) -> str:
    return (
        f"<b>Custodian mode</b> — {who_is_working(session)}. {READ_ONLY_REASON} You can "
        "run the closure plan, send notices, answer record requests and keep retention. "
        "Everything you do is recorded under your name."
    )


def strip_text(session: VaultSession) -> str:
    return (
        f"<b>Custodian mode</b> — {who_is_working(session)}. Clinical records are "
        "read-only; everything you do is recorded under your name."
    )


class CustodianBanner(QtWidgets.QFrame):
    passphrase_requested = Signal()

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("custodianBanner")
        self.setStyleSheet(banner_style())
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
        # Every other window the custodian opens gets the strip; it lives as long as this.
        self.windows = CustodianWindows(session, self)
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.installEventFilter(self.windows)


class CustodianStrip(QtWidgets.QFrame):
    """The strip at the top of a window: a child laid over the host's top margin, so it
    fits any layout. The host is the window, or each page of a wizard (a wizard lays its
    parts out itself, ignoring its margins)."""

    def __init__(self, session: VaultSession, host: QtWidgets.QWidget) -> None:
        super().__init__(host)
        self.setObjectName("custodianStrip")
        self.setStyleSheet(banner_style())
        self.label = QtWidgets.QLabel(strip_text(session))
        self.label.setObjectName("custodianStripText")
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Custodian mode")
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(10, 4, 10, 4)
        row.addWidget(self.label)
        self._host = host
        self._margins = host.contentsMargins()
        self._height = 0
        host.installEventFilter(self)
        self.fit()
        self.show()

    def fit(self) -> None:
        width = self._host.width()
        height = self.heightForWidth(width)
        self.setGeometry(0, 0, width, height)
        self.raise_()
        if height != self._height:
            self._height = height
            m = self._margins
            self._host.setContentsMargins(m.left(), m.top() + height, m.right(), m.bottom())
            self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """A window was sized for its content before the strip came: it grows by what the
        content now needs (within the screen), so no wrapped text below is cut off."""
        host, layout = self._host, self._host.layout()
        if not host.isWindow() or layout is None:
            return
        layout.invalidate()  # the new margin counts
        width = host.width()
        needed = max(
            layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else 0,
            layout.totalMinimumSize().height(),
        )
        screen = host.screen()
        if screen is not None:
            needed = min(needed, screen.availableGeometry().height())
        if needed > host.height():
            host.resize(width, needed)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self._host and event.type() == QtCore.QEvent.Type.Resize:
            self.fit()
        return False

    def remove(self) -> None:
        """Custodian mode ended: the host gets its own margins back."""
        self._host.removeEventFilter(self)
        self._host.setContentsMargins(self._margins)
        self.hide()
        self.deleteLater()


# Windows that are not screens of their own: a question, a file or printer chooser.
_NOT_SCREENS = (
    QtWidgets.QMessageBox,
    QtWidgets.QFileDialog,
    QtWidgets.QInputDialog,
    QtWidgets.QProgressDialog,
    QtWidgets.QMenu,
)


class CustodianWindows(QObject):
    """Installed on the application in custodian mode: each window shown gets the strip."""

    def __init__(self, session: VaultSession, parent: QtCore.QObject) -> None:
        super().__init__(parent)
        self._session = session

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Show and isinstance(watched, QtWidgets.QWidget):
            self.mark(watched)
        return False

    def withdraw(self) -> None:
        """On lock, before the unlock window shows (the session is still open then): no
        window gets the strip any more, and those that have it lose it."""
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for window in QtWidgets.QApplication.topLevelWidgets():
            for strip in window.findChildren(CustodianStrip):
                strip.remove()

    def mark(self, window: QtWidgets.QWidget) -> None:
        # A screen is a dialog: a part shown before its window takes it in (a text box
        # made visible while it has no parent yet) is a window only for that moment.
        if (
            not isinstance(window, QtWidgets.QDialog)
            or not window.isWindow()
            or isinstance(window, _NOT_SCREENS)
            or window.windowType() in (QtCore.Qt.WindowType.Popup, QtCore.Qt.WindowType.ToolTip)
            or window.findChild(CustodianBanner) is not None
            or window.findChild(CustodianStrip) is not None
            or not (self._session.is_open and self._session.is_custodian)
        ):
            return
        if isinstance(window, QtWidgets.QWizard):
            for page_id in window.pageIds():
                CustodianStrip(self._session, window.page(page_id))
        else:
            CustodianStrip(self._session, window)
