"""Help ▸ User guide (F1): the guide (docs/user-guide.md) with its pictures, inside the app.

Offline by construction: the browser loads only files under the guide's own folder (its
pictures); every other address, including any web link, is refused, and clicking one
says so instead of opening a browser. Links inside the guide (#a-heading) work, and the
headings on the left jump to their chapter.
"""

from __future__ import annotations

import re
from pathlib import Path

from recordsafe.resources import docs_root
from recordsafe.ui.qt import QtCore, QtGui, QtWidgets
from recordsafe.ui.widgets.screen import resize_within_screen

GUIDE_FILE = "user-guide.md"
IMAGE_WIDTH = 760  # pictures are shrunk to a readable column, never enlarged
MISSING = (
    "The user guide is not installed with this copy of RecordSafe. It is the file "
    "docs/user-guide.md of the RecordSafe source."
)


def guide_path() -> Path:
    return docs_root() / GUIDE_FILE


def anchor_for(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


class GuideBrowser(QtWidgets.QTextBrowser):
    """A text browser that reads nothing but the guide's own folder."""

    def __init__(self, folder: Path, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._folder = folder.resolve()
        self.setOpenLinks(False)  # every click goes through GuideWindow.follow
        self.setOpenExternalLinks(False)

    def local_file(self, url: QtCore.QUrl) -> Path | None:
        """The file a relative address names inside the guide's folder, else None."""
        if url.scheme() not in ("", "file") or url.host():
            return None
        path = url.path()
        if not path:
            return None
        candidate = (self._folder / path).resolve()
        if not candidate.is_relative_to(self._folder) or not candidate.is_file():
            return None
        return candidate

    def loadResource(self, kind: int, url: QtCore.QUrl | str) -> object:
        if kind != QtGui.QTextDocument.ResourceType.ImageResource.value:
            return None
        path = self.local_file(QtCore.QUrl(url))
        if path is None:
            return None  # no network, no file outside the guide
        image = QtGui.QImage(str(path))
        if image.width() > IMAGE_WIDTH:
            image = image.scaledToWidth(
                IMAGE_WIDTH, QtCore.Qt.TransformationMode.SmoothTransformation
            )
        return image


class GuideWindow(QtWidgets.QDialog):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideWindow")
        self.setWindowTitle("RecordSafe user guide")
        self.setModal(False)
        path = guide_path()
        self.browser = GuideBrowser(path.parent)
        self.browser.setObjectName("guideText")
        self.browser.setAccessibleName("User guide")
        self.browser.anchorClicked.connect(self.follow)
        self.contents = QtWidgets.QListWidget()
        self.contents.setObjectName("guideContents")
        self.contents.setAccessibleName("Chapters")
        # Titles are never cut: the list is as wide as its longest one (set once loaded).
        self.contents.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contents.itemActivated.connect(self._jump)
        self.contents.itemClicked.connect(self._jump)
        self.find_edit = QtWidgets.QLineEdit()
        self.find_edit.setObjectName("guideFind")
        self.find_edit.setPlaceholderText("Find in the guide")
        self.find_edit.setAccessibleName("Find in the guide")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.returnPressed.connect(self.find_next)
        self.note = QtWidgets.QLabel()
        self.note.setObjectName("guideNote")
        self.note.setWordWrap(True)
        self.note.hide()
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        split = QtWidgets.QSplitter()
        split.addWidget(self.contents)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.find_edit)
        layout.addWidget(split, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._load(path)
        contents_width = self._fit_contents()
        # The text beside it keeps room for a picture at its full width, screen allowing.
        text_width = IMAGE_WIDTH + 60
        split.setSizes([contents_width, text_width])
        resize_within_screen(self, contents_width + text_width + 40, 680)

    def _load(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            self.browser.setPlainText(MISSING)
            return
        self.browser.setMarkdown(text)
        self._name_headings()

    def _name_headings(self) -> None:
        """Give each heading its anchor (for #links) and list the chapters."""
        block = self.browser.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level:
                title = block.text()
                cursor = QtGui.QTextCursor(block)
                cursor.select(QtGui.QTextCursor.SelectionType.BlockUnderCursor)
                fmt = QtGui.QTextCharFormat()
                fmt.setAnchor(True)
                fmt.setAnchorNames([anchor_for(title)])
                cursor.mergeCharFormat(fmt)
                if level in (2, 3):
                    item = QtWidgets.QListWidgetItem(("    " if level == 3 else "") + title)
                    item.setData(QtCore.Qt.ItemDataRole.UserRole, anchor_for(title))
                    self.contents.addItem(item)
            block = block.next()

    def _fit_contents(self) -> int:
        """Make the chapter list wide enough for its longest title; return that width."""
        scroll_bar = self.contents.verticalScrollBar().sizeHint().width()
        frame = 2 * self.contents.frameWidth()
        width = self.contents.sizeHintForColumn(0) + scroll_bar + frame + 8
        self.contents.setMinimumWidth(width)
        return width

    def _jump(self, item: QtWidgets.QListWidgetItem) -> None:
        self.browser.scrollToAnchor(str(item.data(QtCore.Qt.ItemDataRole.UserRole)))

    def follow(self, url: QtCore.QUrl) -> None:
        """A link in the guide: a heading of this guide, else say it is not opened."""
        if url.hasFragment() and (url.isRelative() and not url.path()):
            self.browser.scrollToAnchor(url.fragment())
            self.note.hide()
            return
        self.note.setText(
            f"RecordSafe does not open links outside the guide ({url.toString()}). "
            "RecordSafe never connects to the internet; copy the address into a browser "
            "if you need it."
        )
        self.note.show()

    def find_next(self) -> bool:
        """Find the typed words after the cursor, wrapping round once."""
        words = self.find_edit.text().strip()
        if not words:
            return False
        if self.browser.find(words):
            return True
        self.browser.moveCursor(QtGui.QTextCursor.MoveOperation.Start)
        return self.browser.find(words)
