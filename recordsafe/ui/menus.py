"""Where each menu entry and toolbar button goes: the one table of their order.

Areas (`ui/<area>/actions.py`) put their actions into named slots ("vault.backup");
this module decides the menus, the order of the slots and the separators between groups,
so the menus keep one order however many areas install entries. A new entry in an
existing slot needs no change here; a new slot is one word in the table below.
"""

from __future__ import annotations

from dataclasses import dataclass

from recordsafe.ui.qt import QtGui, QtWidgets


@dataclass(frozen=True)
class MenuSpec:
    name: str
    title: str
    # Groups of slots; a separator between two groups that hold something.
    groups: tuple[tuple[str, ...], ...]
    # A submenu: the slot of its parent menu it sits in ("practice.closure").
    parent_slot: str = ""
    object_name: str = ""


MENUS: tuple[MenuSpec, ...] = (
    MenuSpec("vault", "&Vault", (("lock",), ("backup",), ("keys",), ("close",))),
    MenuSpec("clients", "&Clients", (("records",),)),
    MenuSpec(
        "practice",
        "&Practice",
        (
            ("audit", "details", "fields", "closure"),
            ("requests",),
            ("breach",),
            ("settings",),
        ),
    ),
    MenuSpec(
        "closure",
        "Closure && c&ustodian",
        (("custodians", "requests", "retention"), ("custodian",)),
        parent_slot="practice.closure",
        object_name="closureMenu",
    ),
    MenuSpec("help", "&Help", (("guide", "about"),)),
)

TOOLBAR_GROUPS: tuple[tuple[str, ...], ...] = (("lock", "records"), ("backup", "vault"))


class MenuLayout:
    """The window's menus (made empty at once, so areas can refer to them) and toolbar;
    `add` files an action under a slot; `finish` fills them in the table's order."""

    def __init__(self, bar: QtWidgets.QMenuBar, toolbar: QtWidgets.QToolBar) -> None:
        self._bar = bar
        self._toolbar = toolbar
        self.menus: dict[str, QtWidgets.QMenu] = {}
        for spec in MENUS:
            menu = QtWidgets.QMenu(spec.title, bar)
            if spec.object_name:
                menu.setObjectName(spec.object_name)
            # Disabled actions explain themselves only if the menu shows tooltips.
            menu.setToolTipsVisible(True)
            self.menus[spec.name] = menu
        self._slots: dict[str, list[QtGui.QAction]] = {}
        for spec in MENUS:
            if spec.parent_slot:  # a submenu is the first entry of its slot
                self.add(spec.parent_slot, self.menus[spec.name].menuAction())

    def add(self, slot: str, action: QtGui.QAction) -> None:
        """`slot` is "menu.slot" ("vault.backup") or "toolbar.slot" ("toolbar.lock")."""
        menu, _, name = slot.partition(".")
        if menu != "toolbar" and not any(
            spec.name == menu and name in sum(spec.groups, ()) for spec in MENUS
        ):
            raise KeyError(f"no menu slot {slot!r}: add it to ui/menus.py")
        self._slots.setdefault(slot, []).append(action)

    def finish(self) -> None:
        for spec in MENUS:
            menu = self.menus[spec.name]
            for group in self._groups(spec.name, spec.groups):
                if menu.actions():
                    menu.addSeparator()
                menu.addActions(group)
            if spec.parent_slot:
                continue
            self._bar.addMenu(menu)
        for group in self._groups("toolbar", TOOLBAR_GROUPS):
            if self._toolbar.actions():
                self._toolbar.addSeparator()
            self._toolbar.addActions(group)

    def _groups(self, menu: str, groups: tuple[tuple[str, ...], ...]) -> list[list[QtGui.QAction]]:
        filled = [
            [a for slot in group for a in self._slots.get(f"{menu}.{slot}", [])] for group in groups
        ]
        return [group for group in filled if group]
