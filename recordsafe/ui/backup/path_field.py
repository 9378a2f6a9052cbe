"""A path entry: a line edit you can type or paste into, and a "Browse…" button.

The line edit is the real input (tests and keyboard users fill it directly); Browse only
opens the system's file dialog to fill it.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from recordsafe.ui.qt import QtWidgets, Signal


class PathKind(Enum):
    FOLDER = "folder"  # an existing folder
    OPEN_FILE = "open_file"  # an existing file
    NEW_FOLDER = "new_folder"  # a folder that may not exist yet (its parent is chosen)


class PathField(QtWidgets.QWidget):
    changed = Signal()

    def __init__(
        self,
        kind: PathKind,
        *,
        accessible_name: str,
        caption: str,
        name_filter: str = "",
        placeholder: str = "",
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.caption = caption
        self.name_filter = name_filter
        self.line_edit = QtWidgets.QLineEdit(self)
        self.line_edit.setAccessibleName(accessible_name)
        self.line_edit.setPlaceholderText(placeholder)
        self.line_edit.setClearButtonEnabled(True)
        self.browse_button = QtWidgets.QPushButton("Browse…", self)
        self.browse_button.setAccessibleName(f"Browse for {accessible_name.lower()}")
        # Enter in the path means "go" (the dialog's default button), never "browse".
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.browse)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.browse_button)
        self.setFocusProxy(self.line_edit)
        self.line_edit.textChanged.connect(self.changed)

    def path(self) -> Path | None:
        text = self.line_edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path | None) -> None:
        self.line_edit.setText("" if path is None else str(path))

    def browse(self) -> None:
        start = str(self.path() or Path.home())
        dialogs = QtWidgets.QFileDialog
        if self.kind is PathKind.OPEN_FILE:
            chosen, _ = dialogs.getOpenFileName(self, self.caption, start, self.name_filter)
        elif self.kind is PathKind.FOLDER:
            chosen = dialogs.getExistingDirectory(self, self.caption, start)
        else:
            # A new vault folder: choose where it goes and its name in one step.
            chosen, _ = dialogs.getSaveFileName(self, self.caption, start)
        if chosen:
            self.set_path(Path(chosen))
