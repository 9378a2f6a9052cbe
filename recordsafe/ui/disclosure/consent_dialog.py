"""Record a consent (an authorization) with every element of HIPAA 164.508(c).

Who authorizes (the client, or a representative and their authority), what information
(kinds of record, an optional date range, specific signed notes), who may disclose, to
whom, each purpose, the expiry (a date and/or an event), the three required statements,
the signature date, and the scanned signed form (attached here through the documents
module and linked). Save marks every missing element at once, next to its field, in the
domain's words (`consents.missing_elements`); `consents.record_consent` stays the judge
of the rest. Ticking a purpose ticks the kinds it usually needs (`consents.suggested_kinds`),
said in words, for the user to untick what the form does not cover. A consent may be
saved before its scan is at hand (a warning says so; the scan is attached later from the
consent's view). Psychotherapy notes need their own authorization: ticking them shows
that at once, and the domain refuses a combination.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from recordsafe.disclosure import consents, practice_info
from recordsafe.disclosure._common import CONSENT_PURPOSES, SCOPE_KINDS, SCOPE_LABELS, add_years
from recordsafe.records import documents, notes
from recordsafe.ui.disclosure.common import day_picker
from recordsafe.ui.qt import Qt, QtCore, QtWidgets, Signal
from recordsafe.ui.records.attach_dialog import AttachDialog
from recordsafe.ui.records.document_view import size_text
from recordsafe.ui.widgets.dates import format_day, format_stamp_day, from_qdate, to_qdate
from recordsafe.ui.widgets.forms import error_label, hint, ok_cancel, show_error
from recordsafe.ui.widgets.meaning_colours import box_style
from recordsafe.ui.widgets.screen import resize_within_screen
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

PSYCHO_WARNING: Final = (
    "Psychotherapy notes need their own authorization: this consent may cover "
    "psychotherapy notes only. Record other records in a separate consent."
)
NO_SCAN: Final = "No scan attached yet"
NO_SCAN_WARNING: Final = (
    "No signed form attached: you can record the consent now and attach the scan later "
    "from the consent's View…"
)
DIALOG_SIZE: Final = (820, 760)
NOTE_KIND_ROLE: Final = Qt.ItemDataRole.UserRole + 1


def _who_discloses(session: VaultSession) -> str:
    """The practice's name (Practice details), or the practitioner's, as a starting text."""
    info = practice_info.practice_info(session)
    return info.name or info.practitioner or ""


def _group(title: str, name: str) -> tuple[QtWidgets.QGroupBox, QtWidgets.QFormLayout]:
    box = QtWidgets.QGroupBox(title)
    box.setObjectName(name)
    form = QtWidgets.QFormLayout(box)
    form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return box, form


class ConsentDialog(QtWidgets.QDialog):
    """The consent form; `saved_id` holds the new consent's id once recorded."""

    saved = Signal(int)

    def __init__(
        self,
        session: VaultSession,
        client_id: int,
        client_label: str,
        *,
        today: date | None = None,
        representative: tuple[str, str] | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = session
        self._representative = representative
        self._client_id = client_id
        self._today = today or date.today()
        self.saved_id: int | None = None
        self.attach_dialog: AttachDialog | None = None
        # Element (a ConsentForm field) -> the message shown next to its field.
        self.field_errors: dict[str, QtWidgets.QLabel] = {}
        self._suggested: set[str] = set()  # kinds ticked by a purpose, not by the user
        self._suggesting = False
        self.setObjectName("consentDialog")
        self.setWindowTitle(f"Record a consent — {client_label}")
        resize_within_screen(self, *DIALOG_SIZE)

        intro = hint(
            f"Copy the signed authorization form of {client_label} into this record: every "
            "element below is required by HIPAA (164.508) unless marked optional. Nothing "
            "can be released under the consent until all of it is there."
        )
        body = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(body)
        column.addWidget(self._build_who())
        column.addWidget(self._build_what())
        column.addWidget(self._build_recipient(session))
        column.addWidget(self._build_purposes())
        column.addWidget(self._build_terms())
        column.addWidget(self._build_form(session, client_id))
        column.addStretch(1)
        # The form scrolls; the messages and the buttons below it never do.
        self.form_scroll = QtWidgets.QScrollArea()
        self.form_scroll.setObjectName("consentScroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.form_scroll.setWidget(body)

        self.error_label = error_label("consentError")
        self.scan_warning = QtWidgets.QLabel(NO_SCAN_WARNING)
        self.scan_warning.setObjectName("scanWarning")
        self.scan_warning.setWordWrap(True)
        self.scan_warning.setStyleSheet(box_style("caution"))
        self.buttons = ok_cancel("Record consent")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form_scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.scan_warning)
        layout.addWidget(self.buttons)
        self._authority_changed()
        self._kinds_changed()
        self._expiry_toggled()
        self._range_toggled()
        self._scan_changed()
        self._clear_errors_on_edit()
        self.by_client.setFocus()

    def _field_error(self, element: str) -> QtWidgets.QLabel:
        """The message row under an element's field, hidden until Save finds it missing."""
        label = error_label(f"missing_{element}")
        self.field_errors[element] = label
        return label

    # --- building ------------------------------------------------------------------------

    def _build_who(self) -> QtWidgets.QGroupBox:
        box, form = _group("Who authorizes", "whoGroup")
        self.by_client = QtWidgets.QRadioButton("The &client")
        self.by_client.setObjectName("byClient")
        self.by_representative = QtWidgets.QRadioButton("A &representative with authority")
        self.by_representative.setObjectName("byRepresentative")
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.by_client)
        row.addWidget(self.by_representative)
        row.addStretch(1)
        self.representative_name = QtWidgets.QLineEdit()
        self.representative_name.setObjectName("representativeName")
        self.representative_authority = QtWidgets.QLineEdit()
        self.representative_authority.setObjectName("representativeAuthority")
        self.representative_authority.setPlaceholderText(
            "e.g. parent of a minor, executor of the estate, power of attorney"
        )
        form.addRow("Signed by:", row)
        form.addRow("Representative:", self.representative_name)
        form.addRow("", self._field_error("representative_name"))
        form.addRow("Their authority:", self.representative_authority)
        form.addRow("", self._field_error("representative_authority"))
        self.by_client.setChecked(True)
        if self._representative is not None:
            # A deceased client's personal representative signs for them (NASW 1.07 w).
            self.by_representative.setChecked(True)
            self.representative_name.setText(self._representative[0])
            self.representative_authority.setText(self._representative[1])
        self.by_client.toggled.connect(self._authority_changed)
        return box

    def _build_what(self) -> QtWidgets.QGroupBox:
        box, form = _group("What information", "whatGroup")
        self.kind_boxes: dict[str, QtWidgets.QCheckBox] = {}
        grid = QtWidgets.QGridLayout()
        others = [k for k in SCOPE_KINDS if k != "psychotherapy"]
        for index, kind in enumerate(others):
            check = QtWidgets.QCheckBox(SCOPE_LABELS.get(kind, kind))
            check.setObjectName(f"kind_{kind}")
            check.toggled.connect(lambda _on, kind=kind: self._kinds_changed(kind))
            self.kind_boxes[kind] = check
            grid.addWidget(check, index // 3, index % 3)
        psycho = QtWidgets.QCheckBox("Psychotherapy notes (their own authorization, nothing else)")
        psycho.setObjectName("kind_psychotherapy")
        psycho.toggled.connect(lambda _on: self._kinds_changed("psychotherapy"))
        self.kind_boxes["psychotherapy"] = psycho
        grid.addWidget(psycho, (len(others) + 2) // 3, 0, 1, 3)
        form.addRow("Kinds of record:", grid)
        self.suggestion = hint("")
        self.suggestion.setObjectName("kindSuggestion")
        self.suggestion.hide()
        form.addRow("", self.suggestion)
        form.addRow("", self._field_error("kinds"))
        self.psycho_warning = QtWidgets.QLabel(PSYCHO_WARNING)
        self.psycho_warning.setObjectName("psychoWarning")
        self.psycho_warning.setWordWrap(True)
        self.psycho_warning.setStyleSheet(box_style("caution"))
        form.addRow(self.psycho_warning)
        self._build_range(form)
        self._build_notes(form)
        form.addRow(hint("Tick kinds of record, specific notes, or both."))
        return box

    def _build_range(self, form: QtWidgets.QFormLayout) -> None:
        self.range_check = QtWidgets.QCheckBox("Only records dated from")
        self.range_check.setObjectName("rangeCheck")
        self.range_check.toggled.connect(self._range_toggled)
        self.date_from = day_picker(self._today)
        self.date_from.setObjectName("dateFrom")
        # A range may run into the future ("until the end of treatment").
        self.date_to = day_picker(self._today, latest=add_years(self._today, 10))
        self.date_to.setObjectName("dateTo")
        range_row = QtWidgets.QHBoxLayout()
        range_row.addWidget(self.range_check)
        range_row.addWidget(self.date_from)
        range_row.addWidget(QtWidgets.QLabel("to"))
        range_row.addWidget(self.date_to)
        range_row.addStretch(1)
        form.addRow("Date range (optional):", range_row)

    def _build_notes(self, form: QtWidgets.QFormLayout) -> None:
        self.notes_list = QtWidgets.QListWidget()
        self.notes_list.setObjectName("consentNotes")
        self.notes_list.setMaximumHeight(120)
        self.notes_list.hide()
        self.notes_loaded = False
        # Listing the notes is a view of the record (audited): only when asked for.
        self.notes_button = QtWidgets.QPushButton("Choose specific notes…")
        self.notes_button.setObjectName("chooseNotes")
        self.notes_button.clicked.connect(self.load_notes)
        notes_box = QtWidgets.QVBoxLayout()
        notes_box.addWidget(self.notes_button, 0, Qt.AlignmentFlag.AlignLeft)
        notes_box.addWidget(self.notes_list)
        form.addRow("Specific notes (optional):", notes_box)

    def load_notes(self) -> None:
        """List the client's signed notes (date and kind only) to tick specific ones."""
        if self._session is None or self.notes_loaded:
            return
        self.notes_loaded = True
        signed = [
            n
            for group in ("progress", "psychotherapy")
            for n in notes.client_notes(
                self._session, self._client_id, kind_group=group, limit=notes.MAX_PAGE
            )
            if n.status == "signed"
        ]
        for note in sorted(signed, key=lambda n: (n.note_date, n.id), reverse=True):
            item = QtWidgets.QListWidgetItem(
                f"{format_day(note.note_date)} · {notes.KINDS.get(note.kind, note.kind)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            item.setData(NOTE_KIND_ROLE, note.kind)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.notes_list.addItem(item)
        if not signed:
            self.notes_list.addItem("No signed notes yet.")
            self.notes_list.setEnabled(False)
        self.notes_button.hide()
        self.notes_list.show()
        self.notes_list.setFocus()

    def _build_recipient(self, session: VaultSession) -> QtWidgets.QGroupBox:
        box, form = _group("Who may disclose, and to whom", "recipientGroup")
        self.disclosing_party = QtWidgets.QLineEdit(_who_discloses(session))
        self.disclosing_party.setObjectName("disclosingParty")
        self.disclosing_party.setPlaceholderText("You or your practice, as named on the form")
        self.recipient_name = QtWidgets.QLineEdit()
        self.recipient_name.setObjectName("recipientName")
        self.recipient_name.setPlaceholderText("The person or office the form names")
        self.recipient_organisation = QtWidgets.QLineEdit()
        self.recipient_organisation.setObjectName("recipientOrganisation")
        self.recipient_address = QtWidgets.QPlainTextEdit()
        self.recipient_address.setObjectName("recipientAddress")
        self.recipient_address.setTabChangesFocus(True)
        self.recipient_address.setMaximumHeight(64)
        form.addRow("Who may disclose:", self.disclosing_party)
        form.addRow("", self._field_error("disclosing_party"))
        form.addRow("Recipient:", self.recipient_name)
        form.addRow("", self._field_error("recipient_name"))
        form.addRow("Organisation (optional):", self.recipient_organisation)
        form.addRow("Address (optional):", self.recipient_address)
        return box

    def _build_purposes(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Each purpose of the disclosure")
        box.setObjectName("purposesGroup")
        grid = QtWidgets.QGridLayout(box)
        self.purpose_boxes: dict[str, QtWidgets.QCheckBox] = {}
        for index, (code, label) in enumerate(CONSENT_PURPOSES.items()):
            check = QtWidgets.QCheckBox(label)
            check.setObjectName(f"purpose_{code}")
            check.toggled.connect(lambda on, code=code: self._purpose_toggled(code, on))
            self.purpose_boxes[code] = check
            grid.addWidget(check, index // 3, index % 3)
        rows = (len(CONSENT_PURPOSES) + 2) // 3
        grid.addWidget(self._field_error("purposes"), rows, 0, 1, 3)
        return box

    def _build_terms(self) -> QtWidgets.QGroupBox:
        box, form = _group("Expiry, statements and signature", "termsGroup")
        self.expiry_check = QtWidgets.QCheckBox("On this date:")
        self.expiry_check.setObjectName("expiryCheck")
        self.expiry_check.setChecked(True)
        self.expiry_check.toggled.connect(self._expiry_toggled)
        self.expires_on = QtWidgets.QDateEdit(to_qdate(add_years(self._today, 1)))
        self.expires_on.setObjectName("expiresOn")
        self.expires_on.setAccessibleName("Expires on")
        self.expires_on.setCalendarPopup(True)
        self.expires_on.setDisplayFormat("dd MMM yyyy")
        self.expires_on.setMinimumDate(QtCore.QDate(1900, 1, 1))
        self.expires_on.setMaximumWidth(170)
        expiry_row = QtWidgets.QHBoxLayout()
        expiry_row.addWidget(self.expiry_check)
        expiry_row.addWidget(self.expires_on)
        expiry_row.addStretch(1)
        self.expiry_event = QtWidgets.QLineEdit()
        self.expiry_event.setObjectName("expiryEvent")
        self.expiry_event.setPlaceholderText("e.g. end of treatment, end of the court case")
        form.addRow("Expires:", expiry_row)
        form.addRow("And/or on an event:", self.expiry_event)
        form.addRow("", self._field_error("expires_on"))
        self.states_revoke = QtWidgets.QCheckBox(
            "The form states the client's right to revoke it in writing, and how"
        )
        self.states_revoke.setObjectName("statesRevoke")
        self.states_conditioning = QtWidgets.QCheckBox(
            "The form states whether treatment or payment depends on signing it"
        )
        self.states_conditioning.setObjectName("statesConditioning")
        self.states_redisclosure = QtWidgets.QCheckBox(
            "The form states that the recipient may redisclose the information"
        )
        self.states_redisclosure.setObjectName("statesRedisclosure")
        statements = QtWidgets.QVBoxLayout()
        for check, element in (
            (self.states_revoke, "states_right_to_revoke"),
            (self.states_conditioning, "states_conditioning"),
            (self.states_redisclosure, "states_redisclosure"),
        ):
            statements.addWidget(check)
            statements.addWidget(self._field_error(element))
        form.addRow("Required statements:", statements)
        self.signed_on = day_picker(self._today)
        self.signed_on.setObjectName("signedOn")
        form.addRow("Signed on:", self.signed_on)
        return box

    def _build_form(self, session: VaultSession, client_id: int) -> QtWidgets.QGroupBox:
        box, form = _group("The signed form", "scanGroup")
        self.scan_combo = QtWidgets.QComboBox()
        self.scan_combo.setObjectName("scanCombo")
        self.scan_combo.setAccessibleName("Scanned form")
        self._fill_scans(session, client_id, select=None)
        self.scan_combo.currentIndexChanged.connect(self._scan_changed)
        attach = QtWidgets.QPushButton("Attach the scan…")
        attach.setObjectName("attachScan")
        attach.clicked.connect(self.attach_scan)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.scan_combo, 1)
        row.addWidget(attach)
        form.addRow("Scanned form:", row)
        form.addRow(
            hint(
                "Attach the scan of the signed form here (PDF or image): the vault keeps it, "
                "encrypted, with the consent."
            )
        )
        return box

    def _fill_scans(self, session: VaultSession, client_id: int, select: int | None) -> None:
        self.scan_combo.clear()
        self.scan_combo.addItem(NO_SCAN, None)
        for info in documents.list_documents(session, client_id):
            self.scan_combo.addItem(
                f"{info.name} · {size_text(info.size)} · added {format_stamp_day(info.added_at)}",
                info.id,
            )
            if info.id == select:
                self.scan_combo.setCurrentIndex(self.scan_combo.count() - 1)

    # --- behaviour -----------------------------------------------------------------------

    def _authority_changed(self, _checked: bool = False) -> None:
        rep = self.by_representative.isChecked()
        self.representative_name.setEnabled(rep)
        self.representative_authority.setEnabled(rep)

    def _kinds_changed(self, kind: str | None = None) -> None:
        psycho = self.kind_boxes["psychotherapy"].isChecked()
        self.psycho_warning.setVisible(psycho)
        if kind is not None and not self._suggesting:
            self._suggested.discard(kind)  # the user's own tick or untick: theirs now
            self._show_suggestion()

    def _purpose_toggled(self, purpose: str, on: bool) -> None:
        """Tick what the purpose usually needs; untick what only a purpose ticked."""
        if self.kind_boxes["psychotherapy"].isChecked():
            return  # a psychotherapy-notes authorization covers nothing else
        wanted = {
            kind
            for code, box in self.purpose_boxes.items()
            if box.isChecked()
            for kind in consents.suggested_kinds(code)
        }
        self._suggesting = True
        try:
            if on:
                for kind in consents.suggested_kinds(purpose):
                    if not self.kind_boxes[kind].isChecked():
                        self.kind_boxes[kind].setChecked(True)
                        self._suggested.add(kind)
            for unwanted in sorted(self._suggested - wanted):
                self.kind_boxes[unwanted].setChecked(False)
                self._suggested.discard(unwanted)
        finally:
            self._suggesting = False
        self._show_suggestion()

    def _show_suggestion(self) -> None:
        kinds = [SCOPE_LABELS.get(k, k) for k in SCOPE_KINDS if k in self._suggested]
        self.suggestion.setText(
            f"Ticked for the purposes chosen: {', '.join(kinds)}. Untick what the signed "
            "form does not cover."
        )
        self.suggestion.setVisible(bool(kinds))
        for kind, box in self.kind_boxes.items():
            box.setToolTip("Ticked for the purposes chosen" if kind in self._suggested else "")

    def _scan_changed(self, _index: int = 0) -> None:
        self.scan_warning.setVisible(self.scan_combo.currentData() is None)

    def _clear_errors_on_edit(self) -> None:
        """A field's message goes as soon as the user changes that field."""
        edits: dict[str, list[QtCore.SignalInstance]] = {
            "representative_name": [self.representative_name.textChanged],
            "representative_authority": [self.representative_authority.textChanged],
            "kinds": [box.toggled for box in self.kind_boxes.values()],
            "disclosing_party": [self.disclosing_party.textChanged],
            "recipient_name": [self.recipient_name.textChanged],
            "purposes": [box.toggled for box in self.purpose_boxes.values()],
            "expires_on": [self.expiry_check.toggled, self.expiry_event.textChanged],
            "states_right_to_revoke": [self.states_revoke.toggled],
            "states_conditioning": [self.states_conditioning.toggled],
            "states_redisclosure": [self.states_redisclosure.toggled],
        }
        for element, signals in edits.items():
            for signal in signals:
                signal.connect(self.field_errors[element].hide)

    def _expiry_toggled(self, _checked: bool = False) -> None:
        self.expires_on.setEnabled(self.expiry_check.isChecked())

    def _range_toggled(self, _checked: bool = False) -> None:
        on = self.range_check.isChecked()
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)

    def attach_scan(self) -> AttachDialog | None:
        """Attach the scanned form to the client's documents; it is then chosen here."""
        if self._session is None:
            return None
        dialog = AttachDialog(self._session, self._client_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self._scan_attached(dialog.document_id))
        self.attach_dialog = dialog
        dialog.open()
        return dialog

    def _scan_attached(self, document_id: int | None) -> None:
        if self._session is not None and document_id is not None:
            self._fill_scans(self._session, self._client_id, select=document_id)
            self._scan_changed()

    def checked_notes(self) -> list[int]:
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.notes_list.item(i) for i in range(self.notes_list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def form(self) -> consents.ConsentForm:
        """The consent as typed (unchecked: the domain judges it)."""
        kinds = [k for k, box in self.kind_boxes.items() if box.isChecked()]
        note_ids = self.checked_notes()
        purposes = [p for p, box in self.purpose_boxes.items() if box.isChecked()]
        by_rep = self.by_representative.isChecked()
        ranged = self.range_check.isChecked()
        return consents.ConsentForm(
            client_id=self._client_id,
            authorized_by="representative" if by_rep else "client",
            representative_name=self.representative_name.text() if by_rep else None,
            representative_authority=self.representative_authority.text() if by_rep else None,
            kinds=tuple(kinds),  # type: ignore[arg-type]
            note_ids=tuple(note_ids),
            date_from=from_qdate(self.date_from.date()) if ranged else None,
            date_to=from_qdate(self.date_to.date()) if ranged else None,
            disclosing_party=self.disclosing_party.text(),
            recipient_name=self.recipient_name.text(),
            recipient_organisation=self.recipient_organisation.text() or None,
            recipient_address=self.recipient_address.toPlainText() or None,
            purposes=tuple(purposes),  # type: ignore[arg-type]
            expires_on=from_qdate(self.expires_on.date())
            if self.expiry_check.isChecked()
            else None,
            expiry_event=self.expiry_event.text() or None,
            states_right_to_revoke=self.states_revoke.isChecked(),
            states_conditioning=self.states_conditioning.isChecked(),
            states_redisclosure=self.states_redisclosure.isChecked(),
            signed_on=from_qdate(self.signed_on.date()),
            form_document_id=self.scan_combo.currentData(),
            is_psychotherapy_authorization=self.kind_boxes["psychotherapy"].isChecked()
            or self._chosen_psychotherapy_notes(note_ids),
        )

    def _chosen_psychotherapy_notes(self, note_ids: list[int]) -> bool:
        """Specific notes only, all psychotherapy: a psychotherapy authorization."""
        if not note_ids or any(box.isChecked() for box in self.kind_boxes.values()):
            return False
        items = (self.notes_list.item(i) for i in range(self.notes_list.count()))
        kinds = [
            item.data(NOTE_KIND_ROLE)
            for item in items
            if item is not None and item.checkState() == Qt.CheckState.Checked
        ]
        return all(kind == "psychotherapy" for kind in kinds)

    def missing(self) -> list[str]:
        """The elements whose messages show now (every one Save found missing)."""
        return [e for e, label in self.field_errors.items() if not label.isHidden()]

    def save(self) -> None:
        if self._session is None:
            return
        self.error_label.hide()  # never an old message beside a new outcome
        form = self.form()
        missing = consents.missing_elements(form)
        for element, label in self.field_errors.items():
            if element in missing:
                show_error(label, missing[element])
            else:
                label.hide()
        if missing:
            count = len(missing)
            show_error(
                self.error_label,
                f"{count} required element{'s are' if count != 1 else ' is'} missing: "
                "each is marked below its field.",
            )
            first = next(label for e, label in self.field_errors.items() if e in missing)
            QtCore.QTimer.singleShot(0, lambda: self.form_scroll.ensureWidgetVisible(first))
            return
        try:
            self.saved_id = consents.record_consent(self._session, form, today=self._today)
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return
        self.saved.emit(self.saved_id)
        self.accept()
