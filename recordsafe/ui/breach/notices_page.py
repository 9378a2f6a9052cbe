"""Wizard page 5: the notices, one letter per affected client, and their delivery.

The letter's shared text is prefilled from the assessment and the practice's settings,
and can be edited before the letters are written. Every affected client has a line: a
client with no address on file says "Needs an address" (type one in and write again);
each letter is saved as an encrypted PDF or printed, both through the gate; then its
delivery is recorded (how, when). Each PDF's password is kept in the vault, as a closure
notice's is: shown on purpose (audited), or printed as a letter to post apart from the file
(ui/widgets/notice_passwords, shared with closure).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from recordsafe.breach import affected, deadlines, notices
from recordsafe.breach.notices import NoticeContent, NoticeLine
from recordsafe.disclosure import letters
from recordsafe.disclosure.letters import DELIVERY_METHODS
from recordsafe.disclosure.practice_info import practice_info
from recordsafe.ui.breach.common import plain, text_box
from recordsafe.ui.disclosure import printing
from recordsafe.ui.practice_details_dialog import PracticeDetailsDialog
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.widgets import save_folder
from recordsafe.ui.widgets.dates import date_edit, format_day, from_qdate
from recordsafe.ui.widgets.forms import error_label, hint, show_error
from recordsafe.ui.widgets.meaning_colours import brush, text_style
from recordsafe.ui.widgets.names import some_names
from recordsafe.ui.widgets.notice_passwords import (
    CHOOSE_SAVED,
    KEPT,
    password_buttons,
    print_password_letters,
    save_letters_button,
    save_password_letters,
)
from recordsafe.vault import VaultError

if TYPE_CHECKING:
    from recordsafe.ui.breach.incident_wizard import IncidentWizard

COLUMNS = ("Client", "Letter to", "Address", "Notice", "Password")
SAVE_PURPOSE = "breach-notice"
NO_RECORD_TIP = (
    "The record was destroyed: RecordSafe has no address and nothing to write the letter "
    "from. Notify them another way (the destruction log keeps the name and date of birth): "
    "a letter by hand if you find an address, or a substitute notice (45 CFR 164.404(d)(2))."
)


class NoticesPage(QtWidgets.QWizardPage):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Notify the affected clients")
        self.countdown = QtWidgets.QLabel()
        self.countdown.setObjectName("noticeCountdown")
        self.countdown.setWordWrap(True)
        self.countdown.setStyleSheet("QLabel { font-weight: 600; }")

        letter = self._build_letter()
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("noticesTable")
        self.table.setAccessibleName("Notices")
        self.table.setTabKeyNavigation(False)  # arrows move between rows; Tab moves on
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)

        row1, row2 = self._build_actions()

        self.message = QtWidgets.QLabel()
        self.message.setObjectName("noticesMessage")
        self.message.setWordWrap(True)
        self.problem = error_label("noticesProblem")

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.countdown)
        layout.addWidget(letter)
        layout.addLayout(row1)
        layout.addWidget(self.table, 1)
        layout.addLayout(row2)
        layout.addLayout(self._build_passwords())
        layout.addWidget(self.message)
        layout.addWidget(self.problem)

        self.write_button.clicked.connect(self.write_letters)
        self.use_address.clicked.connect(self.keep_address)
        self.save_button.clicked.connect(self.save_selected)
        self.print_button.clicked.connect(self.print_selected)
        self.deliver_button.clicked.connect(self.record_delivery)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.addresses: dict[int, str] = {}
        self.lines: list[NoticeLine] = []
        self.passwords: dict[int, str] = {}  # shown on purpose, until the wizard closes

    def _build_letter(self) -> QtWidgets.QGroupBox:
        self.what = text_box("letterWhatHappened", "(A) What happened, in plain words", 2)
        self.kinds = text_box("letterKinds", "(B) The kinds of information involved", 2)
        self.client_steps = text_box("letterClientSteps", "(C) What the client can do", 3)
        self.practice_steps = text_box("letterPracticeSteps", "(D) What you are doing", 2)
        self.practice = QtWidgets.QLabel()
        self.practice.setObjectName("practiceDetails")
        self.practice.setWordWrap(True)
        # Never squeezed to one line on a short screen: the list below gives way instead.
        self.practice.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Minimum
        )
        self.practice_button = QtWidgets.QPushButton("Practice de&tails…")
        self.practice_button.setObjectName("editPracticeDetails")
        self.practice_button.clicked.connect(self.edit_practice_details)
        practice_row = QtWidgets.QHBoxLayout()
        practice_row.addWidget(self.practice, 1)
        practice_row.addWidget(self.practice_button)
        letter = QtWidgets.QGroupBox("The letter (the same text for every client)")
        form = QtWidgets.QFormLayout(letter)
        form.addRow("(A) What &happened:", self.what)
        form.addRow("(B) &Information:", self.kinds)
        form.addRow("(C) What they can &do:", self.client_steps)
        form.addRow("(D) What you are d&oing:", self.practice_steps)
        form.addRow("(E) How to reach you:", practice_row)
        return letter

    def _build_actions(self) -> tuple[QtWidgets.QHBoxLayout, QtWidgets.QHBoxLayout]:
        self.write_button = QtWidgets.QPushButton("&Write the letters")
        self.write_button.setObjectName("writeLetters")
        self.address = QtWidgets.QLineEdit()
        self.address.setObjectName("typedAddress")
        self.address.setAccessibleName("Address for the selected client")
        self.address.setPlaceholderText("Address for the selected client (kept on the letter)")
        self.use_address = QtWidgets.QPushButton("&Use this address")
        self.use_address.setObjectName("useAddress")
        self.save_button = QtWidgets.QPushButton("&Save encrypted PDF…")
        self.save_button.setObjectName("saveNotice")
        self.print_button = QtWidgets.QPushButton("P&rint…")
        self.print_button.setObjectName("printNotice")
        self.how = QtWidgets.QComboBox()
        self.how.setObjectName("deliveryHow")
        self.how.setAccessibleName("Delivered by")
        for method in DELIVERY_METHODS:
            self.how.addItem(method.capitalize(), method)
        self.delivered_on = date_edit()
        self.delivered_on.setObjectName("deliveredOn")
        self.delivered_on.setAccessibleName("Delivered on")
        self.deliver_button = QtWidgets.QPushButton("Record deli&very")
        self.deliver_button.setObjectName("recordDelivery")

        row1 = QtWidgets.QHBoxLayout()
        row1.addWidget(self.write_button)
        row1.addWidget(self.address, 1)
        row1.addWidget(self.use_address)
        row2 = QtWidgets.QHBoxLayout()
        row2.addWidget(QtWidgets.QLabel("Selected:"))
        row2.addWidget(self.save_button)
        row2.addWidget(self.print_button)
        row2.addSpacing(12)
        row2.addWidget(QtWidgets.QLabel("Delivered by"))
        row2.addWidget(self.how)
        row2.addWidget(QtWidgets.QLabel("on"))
        row2.addWidget(self.delivered_on)
        row2.addWidget(self.deliver_button)
        row2.addStretch(1)
        return row1, row2

    def _build_passwords(self) -> QtWidgets.QHBoxLayout:
        self.show_password_button, self.password_letters_button = password_buttons(
            self.show_password, self.print_password_letters
        )
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.show_password_button)
        row.addWidget(self.password_letters_button)
        # No printer here (a laptop on the road): save them, to print elsewhere.
        self.save_letters_button = save_letters_button(self.save_password_letters)
        row.addWidget(self.save_letters_button)
        # Beside the buttons it concerns, not on a line of its own: the list keeps its room.
        row.addWidget(
            # Short: with three buttons beside it, a longer one would wrap onto the list's room.
            hint("Each PDF's password is kept in the vault: give it apart from the file."),
            1,
        )
        return row

    def wizard_(self) -> IncidentWizard:
        return cast("IncidentWizard", self.wizard())

    def initializePage(self) -> None:
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return
        content = notices.default_content(wizard.session, wizard.incident_id)
        self.what.setPlainText(content.what_happened)
        self.kinds.setPlainText(content.information_kinds)
        self.client_steps.setPlainText(content.client_steps)
        self.practice_steps.setPlainText(content.practice_steps)
        self.refresh()
        self.what.setFocus()

    def content(self) -> NoticeContent:
        return NoticeContent(
            what_happened=plain(self.what),
            information_kinds=plain(self.kinds),
            client_steps=plain(self.client_steps),
            practice_steps=plain(self.practice_steps),
        )

    def show_practice_details(self) -> None:
        session = self.wizard_().session
        if session is None:
            return
        info = practice_info(session)
        if info.is_complete:
            # In custodian mode the custodian writes: their contact, their signature.
            writer = notices.sender(session)
            contact = writer.contact.replace("\n", ", ")
            signed = writer.signature.splitlines()[0]
            self.practice.setText(f"{info.name}, {contact}. Signed: {signed}.")
            self.practice.setStyleSheet("")
        else:
            self.practice.setText("Missing: " + ", ".join(info.missing()) + ".")
            self.practice.setStyleSheet(text_style("warning"))

    def edit_practice_details(self) -> None:
        session = self.wizard_().session
        if session is None:
            return
        dialog = PracticeDetailsDialog(session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(lambda _r: self.show_practice_details())
        dialog.open()

    def refresh(self) -> None:
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return
        clock = deadlines.clock(wizard.session, wizard.incident_id)
        self.countdown.setText(
            f"Notices are due by {format_day(clock.notices_due)} "
            f"({deadlines.countdown(clock.notices_due, date.today())}): 60 days from discovery."
            + (
                " 500 or more clients: notify HHS at the same time and check the media notice."
                if clock.hhs_due
                else ""
            )
        )
        self.show_practice_details()
        selected = self.table.currentRow()
        self.lines = notices.notice_lines(wizard.session, wizard.incident_id)
        destroyed = affected.destroyed_in_backup(wizard.session, wizard.incident_id)
        self.table.setRowCount(len(self.lines) + len(destroyed))
        for row, line in enumerate(self.lines):
            address = self.addresses.get(line.client_id) or line.address
            status = line.status
            if line.letter_id is None and address and line.addressee_name:
                status = "Ready to write"
            missing = "None on file" if line.letter_id is None else "None: give one for the post"
            password = self.passwords.get(line.client_id) or (KEPT if line.has_password else "")
            values = (
                line.client_name + (" (deceased)" if line.deceased else ""),
                line.addressee_name or "No representative recorded",
                (address or missing).replace("\n", ", "),
                status,
                password,
            )
            for col, value in enumerate(values):
                item = QtWidgets.QTableWidgetItem(value)
                if status.startswith("Needs"):
                    item.setForeground(brush("error"))
                self.table.setItem(row, col, item)
        # The lost backup's destroyed records: no address and nothing left to write a
        # letter from; listed (never skipped silently), to notify outside RecordSafe.
        for row, gone in enumerate(destroyed, start=len(self.lines)):
            values = (
                gone.name,
                gone.name,
                "None on file",
                f"Needs an address: {gone.why[:1].lower()}{gone.why[1:]}",
                "",
            )
            for col, value in enumerate(values):
                item = QtWidgets.QTableWidgetItem(value)
                item.setForeground(brush("error"))
                item.setToolTip(NO_RECORD_TIP)
                self.table.setItem(row, col, item)
        for column in range(self.table.columnCount() - 1):
            self.table.resizeColumnToContents(column)
        self.table.resizeRowsToContents()
        if 0 <= selected < len(self.lines):
            self.table.selectRow(selected)
        self._selection_changed()

    def _selected(self) -> NoticeLine | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.lines) and self.table.selectionModel().hasSelection():
            return self.lines[row]
        return None

    def _selection_changed(self) -> None:
        line = self._selected()
        written = line is not None and line.letter_id is not None
        self.save_button.setEnabled(written)
        self.print_button.setEnabled(written)
        self.deliver_button.setEnabled(line is not None and line.sent_on is not None)
        saved = line is not None and line.has_password
        self.show_password_button.setEnabled(saved)
        self.password_letters_button.setEnabled(saved)
        self.save_letters_button.setEnabled(saved)
        # Before the letter is written (printed on it), or for one written without a
        # postal address (kept on it, for the envelope).
        self.use_address.setEnabled(
            line is not None and (line.letter_id is None or line.address is None)
        )

    def _fail(self, exc: VaultError) -> None:
        show_error(self.problem, exc.message)

    def write_letters(self) -> None:
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return
        try:
            outcome = notices.write_notices(
                wizard.session,
                wizard.incident_id,
                self.content(),
                today=date.today(),
                addresses=self.addresses,
            )
        except VaultError as exc:
            self._fail(exc)
            return
        self.problem.hide()
        text = f"{outcome.written} letter{'s' if outcome.written != 1 else ''} written."
        if outcome.waiting:
            names = some_names([line.client_name for line in outcome.waiting])
            text += (
                f" Still waiting ({len(outcome.waiting)}): {names}. Select each one in the "
                "list, type an address (or record a representative), and write again."
            )
        gone = len(affected.destroyed_in_backup(wizard.session, wizard.incident_id))
        if gone:
            text += (
                f" {gone} destroyed record{'s' if gone != 1 else ''} at the end of the list: "
                "no letter can be written from RecordSafe; notify them another way."
            )
        self.message.setText(text)
        self.refresh()
        wizard.changed.emit()

    def keep_address(self) -> None:
        line = self._selected()
        if line is None:
            show_error(self.problem, "Select the client first.")
            return
        typed = self.address.text().strip()
        if not typed:
            show_error(self.problem, "Type the address first.")
            return
        if not letters.is_postal(typed):
            show_error(
                self.problem,
                "That is a telephone number or an e-mail address, not a postal address: "
                "type where the letter goes by post.",
            )
            return
        wizard = self.wizard_()
        if line.letter_id is not None and wizard.session and wizard.incident_id is not None:
            try:
                notices.give_address(wizard.session, wizard.incident_id, line.client_id, typed)
            except VaultError as exc:
                self._fail(exc)
                return
        else:
            self.addresses[line.client_id] = typed
        self.address.clear()
        self.problem.hide()
        self.refresh()

    def choose_target(self, line: NoticeLine) -> Path | None:
        """Where to save the letter (tests replace this)."""
        # A file name shows even when its pages are encrypted: a number, never a name.
        suggested = save_folder.start(SAVE_PURPOSE) / f"breach-notice-{line.client_id:05d}.pdf"
        chosen, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save the encrypted notice", str(suggested), "PDF (*.pdf)"
        )
        return Path(chosen) if chosen else None

    def save_selected(self) -> None:
        wizard = self.wizard_()
        line = self._selected()
        if wizard.session is None or wizard.incident_id is None or line is None:
            return
        target = self.choose_target(line)
        if target is None:
            return
        save_folder.remember(SAVE_PURPOSE, target)
        try:
            notices.produce_notice(
                wizard.session,
                wizard.incident_id,
                line.client_id,
                today=date.today(),
                target=target,
            )
        except VaultError as exc:
            self._fail(exc)
            return
        self.problem.hide()
        self.message.setText(
            f"Saved {target.name}. Its password is kept in the vault: Show password of "
            f"selected, or Print password letters…, to give it to {line.addressee_name} "
            "separately."
        )
        self.refresh()

    def _saved_selected(self) -> NoticeLine | None:
        line = self._selected()
        if line is None or not line.has_password:
            show_error(self.problem, CHOOSE_SAVED)
            return None
        return line

    def show_password(self) -> None:
        """The selected notice's password, in its row (each look is audited)."""
        wizard = self.wizard_()
        line = self._saved_selected()
        if wizard.session is None or wizard.incident_id is None or line is None:
            return
        try:
            self.passwords[line.client_id] = notices.notice_password(
                wizard.session, wizard.incident_id, line.client_id
            )
        except VaultError as exc:
            self._fail(exc)
            return
        self.problem.hide()
        self.refresh()

    def print_password_letters(self) -> None:
        line = self._saved_selected()
        if line is None:
            return
        self.problem.hide()
        printing.choose_printer(self, lambda printer: self.print_password_letter(line, printer))

    def print_password_letter(self, line: NoticeLine, printer: object) -> None:
        session = self.wizard_().session
        if session is None:
            return
        refused = print_password_letters(
            session, self._letter_to_write(line), today=date.today(), printer=printer
        )
        if refused:
            show_error(self.problem, refused)
        else:
            self.message.setText(f"Password letter printed for {line.addressee_name}.")
        self.refresh()

    def _letter_to_write(self, line: NoticeLine) -> list[tuple[str, Callable[[], int]]]:
        """The selected client's password letter, written once when first asked for."""
        wizard = self.wizard_()
        session, incident_id = wizard.session, wizard.incident_id
        if session is None or incident_id is None:
            return []
        return [
            (
                line.client_name,
                lambda: notices.password_letter(
                    session, incident_id, line.client_id, today=date.today()
                ),
            )
        ]

    def save_password_letters(self) -> None:
        session = self.wizard_().session
        line = self._saved_selected()
        if session is None or line is None:
            return
        self.problem.hide()
        refused = save_password_letters(
            self, session, self._letter_to_write(line), today=date.today()
        )
        if refused:
            show_error(self.problem, refused)
        self.refresh()

    def awaiting_delivery(self) -> int:
        """Saved notices not yet delivered: their passwords must still reach the clients."""
        return sum(line.awaits_delivery for line in self.lines)

    def print_selected(self) -> None:
        line = self._selected()
        if line is None:
            return
        printing.choose_printer(
            self, lambda printer: self.print_to(lambda pdf: printing.print_pdf(pdf, printer), line)
        )

    def print_to(self, printer: Callable[[bytes], None], line: NoticeLine) -> None:
        """Produce the notice with `printer` as its output (the gate records it)."""
        wizard = self.wizard_()
        if wizard.session is None or wizard.incident_id is None:
            return

        try:
            notices.produce_notice(
                wizard.session,
                wizard.incident_id,
                line.client_id,
                today=date.today(),
                printer=printer,
            )
        except VaultError as exc:
            self._fail(exc)
            return
        self.problem.hide()
        self.refresh()

    def record_delivery(self) -> None:
        wizard = self.wizard_()
        line = self._selected()
        if wizard.session is None or wizard.incident_id is None or line is None:
            return
        try:
            notices.record_delivery(
                wizard.session,
                wizard.incident_id,
                line.client_id,
                how=self.how.currentData(),
                on=from_qdate(self.delivered_on.date()),
                today=date.today(),
            )
        except VaultError as exc:
            self._fail(exc)
            return
        self.problem.hide()
        self.refresh()
        wizard.changed.emit()
