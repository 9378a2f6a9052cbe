"""Write a note: kind, date, subjects (participants of the case), body.

A draft autosaves *inside the vault* (`notes.save_draft`) a few seconds after a change,
when the text box loses focus and when the window closes; nothing is kept anywhere else.
Sign makes the note immutable (after a confirmation); corrections are addenda, which
open here as new drafts linked to the signed note. In privacy mode the body is hidden
until clicked.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from recordsafe.disclosure.gate import Item
from recordsafe.records import cases, notes
from recordsafe.records.cases import Case
from recordsafe.records.notes import Note
from recordsafe.ui.disclosure import clipboard
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.ui.qt import Qt, QtCore, QTimer, QtWidgets, Signal
from recordsafe.ui.widgets.custodian import CUSTODIAN_READ_ONLY
from recordsafe.ui.widgets.dates import date_edit, from_qdate, to_qdate
from recordsafe.ui.widgets.forms import error_label, hint, show_error
from recordsafe.ui.widgets.names import HIDDEN_BODY, case_title, shown_name, titled
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

AUTOSAVE_MS: Final = 3000
SIGN_WARNING: Final = (
    "Signed notes cannot be changed; corrections are addenda.\n\nSign this note now?"
)


class NoteEditor(QtWidgets.QDialog):
    """Opens an existing note (`note_id`) or a new draft on `case` for `client_id`."""

    changed = Signal()  # a note was created, saved, signed: lists should refresh

    def __init__(
        self,
        session: VaultSession,
        case: Case,
        client_id: int,
        *,
        note_id: int | None = None,
        allow_without_intake: bool = False,
        private: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._case = case
        self._client_id = client_id
        self._allow_without_intake = allow_without_intake
        self._private = private
        self.note_id: int | None = None
        self.note: Note | None = None
        self._dirty = False
        self._loading = False
        self._dropped = False
        self.sign_box: QtWidgets.QMessageBox | None = None
        self.close_box: QtWidgets.QMessageBox | None = None
        self.setObjectName("noteEditor")
        self.setMinimumSize(640, 520)

        form = self._build_form(case, private)

        buttons = self._build_buttons()

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.title_label)
        if case.is_joint and case.agreement_policy:
            # 1.07 f-g: the agreement stays in view while writing about a joint case.
            policy = cases.policy_parts(case.agreement_policy)[0]
            self.agreement_hint = hint(f"Confidentiality agreement for this case: {policy}.")
            self.agreement_hint.setObjectName("editorAgreement")
            layout.addWidget(self.agreement_hint)
        layout.addLayout(form)
        layout.addWidget(self.body_edit, 1)
        layout.addWidget(self.reveal_button, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.save_now)
        self.kind_combo.currentIndexChanged.connect(self._mark_dirty)
        self.date_edit.dateChanged.connect(self._mark_dirty)
        self.body_edit.textChanged.connect(self._mark_dirty)

        if note_id is not None:
            self.load(note_id)
        else:
            self._show_state()

    def _build_form(self, case: Case, private: bool) -> QtWidgets.QFormLayout:
        self.title_label = QtWidgets.QLabel()
        self.title_label.setObjectName("noteTitle")
        self.title_label.setWordWrap(True)  # a family's names must not widen the window
        self.title_label.setStyleSheet("QLabel { font-size: 15px; font-weight: bold; }")
        self.state_label = hint("")
        self.state_label.setObjectName("noteState")
        self.kind_combo = QtWidgets.QComboBox()
        self.kind_combo.setObjectName("noteKind")
        for key, label in notes.KINDS.items():
            self.kind_combo.addItem(label, key)
        self.date_edit = date_edit()
        self.date_edit.setObjectName("noteDate")
        self.subject_checks: dict[int, QtWidgets.QCheckBox] = {}
        subjects = QtWidgets.QHBoxLayout()
        for person in case.participants:
            label = shown_name(person.name, private)
            check = QtWidgets.QCheckBox(f"{label} ({person.role})" if person.role else label)
            check.setObjectName(f"subject_{person.client_id}")
            check.setChecked(True)
            check.toggled.connect(self._mark_dirty)
            self.subject_checks[person.client_id] = check
            subjects.addWidget(check)
        subjects.addStretch(1)
        if len(case.participants) == 1:
            next(iter(self.subject_checks.values())).setEnabled(False)

        self.body_edit = QtWidgets.QPlainTextEdit()
        self.body_edit.setObjectName("noteBody")
        self.body_edit.setAccessibleName("Note text")
        self.body_edit.setTabChangesFocus(True)  # Tab reaches Sign and Close
        self.body_edit.setPlaceholderText("Write the note here. It is saved as you go.")
        self.body_edit.installEventFilter(self)
        self.reveal_button = QtWidgets.QPushButton(HIDDEN_BODY)
        self.reveal_button.setObjectName("revealBody")
        self.reveal_button.setMinimumHeight(200)
        self.reveal_button.clicked.connect(self.reveal_body)
        self.body_edit.setVisible(not private)
        self.reveal_button.setVisible(private)

        form = QtWidgets.QFormLayout()
        form.addRow("Kind:", self.kind_combo)
        form.addRow("Date:", self.date_edit)
        self.subjects_hint = hint(
            "Subjects are the participants whose confidential information the note holds: "
            "everyone present in a joint session, only that person in an individual one."
            + (
                " A note about one participant only is filed in that person's record."
                if case.is_joint
                else ""
            )
        )
        # The hint shares the subjects' cell: a wrapped label in a row of its own was given
        # the height of twice its lines, a blank band under the names.
        about = QtWidgets.QVBoxLayout()
        about.setSpacing(2)
        about.addLayout(subjects)
        about.addWidget(self.subjects_hint)
        form.addRow("About (subjects):", about)
        return form

    def _build_buttons(self) -> QtWidgets.QHBoxLayout:
        self.error_label = error_label("noteError")
        self.sign_button = QtWidgets.QPushButton("Sign…")
        self.sign_button.setObjectName("signNote")
        self.sign_button.clicked.connect(self.ask_to_sign)
        self.addendum_button = QtWidgets.QPushButton("Addendum…")
        self.addendum_button.setObjectName("addAddendum")
        self.addendum_button.clicked.connect(self.start_addendum)
        self.close_button = QtWidgets.QPushButton("Close")
        self.close_button.setObjectName("closeNote")
        self.close_button.clicked.connect(self.accept)
        self.copy_button = QtWidgets.QPushButton("Copy text")
        self.copy_button.setObjectName("copyNoteText")
        self.copy_button.setToolTip("Copy the note's text; the clipboard is cleared after 30 s")
        self.copy_button.clicked.connect(self.copy_text)
        self.release_button = QtWidgets.QPushButton("Release…")
        self.release_button.setObjectName("releaseNote")
        self.release_button.clicked.connect(self.open_release)
        self.release_dialog: QtWidgets.QDialog | None = None
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.state_label, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.release_button)
        buttons.addWidget(self.addendum_button)
        buttons.addWidget(self.sign_button)
        buttons.addWidget(self.close_button)
        return buttons

    # --- loading and state ---------------------------------------------------------------

    def load(self, note_id: int) -> None:
        """Show a stored note (audited by `open_note`)."""
        note = notes.open_note(self._session, note_id)
        self._loading = True
        try:
            self.note_id, self.note = note.id, note
            self.kind_combo.setCurrentIndex(list(notes.KINDS).index(note.kind))
            self.date_edit.setDate(to_qdate(note.note_date))
            for client_id, check in self.subject_checks.items():
                check.setChecked(client_id in note.subjects)
            self.body_edit.setPlainText(note.body)
        finally:
            self._loading = False
        self._dirty = False
        self._show_state()

    def _show_state(self) -> None:
        note = self.note
        signed = note is not None and note.is_signed
        # A custodian reads drafts and signed notes alike; nothing here can change them.
        custodian = self._session is not None and self._session.is_custodian
        locked = signed or custodian
        self._show_title()
        for widget in (self.kind_combo, self.date_edit, *self.subject_checks.values()):
            widget.setEnabled(not locked)
        if len(self.subject_checks) == 1:
            next(iter(self.subject_checks.values())).setEnabled(False)
        if note is not None and note.addendum_of is not None:
            self.kind_combo.setEnabled(False)  # an addendum keeps the note's kind and subjects
            for check in self.subject_checks.values():
                check.setEnabled(False)
        self.body_edit.setReadOnly(locked)
        # A page in the window's colour says "you cannot type here" before the user tries
        # (the theme's own colour: a fixed light grey is unreadable in a dark theme).
        read_only = "QPlainTextEdit { background: palette(window); }"
        self.body_edit.setStyleSheet(read_only if locked else "")
        self.sign_button.setVisible(not locked)
        self.addendum_button.setVisible(signed and not custodian)
        self.release_button.setVisible(signed)  # only signed notes leave the practice
        self.copy_button.setVisible(self.note_id is not None)
        if signed and note is not None:
            # Who signed stays in view for a custodian too, the reason beside it.
            after = CUSTODIAN_READ_ONLY if custodian else "read only. Corrections are addenda."
            self.state_label.setText(f"Signed {_stamp(note.signed_at)} by {note.author} — {after}")
        elif custodian:
            self.state_label.setText(CUSTODIAN_READ_ONLY)
        elif self.note_id is None:
            self.state_label.setText("New draft — saved in the vault as you type.")
        else:
            self.state_label.setText(f"Draft — saved in the vault at {_clock()}.")

    @property
    def is_signed(self) -> bool:
        return self.note is not None and self.note.is_signed

    def reveal_body(self) -> None:
        self.reveal_button.hide()
        self.body_edit.show()
        self.body_edit.setFocus()

    # --- autosave ------------------------------------------------------------------------

    def _mark_dirty(self) -> None:
        if self._loading or self.is_signed:
            return
        self._dirty = True
        self.autosave_timer.start()
        self._show_title()

    def _show_title(self) -> None:
        """The titles name whom the note is about (its subjects) as ticked now."""
        kind_label = notes.KINDS.get(str(self.kind_combo.currentData()), "Note")
        if self.note is not None and self.note.addendum_of is not None:
            title = f"Addendum — {kind_label}"
        else:
            title = kind_label if self.note_id is not None else f"New {kind_label.lower()}"
        chosen = [p.name for p in self._case.participants if p.client_id in self.subjects()]
        who = ", ".join(shown_name(name, self._private) for name in chosen)
        about = f"{title} about {who}" if who else title
        self.title_label.setText(f"{about} · {case_title(self._case, self._private)}")
        self.setWindowTitle(titled(title, *chosen, private=self._private))

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.body_edit and event.type() == QtCore.QEvent.Type.FocusOut:
            self.save_now()
        return super().eventFilter(watched, event)

    def _filed_under(self) -> int:
        """The record the note belongs to (see notes.create_note): a note about the other
        partner is theirs, so copying or releasing it is recorded under their name."""
        if self.note is not None and self.note.is_signed and self.note.client_id is not None:
            return int(self.note.client_id)
        chosen = self.subjects()
        return self._client_id if self._client_id in chosen or not chosen else chosen[0]

    def subjects(self) -> list[int]:
        return [cid for cid, check in self.subject_checks.items() if check.isChecked()]

    def save_now(self) -> bool:
        """Write the draft into the vault now; False (with an inline message) if refused."""
        self.autosave_timer.stop()
        if not self._dirty or self.is_signed:
            return True
        body = self.body_edit.toPlainText()
        kind = str(self.kind_combo.currentData())
        day: date = from_qdate(self.date_edit.date())
        try:
            if self.note_id is None:
                if not body.strip():
                    return True  # nothing worth keeping yet
                note_id = notes.create_note(
                    self._session,
                    self._case.id,
                    kind=kind,  # type: ignore[arg-type]
                    note_date=day,
                    body=body,
                    subjects=self.subjects(),
                    client_id=self._client_id,
                    allow_without_intake=self._allow_without_intake,
                )
                self.note_id = note_id
            else:
                addendum = self.note is not None and self.note.addendum_of is not None
                notes.save_draft(
                    self._session,
                    self.note_id,
                    body=body,
                    note_date=day,
                    kind=None if addendum else kind,  # type: ignore[arg-type]
                    subjects=None if addendum else self.subjects(),
                )
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return False
        self._dirty = False
        self.error_label.hide()
        self._show_state()
        self.changed.emit()
        return True

    # --- signing and addenda -------------------------------------------------------------

    def ask_to_sign(self) -> None:
        if not self.save_now():
            return
        if self.note_id is None:
            show_error(self.error_label, "Write the note before signing it.")
            return
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Question,
            "Sign note",
            SIGN_WARNING,
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("signConfirm")
        box.button(QtWidgets.QMessageBox.StandardButton.Yes).setText("Sign")
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.accepted.connect(self.sign)
        box.finished.connect(box.deleteLater)
        self.sign_box = box
        box.open()

    def sign(self) -> None:
        if self.note_id is None:
            return
        try:
            notes.sign_note(self._session, self.note_id)
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return
        self.load(self.note_id)
        self.changed.emit()

    def start_addendum(self) -> None:
        """Open a new draft addendum linked to this signed note, in this window."""
        if self.note_id is None or not self.is_signed:
            return
        try:
            addendum_id = notes.add_addendum(self._session, self.note_id)
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return
        self.load(addendum_id)
        self.reveal_body()
        self.changed.emit()

    # --- out of the vault: copy (audited, cleared after 30 s) and release (the gate) -----

    def copy_text(self) -> None:
        if self.note_id is None or not self.save_now():
            return
        try:
            clipboard.copy_note_text(
                self._session, self._filed_under(), self.note_id, self.body_edit.toPlainText()
            )
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return
        self.state_label.setText("Copied. The clipboard is cleared in 30 seconds.")

    def open_release(self) -> QtWidgets.QDialog | None:
        if self.note_id is None or not self.is_signed:
            return None
        try:
            dialog = ReleaseDialog(
                self._session,
                self._filed_under(),
                [Item("note", self.note_id)],
                private=self._private,
                parent=self,
            )
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.release_dialog = dialog
        dialog.open()
        return dialog

    # --- closing -------------------------------------------------------------------------

    def done(self, result: int) -> None:
        # Closing keeps the draft: it is saved into the vault, never thrown away silently.
        # When the vault refuses it, Close and Esc still work: ask once, keep or discard.
        if self._dropped or self.save_now():
            super().done(result)
        elif self.close_box is None:
            self._ask_to_discard(result)

    def _ask_to_discard(self, result: int) -> None:
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning,
            "Unsaved changes",
            f"{self.error_label.text()}\n\nThese changes cannot be saved as they are. Keep "
            "editing to put them right, or close and discard them"
            + (" (the draft keeps what was saved last)." if self.note_id else "."),
            QtWidgets.QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("discardChanges")
        keep = box.addButton("Keep editing", QtWidgets.QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton("Discard changes and close",
                                QtWidgets.QMessageBox.ButtonRole.DestructiveRole)  # fmt: skip
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.finished.connect(lambda _r: self._discard_answered(box, discard, result))
        self.close_box = box
        box.open()

    def _discard_answered(
        self, box: QtWidgets.QMessageBox, discard: QtWidgets.QAbstractButton, result: int
    ) -> None:
        self.close_box = None
        box.deleteLater()
        if box.clickedButton() is discard:
            self.autosave_timer.stop()
            self._dropped = True
            super().done(result)

    def drop_session(self) -> None:
        """The window is locking: save the draft while the vault is still open, then let go.

        The main window calls this before it rejects every dialog; after it, closing never
        waits on the vault (a draft the domain refuses is lost rather than left on screen).
        """
        self.save_now()
        self.autosave_timer.stop()
        self._dropped = True


def _stamp(value: str | None) -> str:
    """'2026-11-26T10:58:01Z' -> '26 Nov 2026, 10:58' in local time."""
    if not value:
        return ""
    moment = QtCore.QDateTime.fromString(value, QtCore.Qt.DateFormat.ISODate)
    return moment.toLocalTime().toString("dd MMM yyyy, HH:mm") if moment.isValid() else value


def _clock() -> str:
    return QtCore.QTime.currentTime().toString("HH:mm")
