"""run_in_background: results on the UI thread, known errors shown, bugs logged safely."""

from __future__ import annotations

import logging
import threading

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.ui import operations
from recordsafe.ui.qt import QtWidgets
from recordsafe.vault import StorageError, VaultError


@pytest.fixture
def parent(qtbot: QtBot) -> QtWidgets.QWidget:
    widget = QtWidgets.QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def message_boxes(parent: QtWidgets.QWidget) -> list[QtWidgets.QMessageBox]:
    return parent.findChildren(QtWidgets.QMessageBox)


def test_success_is_delivered_on_the_ui_thread(qtbot: QtBot, parent: QtWidgets.QWidget) -> None:
    results: list[tuple[int, bool]] = []
    worker_threads: list[threading.Thread] = []

    def task() -> int:
        worker_threads.append(threading.current_thread())
        return 42

    def done(value: int) -> None:
        results.append((value, threading.current_thread() is threading.main_thread()))

    operations.run_in_background(parent, task, label="Adding up…", on_success=done)
    qtbot.waitUntil(lambda: bool(results))
    assert results == [(42, True)]
    assert worker_threads[0] is not threading.main_thread()


def test_vault_error_goes_to_on_failure(qtbot: QtBot, parent: QtWidgets.QWidget) -> None:
    failures: list[Exception] = []

    def task() -> None:
        raise StorageError("The disk is full. Free some space; nothing was saved.")

    operations.run_in_background(
        parent, task, label="Saving…", on_success=lambda _: None, on_failure=failures.append
    )
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], StorageError)
    assert not message_boxes(parent)


def test_vault_error_without_handler_shows_its_message(
    qtbot: QtBot, parent: QtWidgets.QWidget
) -> None:
    def task() -> None:
        raise VaultError("The vault is locked.")

    operations.run_in_background(parent, task, label="Saving…", on_success=lambda _: None)
    qtbot.waitUntil(lambda: bool(message_boxes(parent)))
    assert message_boxes(parent)[0].text() == "The vault is locked."


def test_a_bug_is_logged_without_its_message(
    qtbot: QtBot, parent: QtWidgets.QWidget, caplog: pytest.LogCaptureFixture
) -> None:
    def task() -> None:
        raise ValueError("Client Jane Doe, diagnosis F32.1")  # content must not reach the log

    with caplog.at_level(logging.ERROR, logger="recordsafe.ui.operations"):
        operations.run_in_background(parent, task, label="Exporting…", on_success=lambda _: None)
        qtbot.waitUntil(lambda: bool(message_boxes(parent)))
    box = message_boxes(parent)[0]
    assert "Something went wrong" in box.text()
    assert "Nothing was lost" in box.text()
    assert "Jane" not in box.text()
    assert "ValueError" in caplog.text
    assert "task" in caplog.text  # the frame is there
    assert "Jane" not in caplog.text
    assert "F32" not in caplog.text


def test_a_bug_reaches_on_failure_as_a_safe_error(qtbot: QtBot, parent: QtWidgets.QWidget) -> None:
    failures: list[Exception] = []

    def task() -> None:
        raise KeyError("secret content")

    operations.run_in_background(
        parent, task, label="Working…", on_success=lambda _: None, on_failure=failures.append
    )
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], operations.UnexpectedError)
    assert "secret" not in failures[0].message


def test_busy_popup_appears_for_a_slow_task_and_goes_away(
    qtbot: QtBot, parent: QtWidgets.QWidget
) -> None:
    release = threading.Event()
    results: list[str] = []

    def slow() -> str:
        release.wait(timeout=30)
        return "done"

    operations.run_in_background(parent, slow, label="Unlocking…", on_success=results.append)
    qtbot.waitUntil(lambda: bool(parent.findChildren(QtWidgets.QProgressDialog)))
    dialog = parent.findChildren(QtWidgets.QProgressDialog)[0]
    assert dialog.labelText() == "Unlocking…"
    release.set()
    qtbot.waitUntil(lambda: bool(results))
    qtbot.waitUntil(lambda: not parent.findChildren(QtWidgets.QProgressDialog))


def test_parent_deleted_while_running_does_not_crash(qtbot: QtBot) -> None:
    widget = QtWidgets.QWidget()
    release = threading.Event()
    called: list[object] = []

    def task() -> None:
        release.wait(timeout=30)
        raise VaultError("late")

    operations.run_in_background(
        widget, task, label="Working…", on_success=called.append, on_failure=called.append
    )
    with qtbot.waitSignal(widget.destroyed):
        widget.deleteLater()
    release.set()
    qtbot.waitUntil(lambda: not operations._running)
    # The screen that asked is gone: nobody to tell, and nothing crashed.
    assert called == []


def test_a_result_nobody_receives_is_closed(qtbot: QtBot) -> None:
    widget = QtWidgets.QWidget()
    release = threading.Event()

    class Resource:
        closed = False

        def close(self) -> None:
            self.closed = True

    resource = Resource()

    def task() -> Resource:
        release.wait(timeout=30)
        return resource

    operations.run_in_background(widget, task, label="Unlocking…", on_success=lambda _: None)
    with qtbot.waitSignal(widget.destroyed):
        widget.deleteLater()
    release.set()
    qtbot.waitUntil(lambda: resource.closed)


def test_setup_logging_writes_the_rotating_file_once() -> None:
    from recordsafe import app_log, paths  # noqa: PLC0415

    try:
        target = app_log.setup_logging()
        assert app_log.setup_logging() == target  # a second call adds no second handler
        assert target == paths.log_dir() / "recordsafe.log"
        logging.getLogger("recordsafe.test").info("vault locked")
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = target.read_text(encoding="utf-8")
        assert text.count("INFO recordsafe.test: vault locked") == 1
        assert "never holds client content" in (app_log.__doc__ or "").lower()
    finally:
        app_log.teardown_logging()
