"""The session's one connection, used by a worker (a release, a destruction, a key change)
while the UI thread reads or writes (autosave, a page refresh): the second thread waits
for the first; it never joins the other's transaction nor breaks its VACUUM (issue 14).

No timing: gates (threading.Event) hold the first thread where it matters, and the test
lets it go once the second thread has either finished or is waiting for the connection.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest

from recordsafe.closure import destruction
from recordsafe.vault import VaultSession
from recordsafe.vault.database import Database

SAFETY = 20  # seconds: only a failed test ever waits this long


class Boom(Exception):
    pass


class Worker(threading.Thread):
    """`work` on a thread of its own; keeps what it raised."""

    def __init__(self, work: Callable[[], Any], name: str | None = None) -> None:
        super().__init__(daemon=True, name=name)
        self._work = work
        self.error: BaseException | None = None
        self.done = threading.Event()

    def run(self) -> None:
        try:
            self._work()
        except BaseException as exc:
            self.error = exc
        finally:
            self.done.set()


def waiting_for_connection(thread: threading.Thread) -> bool:
    """Whether `thread` is blocked waiting for its turn on a Database's connection."""
    waiting = getattr(Database, "_wait_for_turn", None)  # None before the turn existed
    frame = sys._current_frames().get(thread.ident or -1)
    while frame is not None and waiting is not None:
        if frame.f_code is waiting.__code__:
            return True
        frame = frame.f_back
    return False


def finished_or_waiting(thread: Worker) -> None:
    for _ in range(SAFETY * 1000):
        if thread.done.wait(0.001) or waiting_for_connection(thread):
            return
    pytest.fail("the second thread neither finished nor waited")


def meanwhile(
    first: Worker, held: threading.Event, let_go: threading.Event, work: Callable[[], Any]
) -> Worker:
    """Start `first` and wait until it is `held`; run `work` on a second thread until it
    has finished or waits for the connection; let `first` go; both end. The second."""
    first.start()
    assert held.wait(SAFETY)
    second = Worker(work)
    second.start()
    finished_or_waiting(second)
    let_go.set()
    first.join(SAFETY)
    second.join(SAFETY)
    return second


def test_a_write_from_another_thread_does_not_join_a_workers_transaction(
    session: VaultSession,
) -> None:
    inside, let_go = threading.Event(), threading.Event()

    def failing_change() -> None:  # a worker's change that rolls back
        with session.transaction():
            session.set_setting("worker", "1")
            inside.set()
            let_go.wait(SAFETY)
            raise Boom

    worker = Worker(failing_change)
    ui_write = meanwhile(worker, inside, let_go, lambda: session.set_setting("ui", "saved"))
    assert isinstance(worker.error, Boom)
    assert ui_write.error is None
    assert session.get_setting("worker") is None  # rolled back
    assert session.get_setting("ui") == "saved"  # its own change, committed on its own


def test_vacuum_waits_for_a_statement_in_progress_on_another_thread(
    session: VaultSession,
) -> None:
    for n in range(5):
        session.set_setting(f"row{n}", str(n))
    midway, let_go = threading.Event(), threading.Event()
    reader = threading.current_thread

    def slow_rows(cursor: Any, row: tuple[Any, ...]) -> tuple[Any, ...]:
        # A slow reader: it stops between two rows of its query (the statement open).
        if reader().name == "ui-read" and not midway.is_set():
            midway.set()
            let_go.wait(SAFETY)
        return row

    session.db._conn.row_factory = slow_rows
    try:
        ui_read = Worker(lambda: session.db.execute("SELECT key FROM meta"), name="ui-read")
        compaction = meanwhile(ui_read, midway, let_go, lambda: destruction.compact(session))
    finally:
        session.db._conn.row_factory = None
    assert ui_read.error is None
    assert compaction.error is None
