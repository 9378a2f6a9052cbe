"""The app controller: welcome → create or unlock → main window → lock → unlock …

`run_gui` builds the QApplication and hands over to `AppController`, which owns the
one open `VaultSession` and every top-level window. Locking closes and deletes the main
window (every view of client data goes with it), zeroes the key (`session.lock()`), and
shows the unlock dialog for the same vault.

Lock means hidden, at once: the unlock window shows and the main window (with every
dialog) goes in the same moment, whatever is running. Work still using the session (a
release being written, a backup, a key change) then finishes without a window; the
automatic backup on lock runs on a worker thread after it; only then is the session
locked. Meanwhile the unlock window stays responsive and says what it is waiting for.
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
from recordsafe.closure import destruction
from recordsafe.ui import operations
from recordsafe.ui.backup.auto_backup import maybe_backup_on_lock
from recordsafe.ui.disclosure import clipboard
from recordsafe.ui.operations import UNEXPECTED_ERROR, log_unexpected, show_message
from recordsafe.ui.qt import QObject, QtGui, QThreadPool, QtWidgets
from recordsafe.ui.vault.create_wizard import CreateVaultWizard
from recordsafe.ui.vault.unlock_dialog import UnlockDialog
from recordsafe.ui.vault.unlock_result import UnlockResult
from recordsafe.ui.welcome import WelcomeWindow
from recordsafe.vault import (
    CreatedVault,
    KdfParams,
    StorageError,
    VaultError,
    VaultSession,
    device_keys,
)
from recordsafe.vault.backup_policy import read_settings

log = logging.getLogger(__name__)

INTEGRITY_ADVICE = (
    "\n\nYour records are open. Make a backup now, run Vault ▸ Verify vault… for the full "
    "report, and review what was found in Vault ▸ Security & keys… (it stays there until "
    "you have)."
)

FINISHING = "Locking: finishing the work that was running…"
BACKING_UP = "Locking: making the automatic backup…"

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
        # Sessions whose windows are gone but whose work is still finishing; locked next.
        self.closing: list[VaultSession] = []
        self._backing_up: set[int] = set()  # id() of those whose automatic backup runs

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
        welcome.custodian_open_requested.connect(self.show_custodian_unlock)
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
        if self.closing:  # the last session is still finishing its work
            dialog.hold(FINISHING)
        dialog.show()
        self._close_others(keep=dialog)

    def show_custodian_unlock(self, folder: Path) -> None:
        """The custodian unlock of `folder`, over its unlock window (Cancel leaves that
        window, with its custodian link). No device key: it would open the practitioner's
        session for someone who holds only a custodian code."""
        self.show_unlock(folder, try_device=False)
        if self.unlock_dialog is not None:
            self.unlock_dialog.open_custodian_dialog()

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
        self._open_main(result.session, result.notices, result.news)

    def _open_main(
        self, session: VaultSession, notices: list[str], news: list[str] | None = None
    ) -> None:
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
        warning, information = (
            QtWidgets.QMessageBox.Icon.Warning,
            QtWidgets.QMessageBox.Icon.Information,
        )
        messages: list[tuple[str, str, QtWidgets.QMessageBox.Icon]] = []
        findings = list(session.integrity_findings)
        if findings:
            text = "RecordSafe found a problem while checking this vault:\n\n• "
            text += "\n• ".join(findings) + INTEGRITY_ADVICE
            messages.append((text, "Vault integrity warning", warning))
        messages += [(text, "RecordSafe", warning) for text in notices]
        messages += [(text, "RecordSafe", information) for text in news or []]
        keyring = self._keyring_notice_once()
        if keyring:
            messages.append((keyring, "No keyring on this computer", warning))
        self._show_in_turn(window, messages)
        self._catch_up(session)

    def _show_in_turn(
        self,
        window: QtWidgets.QMainWindow,
        messages: list[tuple[str, str, QtWidgets.QMessageBox.Icon]],
    ) -> None:
        """The unlock's messages one after the other, the next when the last is closed:
        never one on top of another (walk finding). None once the window is gone (locked)."""
        if not messages or self.main_window is not window:
            return
        text, title, icon = messages[0]
        box = show_message(window, text, title=title, icon=icon)
        box.finished.connect(lambda _result: self._show_in_turn(window, messages[1:]))

    @staticmethod
    def _catch_up(session: VaultSession) -> None:
        """A compaction a destruction could not finish (full disk, crash), on a worker.

        At unlock, not lock: unlock comes after a crash too, and lock must stay quick."""
        if not session.owes(destruction.COMPACTION):
            return  # the usual case: no worker at all
        operations.run_in_background(
            None,
            lambda: destruction.compact_if_owed(session),
            label="compacting the vault after a destruction",
            on_success=lambda _ran: None,
            # Still owed: the next unlock tries again.
            on_failure=lambda exc: log.warning("compaction: %s", type(exc).__name__),
        )

    def _window_signals(
        self, window: QtWidgets.QMainWindow
    ) -> list[tuple[Any, Callable[..., None]]]:
        wanted = (
            ("lock_requested", self.lock),
            ("lock_and_open_requested", self.lock),
            ("close_vault_requested", self.close_vault),
            ("session_replaced", self._session_replaced),
        )
        return [(getattr(window, name), slot) for name, slot in wanted if hasattr(window, name)]

    def _notice(self, text: str, *, title: str) -> None:
        # A child of the main window: it goes when the window goes (on lock).
        show_message(self.main_window, text, title=title)

    def _keyring_notice_once(self) -> str | None:
        """Why there is no keyring, the first time it is missing (then never again)."""
        if self.config.keyring_notice_shown:
            return None
        status = device_keys.status()
        if status.available:
            return None
        self.config.keyring_notice_shown = True
        self._save_config()
        return status.reason

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
        self._save_config()  # the window's size, remembered for the next unlock

    def lock(self, then_open: Path | None = None) -> None:
        """Hide every view of client data now; lock the session once its work is done.

        `then_open`: the unlock window is for that vault instead ("Open it" after
        Vault ▸ Restore from backup…), and may use this computer's device key for it."""
        if self.session is None:
            return
        session, self.session = self.session, None
        # Show the unlock dialog first, so the app never has zero windows and quits.
        if isinstance(then_open, Path):
            self.show_unlock(then_open)
        else:
            self.show_unlock(session.folder, try_device=False)
            # Test doubles of the window may lack the flag: a user's lock then.
            idle = bool(getattr(self.main_window, "locked_when_idle", False))
            if idle and self.unlock_dialog is not None:
                minutes = self.config.autolock_minutes
                self.unlock_dialog.say_why_locked(
                    f"Locked after {minutes} minute{'s' if minutes != 1 else ''} without "
                    "activity. Windows that were open were closed."
                )
        self._drop_main_window()
        self._close_when_idle(session)

    def close_vault(self) -> None:
        session, self.session = self.session, None
        self.show_welcome()
        self._drop_main_window()
        if session is not None:
            self._close_when_idle(session)

    def shutdown(self) -> None:
        """On quit: let running work end, then lock whatever is open (no window left)."""
        sessions = [*self.closing, *([self.session] if self.session is not None else [])]
        self.closing, self.session = [], None
        for session in sessions:
            if session.is_open:
                session.stop_background_readers()  # the audit check: stop, not wait
        QThreadPool.globalInstance().waitForDone()
        for session in sessions:
            if session.is_open and id(session) not in self._backing_up:
                self._log_backup(maybe_backup_on_lock(session))
            session.lock()

    # --- locking once the work is done ---------------------------------------------------

    def _close_when_idle(self, session: VaultSession) -> None:
        clipboard.clear_now()  # a note's text copied less than 30 s ago goes at once
        self.closing.append(session)
        if operations.any_running():
            self._hold_unlock(FINISHING)
        operations.when_idle(lambda: self._backup_then_lock(session))

    def _backup_then_lock(self, session: VaultSession) -> None:
        if session not in self.closing:  # shutdown got there first
            return
        if not _backup_due(session):
            self._locked(session, None)
            return
        # Seconds per gigabyte: on a worker thread, with the unlock window responsive.
        self._hold_unlock(BACKING_UP)
        self._backing_up.add(id(session))
        operations.run_in_background(
            None,
            lambda: maybe_backup_on_lock(session),
            label="the automatic backup on lock",
            on_success=lambda status: self._locked(session, status),
            on_failure=lambda _exc: self._locked(session, None),  # it never raises
        )

    def _locked(self, session: VaultSession, status: str | None) -> None:
        self._backing_up.discard(id(session))
        if session in self.closing:
            self.closing.remove(session)
        try:
            session.lock()  # closes and zeroes the key even when writing the head fails
        except VaultError as exc:
            log.warning("lock: %s", type(exc).__name__)
            status = f"The vault is locked, but {exc.message}"
        finally:
            if not self.closing:  # whatever happened, the unlock window works again
                self._hold_unlock(None)
        log.info("vault locked")
        shown_over = self.unlock_dialog or QtWidgets.QApplication.activeWindow()
        if status is not None and status.startswith("The vault is locked"):
            show_message(shown_over, status)
        elif self._log_backup(status):
            show_message(shown_over, status or "")

    @staticmethod
    def _log_backup(status: str | None) -> bool:
        """Log the backup's sentence; whether it is a failure the user must see."""
        if status is None:
            return False
        # A sentence of the backup module's own: file names and reasons, no records.
        log.info("automatic backup: %s", status)
        return status.startswith("Automatic backup")

    def _hold_unlock(self, status: str | None) -> None:
        """The unlock window waits (and says why) until the last session is locked."""
        if self.unlock_dialog is not None:
            self.unlock_dialog.hold(status)


def _backup_due(session: VaultSession) -> bool:
    """Whether the lock makes a backup (a quick read of the settings, on the UI thread)."""
    if not session.is_open:  # a key rotation cut off by the lock closed it already
        return False
    try:
        settings = read_settings(session)
    except VaultError:
        return True  # the backup itself reports what is wrong
    return settings.on_lock and settings.folder is not None


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
