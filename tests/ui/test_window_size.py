"""The main window fits a 1366x768 laptop (reopening at its last size: test_lock_hides)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe import app_config
from recordsafe.app_config import AppConfig
from recordsafe.ui import main_window
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import QtCore, QtGui
from recordsafe.vault import VaultSession

# What a 1366x768 laptop leaves a window: a panel of ~32 px and a title bar of ~30 px.
LAPTOP = QtCore.QSize(1366, 768 - 32 - 30)


def test_the_default_window_fits_a_laptop(
    qtbot: QtBot, session: VaultSession, config: AppConfig
) -> None:
    assert QtCore.QSize(*main_window.DEFAULT_SIZE).boundedTo(LAPTOP) == QtCore.QSize(
        *main_window.DEFAULT_SIZE
    )
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    window.show()
    hint = window.minimumSizeHint()
    assert hint.width() <= LAPTOP.width() and hint.height() <= LAPTOP.height(), hint
    # Never larger than the screen it opens on (here the test platform's screen).
    screen = QtGui.QGuiApplication.primaryScreen()
    assert screen is not None
    room = screen.availableGeometry().size()
    assert window.width() <= room.width() and window.height() <= room.height()


def test_a_saved_size_larger_than_the_screen_is_shrunk(qtbot: QtBot, session: VaultSession) -> None:
    window = MainWindow(session, AppConfig(window_size=[5000, 4000]))
    qtbot.addWidget(window)
    screen = QtGui.QGuiApplication.primaryScreen()
    assert screen is not None
    room = screen.availableGeometry().size()
    assert window.width() <= room.width() and window.height() <= room.height()


def test_a_damaged_size_in_the_settings_file_is_ignored(tmp_path: Path) -> None:
    config = AppConfig(window_size=[1000, 650])
    app_config.save(config)
    assert app_config.load().window_size == [1000, 650]
    path = app_config._path()
    path.write_text('{"window_size": [true, -4], "window_maximized": "yes"}', encoding="utf-8")
    loaded = app_config.load()
    assert loaded.window_size == [] and loaded.window_maximized is False
