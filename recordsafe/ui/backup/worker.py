"""Run one long task with a determinate progress bar, off the UI thread.

`recordsafe.ui.operations.run_in_background` shows an indeterminate busy popup over the
dialog; a backup has a byte count to show instead, so it runs here. The same rules as
there: the task never touches widgets, the worker never holds the last reference to
anything (so no Qt object is freed on the wrong thread), a `VaultError` is shown as it is
and any other exception is logged by type and frames only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from recordsafe.ui.operations import UnexpectedError, log_unexpected
from recordsafe.ui.qt import QObject, QRunnable, QThreadPool, QtWidgets, Signal, Slot
from recordsafe.vault.errors import VaultError

T = TypeVar("T")

Progress = Callable[[int, int], None]
PROGRESS_STEPS = 1000

# Jobs still running; keeps their Python objects alive until they report back.
_running: set[ProgressJob[Any]] = set()


class _Signals(QObject):
    # Emitted on the worker thread; the receivers live on the UI thread, so Qt queues them.
    progressed = Signal(int)
    finished = Signal()


class _Runner(QRunnable):
    def __init__(
        self, task: Callable[[Progress], Any], outcome: list[Any], signals: _Signals
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task: Callable[[Progress], Any] | None = task
        self._outcome = outcome
        self._signals = signals

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


class ProgressJob(QObject, Generic[T]):
    """UI-thread side: forwards progress (0..1000) and the result or a plain-words error."""

    def __init__(
        self,
        parent: QtWidgets.QWidget,
        task: Callable[[Progress], T],
        *,
        label: str,
        on_progress: Callable[[int], None],
        on_success: Callable[[T], None],
        on_failure: Callable[[VaultError], None],
    ) -> None:
        super().__init__()
        self._parent_alive = True
        self._parent = parent
        parent.destroyed.connect(self._on_parent_destroyed)
        self._task: Callable[[Progress], T] | None = task
        self._label = label
        self._on_progress: Callable[[int], None] | None = on_progress
        self._on_success: Callable[[T], None] | None = on_success
        self._on_failure: Callable[[VaultError], None] | None = on_failure
        self._outcome: list[Any] = []
        self._signals = _Signals(self)
        self._signals.progressed.connect(self._progressed)
        self._signals.finished.connect(self._finished)

    def start(self) -> None:
        task, self._task = self._task, None
        assert task is not None
        _running.add(self)
        QThreadPool.globalInstance().start(_Runner(task, self._outcome, self._signals))

    @Slot()
    def _on_parent_destroyed(self) -> None:
        self._parent_alive = False

    @Slot(int)
    def _progressed(self, step: int) -> None:
        if self._parent_alive and self._on_progress is not None:
            self._on_progress(step)

    @Slot()
    def _finished(self) -> None:
        ok, value = self._outcome.pop()
        _running.discard(self)
        if self._parent_alive:
            try:
                self._parent.destroyed.disconnect(self._on_parent_destroyed)
            except (RuntimeError, TypeError):
                pass
        try:
            if not self._parent_alive:
                if not ok and not isinstance(value, VaultError):
                    log_unexpected(value, self._label)
                return
            if ok:
                assert self._on_success is not None
                self._on_success(value)
                return
            if not isinstance(value, VaultError):
                log_unexpected(value, self._label)
                value = UnexpectedError()
            assert self._on_failure is not None
            self._on_failure(value)
        finally:
            del value
            self._on_progress = self._on_success = self._on_failure = None
            self._parent = None  # type: ignore[assignment]


def run_with_progress(
    parent: QtWidgets.QWidget,
    task: Callable[[Progress], T],
    *,
    label: str,
    on_progress: Callable[[int], None],
    on_success: Callable[[T], None],
    on_failure: Callable[[VaultError], None],
) -> None:
    """Run `task(progress)` on a worker thread; `on_progress(step)` gets 0..1000."""
    ProgressJob(
        parent,
        task,
        label=label,
        on_progress=on_progress,
        on_success=on_success,
        on_failure=on_failure,
    ).start()
