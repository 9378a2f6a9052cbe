"""Fixtures for the UI tests: a fresh settings object; the root conftest gives the rest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from recordsafe.app_config import AppConfig
from recordsafe.ui.qt import QtCore
from tests.ui.print_device import OFFSCREEN_NOISE, printer_device  # noqa: F401 - a fixture


@pytest.fixture
def config() -> AppConfig:
    return AppConfig()


@pytest.fixture(autouse=True)
def day_first_locale() -> Iterator[None]:
    """Dates typed in numbers are read in the system locale's order (month first in the
    US): every test sees the same, day-first locale whatever the machine's; a test that
    needs another sets it."""
    before = QtCore.QLocale()
    QtCore.QLocale.setDefault(QtCore.QLocale.c())
    yield
    QtCore.QLocale.setDefault(before)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform (CI, the test command) warns when a dialog is shown; that is
    # the plugin's limitation, not ours. Every other Qt warning still fails the test.
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
