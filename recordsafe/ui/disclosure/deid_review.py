"""The de-identification review: every removal, the resulting text, and terms to add.

De-identifying is pattern matching; this screen is the last word. The user reads what
was removed and what is left, adds terms the patterns missed (a nickname, a school, a
town), and the dialog runs the removal again with them.
"""

from __future__ import annotations

from collections.abc import Sequence

from recordsafe.disclosure.deidentify import Removal
from recordsafe.disclosure.release_pdf import ReleaseItem
from recordsafe.ui.qt import QtWidgets, Signal

KIND_WORDS = {
    "name": "Name",
    "date": "Date",
    "phone": "Phone",
    "email": "E-mail",
    "link": "Web link",
    "address": "Address",
    "identifier": "Identifier",
    "place": "Added term",
}


def split_terms(text: str) -> list[str]:
    """Terms typed one per line or separated by commas or semicolons."""
    parts = text.replace(";", ",").replace("\n", ",").split(",")
    return list(dict.fromkeys(" ".join(p.split()) for p in parts if p.strip()))


class DeidentificationReview(QtWidgets.QWidget):
    terms_changed = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.extra_terms: list[str] = []
        intro = QtWidgets.QLabel(
            "Check every removal below and read the text that will go out. Anything that "
            "could still identify someone (a nickname, a school, a workplace, a town): add "
            "it and remove it too."
        )
        intro.setWordWrap(True)
        self.table = QtWidgets.QTableWidget(0, 4)
        self.table.setObjectName("removals")
        self.table.setAccessibleName("Removed")
        self.table.setTabKeyNavigation(False)  # arrows move between rows; Tab moves on
        self.table.setHorizontalHeaderLabels(("Item", "What", "Removed", "Replaced by"))
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        self.preview = QtWidgets.QPlainTextEdit()
        self.preview.setObjectName("deidentifiedPreview")
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("The text that will go out")
        self.terms_edit = QtWidgets.QLineEdit()
        self.terms_edit.setObjectName("extraTerms")
        self.terms_edit.setAccessibleName("Also remove")
        self.terms_edit.setPlaceholderText("Words to remove too, separated by commas")
        self.add_button = QtWidgets.QPushButton("&Remove these too")
        self.add_button.setObjectName("addTerms")
        self.add_button.clicked.connect(self.add_terms)
        self.terms_edit.returnPressed.connect(self.add_terms)
        self.terms_label = QtWidgets.QLabel()
        self.terms_label.setWordWrap(True)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel("Also remove:"))
        row.addWidget(self.terms_edit, 1)
        row.addWidget(self.add_button)
        split = QtWidgets.QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.preview)
        split.setSizes([420, 420])
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        layout.addWidget(self.terms_label)

    def add_terms(self) -> None:
        new = [t for t in split_terms(self.terms_edit.text()) if t not in self.extra_terms]
        if not new:
            return
        self.extra_terms += new
        self.terms_edit.clear()
        self.terms_label.setText("Also removed: " + ", ".join(self.extra_terms))
        self.terms_changed.emit()

    def show_result(
        self, texts: Sequence[ReleaseItem], removals: Sequence[Sequence[Removal]]
    ) -> None:
        rows = [(n, r) for n, found in enumerate(removals, start=1) for r in found]
        self.table.setRowCount(len(rows))
        for row, (number, removal) in enumerate(rows):
            values = (
                str(number),
                KIND_WORDS.get(removal.kind, removal.kind),
                removal.original,
                removal.replacement,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QtWidgets.QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        blocks = [
            f"{n}. {t.title} · {t.date} · {t.kind}\n\n{t.body}"
            for n, t in enumerate(texts, start=1)
        ]
        self.preview.setPlainText("\n\n———\n\n".join(blocks))
