"""Practice ▸ Closure & custodian ▸ Closure plan: a wizard, by the practitioner or the custodian.

1. Why and when: retirement, relocation, incapacity or death; the closing date.
2. Who keeps the records and how clients reach them; where clients can continue care.
3. Notices: one letter per active client (template `closure-notice`), produced through
   the gate as encrypted PDFs or printed, and tracked (how and when each was delivered).
   Each PDF's password is kept in the vault: shown on purpose (audited), or printed as a
   letter to post apart from the file. A notice already produced is not written again.
   Finish warns while saved notices wait to be delivered. Transfers to a new provider go
   through the release window, with the client's signed consent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from recordsafe.closure import closure_plan
from recordsafe.closure.closure_plan import Notice, PlanForm
from recordsafe.disclosure import letters
from recordsafe.ui.disclosure.printing import choose_printer, print_pdf
from recordsafe.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from recordsafe.ui.widgets import save_folder
from recordsafe.ui.widgets.dates import DAY_FORMAT, date_edit, format_day, parse_typed_day
from recordsafe.ui.widgets.meaning_colours import Meaning, text_style
from recordsafe.ui.widgets.names import some_names
from recordsafe.ui.widgets.notice_passwords import (
    CHOOSE_SAVED,
    KEPT,
    confirm_leave,
    password_buttons,
    print_password_letters,
    save_password_letters,
)
from recordsafe.vault import VaultError, VaultSession

SAVE_PURPOSE = "closure-notices"
# Address before the password and the file: a password shown (wide) never pushes it out.
NOTICE_COLUMNS = ("Client", "Delivered", "Address", "Password", "File")
ADDRESS_WIDTH = 220  # at most; the whole address is in the cell's tooltip
# A contact that is not a postal address (a phone number, an e-mail) is never printed as one.
NEEDS_ADDRESS = "Needs an address"
NEEDS_ADDRESS_TIP = (
    "No postal address on file (a phone number or an e-mail is not one): Postal address… "
    "gives one, or give the notice in person or by e-mail."
)
# The field for the day a death or an incapacity has (closure_plan.REASON_DAYS).
REASON_DAY_LABELS = {"death": "Date of death:", "incapacity": "Illness or incapacity since:"}
HOW = {
    "post": "By post",
    "email": "By e-mail",
    "in person": "In person",
    "phone": "By phone (read out)",
    "other": "Other",
}


def _button(
    text: str, name: str, clicked: Callable[[], None], tip: str = ""
) -> QtWidgets.QPushButton:
    button = QtWidgets.QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.clicked.connect(clicked)
    return button


def _error_label() -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setStyleSheet(text_style("error", bold=True))
    label.hide()
    return label


class ReasonPage(QtWidgets.QWizardPage):
    def __init__(self, today: date) -> None:
        super().__init__()
        self.setTitle("Why and when the practice closes")
        self.setSubTitle(
            "Every active client receives a notice saying so, what happens to their records "
            "and how to get them."
        )
        self.error = _error_label()
        self.buttons: dict[str, QtWidgets.QRadioButton] = {}
        group = QtWidgets.QVBoxLayout()
        for key, label in closure_plan.REASONS.items():
            button = QtWidgets.QRadioButton(label)
            button.setObjectName(f"reason_{key}")
            button.toggled.connect(lambda _on: self.error.hide())
            button.toggled.connect(self._reason_changed)
            self.buttons[key] = button
            group.addWidget(button)
        self._today = today
        # Typed, and empty until typed: a date of death must never default to today.
        self.reason_day = QtWidgets.QLineEdit()
        self.reason_day.setObjectName("reasonDay")
        self.reason_day.setPlaceholderText("e.g. 3 December 2026 or 03/12/2026")
        self.reason_day.setMaximumWidth(320)
        self.reason_day.textChanged.connect(self.error.hide)
        self.reason_day.textChanged.connect(self._day_given)
        self._day_reason: str | None = None  # the reason the typed date was given for
        self.reason_day_label = QtWidgets.QLabel()
        self.reason_day_label.setBuddy(self.reason_day)
        self.effective = QtWidgets.QDateEdit(QtCore.QDate(today.year, today.month, today.day))
        self.effective.setCalendarPopup(True)
        self.effective.setDisplayFormat(DAY_FORMAT)
        self.effective.setAccessibleName("Closing date")
        self.effective.setMaximumWidth(220)
        reason_label = QtWidgets.QLabel("Reason:")
        # The label column is as wide as the widest label it can show, from the start: the
        # date row appearing (or its longer label) must not push the reasons to the right.
        widths = []
        for text in REASON_DAY_LABELS.values():
            self.reason_day_label.setText(text)  # measured as shown; _reason_changed sets it
            widths.append(self.reason_day_label.sizeHint().width())
        reason_label.setMinimumWidth(max(widths))
        form = QtWidgets.QFormLayout(self)
        form.addRow(reason_label, group)
        form.addRow(self.reason_day_label, self.reason_day)
        form.addRow("Closing date:", self.effective)
        form.addRow(self.error)
        self._reason_changed()

    def _day_given(self) -> None:
        self._day_reason = self.reason()

    def _reason_changed(self) -> None:
        reason = self.reason()
        if reason in REASON_DAY_LABELS and self._day_reason not in (None, reason):
            # A date of death never becomes the day an illness began, or the reverse.
            self.reason_day.clear()
        label = REASON_DAY_LABELS.get(reason or "")
        self.reason_day_label.setText(label or "")
        self.reason_day.setAccessibleName((label or "").rstrip(":"))
        self.reason_day_label.setVisible(label is not None)
        self.reason_day.setVisible(label is not None)

    def reason(self) -> str | None:
        return next((k for k, b in self.buttons.items() if b.isChecked()), None)

    def effective_on(self) -> date:
        value = self.effective.date()
        return date(value.year(), value.month(), value.day())

    def reason_on(self) -> date | None:
        """The date of death or of the incapacity, as typed (None for other reasons)."""
        if self.reason() not in REASON_DAY_LABELS:
            return None
        try:
            return parse_typed_day(self.reason_day.text())
        except ValueError:
            return None

    def set_reason_on(self, day: date | None) -> None:
        self.reason_day.setText(format_day(day))

    def _reason_day_problem(self) -> str | None:
        reason = self.reason()
        if reason not in REASON_DAY_LABELS:
            return None
        what = closure_plan.REASON_DAYS[reason]
        try:
            day = parse_typed_day(self.reason_day.text())
        except ValueError as exc:
            return f"That is not a date: {exc}"
        if day is None:
            return f"Give {what}: the notices tell it."
        if day > self._today:
            return f"{what.capitalize()} cannot be in the future: check the date."
        return None

    def validatePage(self) -> bool:
        problem = (
            "Choose why the practice is closing."
            if self.reason() is None
            else self._reason_day_problem()
        )
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            if self.reason() is not None:
                self.reason_day.setFocus()
            return False
        self.error.hide()
        return True


class KeeperPage(QtWidgets.QWizardPage):
    def __init__(self, keeper: tuple[str, str]) -> None:
        super().__init__()
        self.setTitle("Who keeps the records, and where clients can go")
        self.setSubTitle("This is what the notice tells each client.")
        self.keeper_name = QtWidgets.QLineEdit(keeper[0])
        self.keeper_name.setAccessibleName("Keeper of the records")
        self.keeper_contact = QtWidgets.QPlainTextEdit(keeper[1])
        self.keeper_contact.setAccessibleName("How clients reach them")
        self.keeper_contact.setTabChangesFocus(True)
        self.keeper_contact.setFixedHeight(70)
        self.keeper_contact.setPlaceholderText(
            "A postal or e-mail address clients can write to, and a telephone number"
        )
        self.referrals = QtWidgets.QPlainTextEdit()
        self.referrals.setAccessibleName("Referrals")
        self.referrals.setTabChangesFocus(True)
        self.referrals.setPlaceholderText(
            "e.g. Harbour Counselling Centre (555-0142) and Dr Kim Ash (555-0177) have agreed "
            "to see clients of this practice. Your family doctor can also refer you."
        )
        self.error = _error_label()
        for text in (self.keeper_contact, self.referrals):
            text.textChanged.connect(self.error.hide)
        self.keeper_name.textChanged.connect(self.error.hide)
        form = QtWidgets.QFormLayout(self)
        form.addRow("Records kept by:", self.keeper_name)
        form.addRow("How clients reach them:", self.keeper_contact)
        form.addRow("Continuing care (referrals):", self.referrals)
        form.addRow(self.error)

    def form(self, reason: str, effective_on: date, reason_on: date | None) -> PlanForm:
        return PlanForm(
            reason=reason,  # type: ignore[arg-type]
            effective_on=effective_on,
            keeper_name=self.keeper_name.text(),
            keeper_contact=self.keeper_contact.toPlainText(),
            referrals=self.referrals.toPlainText(),
            reason_on=reason_on,
        )

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class NoticesPage(QtWidgets.QWizardPage):
    """The notices, produced through the gate and tracked."""

    def __init__(self, wizard: ClosureWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Notices to every active client")
        self.passwords: dict[int, str] = {}  # shown on purpose, until the wizard closes
        self.notices: list[Notice] = []
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("noticesSummary")
        self.summary.setWordWrap(True)
        self.table = QtWidgets.QTableWidget(0, len(NOTICE_COLUMNS))
        self.table.setObjectName("noticesTable")
        self.table.setAccessibleName("Notices")
        self.table.setTabKeyNavigation(False)  # arrows move between rows; Tab moves on
        self.table.setHorizontalHeaderLabels(NOTICE_COLUMNS)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        # Columns fit their contents, the address at most ADDRESS_WIDTH, and the file name
        # takes what is left: no blank band, and no scrollbar when a password is shown.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column in range(len(NOTICE_COLUMNS) - 1):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Interactive)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.error = _error_label()
        # The message line keeps its room (two lines) shown or not: nothing above or below
        # it moves when a message comes or goes.
        message_slot = QtWidgets.QWidget()
        slot_layout = QtWidgets.QVBoxLayout(message_slot)
        slot_layout.setContentsMargins(0, 0, 0, 0)
        slot_layout.addWidget(self.error)
        slot_layout.addStretch(1)
        message_slot.setMinimumHeight(2 * self.error.fontMetrics().lineSpacing() + 4)
        transfer = QtWidgets.QLabel(
            "<b>Sending records to a new provider</b> needs the client's signed consent: "
            "record it on the client's page, then release the records through the release "
            "window (purpose: transfer to a records custodian, or treatment)."
        )
        transfer.setWordWrap(True)
        self.transfer_button = QtWidgets.QPushButton("Release records of the selected client…")
        self.transfer_button.setObjectName("transferRecords")
        self.transfer_button.clicked.connect(self.transfer_selected)
        produce = self._build_production()
        track = self._build_tracking()
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(produce)
        layout.addLayout(track)
        layout.addWidget(message_slot)
        layout.addWidget(transfer)
        layout.addWidget(self.transfer_button, 0, Qt.AlignmentFlag.AlignLeft)

    def _build_production(self) -> QtWidgets.QHBoxLayout:
        self.save_button = _button("Save all as encrypted PDFs…", "saveNotices", self.save_all)
        self.print_button = _button("Print selected…", "printNotice", self.print_selected)
        self.show_password_button, self.password_letters_button = password_buttons(
            self.show_passwords, self.print_password_letters
        )
        # No printer here (a custodian's new laptop): save them, to print elsewhere.
        self.save_letters_button = _button(
            "Save password letters as PDF…",
            "savePasswordLetters",
            self.save_password_letters,
            "The selected clients' password letters as PDFs, encrypted with one password "
            "shown on screen, to print on another computer.",
        )
        self.address_button = _button("Postal address…", "noticeAddress", self.set_address)
        produce = QtWidgets.QHBoxLayout()
        produce.addWidget(self.save_button)
        produce.addWidget(self.print_button)
        produce.addWidget(self.address_button)
        produce.addStretch(1)
        produce.addWidget(self.show_password_button)
        produce.addWidget(self.password_letters_button)
        produce.addWidget(self.save_letters_button)
        return produce

    def _build_tracking(self) -> QtWidgets.QHBoxLayout:
        self.delivered_how = QtWidgets.QComboBox()
        for key, label in HOW.items():
            self.delivered_how.addItem(label, key)
        self.delivered_how.setAccessibleName("How it was delivered")
        self.delivered_on = date_edit()  # delivered today or before, never later
        self.delivered_on.setAccessibleName("Delivered on")
        self.mark_button = QtWidgets.QPushButton("Mark selected delivered")
        self.mark_button.setObjectName("markDelivered")
        self.mark_button.clicked.connect(self.mark_selected)
        track = QtWidgets.QHBoxLayout()
        track.addWidget(QtWidgets.QLabel("Delivered:"))
        track.addWidget(self.delivered_how)
        track.addWidget(self.delivered_on)
        track.addWidget(self.mark_button)
        track.addStretch(1)
        return track

    def refresh(self) -> None:
        session, plan_id = self._wizard.session, self._wizard.plan_id
        if session is None or plan_id is None:
            return
        self.notices = closure_plan.notices(session, plan_id)
        sent = sum(n.sent for n in self.notices)
        delivered = sum(n.delivered_on is not None for n in self.notices)
        count = len(self.notices)
        self.summary.setText(
            f"{count} notice{'s' if count != 1 else ''}: {sent} saved or printed, "
            f"{delivered} delivered. Each PDF has its own password, kept in the vault: give "
            "it to the client separately (by phone, in person, or a password letter by "
            "post), never with the file."
        )
        self.table.setRowCount(len(self.notices))
        for row, notice in enumerate(self.notices):
            delivered_text = (
                f"{HOW.get(notice.delivered_how or '', notice.delivered_how)}, "
                f"{format_day(notice.delivered_on)}"
                if notice.delivered_on
                else ("Not yet delivered" if notice.sent else "Not yet saved or printed")
            )
            password = self.passwords.get(notice.letter_id) or (KEPT if notice.has_password else "")
            address = (notice.addressee_address or NEEDS_ADDRESS).replace("\n", ", ")
            cells = (notice.client_name, delivered_text, address, password, notice.file_name or "")
            for column, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                if text == NEEDS_ADDRESS:
                    item.setToolTip(NEEDS_ADDRESS_TIP)
                elif column in (NOTICE_COLUMNS.index("Address"), NOTICE_COLUMNS.index("File")):
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Each column but the file's as wide as its contents (the address capped); the
        file's takes the rest (resizing it to its contents left a blank band, or pushed it
        behind a scrollbar once a password was shown). Its full name is in its tooltip."""
        last = len(NOTICE_COLUMNS) - 1
        for column in range(last):
            self.table.resizeColumnToContents(column)
        column = NOTICE_COLUMNS.index("Address")
        self.table.setColumnWidth(column, min(self.table.columnWidth(column), ADDRESS_WIDTH))
        header = self.table.horizontalHeader()
        used = sum(header.sectionSize(c) for c in range(last))
        room = self.table.viewport().width() - used
        header.resizeSection(last, max(room, header.minimumSectionSize()))

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def selected(self) -> list[Notice]:
        return [self.notices[i.row()] for i in self.table.selectionModel().selectedRows()]

    def show_error(self, text: str, tone: Meaning | None = "error") -> None:
        """A message under the buttons: an error in red (bold), else in the window's colour.
        Information is not named errorLabel: the app's style sheet makes that red."""
        name = "errorLabel" if tone else "noticesInfo"
        if self.error.objectName() != name:
            self.error.setObjectName(name)
            self.error.style().unpolish(self.error)  # the style sheet reads the name again
            self.error.style().polish(self.error)
        self.error.setStyleSheet(text_style(tone, bold=True) if tone else "")
        self.error.setText(text)
        self.error.show()

    # --- produce --------------------------------------------------------------------------

    def choose_folder(self) -> Path | None:
        """Where the encrypted PDFs go; starts in the folder last used for notices."""
        chosen = QtWidgets.QFileDialog.getExistingDirectory(
            self, "Choose a folder for the notices", str(save_folder.start(SAVE_PURPOSE))
        )
        return Path(chosen) if chosen else None

    def save_all(self) -> None:
        """Save every notice not yet produced; one already saved, printed or delivered is
        never written again (that would be a second release, with a new password)."""
        session = self._wizard.session
        if session is None:
            return
        waiting = [n for n in self.notices if not n.sent]
        if not waiting:
            # Nothing went wrong: said in the window's ordinary colour, not an error's red.
            self.show_error(
                "Every notice was already saved or printed; none is written again.", tone=None
            )
            return
        no_address = [n.client_name for n in waiting if not n.addressee_address]
        if no_address and not self.confirm_no_address(no_address):
            return
        folder = self.choose_folder()
        if folder is None:
            return
        save_folder.remember(SAVE_PURPOSE, folder)
        self.error.hide()
        for notice in waiting:
            try:
                closure_plan.produce_notice(
                    session, notice.letter_id, folder=folder, today=self._wizard.today
                )
            except VaultError as exc:
                self.show_error(f"{notice.client_name}: {exc.message}")
                break
        self.refresh()

    def confirm_no_address(self, names: list[str]) -> bool:
        """Whether to save notices that have no postal address (they can get one after)."""
        count, shown = len(names), some_names(names)
        answer = QtWidgets.QMessageBox.question(
            self,
            "Notices without a postal address",
            f"{count} notice{'s have' if count != 1 else ' has'} no postal address: {shown}."
            "\n\nThey can be saved now and given in person or by e-mail. For one that goes "
            "by post, select it afterwards and give its address (Postal address…): it is "
            "for the envelope, and the notice is not written again.\n\nSave all now?",
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def _chosen_saved(self) -> tuple[VaultSession, list[Notice]] | None:
        """The session and the selected notices that were saved (they have a password);
        None, said in the window, when nothing saved is selected."""
        session = self._wizard.session
        chosen = [n for n in self.selected() if n.has_password]
        if session is None:
            return None
        if not chosen:
            self.show_error(CHOOSE_SAVED)
            return None
        self.error.hide()
        return session, chosen

    def show_passwords(self) -> None:
        if (saved := self._chosen_saved()) is None:
            return
        session, chosen = saved
        for notice in chosen:
            self.passwords[notice.letter_id] = closure_plan.notice_password(
                session, notice.letter_id
            )
        self.refresh()

    def print_password_letters(self) -> None:
        if (saved := self._chosen_saved()) is None:
            return
        chosen = saved[1]
        choose_printer(self, lambda printer: self._print_passwords(chosen, printer))

    def save_password_letters(self) -> None:
        """No printer here: the letters as encrypted PDFs, to print on another computer."""
        if (saved := self._chosen_saved()) is None:
            return
        session, chosen = saved
        refused = save_password_letters(
            self, session, self._letters_to_write(session, chosen), today=self._wizard.today
        )
        if refused:
            self.show_error(refused)
        self.refresh()

    def _letters_to_write(
        self, session: VaultSession, chosen: list[Notice]
    ) -> list[tuple[str, Callable[[], int]]]:
        """(client, write their password letter once) for each chosen notice."""
        today = self._wizard.today
        return [
            (
                n.client_name,
                partial(closure_plan.password_letter, session, n.letter_id, today=today),
            )
            for n in chosen
        ]

    def _print_passwords(self, chosen: list[Notice], printer: Any) -> None:
        session = self._wizard.session
        if session is None:
            return
        refused = print_password_letters(
            session,
            self._letters_to_write(session, chosen),
            today=self._wizard.today,
            printer=printer,
        )
        if refused:
            self.show_error(refused)
        self.refresh()

    def ask_address(self, name: str) -> str | None:
        """The postal address for a notice; None when cancelled."""
        text, ok = QtWidgets.QInputDialog.getMultiLineText(
            self, "Postal address", f"Where the notice to {name} goes by post:"
        )
        return text if ok else None

    def set_address(self) -> None:
        """An address for a notice: before it is produced (printed on it), or after it was
        saved without one (for the envelope; nothing is written again)."""
        session = self._wizard.session
        chosen = self.selected()
        if session is None:
            return
        if len(chosen) != 1:
            self.show_error("Choose one notice in the list first.")
            return
        if chosen[0].sent and chosen[0].addressee_address:
            self.show_error(
                "This notice was already saved or printed with its address; that address "
                "cannot change."
            )
            return
        address = self.ask_address(chosen[0].client_name)
        if address is None:
            return
        try:
            letters.set_address(session, chosen[0].letter_id, address)
        except VaultError as exc:
            self.show_error(exc.message)
            return
        self.error.hide()
        self.refresh()

    def waiting(self) -> list[Notice]:
        return [n for n in self.notices if n.waiting]

    def print_selected(self) -> None:
        chosen = self.selected()
        if self._wizard.session is None:
            return
        if not chosen:
            self.show_error("Choose the notices to print in the list first.")
            return
        self.error.hide()
        choose_printer(self, lambda printer: self._print(chosen, printer))

    def _print(self, chosen: list[Notice], printer: Any) -> None:
        # `printer` is the QPrinter chosen in ui/disclosure/printing (the one place that prints).
        session = self._wizard.session
        if session is None:
            return
        for notice in chosen:
            try:
                letters.print_letter(
                    session,
                    notice.letter_id,
                    today=self._wizard.today,
                    printer=lambda pdf: print_pdf(pdf, printer),
                )
            except VaultError as exc:
                self.show_error(f"{notice.client_name}: {exc.message}")
                break
        self.refresh()

    def transfer_selected(self) -> QtWidgets.QDialog | None:
        """The release window for the chosen client: consent first, the gate decides."""
        session = self._wizard.session
        chosen = self.selected()
        if session is None or len(chosen) != 1:
            self.show_error("Choose one client in the list first.")
            return None
        from recordsafe.ui.disclosure.release import ReleaseDialog  # noqa: PLC0415

        dialog = ReleaseDialog(session, chosen[0].client_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        return dialog

    def mark_selected(self) -> None:
        session = self._wizard.session
        chosen = self.selected()
        if session is None:
            return
        if not chosen:
            self.show_error("Choose the delivered notices in the list first.")
            return
        value = self.delivered_on.date()
        on = date(value.year(), value.month(), value.day())
        self.error.hide()
        for notice in chosen:
            try:
                closure_plan.mark_delivered(
                    session, notice.letter_id, how=self.delivered_how.currentData(), on=on
                )
            except VaultError as exc:
                self.show_error(f"{notice.client_name}: {exc.message}")
                break
        self.refresh()


class ClosureWizard(QtWidgets.QWizard):
    plan_made = Signal(int)

    def __init__(
        self,
        session: VaultSession,
        parent: QtWidgets.QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Closure plan")
        self.setObjectName("closureWizard")
        self.setWizardStyle(QtWidgets.QWizard.WizardStyle.ClassicStyle)
        self.setOption(QtWidgets.QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QtWidgets.QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.session: VaultSession | None = session
        self.today = today or date.today()
        existing = closure_plan.current_plan(session)
        self.plan_id: int | None = None
        self.reason_page = ReasonPage(self.today)
        self.keeper_page = KeeperPage(closure_plan.default_keeper(session))
        self.notices_page = NoticesPage(self)
        self.addPage(self.reason_page)
        self.addPage(self.keeper_page)
        self.addPage(self.notices_page)
        self.resize(820, 600)
        if existing is not None:
            self.reason_page.buttons[existing.reason].setChecked(True)
            day = existing.effective_on
            self.reason_page.effective.setDate(QtCore.QDate(day.year, day.month, day.day))
            self.reason_page.set_reason_on(existing.reason_on)
            self.keeper_page.keeper_name.setText(existing.keeper_name)
            self.keeper_page.keeper_contact.setPlainText(existing.keeper_contact)
            self.keeper_page.referrals.setPlainText(existing.referrals)

    def validateCurrentPage(self) -> bool:
        if self.currentPage() is self.keeper_page:
            return self._make_plan()
        if self.currentPage() is self.notices_page and self.notices_page.waiting():
            return self.confirm_leave(len(self.notices_page.waiting()))
        return super().validateCurrentPage()

    def confirm_leave(self, waiting: int) -> bool:
        """Whether to finish while saved notices wait to be delivered."""
        return confirm_leave(self, waiting, "open the closure plan again", "Finish")

    def _make_plan(self) -> bool:
        session = self.session
        reason = self.reason_page.reason()
        if session is None or reason is None:
            return False
        form = self.keeper_page.form(
            reason, self.reason_page.effective_on(), self.reason_page.reason_on()
        )
        existing = closure_plan.current_plan(session)
        try:
            if existing is not None and closure_plan.same_plan(existing, form, today=self.today):
                # Opened again to go on sending: new active clients get their notice too.
                plan_id = existing.id
            else:
                plan_id = closure_plan.create_plan(session, form, today=self.today)
            closure_plan.prepare_notices(session, plan_id, today=self.today)
        except VaultError as exc:
            self.keeper_page.show_error(exc.message)
            return False
        self.plan_id = plan_id
        self.notices_page.refresh()
        self.plan_made.emit(plan_id)
        return True

    def reject(self) -> None:
        """Escape or the window's close button: the same warning as Finish (never while
        the vault is locking: the session is gone by then)."""
        waiting = self.notices_page.waiting() if self.session is not None else []
        if self.currentPage() is self.notices_page and waiting:
            if not self.confirm_leave(len(waiting)):
                return
        super().reject()

    def drop_session(self) -> None:
        self.session = None
        self.notices_page.passwords.clear()
