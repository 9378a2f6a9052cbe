"""One client's record: header, intake, cases (with their agreements), notes, documents.

Opening the page reads the record through the domain's audited functions (`get_client`,
`client_notes`, `list_documents`), once per open: the rows are kept in the widgets while
the page is shown, so privacy mode and repaints only redraw them. A notes tab is read
when it is first shown (psychotherapy notes are not read, nor audited, until looked at);
`refresh()` after a change reads again. The confidentiality agreement of a joint case is
shown before its notes can be written (NASW 1.07 f-g); intake is flagged when missing
(1.07 e).
Privacy mode shows initials and hides contact, date of birth and note text until clicked.
"""

from __future__ import annotations

from functools import partial
from typing import Final

from recordsafe.records import cases, clients, documents, intake, notes
from recordsafe.records.cases import Case
from recordsafe.records.clients import Client
from recordsafe.records.fields import OPTIONAL_FIELDS
from recordsafe.records.notes import NoteSummary
from recordsafe.ui.disclosure.consents_tab import ConsentsTab
from recordsafe.ui.qt import Qt, QtGui, QTimer, QtWidgets, Signal
from recordsafe.ui.records.document_view import size_text
from recordsafe.ui.widgets.custodian import clinical_change
from recordsafe.ui.widgets.dates import format_day, format_stamp_day
from recordsafe.ui.widgets.forms import HINT_STYLE, hint
from recordsafe.ui.widgets.meaning_colours import box_style
from recordsafe.ui.widgets.names import STATUS_LABELS, case_title, shown_name
from recordsafe.vault import VaultSession

NOTES_PAGE: Final = 100
CASES_MIN_WIDTH: Final = 300
NoteIdRole: Final = Qt.ItemDataRole.UserRole + 1
PreviewRole: Final = Qt.ItemDataRole.UserRole + 2
CaseIdRole: Final = Qt.ItemDataRole.UserRole + 4
AboutRole: Final = Qt.ItemDataRole.UserRole + 5  # (joint or individual, subjects' names)
INTAKE_MISSING: Final = "Limits of confidentiality not yet recorded — record intake"


class NotesList(QtWidgets.QListWidget):
    """A page of note summaries; in privacy mode each preview stays hidden until clicked."""

    def __init__(self, name: str, group: notes.KindGroup) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAccessibleName(f"{group.capitalize()} notes")
        self.group: notes.KindGroup = group
        self.total = 0
        self.more_button = QtWidgets.QPushButton("Show older notes")
        self.more_button.setObjectName(f"{name}More")
        self.more_button.hide()
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSpacing(2)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self._private = False
        self.loaded = False  # read (and audited) during this open of the page
        self.itemClicked.connect(self._reveal)

    def forget(self) -> None:
        """Drop the rows: the next time the tab is shown reads them again."""
        self.clear()
        self.loaded = False
        self.more_button.hide()

    def set_private(self, private: bool) -> None:
        """Redraw the rows kept in the list; nothing is read again."""
        self._private = private
        for i in range(self.count()):
            self._render(self.item(i), revealed=not private)

    def fill(self, summaries: list[NoteSummary], private: bool, *, append: bool = False) -> None:
        if not append:
            self.clear()
        self._private = private
        self.loaded = True
        for note in summaries:
            item = QtWidgets.QListWidgetItem()
            item.setData(NoteIdRole, note.id)
            item.setData(PreviewRole, note.preview)
            item.setData(Qt.ItemDataRole.UserRole + 3, _note_heading(note))
            item.setData(CaseIdRole, note.case_id)
            if note.case_people > 1:  # in couple, family or group work: whom it is about
                item.setData(AboutRole, ("joint" if note.is_joint else "individual",
                                         list(note.subjects)))  # fmt: skip
            self._render(item, revealed=not private)
            self.addItem(item)
        self.more_button.setVisible(self.count() < self.total)

    def _render(self, item: QtWidgets.QListWidgetItem, *, revealed: bool) -> None:
        heading = item.data(Qt.ItemDataRole.UserRole + 3)
        about = item.data(AboutRole)
        if about:
            kind, names = about
            heading += f" · {kind}: " + ", ".join(shown_name(n, self._private) for n in names)
        preview = " ".join(str(item.data(PreviewRole)).split())
        body = preview + ("…" if len(preview) >= notes.PREVIEW_CHARS - 5 else "")
        if not revealed:
            body = "Note text hidden — click to show"
        item.setText(f"{heading}\n{body or '(empty draft)'}")

    def _reveal(self, item: QtWidgets.QListWidgetItem) -> None:
        if self._private:
            self._render(item, revealed=True)

    def note_ids(self) -> list[int]:
        return [int(self.item(i).data(NoteIdRole)) for i in range(self.count())]


def _note_heading(note: NoteSummary) -> str:
    kind = notes.KINDS.get(note.kind, note.kind)
    status = "signed" if note.status == "signed" else "DRAFT"
    addendum = " · addendum" if note.addendum_of else ""
    return f"{format_day(note.note_date)} · {kind}{addendum} · {status}"


class ClientPage(QtWidgets.QWidget):
    """Actions are requested through signals; the workspace opens the dialogs."""

    edit_requested = Signal()
    intake_requested = Signal()
    case_requested = Signal()
    agreement_requested = Signal(int)  # case id
    note_requested = Signal(int)  # case id
    note_opened = Signal(int, int)  # case id, note id
    attach_requested = Signal()
    document_opened = Signal(int)
    release_requested = Signal(list)  # note ids selected (empty: choose from the record)

    def __init__(
        self,
        session: VaultSession,
        client_id: int,
        *,
        private: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.client_id = client_id
        self._private = private
        self.client: Client = clients.get_client(session, client_id)  # audited
        self.cases: list[Case] = []
        self.setObjectName("clientPage")

        top, intake_row = self._build_header()

        # Left: the cases, each with its agreement; right: notes and documents.
        left = self._build_cases()

        self._build_tabs()

        splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("clientPageSplitter")
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([2000, 3000])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.facts_label)
        layout.addLayout(intake_row)
        layout.addWidget(splitter, 1)
        self.refresh(reload_client=False)

    # --- fitting the window ----------------------------------------------------------------

    def _tabs_width(self) -> int:
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        side = (margins.left() + margins.right()) if margins else 0
        return self.tabs.tabBar().sizeHint().width() + side + 8

    def _fit(self) -> None:
        """Every tab's whole label stays on screen (no scroll arrows, nothing cut): the
        cases sit beside the tabs when the page is wide enough, above them when not."""
        self.setMinimumWidth(self._tabs_width())
        wide = self.width() >= CASES_MIN_WIDTH + self.splitter.handleWidth() + self._tabs_width()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            # 2 to 3, once the splitter has its new room (the splitter scales them).
            QTimer.singleShot(0, self, self._share_room)

    def _share_room(self, _index: int = -1) -> None:
        """Cases 2 to 3 tabs; stacked, the tab on screen gets the height it asks for
        (the consents form is tall) while the cases keep at least a few lines."""
        if self.splitter.orientation() == Qt.Orientation.Horizontal:
            self.splitter.setSizes([2000, 3000])
            return
        total = sum(self.splitter.sizes()) or 1
        shown = self.tabs.currentWidget()
        content = shown.widget() if isinstance(shown, QtWidgets.QScrollArea) else shown
        wanted = (content or shown).sizeHint().height() + self.tabs.tabBar().sizeHint().height()
        tabs = max(total * 3 // 5, min(wanted + 12, total - 120))
        self.splitter.setSizes([total - tabs, tabs])

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        self._fit()
        super().resizeEvent(event)

    def _build_header(self) -> tuple[QtWidgets.QHBoxLayout, QtWidgets.QHBoxLayout]:
        self.name_label = QtWidgets.QLabel()
        self.name_label.setObjectName("clientPageName")
        self.name_label.setStyleSheet("QLabel { font-size: 20px; font-weight: bold; }")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = QtWidgets.QLabel()
        self.facts_label.setObjectName("clientFacts")
        self.facts_label.setWordWrap(True)
        self.edit_button = QtWidgets.QPushButton("Edit client…")
        self.edit_button.setObjectName("editClient")
        self.edit_button.clicked.connect(self.edit_requested)
        self.release_button = QtWidgets.QPushButton("Release records…")
        self.release_button.setObjectName("releaseRecords")
        self.release_button.setToolTip(
            "Release the selected notes (Ctrl+click to select several), or choose from the "
            "whole record. The rules decide what may go."
        )
        self.release_button.clicked.connect(self._request_release)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addWidget(self.release_button)
        top.addWidget(self.edit_button)
        clinical_change(self.edit_button, self._session)

        self.intake_label = QtWidgets.QLabel()
        self.intake_label.setObjectName("intakeStatus")
        self.intake_label.setWordWrap(True)
        self.intake_button = QtWidgets.QPushButton("Record intake…")
        self.intake_button.setObjectName("recordIntake")
        self.intake_button.clicked.connect(self.intake_requested)
        intake_row = QtWidgets.QHBoxLayout()
        intake_row.addWidget(self.intake_label, 1)
        intake_row.addWidget(self.intake_button)
        clinical_change(self.intake_button, self._session)
        return top, intake_row

    def _build_cases(self) -> QtWidgets.QWidget:
        self.cases_box = QtWidgets.QWidget()
        self.cases_layout = QtWidgets.QVBoxLayout(self.cases_box)
        self.cases_layout.setContentsMargins(0, 0, 0, 0)
        cases_scroll = QtWidgets.QScrollArea()
        cases_scroll.setWidgetResizable(True)
        cases_scroll.setWidget(self.cases_box)
        cases_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        cases_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        new_case = QtWidgets.QPushButton("New case…")
        new_case.setObjectName("newCase")
        new_case.clicked.connect(self.case_requested)
        clinical_change(new_case, self._session)
        cases_header = QtWidgets.QHBoxLayout()
        cases_title = QtWidgets.QLabel("Cases")
        cases_title.setStyleSheet("QLabel { font-weight: bold; font-size: 14px; }")
        cases_header.addWidget(cases_title, 1)
        cases_header.addWidget(new_case)
        left = QtWidgets.QWidget()
        left.setMinimumWidth(CASES_MIN_WIDTH)
        left_layout = QtWidgets.QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(cases_header)
        left_layout.addWidget(cases_scroll, 1)
        return left

    def _build_tabs(self) -> QtWidgets.QTabWidget:
        self.progress_list = NotesList("progressNotes", "progress")
        self.psychotherapy_list = NotesList("psychotherapyNotes", "psychotherapy")
        for notes_list in (self.progress_list, self.psychotherapy_list):
            # Activated is a double-click (or Enter): both signals opened it twice.
            notes_list.itemActivated.connect(self._open_note_item)
        self.documents_list = QtWidgets.QListWidget()
        self.documents_list.setObjectName("documentsList")
        self.documents_list.itemActivated.connect(self._open_document_item)
        attach = QtWidgets.QPushButton("Attach document…")
        attach.setObjectName("attachDocument")
        attach.clicked.connect(self.attach_requested)
        clinical_change(attach, self._session)
        documents_tab = QtWidgets.QWidget()
        documents_layout = QtWidgets.QVBoxLayout(documents_tab)
        documents_layout.addWidget(self.documents_list, 1)
        documents_layout.addWidget(attach, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setObjectName("clientTabs")
        # Whole labels, never scroll arrows: `_fit` makes room for the whole bar.
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.addTab(
            self._with_hint(self.progress_list, "Double-click a note to open it."), "Progress notes"
        )
        self.tabs.addTab(
            self._with_hint(
                self.psychotherapy_list,
                "Psychotherapy notes are kept apart from the record and released only with "
                "the client's specific authorization.",
            ),
            "Psychotherapy notes",
        )
        self.tabs.addTab(documents_tab, "Documents")
        c = self.client
        self.consents_tab = ConsentsTab(
            self._session,
            self.client_id,
            c.name,
            representative=(c.representative_name, c.representative_authority or "")
            if c.status == "deceased" and c.representative_name
            else None,
            private=self._private,
        )
        self.consents_tab.changed.connect(self._show_documents)
        # Its form is tall; in a short window it scrolls rather than squeeze the cases.
        consents_scroll = QtWidgets.QScrollArea()
        consents_scroll.setWidgetResizable(True)
        consents_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        consents_scroll.setWidget(self.consents_tab)
        self.tabs.addTab(consents_scroll, "Consents")
        self.tabs.currentChanged.connect(self._load_shown_tab)
        self.tabs.currentChanged.connect(self._share_room)
        return self.tabs

    def _with_hint(self, widget: NotesList, text: str) -> QtWidgets.QWidget:
        box = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(box)
        layout.addWidget(widget, 1)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(hint(text), 1)
        row.addWidget(widget.more_button)
        widget.more_button.clicked.connect(partial(self.load_more, widget))
        layout.addLayout(row)
        return box

    # --- content -------------------------------------------------------------------------

    def refresh(self, *, reload_client: bool = True) -> None:
        """Read the record again (after a change); each read is audited."""
        if reload_client:
            self.client = clients.get_client(self._session, self.client_id)
        self._show_header()
        self._show_intake()
        self.cases = cases.client_cases(self._session, self.client_id)
        self._show_cases()
        self._reload_notes()
        self._show_documents()
        if reload_client:
            self.consents_tab.refresh()

    def set_privacy_mode(self, private: bool) -> None:
        """Redraw what is on the page; the vault is not read again (so nothing is audited)."""
        self._private = private
        self._show_header()
        self._show_cases()
        for notes_list in self._notes_lists():
            notes_list.set_private(private)
        self.consents_tab.set_privacy_mode(private)

    def _show_header(self) -> None:
        c = self.client
        self.name_label.setText(shown_name(c.name, self._private))
        facts = [STATUS_LABELS.get(c.status, c.status)]
        if c.status == "closed" and c.closed_on:
            facts[0] += f" on {format_day(c.closed_on)}"
        if c.status == "deceased" and c.died_on:
            facts[0] += f" ({format_day(c.died_on)})"
        if not self._private:
            if c.dob:
                facts.append(f"born {format_day(c.dob)}")
            if c.contact:
                facts.append(c.contact)
            if c.status == "deceased" and c.representative_name:
                facts.append(
                    f"personal representative: {c.representative_name} "
                    f"({c.representative_authority})"
                )
            # One line of facts: a field's label as the practice sees it, an address's
            # lines joined with commas.
            facts += [
                f"{OPTIONAL_FIELDS.get(key, key).lower()}: {', '.join(value.splitlines())}"
                for key, value in c.extra.items()
            ]
        else:
            facts.append("privacy mode: details hidden")
        self.facts_label.setText(" · ".join(facts))

    def _show_intake(self) -> None:
        records = intake.intake_records(self._session, self.client_id)
        if records:
            latest = records[0]
            self.intake_label.setText(
                f"Limits of confidentiality explained {format_day(latest.explained_on)} "
                f"({intake.METHODS.get(latest.method, latest.method).lower()}, handout "
                f"{latest.handout_version})."
            )
            self.intake_label.setStyleSheet(HINT_STYLE)
            self.intake_button.setText("Record again…")
        else:
            self.intake_label.setText(f"⚠ {INTAKE_MISSING}")
            self.intake_label.setStyleSheet(box_style("caution"))
            self.intake_button.setText("Record intake…")

    @property
    def needs_intake(self) -> bool:
        return intake.needs_intake(self._session, self.client_id)

    def _show_cases(self) -> None:
        while self.cases_layout.count():
            item = self.cases_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # hidden now: deleteLater waits for the event loop
                widget.deleteLater()
        if not self.cases:
            self.cases_layout.addWidget(
                hint("No case yet. Open one to start writing notes (New case…).")
            )
        for case in self.cases:
            self.cases_layout.addWidget(self._case_box(case))
        self.cases_layout.addStretch(1)

    def _case_box(self, case: Case) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox(case_title(case, self._private))
        box.setObjectName(f"case_{case.id}")
        layout = QtWidgets.QVBoxLayout(box)
        dates = f"Opened {format_day(case.opened_on)}"
        if case.closed_on:
            dates += f", closed {format_day(case.closed_on)}"
        layout.addWidget(hint(dates))
        people = ", ".join(
            shown_name(p.name, self._private) + (f" ({p.role})" if p.role else "")
            for p in case.participants
        )
        who = QtWidgets.QLabel(f"Participants: {people}")
        who.setObjectName(f"participants_{case.id}")
        who.setWordWrap(True)
        layout.addWidget(who)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        if case.is_joint:
            layout.addWidget(self._agreement_label(case))
            agreement = QtWidgets.QPushButton(
                "Record agreement…" if cases.agreement_needed(case) else "Agreement…"
            )
            agreement.setObjectName(f"agreement_{case.id}")
            agreement.clicked.connect(partial(self._request_agreement, case.id))
            clinical_change(agreement, self._session)
            buttons.addWidget(agreement)
        new_note = QtWidgets.QPushButton("New note…")
        new_note.setObjectName(f"newNote_{case.id}")
        new_note.setEnabled(not cases.agreement_needed(case) and case.closed_on is None)
        if cases.agreement_needed(case):
            new_note.setToolTip("Record the confidentiality agreement first.")
        new_note.clicked.connect(partial(self._request_note, case.id))
        clinical_change(new_note, self._session)
        buttons.addWidget(new_note)
        layout.addLayout(buttons)
        return box

    def _request_agreement(self, case_id: int) -> None:
        self.agreement_requested.emit(case_id)

    def _request_note(self, case_id: int) -> None:
        self.note_requested.emit(case_id)

    def _agreement_label(self, case: Case) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel()
        label.setObjectName(f"agreementText_{case.id}")
        label.setWordWrap(True)
        if cases.agreement_needed(case):
            missing = [shown_name(p.name, self._private) for p in case.participants
                       if p.agreed_on is None]  # fmt: skip
            text = "⚠ No complete confidentiality agreement yet — needed before any note."
            if case.agreement_policy and missing:
                text += f" Still to agree: {', '.join(missing)}."
            label.setText(text)
            label.setStyleSheet(box_style("caution"))
            return label
        policy = cases.policy_parts(case.agreement_policy)[0]
        agreed = ", ".join(
            f"{shown_name(p.name, self._private)} {format_day(p.agreed_on)}"
            for p in case.participants
        )
        lines = [f"Confidentiality agreement — {policy}."]
        if self._private:
            lines.append("(text hidden in privacy mode)")
        elif (case.agreement_text or "").strip() != cases.POLICIES.get(
            case.agreement_policy or "", ""
        ):  # the starting text unchanged is the policy itself: said once is enough
            lines.append(f"“{case.agreement_text}”")
        label.setText("\n".join([*lines, f"Agreed: {agreed}."]))
        label.setStyleSheet(
            # The theme's own colours: a fixed light box glares (or vanishes) in a dark one.
            "QLabel { background: palette(alternate-base); color: palette(text);"
            " border: 1px solid palette(mid); border-radius: 4px; padding: 6px; }"
        )
        return label

    def _notes_lists(self) -> tuple[NotesList, NotesList]:
        return self.progress_list, self.psychotherapy_list

    def _reload_notes(self) -> None:
        """Counts for the tab titles (not a view); the rows of the tab on screen."""
        for index, (widget, title) in enumerate(
            zip(self._notes_lists(), ("Progress notes", "Psychotherapy notes"), strict=True)
        ):
            widget.total = notes.count_client_notes(
                self._session, self.client_id, kind_group=widget.group
            )
            self.tabs.setTabText(index, f"{title} ({widget.total})")
            widget.forget()
        self._fit()
        self._load_shown_tab()

    def _load_shown_tab(self, _index: int = -1) -> None:
        """Read the first page of the notes tab on screen, once per open (audited)."""
        shown = self.tabs.currentIndex()
        lists = self._notes_lists()
        if not 0 <= shown < len(lists) or lists[shown].loaded:
            return
        widget = lists[shown]
        page = notes.client_notes(  # audited
            self._session, self.client_id, kind_group=widget.group, limit=NOTES_PAGE
        )
        widget.fill(page, self._private)

    def load_more(self, widget: NotesList) -> None:
        """The next page of older notes (audited like the first)."""
        page = notes.client_notes(
            self._session,
            self.client_id,
            kind_group=widget.group,
            offset=widget.count(),
            limit=NOTES_PAGE,
        )
        widget.fill(page, self._private, append=True)

    def _show_documents(self) -> None:
        self.documents_list.clear()
        for info in documents.list_documents(self._session, self.client_id):
            item = QtWidgets.QListWidgetItem(
                f"{info.name} · {size_text(info.size)} · added {format_stamp_day(info.added_at)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.documents_list.addItem(item)
        self.tabs.setTabText(2, f"Documents ({self.documents_list.count()})")
        self._fit()

    # --- opening -------------------------------------------------------------------------

    def selected_note_ids(self) -> list[int]:
        """The notes selected in the notes tab on screen (several with Ctrl/Shift+click)."""
        shown = self.tabs.currentIndex()
        lists = {0: self.progress_list, 1: self.psychotherapy_list}
        widget = lists.get(shown)
        if widget is None:
            return []
        return [int(item.data(NoteIdRole)) for item in widget.selectedItems()]

    def _request_release(self) -> None:
        self.release_requested.emit(self.selected_note_ids())

    def _open_note_item(self, item: QtWidgets.QListWidgetItem) -> None:
        self.note_opened.emit(int(item.data(CaseIdRole)), int(item.data(NoteIdRole)))

    def _open_document_item(self, item: QtWidgets.QListWidgetItem) -> None:
        self.document_opened.emit(int(item.data(Qt.ItemDataRole.UserRole)))
