"""What an area of the app installs into the main window, and what the window offers it.

Each area (`ui/<area>/actions.py`) is one `Area` subclass: its menu entries and toolbar
buttons, the windows they open, and any banner it shows above the workspace. The main
window only makes the areas listed in `ui/areas.py`, lays them out and locks; it never
names an area's dialog. Tests reach an area's windows with `window.area(BackupActions)`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from recordsafe.app_config import AppConfig
from recordsafe.ui.qt import QtGui, QtWidgets
from recordsafe.vault import VaultSession

if TYPE_CHECKING:
    from recordsafe.ui.home_page import HomePage
    from recordsafe.ui.records.records_page import RecordsPage

A = TypeVar("A", bound="Area")
D = TypeVar("D", bound=QtWidgets.QDialog)

Shortcut = str | QtGui.QKeySequence.StandardKey | None


class Host(Protocol):
    """The main window, as the areas see it."""

    records_page: RecordsPage
    home_page: HomePage

    @property
    def config(self) -> AppConfig: ...

    @property
    def session(self) -> VaultSession | None:
        """The open session; None once locked (every area checks before opening a window)."""

    @property
    def dialog_parent(self) -> QtWidgets.QMainWindow: ...

    def add_action(
        self,
        text: str,
        slot: Callable[[], object],
        *,
        places: tuple[str, ...],
        shortcut: Shortcut = None,
        name: str = "",
        when_locked: bool = False,
    ) -> QtGui.QAction: ...

    def place(self, action: QtGui.QAction, places: tuple[str, ...]) -> None:
        """File an action made elsewhere (a page's own) under menu or toolbar slots."""

    def menu(self, name: str) -> QtWidgets.QMenu: ...

    def add_banner(self, banner: QtWidgets.QWidget) -> None: ...

    def show_dialog(self, dialog: QtWidgets.QDialog) -> None: ...

    def guard_dialog(self, dialog: QtWidgets.QDialog) -> None: ...

    def refresh_keys_summary(self) -> None: ...

    def replace_session(self, session: VaultSession) -> None: ...

    def lock_and_open(self, folder: Path) -> None:
        """Lock this vault as Ctrl+L does, then show the unlock window of `folder`."""

    def settings_saved(self) -> None: ...

    def area(self, kind: type[A]) -> A: ...


class Area:
    """One area's entries in the main window. Subclasses build them in `__init__`."""

    def __init__(self, host: Host) -> None:
        self.host = host

    @property
    def session(self) -> VaultSession | None:
        return self.host.session

    @property
    def parent(self) -> QtWidgets.QMainWindow:
        return self.host.dialog_parent

    def action(
        self,
        text: str,
        slot: Callable[[], object],
        *places: str,
        shortcut: Shortcut = None,
        name: str = "",
        when_locked: bool = False,
    ) -> QtGui.QAction:
        return self.host.add_action(
            text, slot, places=places, shortcut=shortcut, name=name, when_locked=when_locked
        )

    def show(self, dialog: D) -> D:
        self.host.show_dialog(dialog)
        return dialog

    def started(self) -> None:
        """The window is shown with every area in place: start background checks."""

    def drop_session(self) -> None:
        """The vault is being locked: forget anything that holds the session."""
