"""The app controller: welcome → create or unlock → main window → lock → unlock …

`run_gui` builds the QApplication and hands over to `AppController`, which owns the
one open `VaultSession` and every top-level window. Locking closes and deletes the main
window (every view of client data goes with it), zeroes the key (`session.lock()`), and
shows the unlock dialog for the same vault.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from recordsafe import app_config
from recordsafe.app_config import AppConfig
from recordsafe.ui.backup.auto_backup import maybe_backup_on_lock
from recordsafe.ui.disclosure import clipboard
from recordsafe.ui.operations import UNEXPECTED_ERROR, any_running, log_unexpected, show_message
from recordsafe.ui.qt import QObject, QtGui, QTimer, QtWidgets
from recordsafe.ui.vault.create_wizard import CreateVaultWizard
from recordsafe.ui.vault.unlock_dialog import UnlockDialog
from recordsafe.ui.vault.unlock_result import UnlockResult
from recordsafe.ui.welcome import WelcomeWindow
from recordsafe.vault import CreatedVault, KdfParams, StorageError, VaultSession, device_keys

log = logging.getLogger(__name__)

# While a background task may be using the session, a lock waits this long and retries.
LOCK_RETRY_MS = 500

MainWindowFactory = Callable[[VaultSession, AppConfig], QtWidgets.QMainWindow]


def _default_main_window(session: VaultSession, config: AppConfig) -> QtWidgets.QMainWindow:
    from recordsafe.ui.main_window import MainWindow  # noqa: PLC0415 (heavy; after unlock)

    return MainWindow(session, config)


class AppController(QObject):
    """Which top-level window is showing, and the session behind the main window."""

    def __init__(
        self,
        config: AppConfig,
        kdf: KdfParams | None,
        *,
        main_window_factory: MainWindowFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config
        self.kdf = kdf
        self._make_main_window = main_window_factory or _default_main_window
        self.session: VaultSession | None = None
        self.main_window: QtWidgets.QMainWindow | None = None
        self.welcome: WelcomeWindow | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.wizard: CreateVaultWizard | None = None
        # Tests set a tiny interval here; None means "config.autolock_minutes".

    # --- what to show at start ----------------------------------------------------------

    def start(self, vault: Path | None = None) -> None:
        if vault is not None:
            self.show_unlock(vault)
        elif self.config.recent_vaults:
            self.show_unlock(None)
        else:
            self.show_welcome()

    def show_welcome(self) -> None:
        welcome = WelcomeWindow(self.config)
        welcome.create_requested.connect(self.show_create)
        welcome.open_requested.connect(self.show_unlock)
        self.welcome = welcome
        welcome.show()
        self._close_others(keep=welcome)

    def show_create(self) -> None:
        wizard = CreateVaultWizard(kdf=self.kdf)
        wizard.finished_with.connect(self._created)
        wizard.rejected.connect(self._back_to_welcome)
        self.wizard = wizard
        wizard.show()
        self._close_others(keep=wizard)

    def show_unlock(self, folder: Path | None = None, *, try_device: bool = True) -> None:
        dialog = UnlockDialog(self.config, folder=folder, kdf=self.kdf, try_device=try_device)
        dialog.unlocked.connect(self._unlocked)
        dialog.rejected.connect(self._unlock_cancelled)
        self.unlock_dialog = dialog
        dialog.show()
        self._close_others(keep=dialog)

    def _back_to_welcome(self) -> None:
        if self.session is None:
            self.show_welcome()

    def _unlock_cancelled(self) -> None:
        # Cancel on the unlock screen goes back to the start, not out of the app.
        if self.session is None and self.welcome is None:
            self.show_welcome()

    def _close_others(self, keep: QtWidgets.QWidget) -> None:
        """Close every other top-level screen of ours (the new one is shown first, so
        the app never has zero windows and does not quit)."""
        for name in ("welcome", "unlock_dialog", "wizard"):
            widget = getattr(self, name)
            if widget is None or widget is keep:
                continue
            setattr(self, name, None)
            widget.blockSignals(True)  # closing is not "the user cancelled"
            widget.close()
            widget.deleteLater()

    # --- unlocked ------------------------------------------------------------------------

    def _created(self, created: CreatedVault) -> None:
        self._open_main(created.session, [])

    def _unlocked(self, result: UnlockResult) -> None:
        self._open_main(result.session, result.notices)

    def _open_main(self, session: VaultSession, notices: list[str]) -> None:
        self.session = session
        self.config.remember_vault(session.folder)
        self._save_config()
        try:
            window = self._make_main_window(session, self.config)
        except Exception as exc:
            # No window means no way to use or lock the session: lock it and say so.
            log_unexpected(exc, "opening the main window")
            session.lock()
            self.session = None
            self.show_unlock(session.folder, try_device=False)
            if self.unlock_dialog is not None:
                self.unlock_dialog.show_error(UNEXPECTED_ERROR)
            return
        self.main_window = window
        for signal, slot in self._window_signals(window):
            signal.connect(slot)
        window.show()
        self._close_others(keep=window)
        findings = list(session.integrity_findings)
        if findings:
            self._notice(
                "RecordSafe found a problem while checking this vault:\n\n• "
                + "\n• ".join(findings)
                + "\n\nYour records are open. Make a backup now and run Vault ▸ Verify.",
                title="Vault integrity warning",
            )
        for text in notices:
            self._notice(text, title="RecordSafe")
        self._keyring_notice_once()

    def _window_signals(
        self, window: QtWidgets.QMainWindow
    ) -> list[tuple[Any, Callable[..., None]]]:
        wanted = (
            ("lock_requested", self.lock),
            ("close_vault_requested", self.close_vault),
            ("session_replaced", self._session_replaced),
        )
        return [(getattr(window, name), slot) for name, slot in wanted if hasattr(window, name)]

    def _notice(self, text: str, *, title: str) -> None:
        # A child of the main window: it goes when the window goes (on lock).
        show_message(self.main_window, text, title=title)

    def _keyring_notice_once(self) -> None:
        if self.config.keyring_notice_shown:
            return
        status = device_keys.status()
        if status.available:
            return
        self.config.keyring_notice_shown = True
        self._save_config()
        self._notice(status.reason, title="No keyring on this computer")

    def _save_config(self) -> None:
        try:
            app_config.save(self.config)
        except StorageError as exc:
            log.warning("settings not saved (%s)", type(exc).__name__)
            self._notice(
                exc.message + "\nRecordSafe keeps working; your recent vaults may be forgotten.",
                title="Settings not saved",
            )

    def _session_replaced(self, session: object) -> None:
        if isinstance(session, VaultSession):
            self.session = session

    # --- lock and close ----------------------------------------------------------------------

    def _drop_main_window(self) -> None:
        window, self.main_window = self.main_window, None
        if window is None:
            return
        for signal, slot in self._window_signals(window):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        window.blockSignals(True)
        window.close()
        window.deleteLater()

    def lock(self) -> None:
        """Close every view of client data, zero the key, and ask to unlock again."""
        if self.session is None:
            return
        if any_running():
            # A backup or export is using the session: lock as soon as it is done.
            QTimer.singleShot(LOCK_RETRY_MS, self.lock)
            return
        session, self.session = self.session, None
        folder = session.folder
        # Show the unlock dialog first, so the app never has zero windows and quits.
        self.show_unlock(folder, try_device=False)
        self._drop_main_window()
        self._lock_session(session)
        log.info("vault locked")

    def close_vault(self) -> None:
        session, self.session = self.session, None
        self.show_welcome()
        self._drop_main_window()
        if session is not None:
            self._lock_session(session)

    def shutdown(self) -> None:
        """On quit: lock whatever is open."""
        if self.session is not None:
            self._lock_session(self.session)
            self.session = None

    def _lock_session(self, session: VaultSession) -> None:
        """The automatic backup (when the practice turned it on), then the lock itself."""
        clipboard.clear_now()  # a note's text copied less than 30 s ago goes too
        status = maybe_backup_on_lock(session)
        session.lock()
        if status is not None:
            # A sentence of the backup module's own: file names and reasons, no records.
            log.info("automatic backup: %s", status)
            if status.startswith("Automatic backup"):
                show_message(QtWidgets.QApplication.activeWindow(), status)


def _style_sheet() -> str:
    """app.qss, and app-dark.qss after it when the palette is dark (its window darker
    than its text): lighter reds and greens for the few colours that carry meaning."""
    from recordsafe.resources import resource_path  # noqa: PLC0415

    names = ["app.qss"]
    app = QtWidgets.QApplication.instance()
    if isinstance(app, QtWidgets.QApplication):
        palette = app.palette()
        window = palette.color(QtGui.QPalette.ColorRole.Window).lightness()
        if window < palette.color(QtGui.QPalette.ColorRole.WindowText).lightness():
            names.append("app-dark.qss")
    parts = []
    for name in names:
        try:
            parts.append(resource_path("styles", name).read_text(encoding="utf-8"))
        except OSError:
            continue
    return "\n".join(parts)


def _install_excepthook() -> None:
    """A bug in a slot must not end the session silently or print content to a console."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        log_unexpected(exc, "the app")
        show_message(QtWidgets.QApplication.activeWindow(), UNEXPECTED_ERROR)

    sys.excepthook = hook


def run_gui(*, vault: Path | None = None, demo: bool = False, kdf: KdfParams | None = None) -> int:
    """Start the app: the demo vault, a given vault, the last vaults used, or the welcome."""
    from recordsafe.app_log import setup_logging  # noqa: PLC0415

    app = QtWidgets.QApplication.instance()
    if not isinstance(app, QtWidgets.QApplication):
        app = QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("RecordSafe")
    app.setApplicationDisplayName("RecordSafe")
    style = _style_sheet()
    if style:
        app.setStyleSheet(style)
    setup_logging()
    _install_excepthook()
    log.info("RecordSafe starting")
    controller = AppController(app_config.load(), kdf)
    app.aboutToQuit.connect(controller.shutdown)
    if demo:
        from recordsafe.demo import ensure_demo_vault  # noqa: PLC0415

        vault = ensure_demo_vault(kdf=kdf)
    controller.start(vault)
    return int(app.exec())
