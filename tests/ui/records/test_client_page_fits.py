"""At 1024 x 700 every part of the client page is on screen: every tab whole (no scroll
arrows, no cut label), the buttons of the notes, documents and consents reachable."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.app_config import AppConfig
from recordsafe.records import notes
from recordsafe.ui import main_window
from recordsafe.ui.main_window import MainWindow
from recordsafe.ui.qt import QtCore, QtGui, QtWidgets
from recordsafe.vault import VaultSession
from tests.disclosure.conftest import give_consent
from tests.ui.records.conftest import couple_with_agreement


def on_screen(widget: QtWidgets.QWidget, window: QtWidgets.QWidget) -> bool:
    """The widget's whole rectangle lies inside the window and inside every ancestor."""

    def area(w: QtWidgets.QWidget) -> QtCore.QRect:
        return QtCore.QRect(w.mapTo(window, QtCore.QPoint(0, 0)), w.size())

    rect = area(widget)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent.parentWidget(), QtWidgets.QAbstractScrollArea):
            # Inside a scroll area: reachable with its scroll bar (not tab arrows), so
            # the scroll area itself is what must be on screen.
            parent = parent.parentWidget()
            rect = area(parent)
        elif not area(parent).contains(rect):
            return False
        parent = parent.parentWidget()
    return window.rect().contains(rect)


def test_every_tab_and_its_buttons_fit_at_1024_by_700(
    qtbot: QtBot, session: VaultSession, config: AppConfig
) -> None:
    names = ("Bartholomew Featherstonehaugh", "Wilhelmina Stitchwort-Applegate")
    ids, case_id = couple_with_agreement(session, names)
    for _ in range(120):  # three-digit counts in the labels
        notes.create_note(session, case_id, body="Joint session.")
        notes.create_note(session, case_id, kind="psychotherapy", body="Process.")
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    page = window.records_page.open_client(ids[0])
    assert page is not None
    QtWidgets.QApplication.processEvents()
    assert window.width() <= 1024 and window.height() <= 700

    bar = page.tabs.tabBar()
    buttons = [b for b in bar.findChildren(QtWidgets.QToolButton) if b.isVisible()]
    assert buttons == [], "the tab bar scrolls"
    titles = [bar.tabText(i) for i in range(bar.count())]
    assert titles == [
        "Progress notes (120)",
        "Psychotherapy notes (120)",
        "Documents (0)",
        "Consents",
    ]
    for i in range(bar.count()):
        tab = bar.tabRect(i)
        assert bar.rect().contains(tab), titles[i]
        assert tab.width() >= bar.fontMetrics().horizontalAdvance(titles[i]), titles[i]
    assert on_screen(bar, window)
    for i in range(bar.count()):
        page.tabs.setCurrentIndex(i)
        QtWidgets.QApplication.processEvents()
        for button in page.tabs.currentWidget().findChildren(QtWidgets.QPushButton):
            if button.isVisibleTo(page.tabs.currentWidget()):
                assert on_screen(button, window), (titles[i], button.text())
    for name in ("editClient", "releaseRecords", "recordIntake", "newCase"):
        button = page.findChild(QtWidgets.QPushButton, name)
        assert button is not None and on_screen(button, window), name


def wholly_shown(widget: QtWidgets.QWidget, window: QtWidgets.QWidget) -> bool:
    """Shown whole without scrolling: inside the window and every ancestor, scroll areas'
    viewports included (a button below the fold of a scroll area does not count)."""
    rect = QtCore.QRect(widget.mapTo(window, QtCore.QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if not QtCore.QRect(parent.mapTo(window, QtCore.QPoint(0, 0)), parent.size()).contains(
            rect
        ):
            return False
        parent = parent.parentWidget()
    return widget.isVisible() and window.rect().contains(rect)


@pytest.fixture
def desktop_font(qapp: QtWidgets.QApplication) -> Iterator[None]:
    """The font of a common Linux desktop (DejaVu Sans 10), not the test platform's small
    default, so the heights measured are the ones a practitioner sees."""
    from recordsafe.resources import resource_path  # noqa: PLC0415

    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QtGui.QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
    before = qapp.font()
    qapp.setFont(QtGui.QFont("DejaVu Sans", 10))
    yield
    qapp.setFont(before)


@pytest.mark.parametrize("size", [(1024, 700), main_window.DEFAULT_SIZE])
@pytest.mark.usefixtures("desktop_font")
def test_the_consents_tab_shows_its_buttons_without_scrolling(
    qtbot: QtBot, session: VaultSession, config: AppConfig, size: tuple[int, int]
) -> None:
    """Accounting, Requests and Record an online search were below the window (walk)."""
    ids, _case = couple_with_agreement(session, ("Ada Lovelace", "Charles Babbage"))
    give_consent(session, ids[0])
    window = MainWindow(session, config)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    page = window.records_page.open_client(ids[0])
    assert page is not None
    page.tabs.setCurrentIndex(page.tabs.indexOf(page.tabs.findChild(QtWidgets.QScrollArea)))
    qtbot.waitUntil(page.consents_tab.isVisible)
    QtWidgets.QApplication.processEvents()
    assert window.width() <= size[0] and window.height() <= size[1]
    tab = page.consents_tab
    for name in (
        "newConsent",
        "viewConsent",
        "revokeConsent",
        "openAccounting",
        "openRequests",
        "newSearch",
    ):
        button = tab.findChild(QtWidgets.QPushButton, name)
        assert button is not None
        assert wholly_shown(button, window), (size, button.text())
    # The consent on record is readable: its row whole in the table.
    assert wholly_shown(tab.table, window)
    assert tab.table.rowCount() == 1
    assert tab.table.rowViewportPosition(0) >= 0
    assert tab.table.viewport().height() >= tab.table.rowHeight(0)
