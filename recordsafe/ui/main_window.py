"""The main window of an unlocked vault: layout, status bar, lock and auto-lock.

Each area of the app (`ui/<area>/actions.py`, listed in `ui/areas.py`) installs its own
menu entries, toolbar buttons and banners through the `Host` protocol (`ui/area.py`);
this window lays them out and owns the session's end. The app controller owns the
session's life: this window asks for a lock (`lock_requested`) or a close
(`close_vault_requested`) and, before asking, drops every reference it holds to the
session and closes every dialog that shows vault data. Key rotation replaces the
session; the window then announces `session_replaced(new)`.

Auto-lock: any key, click, wheel or mouse move anywhere in the app counts as activity.
Idle time is measured on both the wall clock and the monotonic clock and the larger one
wins, so time spent asleep (which a monotonic clock may not count) still locks the vault.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from recordsafe import APP_NAME
from recordsafe.app_config import AppConfig
from recordsafe.closure import custodian
from recordsafe.demo import is_demo
from recordsafe.disclosure.practice_info import practice_info
from recordsafe.ui import operations
from recordsafe.ui.area import Area, Shortcut
from recordsafe.ui.areas import AREAS
from recordsafe.ui.home_page import HomePage
from recordsafe.ui.menus import MenuLayout
from recordsafe.ui.operations import HoldsSession
from recordsafe.ui.qt import QObject, Qt, QtCore, QtGui, QTimer, QtWidgets, Signal
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault import VaultSession

A = TypeVar("A", bound=Area)

PRACTITIONER = "Practitioner"
CUSTODIAN = "Records custodian"
IDLE_CHECK_MS = 5_000
# A 1366x768 laptop leaves about 1366x730 for windows (its panel) and a title bar.
DEFAULT_SIZE = (1240, 680)
SCREEN_MARGIN = QtCore.QSize(0, 40)
MINIMUM_SIZE = QtCore.QSize(640, 480)

ACTIVITY_EVENTS = frozenset(
    {
        QtCore.QEvent.Type.KeyPress,
        QtCore.QEvent.Type.MouseButtonPress,
        QtCore.QEvent.Type.MouseMove,
        QtCore.QEvent.Type.Wheel,
        QtCore.QEvent.Type.TouchBegin,
    }
)

Clock = Callable[[], tuple[float, float]]


def system_clock() -> tuple[float, float]:
    return time.time(), time.monotonic()


def shown_name(session: VaultSession) -> str:
    """The practice's name where the vault has one (it survives a restore into any
    folder), else the vault folder's."""
    return practice_info(session).name or session.name


def lock_hint(minutes: int) -> str:
    return f"Locks after {minutes} min idle"


def _separator() -> QtWidgets.QFrame:
    line = QtWidgets.QFrame()
    line.setFrameShape(QtWidgets.QFrame.Shape.VLine)
    line.setFrameShadow(QtWidgets.QFrame.Shadow.Sunken)
    return line


class MainWindow(QtWidgets.QMainWindow):
    lock_requested = Signal()
    close_vault_requested = Signal()
    settings_changed = Signal()
    session_replaced = Signal(object)
    # Lock, then unlock another vault (a restored one): its folder.
    lock_and_open_requested = Signal(object)

    def __init__(
        self,
        session: VaultSession,
        config: AppConfig,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = session
        self._config = config
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"{APP_NAME} — {shown_name(session)}")
        self._restore_size()

        # The client workspace comes first: it is where the day is spent.
        self.records_page = RecordsPage(session)
        self.records_page.dialog_opened.connect(self.guard_dialog)
        self.records_page.privacy_mode_changed.connect(self._privacy_changed)
        self.home_page = HomePage(
            vault_name=shown_name(session),
            folder=session.folder,
            role=CUSTODIAN if session.is_custodian else PRACTITIONER,
            unlock_findings=list(session.integrity_findings),
        )
        self.home_page.lock_clicked.connect(self.request_lock)

        self.toolbar = self.addToolBar("Vault")
        self.toolbar.setObjectName("vaultToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._menus = MenuLayout(self.menuBar(), self.toolbar)
        self._usable_when_locked: set[QtGui.QAction] = set()
        self._banners: list[QtWidgets.QWidget] = []
        self._build_own_actions()
        self._areas = [make(self) for make in AREAS]
        self._menus.finish()
        self._build_status_bar(session)

        self.pages = QtWidgets.QTabWidget()
        self.pages.setObjectName("mainPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.records_page, "&Clients")
        self.pages.addTab(self.home_page, "&Vault")
        workspace = QtWidgets.QWidget()
        workspace.setObjectName("workspace")
        column = QtWidgets.QVBoxLayout(workspace)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        for banner in self._banners:
            column.addWidget(banner)
        column.addWidget(self.pages, 1)
        self.set_central_page(workspace)
        self.refresh_keys_summary()
        for area in self._areas:
            area.started()

        # Auto-lock: note activity app-wide, check the idle time every few seconds.
        self.clock: Clock = system_clock
        self._last_activity = self.clock()
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        # Set when auto-lock (not the user) locked the vault: the unlock window says so.
        self.locked_when_idle = False
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start()

    # --- what the areas use (the Host protocol, ui/area.py) ------------------------------

    @property
    def session(self) -> VaultSession | None:
        return self._session

    @property
    def config(self) -> AppConfig:
        return self._config

    @property
    def dialog_parent(self) -> QtWidgets.QMainWindow:
        return self

    def add_action(
        self,
        text: str,
        slot: Callable[[], object],
        *,
        places: tuple[str, ...],
        shortcut: Shortcut = None,
        name: str = "",
        when_locked: bool = False,
    ) -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        if when_locked:
            self._usable_when_locked.add(action)
        self.place(action, places)
        return action

    def place(self, action: QtGui.QAction, places: tuple[str, ...]) -> None:
        for where in places:
            self._menus.add(where, action)

    def menu(self, name: str) -> QtWidgets.QMenu:
        return self._menus.menus[name]

    def add_banner(self, banner: QtWidgets.QWidget) -> None:
        self._banners.append(banner)

    def area(self, kind: type[A]) -> A:
        """The installed area of this kind (tests and other areas open its windows)."""
        for area in self._areas:
            if isinstance(area, kind):
                return area
        raise LookupError(kind.__name__)

    def refresh_keys_summary(self) -> None:
        if self._session is not None and self._session.is_open:
            self.home_page.show_keys(self._session.slots, self._session.vault_id)

    def replace_session(self, session: VaultSession) -> None:
        """Key rotation re-opened the vault under a new key."""
        self._session = session
        self.refresh_keys_summary()
        self.session_replaced.emit(session)

    def settings_saved(self) -> None:
        """Settings or practice details saved: the lock hint and the vault's name follow."""
        self.lock_hint_label.setText(lock_hint(self._config.autolock_minutes))
        if self._session is not None and self._session.is_open:
            name = shown_name(self._session)
            self.setWindowTitle(f"{APP_NAME} — {name}")
            self.vault_label.setText(name)
            self.home_page.title.setText(name)
        self.note_activity()
        self.settings_changed.emit()

    def show_dialog(self, dialog: QtWidgets.QDialog) -> None:
        # Window-modal and non-blocking: no nested event loop for auto-lock to fight.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.guard_dialog(dialog)
        dialog.open()

    def guard_dialog(self, dialog: QtWidgets.QDialog) -> None:
        """A modal dialog blocks the window's own shortcuts; Ctrl+L must still lock."""
        lock = QtGui.QShortcut(self.lock_action.shortcut(), dialog)
        lock.activated.connect(self.request_lock)

    # --- building -------------------------------------------------------------------

    def _build_own_actions(self) -> None:
        """Lock, close and quit: the window's own, at the top and bottom of the Vault menu."""
        self.lock_action = self.add_action(
            "&Lock", self.request_lock, places=("vault.lock", "toolbar.lock"),
            shortcut="Ctrl+L", name="lockAction",
        )  # fmt: skip
        self.lock_action.setToolTip("Lock the vault now (Ctrl+L)")
        self.close_vault_action = self.add_action(
            "&Close vault", self.request_close_vault, places=("vault.close",),
            name="closeVaultAction",
        )  # fmt: skip
        self.quit_action = self.add_action(
            "&Quit", self.request_quit, places=("vault.close",), shortcut="Ctrl+Q",
            name="quitAction", when_locked=True,
        )  # fmt: skip

    def _build_status_bar(self, session: VaultSession) -> None:
        status = self.statusBar()
        self.vault_label = QtWidgets.QLabel(shown_name(session))
        self.vault_label.setObjectName("statusVault")
        # The person, as the custodian banner names them (primary and alternate differ).
        role = CUSTODIAN if session.is_custodian else PRACTITIONER
        self.role_label = QtWidgets.QLabel(custodian.signed_in_as(session) or role)
        self.role_label.setObjectName("statusRole")
        self.lock_hint_label = QtWidgets.QLabel(lock_hint(self._config.autolock_minutes))
        self.lock_hint_label.setObjectName("statusLockHint")
        for label in (self.vault_label, self.role_label, self.lock_hint_label):
            label.setContentsMargins(6, 0, 6, 0)
        status.addWidget(self.vault_label)
        status.addWidget(_separator())
        status.addWidget(self.role_label)
        if is_demo(session):
            demo = QtWidgets.QLabel("Demo vault — fictional records only")
            demo.setObjectName("statusDemo")
            demo.setStyleSheet(text_style("caution", bold=True))
            demo.setContentsMargins(6, 0, 6, 0)
            status.addWidget(_separator())
            status.addWidget(demo)
        self.privacy_label = QtWidgets.QLabel("Privacy mode on")
        self.privacy_label.setObjectName("statusPrivacy")
        self.privacy_label.setStyleSheet("QLabel { font-weight: bold; }")
        self.privacy_label.setContentsMargins(6, 0, 6, 0)
        self.privacy_label.hide()
        status.addPermanentWidget(self.privacy_label)
        status.addPermanentWidget(self.lock_hint_label)

    def set_central_page(self, widget: QtWidgets.QWidget) -> None:
        """Show `widget` as the window's page; the previous page is deleted."""
        self.setCentralWidget(widget)

    def _restore_size(self) -> None:
        """The size it had when the vault was last locked, else most of a laptop screen;
        never larger than the screen it opens on."""
        wanted = QtCore.QSize(*self._config.window_size or DEFAULT_SIZE)
        screen = QtGui.QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry().size() - SCREEN_MARGIN
            wanted = wanted.boundedTo(room).expandedTo(MINIMUM_SIZE)
        self.resize(wanted)
        if self._config.window_maximized:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _remember_size(self) -> None:
        """For the next unlock (the app controller saves the settings file)."""
        maximized = self.isMaximized()
        size = self.normalGeometry().size() if maximized else self.size()
        if size.isValid():
            self._config.window_size = [size.width(), size.height()]
        self._config.window_maximized = maximized

    # --- state --------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self._session is None

    def is_busy(self) -> bool:
        """Work on the session is running in the background (the lock hides the windows
        at once and locks the session when it ends)."""
        return operations.any_running()

    def _privacy_changed(self, private: bool) -> None:
        self.privacy_label.setVisible(private)

    # --- idle and lock ------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self._last_activity = self.clock()
        return False

    def note_activity(self) -> None:
        self._last_activity = self.clock()

    def idle_seconds(self) -> float:
        wall, mono = self.clock()
        last_wall, last_mono = self._last_activity
        return max(wall - last_wall, mono - last_mono)

    def check_idle(self) -> None:
        if self._session is None:
            return
        due = self.idle_seconds() >= self._config.autolock_minutes * 60
        if due:
            self.locked_when_idle = True
            self.request_lock()

    def _drop_session(self) -> None:
        """Forget the session and close every dialog that could show vault data."""
        self._remember_size()
        self._session = None
        for area in self._areas:
            area.drop_session()
        self.idle_timer.stop()
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for dialog in self.findChildren(QtWidgets.QDialog):
            if isinstance(dialog, HoldsSession):
                dialog.drop_session()
        for dialog in reversed(self.findChildren(QtWidgets.QDialog)):
            if dialog.isVisible():
                dialog.reject()
            # A dialog whose work is running refuses to close: hidden all the same.
            dialog.hide()
        self.records_page.drop_session()
        for action in self.actions():
            if action not in self._usable_when_locked:
                action.setEnabled(False)
        self.lock_hint_label.setText("Locked")
        locked = QtWidgets.QLabel("Locked.")
        locked.setObjectName("lockedPage")
        locked.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_central_page(locked)

    def request_lock(self) -> None:
        """Lock now (Ctrl+L, the Lock button, auto-lock): every view of client data goes
        at once; work still running finishes without a window (the controller waits)."""
        if self._session is None:
            return
        self._drop_session()
        self.lock_requested.emit()

    def lock_and_open(self, folder: Path) -> None:
        """Lock as `request_lock` does; the controller then shows `folder`'s unlock window."""
        if self._session is None:
            return
        self._drop_session()
        self.lock_and_open_requested.emit(folder)

    def request_close_vault(self) -> None:
        if self._session is None:
            return
        self._drop_session()
        self.close_vault_requested.emit()

    def request_quit(self) -> None:
        # Closing the vault first lets the controller lock it properly before the app ends.
        self.request_close_vault()
        QTimer.singleShot(0, QtWidgets.QApplication.quit)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self._session is not None:
            self._remember_size()
        self.request_close_vault()
        super().closeEvent(event)
