"""Fixtures for the closure UI tests: the closure domain tests' practice, and screenshots.

Set RECORDSAFE_SHOTS=/tmp/shots to save a PNG of each step (to look at, not to compare).
"""

from __future__ import annotations

import os
from pathlib import Path

from recordsafe.ui.qt import QtWidgets
from tests.closure.conftest import practice  # noqa: F401 (a fixture, re-exported)


def shot(widget: QtWidgets.QWidget, name: str) -> None:
    folder = os.environ.get("RECORDSAFE_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    QtWidgets.QApplication.processEvents()
    widget.grab().save(str(Path(folder) / f"closure-{name}.png"))
