"""The one runner for background work, and the one registry of it that lock and quit ask.

The idea is Anki's `CollectionOp`/`QueryOp`: every long action (KDF, backup, release,
key change, the audit chain check) goes through `run_in_background` (or
`run_with_progress` when the work can count its steps), so every one gets the same
progress indicator, the same error handling and the same bookkeeping:

- the task runs on a worker thread and never touches widgets; its result comes back on
  the UI thread (`on_success`), unless the window that asked is gone (then a result
  holding an open session is closed, and nothing is shown);
- a `VaultError` is a known failure whose `.message` is fit to show (`on_failure`, or a
  message box); anything else is a bug: logged by type and frames (never its message,
  which may quote client content) and replaced by an `UnexpectedError`;
- `any_running()` and `when_idle(callback)` tell the lock whether work that uses the
  session is still running; the lock hides every window at once and locks the session
  only when that work has ended.

A task and the UI thread share the session's one connection: each statement and each
transaction takes the connection's turn (`vault/database.py`), so a UI-thread read or
autosave waits for the worker's statement or transaction (never joins it). A task must
therefore never wait for the UI thread while inside a transaction: signals it emits are
queued, never blocking.

Windows that keep a reference to the session implement `HoldsSession` (`drop_session`);
the main window calls it on each such child when the vault locks, then closes them.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

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

# Progress as the domain reports it: (done, total), in any unit (bytes, items).
Progress = Callable[[int, int], None]
PROGRESS_STEPS = 1000
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


@runtime_checkable
class HoldsSession(Protocol):
    """A window (dialog, wizard, list window) that keeps a reference to the open session.

    When the vault locks, the main window calls `drop_session()` on every such window it
    owns, then closes it: after the call the window must not reach the session (set its
    `_session` to None, clear its models). A window that runs work on the session runs it
    through `run_in_background`/`run_with_progress`, so the lock waits for that work
    without the window; a `busy` flag of its own is only for its own buttons.
    """

    def drop_session(self) -> None: ...


# Work still running: keeps each operation alive until it reports back, and is what the
# lock asks (through any_running/when_idle) before it closes the session.
_running: set[_Operation[Any]] = set()
_idle_callbacks: list[Callable[[], None]] = []


def any_running() -> bool:
    """Whether work that uses the session is running (the lock waits for it)."""
    return any(op.lock_waits for op in _running)


def when_idle(callback: Callable[[], None]) -> None:
    """Call `callback` on the UI thread once no such work runs (at once if none does)."""
    if any_running():
        _idle_callbacks.append(callback)
    else:
        callback()


def _call_idle_callbacks() -> None:
    while _idle_callbacks and not any_running():
        _idle_callbacks.pop(0)()


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
    # Emitted on the worker thread; the receivers live on the UI thread, so Qt queues them.
    progressed = Signal(int)
    finished = Signal()


class _Task(QRunnable):
    """The worker side. It must never hold the last reference to anything.

    Python objects freed on a worker thread would delete Qt objects (a dialog captured
    by `task`, a session's connection) on the wrong thread and crash. So the result goes
    into `outcome` (owned by the UI-thread `_Operation`) and every local reference is
    dropped *before* the UI thread is told to look; the UI thread frees everything.
    """

    def __init__(
        self, task: Callable[[Progress], Any], outcome: list[Any], signals: _Signals
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task: Callable[[Progress], Any] | None = task
        self._outcome = outcome
        self._signals = signals  # a child of the _Operation: deleted with it, on the UI thread

    def run(self) -> None:
        task, self._task = self._task, None
        assert task is not None
        signals = self._signals
        last = [-1]

        def progress(done: int, total: int) -> None:
            # Only whole steps: a signal per megabyte would flood the UI thread's queue.
            step = PROGRESS_STEPS * done // max(total, 1)
            if step != last[0]:
                last[0] = step
                signals.progressed.emit(step)

        try:
            self._outcome.append((True, task(progress)))
        except Exception as exc:
            self._outcome.append((False, exc))
        del task
        signals.finished.emit()


class _Operation(QObject, Generic[T]):
    """Lives on the UI thread; receives the worker's progress and result through queued
    signals. Without a parent window (the audit check, the backup on lock) it shows
    nothing of its own and always reports back."""

    def __init__(
        self,
        parent: QtWidgets.QWidget | None,
        task: Callable[[Progress], T],
        *,
        label: str,
        on_success: Callable[[T], None],
        on_failure: Callable[[VaultError], None] | None,
        on_progress: Callable[[int], None] | None,
        lock_waits: bool,
    ) -> None:
        super().__init__()
        self._parent = parent
        self._parent_alive = True
        if parent is not None:
            parent.destroyed.connect(self._on_parent_destroyed)
        self._task: Callable[[Progress], T] | None = task
        self._label = label
        self._on_success: Callable[[T], None] | None = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        self.lock_waits = lock_waits
        self._progress: QtWidgets.QProgressDialog | None = None
        self._done = False
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self._show_busy)
        self._outcome: list[Any] = []
        self._signals = _Signals(self)
        # The receivers are this UI-thread object's slots, so delivery is queued.
        self._signals.progressed.connect(self._progressed)
        self._signals.finished.connect(self._finished)

    def start(self) -> None:
        task, self._task = self._task, None
        assert task is not None
        _running.add(self)
        if self._parent is not None and self._on_progress is None:
            self._busy_timer.start(BUSY_DELAY_MS)
        QThreadPool.globalInstance().start(_Task(task, self._outcome, self._signals))

    @Slot()
    def _on_parent_destroyed(self) -> None:
        self._parent_alive = False

    @Slot()
    def _show_busy(self) -> None:
        if self._done or not self._parent_alive or self._parent is None:
            return
        if not self._parent.window().isVisible():
            return  # hidden by a lock: nothing may appear on screen now
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

    @Slot(int)
    def _progressed(self, step: int) -> None:
        if not self._parent_alive:
            return
        if self._on_progress is not None:
            self._on_progress(step)
        elif self._progress is not None:
            # The work counts its steps: the busy popup becomes a progress bar.
            self._progress.setMaximum(PROGRESS_STEPS)
            self._progress.setValue(step)

    def _finish(self) -> None:
        self._done = True
        self._busy_timer.stop()
        if self._parent is not None and self._parent_alive:
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
            _call_idle_callbacks()

    def _release(self) -> None:
        """Drop the callbacks and parent here, on the UI thread, in a known order."""
        self._on_success = None
        self._on_failure = None
        self._on_progress = None
        self._parent = None

    def _succeeded(self, result: T) -> None:
        self._finish()
        if not self._parent_alive:
            # Nobody is left to receive it; release what it holds (an unlocked session,
            # or the new session of a key rotation cut off by a lock).
            _close_session_in(result)
            return
        assert self._on_success is not None
        try:
            self._on_success(result)
        except Exception as exc:
            self._report_unexpected(exc)

    def _failed(self, exc: Exception) -> None:
        self._finish()
        if not isinstance(exc, VaultError):
            log_unexpected(exc, self._label)
            exc = UnexpectedError()
        if not self._parent_alive:
            return
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
        parent = self._parent if self._parent_alive else None
        show_message(parent or QtWidgets.QApplication.activeWindow(), text)


def _close_session_in(result: object) -> None:
    for holder in (result, getattr(result, "session", None)):
        close = getattr(holder, "close", None)
        if callable(close):
            close()
            return


def run_in_background(
    parent: QtWidgets.QWidget | None,
    task: Callable[[], T],
    *,
    label: str,
    on_success: Callable[[T], None],
    on_failure: Callable[[VaultError], None] | None = None,
    lock_waits: bool = True,
) -> None:
    """Run `task` on a worker thread; call `on_success(result)` back on the UI thread.

    `task` must not touch widgets. A busy popup with `label` appears over `parent` if the
    task takes longer than 300 ms. A `VaultError` goes to `on_failure` (or, without one, a
    message box showing its `.message`). Any other exception is a bug: it is logged (type
    and frames only) and replaced by an `UnexpectedError` whose `.message` says "something
    went wrong, nothing was lost", so `on_failure` can always show `exc.message` and reset
    its screen. `parent` None: no popup, and the result is always delivered.
    `lock_waits=False` for work the session's own lock stops safely (a reader with its
    own connection): the lock does not wait for it.
    """
    run_with_progress(
        parent,
        lambda _progress: task(),
        label=label,
        on_success=on_success,
        on_failure=on_failure,
        lock_waits=lock_waits,
    )


def run_with_progress(
    parent: QtWidgets.QWidget | None,
    task: Callable[[Progress], T],
    *,
    label: str,
    on_success: Callable[[T], None],
    on_failure: Callable[[VaultError], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    lock_waits: bool = True,
) -> None:
    """`run_in_background` for work that reports `progress(done, total)`.

    With `on_progress`, the caller shows the steps (0..1000) itself (a backup's bar);
    without it, the busy popup becomes a progress bar.
    """
    _Operation(
        parent,
        task,
        label=label,
        on_success=on_success,
        on_failure=on_failure,
        on_progress=on_progress,
        lock_waits=lock_waits,
    ).start()
