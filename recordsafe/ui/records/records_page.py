"""The client workspace: the client list on the left, the chosen client's page on the right.

The lead's main window shows it with `set_central_page(RecordsPage(session))` and hooks
its menu items to `new_client()`, `focus_search()`, `set_privacy_mode(bool)`,
`new_note()`, `new_case()` and `record_intake()` — or adds the page's own actions
(`page.menu_actions`, with shortcuts Ctrl+N, Ctrl+F, Ctrl+Shift+P) to its menus.

Dialogs open window-modal without blocking (`open()`), and the one on screen is kept in
`self.dialog`, so tests and the auto-lock can find it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from recordsafe.disclosure.gate import Item
from recordsafe.records import cases, intake, notes
from recordsafe.records.cases import Case
from recordsafe.ui.disclosure import clipboard
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.ui.operations import HoldsSession, show_message
from recordsafe.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from recordsafe.ui.records.agreement_dialog import AgreementDialog
from recordsafe.ui.records.attach_dialog import AttachDialog
from recordsafe.ui.records.case_dialog import CaseDialog
from recordsafe.ui.records.client_dialog import ClientDialog
from recordsafe.ui.records.client_list import ClientList
from recordsafe.ui.records.client_page import ClientPage
from recordsafe.ui.records.document_view import DocumentView
from recordsafe.ui.records.intake_dialog import IntakeDialog
from recordsafe.ui.records.note_editor import NoteEditor
from recordsafe.ui.widgets.custodian import clinical_change
from recordsafe.ui.widgets.names import shown_name, titled
from recordsafe.ui.widgets.no_drag import forbid_drag_out
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

PRIVACY_SHORTCUT = "Ctrl+Shift+P"
NO_CLIENT = "Choose a client first (on the left), or add one with New client…"
WELCOME = "Choose a client on the left, or add a new one.\n\nCtrl+F searches names and notes."
# A custodian cannot add a client (New client is greyed out): not offered in words either.
CUSTODIAN_WELCOME = "Choose a client on the left.\n\nCtrl+F searches names and notes."
DESTROYED = "That client's record has been destroyed.\n\nChoose a client on the left."
PRESS_ENTER = (
    "Press Enter (or click) to open the highlighted client.\n\n"
    "The arrow keys only move the highlight: each record opened is recorded in the audit log."
)


class RecordsPage(QtWidgets.QWidget):
    privacy_mode_changed = Signal(bool)
    # Every dialog this page opens, just before it shows: a window-modal dialog blocks the
    # window's own shortcuts, so the main window can give it Ctrl+L (lock) here.
    dialog_opened = Signal(QtWidgets.QDialog)

    def __init__(self, session: VaultSession, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._private = False
        self.page: ClientPage | None = None
        self.dialog: QtWidgets.QDialog | None = None
        # Each dialog still open, with the client whose page opened it (None: no page).
        self._dialog_client: dict[QtWidgets.QDialog, int | None] = {}
        self.setObjectName("recordsPage")

        clipboard.audit_other_copies(session)  # Ctrl+C in a note: audited, cleared in 30 s
        forbid_drag_out()  # and no drag of client content into another program
        self.client_list = ClientList(session)
        self.client_list.client_chosen.connect(self.open_client)
        self.client_list.highlighted.connect(self._highlight_moved)
        self.client_list.note_chosen.connect(self.open_note_of_client)
        self.client_list.new_client_requested.connect(self.new_client)
        self.privacy_button = QtWidgets.QToolButton()
        self.privacy_button.setObjectName("privacyToggle")

        self.placeholder = QtWidgets.QLabel(CUSTODIAN_WELCOME if session.is_custodian else WELCOME)
        self.placeholder.setObjectName("recordsPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet(
            "QLabel { color: palette(placeholder-text); font-size: 14px; }"
        )
        self.right = QtWidgets.QStackedWidget()
        self.right.addWidget(self.placeholder)

        left = QtWidgets.QWidget()
        left_layout = QtWidgets.QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.client_list, 1)
        left_layout.addWidget(self.privacy_button, 0, Qt.AlignmentFlag.AlignLeft)
        splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 900])
        splitter.setChildrenCollapsible(False)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)
        self._build_actions(session)

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None, name: str
    ) -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QtGui.QKeySequence(shortcut))
            # Only while the workspace is shown: no clash with the window's own shortcuts.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Not `connect(slot)`: the `checked` argument would land in record_intake's `then`.
        action.triggered.connect(partial(self._trigger, slot))
        self.addAction(action)
        return action

    def _trigger(self, slot: Callable[[], object]) -> None:
        slot()

    def _build_actions(self, session: VaultSession) -> None:
        self.new_client_action = self._action("&New client…", self.new_client, "Ctrl+N",
                                              "newClientAction")  # fmt: skip
        self.find_action = self._action("&Find…", self.focus_search, "Ctrl+F", "findAction")
        self.new_note_action = self._action("New n&ote…", self.new_note, None, "newNoteAction")
        self.new_case_action = self._action("New &case…", self.new_case, None, "newCaseAction")
        self.intake_action = self._action(
            "Record &intake…", self.record_intake, None, "recordIntakeAction"
        )
        self.privacy_action = QtGui.QAction("&Privacy mode", self)
        self.privacy_action.setObjectName("privacyAction")
        self.privacy_action.setCheckable(True)
        self.privacy_action.setShortcut(QtGui.QKeySequence(PRIVACY_SHORTCUT))
        self.privacy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.privacy_action.setToolTip(
            f"Show names as initials and hide note text, for rooms where others can see "
            f"the screen ({PRIVACY_SHORTCUT})"
        )
        self.privacy_action.toggled.connect(self.set_privacy_mode)
        self.addAction(self.privacy_action)
        self.privacy_button.setDefaultAction(self.privacy_action)
        self.privacy_button.setText("Privacy mode: off")
        self.privacy_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.release_action = self._action(
            "&Release records…", self.release_records, None, "releaseRecordsAction"
        )
        for action in (
            self.new_client_action,
            self.new_note_action,
            self.new_case_action,
            self.intake_action,
        ):
            clinical_change(action, session)
        self.menu_actions = [
            self.new_client_action,
            self.find_action,
            self.privacy_action,
            self.new_case_action,
            self.new_note_action,
            self.intake_action,
            self.release_action,
        ]

    def drop_session(self) -> None:
        """On lock: every widget of the workspace forgets the session and its rows.

        Each records widget keeps its session in `_session`; clearing them all here means
        no view can keep client data (or the key's session) alive while Qt deletes it.
        """
        clipboard.audit_other_copies(None)
        if self.page is not None:
            self.right.removeWidget(self.page)
        for holder in (self, *self.findChildren(QtCore.QObject)):
            if hasattr(holder, "_session"):
                holder._session = None
        self.client_list.model.forget()
        self.page = None

    # --- privacy -------------------------------------------------------------------------

    @property
    def privacy_mode(self) -> bool:
        return self._private

    def set_privacy_mode(self, private: bool) -> None:
        if private == self._private:
            return
        self._private = private
        self.privacy_action.setChecked(private)
        self.privacy_button.setText("Privacy mode: on" if private else "Privacy mode: off")
        self.client_list.set_privacy_mode(private)
        if self.page is not None:
            self.page.set_privacy_mode(private)
        self.privacy_mode_changed.emit(private)

    # --- list and page -------------------------------------------------------------------

    def focus_search(self) -> None:
        self.client_list.focus_search()

    def open_client(self, client_id: int) -> ClientPage | None:
        """Show the client's page; reading it is audited, so the client already on screen
        (a second click, a double-click) is not read again."""
        if self.page is not None and self.page.client_id == client_id:
            self.right.setCurrentWidget(self.page)
            self.client_list.select_client(client_id)
            return self.page
        try:
            page = ClientPage(self._session, client_id, private=self._private)  # audited
        except VaultError as exc:
            show_message(self, exc.message)
            return None
        page.edit_requested.connect(self.edit_client)
        page.intake_requested.connect(self.record_intake)
        page.case_requested.connect(self.new_case)
        page.agreement_requested.connect(self.record_agreement)
        page.note_requested.connect(self.new_note_for_case)
        page.note_opened.connect(self.open_note)
        page.attach_requested.connect(self.attach_document)
        page.document_opened.connect(self.open_document)
        page.consents_tab.dialog_opened.connect(self.dialog_opened)
        page.release_requested.connect(self.release_records)
        if self.page is not None:
            self.right.removeWidget(self.page)
            self.page.deleteLater()
        self.page = page
        self.right.addWidget(page)
        self.right.setCurrentWidget(page)
        self.client_list.select_client(client_id)
        return page

    def _highlight_moved(self, client_id: int) -> None:
        """The list's highlight left the open client (arrow keys): close the page at once.

        Opening a record is an audited read, so browsing with the arrows does not open
        each client it passes; Enter or a click opens the highlighted one. Either way the
        page on screen (and every menu action on it) is never another client's.
        """
        if client_id and self.page is not None and self.page.client_id != client_id:
            self.close_page(PRESS_ENTER)

    def close_page(self, message: str | None = None) -> None:
        """Take the client's page off screen (and out of memory); the placeholder shows."""
        if message is None:
            custodian = self._session is not None and self._session.is_custodian
            message = CUSTODIAN_WELCOME if custodian else WELCOME
        if self.page is not None:
            self.right.removeWidget(self.page)
            self.page.hide()
            self.page.deleteLater()
            self.page = None
        self.placeholder.setText(message)
        self.right.setCurrentWidget(self.placeholder)

    def forget_destroyed(self, client_ids: Sequence[int]) -> None:
        """After a destruction: every view of those clients closes at once (their page,
        the dialogs and windows opened about them), and the list and any search results
        stop naming them. A destroyed client may still 'exist' as a tombstone row (kept
        consents and releases point at it), so the ids say who went, not the database."""
        gone = set(client_ids)
        views = [d for d, cid in self._dialog_client.items() if cid in gone]
        if self.page is not None and self.page.client_id in gone:
            views += self.page.findChildren(QtWidgets.QDialog)
        for view in views:
            if isinstance(view, HoldsSession):
                view.drop_session()  # nothing about them is saved any more
            view.reject()
            view.hide()  # a dialog whose work is running refuses to close: hidden all the same
        if self.page is not None and self.page.client_id in gone:
            self.close_page(DESTROYED)
        self.client_list.reload()
        if self.client_list.results is not None:
            self.client_list.search_edit.clear()
            self.client_list.run_search()

    def open_note_of_client(self, client_id: int, case_id: int, note_id: int) -> None:
        page = self.open_client(client_id)
        if page is not None:
            self.open_note(case_id, note_id)

    def _show(self, dialog: QtWidgets.QDialog, on_accept: object = None) -> QtWidgets.QDialog:
        self.dialog = dialog
        self._dialog_client[dialog] = self.page.client_id if self.page is not None else None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        if on_accept is not None:
            dialog.accepted.connect(on_accept)
        dialog.finished.connect(partial(self._dialog_closed, dialog))
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QtWidgets.QDialog, _result: int = 0) -> None:
        self._dialog_client.pop(dialog, None)
        if self.dialog is dialog:
            self.dialog = None

    def _refresh_page(self) -> None:
        if self.page is not None:
            self.page.refresh()

    def _label(self, name: str) -> str:
        return shown_name(name, self._private)

    # --- clients -------------------------------------------------------------------------

    def new_client(self) -> ClientDialog:
        dialog = ClientDialog(self._session, parent=self)
        self._show(dialog, partial(self._client_added, dialog))
        return dialog

    def _client_added(self, dialog: ClientDialog) -> None:
        if dialog.saved_id is not None:
            self.client_list.reload()
            self.open_client(dialog.saved_id)

    def edit_client(self) -> ClientDialog | None:
        if self.page is None:
            show_message(self, NO_CLIENT)
            return None
        dialog = ClientDialog(self._session, self.page.client, parent=self, private=self._private)
        self._show(dialog, partial(self._client_saved, self.page.client.id))
        return dialog

    def _client_saved(self, client_id: int) -> None:
        self.client_list.reload()
        self._refresh_page()
        self.client_list.select_client(client_id)

    def record_intake(self, then: object = None) -> IntakeDialog | None:
        if self.page is None:
            show_message(self, NO_CLIENT)
            return None
        dialog = IntakeDialog(
            self._session, self.page.client_id, self._label(self.page.client.name), parent=self
        )
        self._show(dialog, self._refresh_page)
        if callable(then):
            dialog.accepted.connect(then)
        return dialog

    # --- cases ---------------------------------------------------------------------------

    def new_case(self) -> CaseDialog | None:
        if self.page is None:
            show_message(self, NO_CLIENT)
            return None
        client = self.page.client
        dialog = CaseDialog(
            self._session, (client.id, client.name), private=self._private, parent=self
        )
        self._show(dialog, self._refresh_page)
        return dialog

    def record_agreement(self, case_id: int) -> AgreementDialog | None:
        try:
            case = cases.get_case(self._session, case_id)
        except VaultError as exc:
            show_message(self, exc.message)
            return None
        dialog = AgreementDialog(self._session, case, private=self._private, parent=self)
        self._show(dialog, self._refresh_page)
        return dialog

    # --- notes ---------------------------------------------------------------------------

    def new_note(self) -> QtWidgets.QDialog | None:
        """A note on the client's case: the only open one, or the one the user picks."""
        if self.page is None:
            show_message(self, NO_CLIENT)
            return None
        open_cases = [c for c in self.page.cases if c.closed_on is None]
        if not open_cases:
            show_message(
                self,
                "This client has no open case. Open one first (New case…): notes belong to a "
                "case, individual or joint.",
                icon=QtWidgets.QMessageBox.Icon.Information,
            )
            return None
        if len(open_cases) == 1:
            return self.new_note_for_case(open_cases[0].id)
        chooser = QtWidgets.QInputDialog(self)
        chooser.setObjectName("caseChooser")
        chooser.setWindowTitle(titled("New note", self.page.client.name, private=self._private))
        chooser.setLabelText("Which case is the note for?")
        labels = [f"{c.title} ({c.kind})" for c in open_cases]
        chooser.setComboBoxItems(labels)
        chooser.textValueSelected.connect(
            partial(self._case_chosen, labels, [c.id for c in open_cases])
        )
        self._show(chooser)
        return chooser

    def _case_chosen(self, labels: list[str], case_ids: list[int], text: str) -> None:
        self.new_note_for_case(case_ids[labels.index(text)])

    def new_note_for_case(self, case_id: int) -> QtWidgets.QDialog | None:
        if self.page is None:
            return None
        case = cases.get_case(self._session, case_id)
        if cases.agreement_needed(case):
            # 1.07 f-g: the agreement comes before the first note.
            return self.record_agreement(case_id)
        missing = [p for p in case.participants if intake.needs_intake(self._session, p.client_id)]
        if missing:
            return self._ask_about_intake(case, missing)
        return self._open_editor(case)

    def _ask_about_intake(self, case: Case, missing: list[cases.Participant]) -> QtWidgets.QDialog:
        names = ", ".join(self._label(p.name) for p in missing)
        box = QtWidgets.QMessageBox(self)
        box.setObjectName("intakeWarning")
        box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
        box.setWindowTitle("No intake recorded")
        box.setText(
            f"No intake is recorded for {names}: the limits of confidentiality have not been "
            "recorded as explained.\n\nRecord the intake first?"
        )
        record = None
        assert self.page is not None
        if any(p.client_id == self.page.client_id for p in missing):
            record = box.addButton("Record intake…", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton(
            "Write the note anyway", QtWidgets.QMessageBox.ButtonRole.DestructiveRole
        )
        box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.finished.connect(partial(self._intake_answered, box, record, anyway, case))
        self._show(box)
        return box

    def _intake_answered(
        self,
        box: QtWidgets.QMessageBox,
        record: QtWidgets.QAbstractButton | None,
        anyway: QtWidgets.QAbstractButton,
        case: Case,
        _result: int,
    ) -> None:
        clicked = box.clickedButton()
        if record is not None and clicked is record:
            self.record_intake(then=partial(self.new_note_for_case, case.id))
        elif clicked is anyway:
            self._open_editor(case, allow_without_intake=True)

    def _open_editor(
        self, case: Case, *, note_id: int | None = None, allow_without_intake: bool = False
    ) -> NoteEditor | None:
        if self.page is None:
            return None
        try:
            editor = NoteEditor(
                self._session,
                case,
                self.page.client_id,
                note_id=note_id,
                allow_without_intake=allow_without_intake,
                private=self._private,
                parent=self,
            )
        except VaultError as exc:
            show_message(self, exc.message)
            return None
        editor.changed.connect(self._refresh_page)
        self._show(editor)
        return editor

    def open_note(self, case_id: int, note_id: int) -> NoteEditor | None:
        try:
            if not case_id:  # a note found by search: ask the note for its case
                case_id = notes.open_note(self._session, note_id).case_id
            case = cases.get_case(self._session, case_id)
        except VaultError as exc:
            show_message(self, exc.message)
            return None
        return self._open_editor(case, note_id=note_id)

    # --- releases (the gate) -------------------------------------------------------------

    def release_records(self, note_ids: list[int] | None = None) -> ReleaseDialog | None:
        """The release dialog for the client on screen: the notes selected, or the whole
        record (unchecked: the user picks the minimum necessary)."""
        if self.page is None:
            show_message(self, NO_CLIENT)
            return None
        items = [Item("note", n) for n in note_ids] if note_ids else None
        try:
            dialog = ReleaseDialog(
                self._session, self.page.client_id, items, private=self._private, parent=self
            )
        except VaultError as exc:
            show_message(self, exc.message)
            return None
        self._show(dialog)
        return dialog

    # --- documents -----------------------------------------------------------------------

    def attach_document(self) -> AttachDialog | None:
        if self.page is None:
            show_message(self, NO_CLIENT)
            return None
        dialog = AttachDialog(
            self._session,
            self.page.client_id,
            parent=self,
            client_label=self._label(self.page.client.name),
        )
        self._show(dialog, self._refresh_page)
        return dialog

    def open_document(self, document_id: int) -> DocumentView | None:
        try:
            view = DocumentView(self._session, document_id, parent=self)  # audited
        except VaultError as exc:
            show_message(self, exc.message)
            return None
        self._show(view)
        return view
