"""Run slow vault work off the UI thread, with a busy popup and plain-words errors.

The idea is Anki's `CollectionOp`: every long action (KDF, backup, export) goes through
one helper, so every one gets the same progress indicator and the same error handling.

A `VaultError` is a known failure whose `.message` is fit to show. Anything else is a
bug: we log its type and traceback frames (never its message, which may quote client
content) and tell the user in plain words.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from recordsafe.ui.qt import (
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    QtWidgets,
    Signal,
    Slot,
)
from recordsafe.vault.errors import VaultError

T = TypeVar("T")

log = logging.getLogger(__name__)

BUSY_DELAY_MS = 300
UNEXPECTED_ERROR = (
    "Something went wrong and RecordSafe could not finish this. Nothing was lost: "
    "what was already saved in the vault is safe. If it happens again, restart RecordSafe; "
    "the details are in the log (it never holds client information)."
)


class UnexpectedError(VaultError):
    """Stands in for a bug's exception when handed to `on_failure`: a safe message only."""

    def __init__(self) -> None:
        super().__init__(UNEXPECTED_ERROR)


# Operations still running; keeps their Python objects alive until they report back.
_running: set[_Operation[Any]] = set()


def any_running() -> bool:
    """Whether a background task may be using the session right now (lock waits for it)."""
    return bool(_running)


def log_unexpected(exc: BaseException, context: str) -> None:
    """Log a bug by type and frames only: messages can carry client content."""
    # File, line and function only: the source line itself may hold a literal.
    frames = "".join(
        f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n'
        for frame in traceback.extract_tb(exc.__traceback__)
    )
    log.error("Unexpected %s during %s\n%s", type(exc).__qualname__, context, frames)


def show_message(
    parent: QtWidgets.QWidget | None,
    text: str,
    *,
    title: str = "RecordSafe",
    icon: QtWidgets.QMessageBox.Icon = QtWidgets.QMessageBox.Icon.Warning,
) -> QtWidgets.QMessageBox:
    """A window-modal message box that does not block the caller (tests can find it)."""
    box = QtWidgets.QMessageBox(icon, title, text, QtWidgets.QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()
    return box


class _Signals(QObject):
    finished = Signal()


class _Task(QRunnable):
    """The worker side. It must never hold the last reference to anything.

    Python objects freed on a worker thread would delete Qt objects (a dialog captured
    by `task`, a session's connection) on the wrong thread and crash. So the result goes
    into `outcome` (owned by the UI-thread `_Operation`) and every local reference is
    dropped *before* the UI thread is told to look; the UI thread frees everything.
    """

    def __init__(self, task: Callable[[], Any], outcome: list[Any], signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task: Callable[[], Any] | None = task
        self._outcome = outcome
        self._signals = signals  # a child of the _Operation: deleted with it, on the UI thread

    def run(self) -> None:
        task, self._task = self._task, None
        assert task is not None
        try:
            self._outcome.append((True, task()))
        except Exception as exc:
            self._outcome.append((False, exc))
        del task
        self._signals.finished.emit()


class _Operation(QObject, Generic[T]):
    """Lives on the UI thread; receives the worker's result through queued signals."""

    def __init__(
        self,
        parent: QtWidgets.QWidget,
        task: Callable[[], T],
        label: str,
        on_success: Callable[[T], None],
        on_failure: Callable[[Exception], None] | None,
    ) -> None:
        super().__init__()
        self._parent = parent
        self._parent_alive = True
        parent.destroyed.connect(self._on_parent_destroyed)
        self._task = task
        self._label = label
        self._on_success = on_success
        self._on_failure = on_failure
        self._progress: QtWidgets.QProgressDialog | None = None
        self._done = False
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self._show_busy)
        self._outcome: list[Any] = []
        self._signals = _Signals(self)
        # The receiver is this UI-thread object's slot, so delivery is queued onto the UI thread.
        self._signals.finished.connect(self._finished)

    def start(self) -> None:
        _running.add(self)
        self._busy_timer.start(BUSY_DELAY_MS)
        QThreadPool.globalInstance().start(_Task(self._task, self._outcome, self._signals))

    @Slot()
    def _on_parent_destroyed(self) -> None:
        self._parent_alive = False

    @Slot()
    def _show_busy(self) -> None:
        if self._done or not self._parent_alive:
            return
        progress = QtWidgets.QProgressDialog(self._label, "", 0, 0, self._parent)
        # A KDF cannot be cancelled: no cancel button.
        progress.setCancelButton(None)
        progress.setWindowTitle("RecordSafe")
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAccessibleName(self._label)
        progress.show()
        self._progress = progress

    def _finish(self) -> None:
        self._done = True
        self._busy_timer.stop()
        if self._parent_alive:
            # Disconnect now: if this object ends up holding the parent's last reference,
            # the parent's `destroyed` must not call back into a half-freed operation.
            try:
                self._parent.destroyed.disconnect(self._on_parent_destroyed)
            except (RuntimeError, TypeError):
                pass
        _running.discard(self)
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    @Slot()
    def _finished(self) -> None:
        ok, value = self._outcome.pop()
        try:
            if ok:
                self._succeeded(value)
            else:
                self._failed(value)
        finally:
            del value
            self._release()

    def _release(self) -> None:
        """Drop the task, callbacks and parent here, on the UI thread, in a known order."""
        self._task = None  # type: ignore[assignment]
        self._on_success = None  # type: ignore[assignment]
        self._on_failure = None
        self._parent = None  # type: ignore[assignment]

    def _succeeded(self, result: T) -> None:
        self._finish()
        if not self._parent_alive:
            # Nobody is left to receive it; release what it holds (an unlocked session).
            close = getattr(result, "close", None)
            if callable(close):
                close()
            return
        try:
            self._on_success(result)
        except Exception as exc:
            self._report_unexpected(exc)

    def _failed(self, exc: Exception) -> None:
        self._finish()
        if not self._parent_alive:
            if not isinstance(exc, VaultError):
                log_unexpected(exc, self._label)
            return
        if not isinstance(exc, VaultError):
            log_unexpected(exc, self._label)
            exc = UnexpectedError()
        if self._on_failure is None:
            self._show(exc.message)
            return
        try:
            self._on_failure(exc)
        except Exception as inner:
            self._report_unexpected(inner)

    def _report_unexpected(self, exc: Exception) -> None:
        log_unexpected(exc, self._label)
        self._show(UNEXPECTED_ERROR)

    def _show(self, text: str) -> None:
        show_message(self._parent if self._parent_alive else None, text)


def run_in_background(
    parent: QtWidgets.QWidget,
    task: Callable[[], T],
    *,
    label: str,
    on_success: Callable[[T], None],
    on_failure: Callable[[Exception], None] | None = None,
) -> None:
    """Run `task` on a worker thread; call `on_success(result)` back on the UI thread.

    `task` must not touch widgets. A busy popup with `label` appears if the task takes
    longer than 300 ms. A `VaultError` goes to `on_failure` (or, without one, a message
    box showing its `.message`). Any other exception is a bug: it is logged (type and
    frames only) and replaced by an `UnexpectedError` whose `.message` says "something
    went wrong, nothing was lost", so `on_failure` can always show `exc.message` and
    reset its screen.
    """
    _Operation(parent, task, label, on_success, on_failure).start()
