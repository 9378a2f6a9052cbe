"""The left side of the workspace: status filter, search (Ctrl+F), the client table, and
"New client…". Typing in the search box runs the vault's full-text search (audited) over
names and note text; results replace the table until the box is cleared.
"""

from __future__ import annotations

import html
from typing import Final

from recordsafe.records import notes, search
from recordsafe.records.search import SearchResults
from recordsafe.ui.qt import Qt, QtCore, QtGui, QTimer, QtWidgets, Signal
from recordsafe.ui.records.client_list_model import ClientListModel
from recordsafe.ui.widgets.custodian import clinical_change
from recordsafe.ui.widgets.dates import format_day
from recordsafe.ui.widgets.meaning_colours import muted
from recordsafe.ui.widgets.names import initials
from recordsafe.vault import VaultSession
from recordsafe.wording import counted

SEARCH_DELAY_MS: Final = 400
SEARCH_LIMIT: Final = 50
STATUS_FILTERS: Final = (("active", "Active"), ("closed", "Closed"), ("deceased", "Deceased"),
                         (None, "All clients"))  # fmt: skip
HitRole: Final = Qt.ItemDataRole.UserRole + 1  # (client id, case id, note id); 0: none


def marked_html(snippet: str, private: bool) -> str:
    """A snippet with its matches in bold, every piece HTML-escaped (note text is not markup)."""
    if private:
        return "<i>text hidden (privacy mode)</i>"
    return "".join(
        f"<b>{html.escape(piece)}</b>" if is_match else html.escape(piece)
        for piece, is_match in search.split_marked(snippet.replace("\n", " "))
    )


class ClientList(QtWidgets.QWidget):
    client_chosen = Signal(int)
    # The client under the keyboard's highlight (0: none): arrows move it without opening,
    # so the workspace can close a page that no longer matches what is highlighted.
    highlighted = Signal(int)
    note_chosen = Signal(int, int, int)  # client id, case id, note id
    new_client_requested = Signal()

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._private = False
        self.results: SearchResults | None = None
        self.setObjectName("clientList")

        self.status_combo = QtWidgets.QComboBox()
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.setAccessibleName("Which clients")
        for key, label in STATUS_FILTERS:
            self.status_combo.addItem(label, key)
        self.search_edit = QtWidgets.QLineEdit()
        self.search_edit.setObjectName("searchBox")
        self.search_edit.setAccessibleName("Search names and notes")
        self.search_edit.setPlaceholderText("Search names and notes (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.new_button = QtWidgets.QPushButton("New client…")
        self.new_button.setObjectName("newClient")
        self.new_button.clicked.connect(self.new_client_requested)
        clinical_change(self.new_button, session)
        filters = QtWidgets.QHBoxLayout()
        filters.addWidget(self.status_combo)
        filters.addWidget(self.new_button)

        self.model = ClientListModel(session, self)
        self._build_table()

        self._build_results()
        self.count_label = QtWidgets.QLabel()
        self.count_label.setObjectName("listCount")
        self.count_label.setStyleSheet("QLabel { color: palette(placeholder-text); }")

        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.results_list)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.count_label)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(self._typed)
        self.search_edit.returnPressed.connect(self.run_search)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        for watched in (self.search_edit, self.results_list, self.table):
            watched.installEventFilter(self)
        self._show_count()

    def _build_results(self) -> None:
        self.results_list = QtWidgets.QListWidget()
        self.results_list.setObjectName("searchResults")
        self.results_list.setAccessibleName("Search results")
        self.results_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results_list.itemClicked.connect(self._hit_chosen)
        self.results_list.itemActivated.connect(self._hit_chosen)
        self.results_list.currentItemChanged.connect(self._hit_highlighted)

    def _build_table(self) -> None:
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("clientTable")
        self.table.setAccessibleName("Clients")
        self.table.setTabKeyNavigation(False)  # arrows move between rows; Tab moves on
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self._row_chosen)
        self.table.clicked.connect(self._row_chosen)
        self.table.selectionModel().currentRowChanged.connect(self._row_highlighted)

    # --- list ----------------------------------------------------------------------------

    def _status_changed(self) -> None:
        self.model.set_status(self.status_combo.currentData())
        if self.search_edit.text().strip():
            self.run_search()
        self._show_count()

    def set_status_filter(self, status: str | None) -> None:
        self.status_combo.setCurrentIndex([k for k, _ in STATUS_FILTERS].index(status))

    def _show_count(self) -> None:
        if self.stack.currentWidget() is self.results_list and self.results is not None:
            found = len(self.results.notes)
            best = " (best matches)" if found >= SEARCH_LIMIT else ""
            self.count_label.setText(
                f"{counted(len(self.results.clients), 'client')}, "
                f"{counted(found, 'note')} found{best}"
            )
            return
        label = self.status_combo.currentText().lower()
        total = self.model.total
        self.count_label.setText(f"{counted(total, 'client')} ({label})")

    def reload(self, select: int | None = None) -> None:
        self.model.reload()
        self._show_count()
        if select is not None:
            self.select_client(select)

    def select_client(self, client_id: int) -> None:
        row = self.model.row_of(client_id)
        if row is not None:
            self.table.selectRow(row)
        else:  # not in this filter's loaded rows: do not leave another name highlighted
            self.table.clearSelection()

    def _row_chosen(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.client_chosen.emit(self.model.client_id(index.row()))

    def _row_highlighted(self, current: QtCore.QModelIndex) -> None:
        self.highlighted.emit(self.model.client_id(current.row()) if current.isValid() else 0)

    def set_privacy_mode(self, private: bool) -> None:
        self._private = private
        self.model.set_privacy_mode(private)
        if self.results is not None:
            self._show_results(self.results)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # --- between the search box and the list, by keyboard ---------------------------------

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        """Down from the search box into the list (results, or the clients); Up from the
        list's first line back to the box. Moving only highlights: Enter opens."""
        if event.type() == QtCore.QEvent.Type.KeyPress and isinstance(event, QtGui.QKeyEvent):
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if plain and watched is self.search_edit and event.key() == Qt.Key.Key_Down:
                return self._into_list()
            if plain and event.key() == Qt.Key.Key_Up and self._on_first_line(watched):
                self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _first_hit_row(self) -> int | None:
        for row in range(self.results_list.count()):
            if self.results_list.item(row).flags() & Qt.ItemFlag.ItemIsSelectable:
                return row
        return None  # only "Nothing found"

    def _into_list(self) -> bool:
        if self.search_timer.isActive():
            self.run_search()  # typed, the pause not yet over: the results first
        if self.stack.currentWidget() is self.results_list:
            row = self._first_hit_row()
            if row is None:
                return False
            self.results_list.setFocus(Qt.FocusReason.OtherFocusReason)
            self.results_list.setCurrentRow(row)
            return True
        if not self.model.rowCount():
            return False
        current = self.table.currentIndex()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.selectRow(current.row() if current.isValid() else 0)
        return True

    def _on_first_line(self, watched: QtCore.QObject) -> bool:
        if watched is self.results_list:
            return self.results_list.currentRow() <= (self._first_hit_row() or 0)
        return watched is self.table and self.table.currentIndex().row() <= 0

    # --- search --------------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self.search_timer.start()  # audited: wait for a pause in typing

    def run_search(self) -> None:
        self.search_timer.stop()
        text = self.search_edit.text()
        if not text.strip():
            self.results = None
            self.results_list.clear()
            self.stack.setCurrentWidget(self.table)
            self._show_count()
            return
        self.results = search.search(  # audited (counts only)
            self._session, text, limit=SEARCH_LIMIT, status=self.status_combo.currentData()
        )
        self._show_results(self.results)

    def _show_results(self, results: SearchResults) -> None:
        self.results_list.clear()
        for hit in results.clients:
            name = initials(hit.name) if self._private else None
            text = html.escape(name) if name else marked_html(hit.marked_name, False)
            # No pictogram: a character the font lacks shows as an empty box.
            self._add_hit(f"<b>Client</b> · {text}", (hit.client_id, 0, 0))
        for note in results.notes:
            who = note.client_name or "?"
            who = initials(who) if self._private else who
            kind = notes.KINDS.get(note.kind, note.kind)
            heading = f"{format_day(note.note_date)} · {kind} · {html.escape(who)}"
            grey = muted(self.palette())
            self._add_hit(
                f"<span style='color:{grey}'>{heading}</span><br>"
                f"{marked_html(note.snippet, self._private)}",
                (note.client_id or 0, note.case_id, note.note_id),
            )
        if not results.total:
            item = QtWidgets.QListWidgetItem(
                "Nothing found. Check the spelling, or try fewer words."
            )
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results_list.addItem(item)
        self.stack.setCurrentWidget(self.results_list)
        self._show_count()

    def _add_hit(self, rich: str, target: tuple[int, int, int]) -> None:
        item = QtWidgets.QListWidgetItem()
        item.setData(HitRole, target)
        label = QtWidgets.QLabel(rich)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setContentsMargins(6, 4, 6, 4)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.results_list.addItem(item)
        # A wrapped label's plain size hint is far too tall: size it for the list's width.
        width = max(self.stack.width() - 30, 240)  # room for the vertical scroll bar
        item.setSizeHint(QtCore.QSize(width, label.heightForWidth(width) + 2))
        self.results_list.setItemWidget(item, label)

    def _hit_chosen(self, item: QtWidgets.QListWidgetItem) -> None:
        target = item.data(HitRole)
        if not target:
            return
        client_id, case_id, note_id = target
        if note_id:
            self.note_chosen.emit(int(client_id), int(case_id), int(note_id))
        elif client_id:
            self.client_chosen.emit(int(client_id))

    def _hit_highlighted(self, item: QtWidgets.QListWidgetItem | None) -> None:
        target = item.data(HitRole) if item is not None else None
        if target:
            self.highlighted.emit(int(target[0]))

    def hit_texts(self) -> list[str]:
        """The plain text of each result line (for tests and accessibility)."""
        out = []
        for i in range(self.results_list.count()):
            widget = self.results_list.itemWidget(self.results_list.item(i))
            out.append(widget.text() if isinstance(widget, QtWidgets.QLabel) else
                       self.results_list.item(i).text())  # fmt: skip
        return out
