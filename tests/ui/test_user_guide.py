"""Help ▸ User guide (F1): the guide and its pictures, offline, inside the app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.ui.help.guide_window import IMAGE_WIDTH, GuideWindow, anchor_for, guide_path
from recordsafe.ui.qt import QtCore, QtGui, QtWidgets
from tests.ui.test_main_window import (
    window,  # noqa: F401 (the main window over a vault)
)

IMAGE = QtGui.QTextDocument.ResourceType.ImageResource.value


def test_the_pictures_are_shown_from_the_guide_folder(qtbot: QtBot) -> None:
    guide = GuideWindow()
    qtbot.addWidget(guide)
    text = guide_path().read_text(encoding="utf-8")
    assert "](images/welcome.png)" in text
    image = guide.browser.loadResource(IMAGE, QtCore.QUrl("images/welcome.png"))
    assert isinstance(image, QtGui.QImage) and not image.isNull()
    assert image.width() <= IMAGE_WIDTH
    # Every picture the guide names is there to show.
    names = [part.split(")")[0] for part in text.split("](images/")[1:]]
    assert names
    for name in names:
        loaded = guide.browser.loadResource(IMAGE, QtCore.QUrl(f"images/{name}"))
        assert isinstance(loaded, QtGui.QImage), name


def test_nothing_outside_the_guide_folder_is_read(qtbot: QtBot) -> None:
    guide = GuideWindow()
    qtbot.addWidget(guide)
    for address in (
        "https://example.com/tracker.png",
        "http://127.0.0.1/x.png",
        "../README.md",
        "images/../../pyproject.toml",
        "file:///etc/hostname",
    ):
        assert guide.browser.loadResource(IMAGE, QtCore.QUrl(address)) is None, address


def test_web_links_are_not_opened_and_say_so(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QtCore.QUrl] = []
    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl", opened.append)
    guide = GuideWindow()
    qtbot.addWidget(guide)
    guide.show()
    guide.browser.anchorClicked.emit(QtCore.QUrl("https://www.hhs.gov/hipaa"))
    assert opened == []
    assert guide.note.isVisible()
    assert "does not open links" in guide.note.text()
    assert "hhs.gov" in guide.note.text()


def test_links_and_chapters_inside_the_guide_work(qtbot: QtBot) -> None:
    guide = GuideWindow()
    qtbot.addWidget(guide)
    guide.show()
    qtbot.waitExposed(guide)
    chapters = [guide.contents.item(i).text().strip() for i in range(guide.contents.count())]
    assert "First run" in chapters
    last = chapters[-1]
    bar = guide.browser.verticalScrollBar()
    assert bar.value() == 0
    guide.browser.anchorClicked.emit(QtCore.QUrl(f"#{anchor_for(last)}"))
    qtbot.waitUntil(lambda: bar.value() > 0)
    assert not guide.note.isVisible()
    bar.setValue(0)
    item = guide.contents.item(guide.contents.count() - 1)
    guide.contents.itemClicked.emit(item)
    qtbot.waitUntil(lambda: bar.value() > 0)


def test_find_in_the_guide(qtbot: QtBot) -> None:
    guide = GuideWindow()
    qtbot.addWidget(guide)
    qtbot.keyClicks(guide.find_edit, "recovery code")
    assert guide.find_next()
    assert guide.browser.textCursor().selectedText().lower() == "recovery code"
    guide.find_edit.setText("no such words anywhere zzz")
    assert not guide.find_next()


def test_anchor_names_follow_github() -> None:
    assert anchor_for("Backups & restore") == "backups--restore"
    assert anchor_for("First run") == "first-run"


def test_a_missing_guide_says_where_it_lives(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from recordsafe.ui.help import guide_window  # noqa: PLC0415

    monkeypatch.setattr(guide_window, "docs_root", lambda: tmp_path)
    guide = GuideWindow()
    qtbot.addWidget(guide)
    assert "docs/user-guide.md" in guide.browser.toPlainText()
    assert isinstance(guide.browser, QtWidgets.QTextBrowser)


def test_the_built_app_carries_the_guide_where_it_looks(tmp_path: Path) -> None:
    import build_installer  # noqa: PLC0415

    root = Path(build_installer.__file__).resolve().parent
    args = build_installer.pyinstaller_args(root, tmp_path / "run.py", tmp_path, tmp_path)
    data = [args[i + 1] for i, arg in enumerate(args) if arg == "--add-data"]
    sep = os.pathsep
    assert f"{root / 'docs' / 'user-guide.md'}{sep}docs" in data
    assert f"{root / 'docs' / 'images'}{sep}docs/images" in data
    # …which is where a bundle looks for it.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
        assert guide_path() == tmp_path / "docs" / "user-guide.md"


def test_every_chapter_title_is_whole(qtbot: QtBot) -> None:
    # Walk finding: "Intake: explaining confidentiali", "If you close your practice (custod".
    guide = GuideWindow()
    qtbot.addWidget(guide)
    guide.show()
    qtbot.waitExposed(guide)
    contents = guide.contents
    room = contents.viewport().width()
    assert contents.count() > 20
    for row in range(contents.count()):
        item = contents.item(row)
        needs = contents.sizeHintForIndex(contents.indexFromItem(item)).width()
        assert needs <= room, item.text()


def test_the_guide_speaks_to_the_practitioner_not_to_developers() -> None:
    text = guide_path().read_text(encoding="utf-8")
    assert "screenshots.py" not in text  # a developer's note: docs/architecture.md
    assert "docs/screenshots.py" in (guide_path().parent / "architecture.md").read_text(
        encoding="utf-8"
    )
