"""Add or edit a client: the minimum (name; optional contact and date of birth) and the
optional fields the practice turned on, each with its "why collected" line (NASW 1.07 a).

Editing also offers the client's status: active, closed (with a date) or deceased (date;
personal representative and their authority, 1.07 w). A name that matches another
client's is flagged under the field; it never blocks (two people can share a name).
"""

from __future__ import annotations

from datetime import date

from recordsafe.records import clients, fields
from recordsafe.records.clients import Client
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.dates import date_edit, format_day, from_qdate, parse_typed_day
from recordsafe.ui.widgets.forms import error_label, hint, ok_cancel, show_error
from recordsafe.ui.widgets.meaning_colours import box_style
from recordsafe.ui.widgets.names import titled
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

STATUS_CHOICES = (("active", "Active"), ("closed", "Closed"), ("deceased", "Deceased"))


class ClientDialog(QtWidgets.QDialog):
    """`client=None` adds a client; `saved_id` holds its id after a successful save."""

    def __init__(
        self,
        session: VaultSession,
        client: Client | None = None,
        parent: QtWidgets.QWidget | None = None,
        *,
        private: bool = False,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._client = client
        self.saved_id: int | None = client.id if client else None
        self.setObjectName("clientDialog")
        self.setWindowTitle(
            titled("Edit client", client.name, private=private) if client else "New client"
        )
        self.setMinimumWidth(520)

        self.name_edit = QtWidgets.QLineEdit(client.name if client else "")
        self.name_edit.setObjectName("clientName")
        self.name_edit.setMaxLength(clients.MAX_NAME_CHARS)
        self.name_edit.textChanged.connect(self._check_duplicates)
        self.duplicate_label = QtWidgets.QLabel()
        self.duplicate_label.setObjectName("duplicateWarning")
        self.duplicate_label.setWordWrap(True)
        self.duplicate_label.setStyleSheet(box_style("caution"))
        self.duplicate_label.hide()
        self.contact_edit = QtWidgets.QLineEdit((client.contact or "") if client else "")
        self.contact_edit.setObjectName("clientContact")
        self.contact_edit.setPlaceholderText("Phone or email (optional)")
        self.dob_edit = QtWidgets.QLineEdit(format_day(client.dob) if client and client.dob else "")
        self.dob_edit.setObjectName("clientDob")
        self.dob_edit.setPlaceholderText("e.g. 26 Jul 1956, 26/07/1956 or 1956-07-26 (optional)")

        form = QtWidgets.QFormLayout()
        form.addRow("Name:", self.name_edit)
        form.addRow("", self.duplicate_label)
        form.addRow("Contact:", self.contact_edit)
        form.addRow("Date of birth:", self.dob_edit)

        # Optional fields: only those the practice turned on, each saying why it is asked.
        self.field_edits: dict[str, QtWidgets.QLineEdit] = {}
        for field in fields.enabled_fields(session):
            edit = QtWidgets.QLineEdit((client.extra.get(field.field, "")) if client else "")
            edit.setObjectName(f"field_{field.field}")
            self.field_edits[field.field] = edit
            box = QtWidgets.QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(edit)
            box.addWidget(hint(f"Why we ask: {field.why}"))
            form.addRow(f"{field.label}:", box)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        if not self.field_edits:
            layout.addWidget(
                hint(
                    "Only what is needed is kept. More fields can be turned on in "
                    "Practice ▸ Client fields…."
                )
            )
        if client is not None:
            layout.addWidget(self._status_box(client))
        self.error_label = error_label("clientError")
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.buttons = ok_cancel("Save" if client else "Add client")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check_duplicates()

    # --- status (edit only) --------------------------------------------------------------

    def _status_box(self, client: Client) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Status")
        self.status_combo = QtWidgets.QComboBox()
        self.status_combo.setObjectName("clientStatus")
        for key, label in STATUS_CHOICES:
            self.status_combo.addItem(label, key)
        self.status_combo.setCurrentIndex([k for k, _ in STATUS_CHOICES].index(client.status))
        self.status_date = date_edit(client.closed_on or client.died_on)
        self.status_date.setObjectName("statusDate")
        self.rep_name = QtWidgets.QLineEdit(client.representative_name or "")
        self.rep_name.setObjectName("representativeName")
        self.rep_authority = QtWidgets.QLineEdit(client.representative_authority or "")
        self.rep_authority.setObjectName("representativeAuthority")
        self.rep_authority.setPlaceholderText("e.g. executor named in the will; letters of admin.")
        form = QtWidgets.QFormLayout(box)
        form.addRow("Status:", self.status_combo)
        self._date_label = QtWidgets.QLabel("Date:")
        form.addRow(self._date_label, self.status_date)
        self._rep_rows = [
            (QtWidgets.QLabel("Personal representative:"), self.rep_name),
            (QtWidgets.QLabel("Their authority:"), self.rep_authority),
        ]
        for rep_label, rep_edit in self._rep_rows:
            form.addRow(rep_label, rep_edit)
        self._deceased_hint = hint(
            "A deceased client's record keeps full protection. The personal representative "
            "may consent to disclosures on their behalf."
        )
        form.addRow(self._deceased_hint)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self._status_changed()
        return box

    def _status_changed(self) -> None:
        status = self.status_combo.currentData()
        self._date_label.setText("Date of death:" if status == "deceased" else "Closed on:")
        self._date_label.setVisible(status != "active")
        self.status_date.setVisible(status != "active")
        for label, edit in self._rep_rows:
            label.setVisible(status == "deceased")
            edit.setVisible(status == "deceased")
        self._deceased_hint.setVisible(status == "deceased")

    # --- checks and save -----------------------------------------------------------------

    def _check_duplicates(self) -> None:
        name = self.name_edit.text()
        matches = clients.find_possible_duplicates(
            self._session, name, exclude_id=self._client.id if self._client else None
        )
        if matches:
            count = len(matches)
            self.duplicate_label.setText(
                f"{count} other client{'s' if count > 1 else ''} already "
                f"{'have' if count > 1 else 'has'} this name. You can still save: check it is "
                "a different person."
            )
        if bool(matches) != self.duplicate_label.isVisible():
            self.duplicate_label.setVisible(bool(matches))
            self.adjustSize()

    def _typed_dob(self) -> date | None:
        try:
            return parse_typed_day(self.dob_edit.text())
        except ValueError as exc:
            raise _FormError(f"The date of birth is not a date: {exc}") from None

    def save(self) -> None:
        try:
            dob = self._typed_dob()
            extra: dict[str, str | None] = {k: e.text() for k, e in self.field_edits.items()}
            if self._client is None:
                self.saved_id = clients.create_client(
                    self._session,
                    self.name_edit.text(),
                    contact=self.contact_edit.text(),
                    dob=dob,
                    extra=extra,
                )
            else:
                clients.update_client(
                    self._session,
                    self._client.id,
                    name=self.name_edit.text(),
                    contact=self.contact_edit.text(),
                    dob=dob,
                    extra=extra,
                )
                self._save_status(self._client)
        except _FormError as exc:
            show_error(self.error_label, str(exc))
            return
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return
        self.accept()

    def _save_status(self, client: Client) -> None:
        status = self.status_combo.currentData()
        day = from_qdate(self.status_date.date())
        if status == "closed" and client.status != "closed":
            clients.close_client(self._session, client.id, on=day)
        elif status == "active" and client.status == "closed":
            clients.reopen_client(self._session, client.id)
        elif status == "active" and client.status == "deceased":
            raise _FormError("A client recorded as deceased cannot be made active again.")
        elif status == "deceased":
            clients.mark_deceased(
                self._session,
                client.id,
                died_on=day,
                representative_name=self.rep_name.text(),
                representative_authority=self.rep_authority.text(),
            )


class _FormError(Exception):
    """A problem found in the form itself, before the domain is asked."""
