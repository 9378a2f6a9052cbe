"""The de-identification review: what still looks identifying, every removal, the text
that will go out, and terms to add.

De-identifying is pattern matching; this screen is the last word. What the patterns are
unsure of (`deid_suspects.suspects`: a capitalised word that is no ordinary word, a town,
a school, an employer, a relative's name, a nickname) is listed first and removed unless
the user unticks it: nothing that looks identifying is kept without the user deciding so.
The user can also add terms the patterns missed; they go as "[removed]". Each change
asks the dialog to run the removal again (`terms_changed`), and the list is redrawn.
"""

from __future__ import annotations

from collections.abc import Sequence

from recordsafe.disclosure import deid_suspects
from recordsafe.disclosure.deidentify import Removal
from recordsafe.disclosure.release_pdf import ReleaseItem
from recordsafe.ui.disclosure.common import fit_columns
from recordsafe.ui.qt import QtCore, QtWidgets, Signal
from recordsafe.ui.widgets.names import shown_name

KIND_WORDS = {
    "name": "Name",
    "date": "Date",
    "age": "Age over 89",
    "phone": "Phone or fax",
    "email": "E-mail",
    "link": "Web link",
    "ip": "IP address",
    "address": "Address",
    "place": "Town or county",
    "zip": "ZIP code",
    "identifier": "Number or code",
    "removed": "Removed on review",
}
KEEP_HINT = "Ticked: removed. Untick only what cannot identify anyone."


def split_terms(text: str) -> list[str]:
    """Terms typed one per line or separated by commas or semicolons."""
    parts = text.replace(";", ",").replace("\n", ",").split(",")
    return list(dict.fromkeys(" ".join(p.split()) for p in parts if p.strip()))


def _table(name: str, accessible: str, headers: tuple[str, ...]) -> QtWidgets.QTableWidget:
    table = QtWidgets.QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setTabKeyNavigation(False)  # arrows move between rows; Tab moves on
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    # The columns share the pane's width and wrap (`fit_columns`): no sideways scrolling,
    # no reason cut to "may be a person's …" (walker 37, at 1240x700).
    table.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
    return table


def _key(term: str) -> str:
    return " ".join(term.casefold().split())


class DeidentificationReview(QtWidgets.QWidget):
    terms_changed = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None, *, private: bool = False) -> None:
        super().__init__(parent)
        self._private = private  # privacy mode: a name removed is listed by its initials
        self.hand_terms: list[str] = []
        # Every term ever flagged: key -> (term as found, why, item number); kept: keys.
        self.flagged: dict[str, tuple[str, str, int]] = {}
        self.kept: set[str] = set()
        intro = QtWidgets.QLabel(
            "First, what still looks identifying: each ticked term is removed. Then check "
            "every removal and read the text that will go out. Anything else that could "
            "identify someone (a nickname, a school, a workplace, a town): add it below."
        )
        intro.setWordWrap(True)
        self.suspects_table = _table(
            "suspects", "Looks identifying", ("Remove", "Item", "Term", "Why")
        )
        self.suspects_table.itemChanged.connect(self._tick_changed)
        self.suspects_label = QtWidgets.QLabel()
        self.suspects_label.setObjectName("suspectsSummary")
        self.suspects_label.setWordWrap(True)
        self.table = _table("removals", "Removed", ("Item", "What", "Removed", "Replaced by"))
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
        left = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        left.addWidget(self.suspects_table)
        left.addWidget(self.table)
        split = QtWidgets.QSplitter()
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setSizes([420, 420])
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.suspects_label)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        layout.addWidget(self.terms_label)

    @property
    def extra_terms(self) -> list[str]:
        """What the dialog removes besides the patterns: typed terms and flagged ones kept
        ticked."""
        flagged = [term for key, (term, _, _) in self.flagged.items() if key not in self.kept]
        return list(dict.fromkeys([*self.hand_terms, *flagged]))

    def add_terms(self) -> None:
        new = [t for t in split_terms(self.terms_edit.text()) if t not in self.hand_terms]
        if not new:
            return
        self.hand_terms += new
        self.kept -= {_key(t) for t in new}
        self.terms_edit.clear()
        self.terms_label.setText("Also removed: " + ", ".join(self.hand_terms))
        self.terms_changed.emit()

    def set_kept(self, term: str, kept: bool) -> None:
        """Keep a flagged term in the text (the user decided it identifies no one)."""
        key = _key(term)
        if key not in self.flagged or (key in self.kept) == kept:
            return
        if kept:
            self.kept.add(key)
        else:
            self.kept.discard(key)
        self.terms_changed.emit()

    def _tick_changed(self, item: QtWidgets.QTableWidgetItem) -> None:
        if item.column() == 0:
            term = str(item.data(QtCore.Qt.ItemDataRole.UserRole))
            self.set_kept(term, item.checkState() != QtCore.Qt.CheckState.Checked)

    def show_result(
        self, texts: Sequence[ReleaseItem], removals: Sequence[Sequence[Removal]]
    ) -> None:
        # New suspects are removed at once (the dialog runs again and calls back here).
        new = False
        for number, text in enumerate(texts, start=1):
            for value in (text.title, text.date, text.kind, text.body):
                for suspect in deid_suspects.suspects(value, kept=self.kept):
                    key = _key(suspect.term)
                    if key not in self.flagged and key not in {_key(t) for t in self.hand_terms}:
                        self.flagged[key] = (suspect.term, suspect.why, number)
                        new = True
        if new:
            self.terms_changed.emit()
            return
        self._show_suspects()
        self._show_removals(removals)
        blocks = [
            f"{n}. {t.title} · {t.date} · {t.kind}\n\n{t.body}"
            for n, t in enumerate(texts, start=1)
        ]
        self.preview.setPlainText("\n\n———\n\n".join(blocks))

    def _show_suspects(self) -> None:
        table = self.suspects_table
        table.blockSignals(True)  # filling the ticks is not the user unticking them
        table.setRowCount(len(self.flagged))
        for row, (key, (term, why, number)) in enumerate(self.flagged.items()):
            tick = QtWidgets.QTableWidgetItem()
            tick.setFlags(QtCore.Qt.ItemFlag.ItemIsUserCheckable | QtCore.Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(
                QtCore.Qt.CheckState.Unchecked if key in self.kept else QtCore.Qt.CheckState.Checked
            )
            tick.setData(QtCore.Qt.ItemDataRole.UserRole, term)
            tick.setToolTip(KEEP_HINT)
            table.setItem(row, 0, tick)
            shown = why if key not in self.kept else f"{why} Left in: you kept it."
            for column, value in enumerate((str(number), term, shown), start=1):
                table.setItem(row, column, QtWidgets.QTableWidgetItem(value))
        fit_columns(table, (2, 3))
        table.blockSignals(False)
        kept = len(self.kept & set(self.flagged))
        if not self.flagged:
            self.suspects_label.setText("Nothing else looks identifying.")
        else:
            count = len(self.flagged)
            self.suspects_label.setText(
                f"{count} term{'s' if count != 1 else ''} looked identifying: "
                f"{count - kept} removed, {kept} left in because you kept "
                f"{'it' if kept == 1 else 'them'}. {KEEP_HINT}"
            )

    def _show_removals(self, removals: Sequence[Sequence[Removal]]) -> None:
        rows = [(n, r) for n, found in enumerate(removals, start=1) for r in found]
        self.table.setRowCount(len(rows))
        for row, (number, removal) in enumerate(rows):
            values = (
                str(number),
                KIND_WORDS.get(removal.kind, removal.kind),
                shown_name(removal.original, self._private and removal.kind == "name"),
                removal.replacement,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QtWidgets.QTableWidgetItem(value))
        fit_columns(self.table, (2,))
