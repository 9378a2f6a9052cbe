"""A client's request, its one extension, its fulfilment: three small dialogs.

Fulfilment names the release that answered the request (the client's releases since it
came, each saying what it held; the newest release to the client of the kind asked for is
chosen first, none when none fits) or says why nothing was released.

Own records are due in 30 days, an accounting of disclosures in 60 (HIPAA 164.524,
164.528); one 30-day extension with a written reason given to the client before the
original due date. The domain (`requests`) keeps the clocks and refuses what the rules
do not allow; the dialogs show its refusals inline.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from recordsafe.disclosure import requests
from recordsafe.disclosure._common import PURPOSES, add_days
from recordsafe.disclosure.history import DisclosureFacts
from recordsafe.disclosure.requests import RecordRequest
from recordsafe.ui.disclosure.common import day_picker
from recordsafe.ui.disclosure.form_dialog import FormDialog
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.widgets.dates import format_day, from_qdate, to_qdate
from recordsafe.ui.widgets.forms import hint
from recordsafe.vault import VaultSession
from recordsafe.wording import counted

KIND_LABELS: Final[dict[str, str]] = {
    "own_records": "A copy of their own records",
    "accounting": "An accounting of disclosures",
}


class RequestDialog(FormDialog):
    """Log a client's request as received: its clock starts on the day it arrived."""

    saved = Signal(int)

    def __init__(
        self,
        session: VaultSession,
        client_id: int,
        client_label: str,
        *,
        today: date | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            name="request",
            title=f"Record a request — {client_label}",
            ok_text="Record request",
            today=today,
            parent=parent,
        )
        self._client_id = client_id
        self.saved_id: int | None = None
        self.own_records = QtWidgets.QRadioButton(
            KIND_LABELS["own_records"] + " (answer within 30 days)"
        )
        self.own_records.setObjectName("kindOwnRecords")
        self.own_records.setChecked(True)
        self.accounting = QtWidgets.QRadioButton(
            KIND_LABELS["accounting"] + " (answer within 60 days)"
        )
        self.accounting.setObjectName("kindAccounting")
        kinds = QtWidgets.QVBoxLayout()
        kinds.addWidget(self.own_records)
        kinds.addWidget(self.accounting)
        self.received_on = day_picker(self._today)
        self.received_on.setObjectName("receivedOn")
        self.due_label = hint("")
        self.due_label.setObjectName("dueHint")
        self.form.addRow(f"{client_label} asks for:", kinds)
        self.form.addRow("Received on:", self.received_on)
        self.form.addRow("", self.due_label)
        self.lay_out()
        for signal in (self.own_records.toggled, self.received_on.dateChanged):
            signal.connect(self._show_due)
        self._show_due()

    @property
    def kind(self) -> requests.RequestKind:
        return "own_records" if self.own_records.isChecked() else "accounting"

    def _show_due(self, *_args: object) -> None:
        due = add_days(from_qdate(self.received_on.date()), requests.DAYS_TO_ANSWER[self.kind])
        self.due_label.setText(f"Due by {format_day(due)}.")

    def apply(self, session: VaultSession) -> None:
        self.saved_id = requests.receive(
            session,
            self._client_id,
            self.kind,
            received_on=from_qdate(self.received_on.date()),
            today=self._today,
        )
        self.saved.emit(self.saved_id)


class ExtendDialog(FormDialog):
    """The one 30-day extension, with the written reason the client is given."""

    def __init__(
        self,
        session: VaultSession,
        request: RecordRequest,
        client_label: str,
        *,
        today: date | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            name="extend",
            title=f"Extend a request by 30 days — {client_label}",
            ok_text="Extend",
            width=500,
            today=today,
            parent=parent,
        )
        self._request = request
        new_due = add_days(request.due_on, requests.EXTENSION_DAYS)
        intro = QtWidgets.QLabel(
            f"Due {format_day(request.due_on)}. One extension of 30 days is allowed (to "
            f"{format_day(new_due)}), if you tell the client in writing, before the due "
            "date, why and when they will have an answer."
        )
        intro.setWordWrap(True)
        self.reason_edit = QtWidgets.QPlainTextEdit()
        self.reason_edit.setObjectName("extendReason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText("The reason, as written to the client")
        self.reason_edit.setMaximumHeight(110)
        self.on_edit = day_picker(self._today)
        self.on_edit.setObjectName("extendedOn")
        self.form.addRow("Written reason:", self.reason_edit)
        self.form.addRow("Client told on:", self.on_edit)
        self.lay_out(above=[intro])
        self.reason_edit.setFocus()

    def apply(self, session: VaultSession) -> None:
        requests.extend(
            session,
            self._request.id,
            reason=self.reason_edit.toPlainText(),
            on=from_qdate(self.on_edit.date()),
        )


# What a release held, in the order a reader expects (no content: kinds and counts).
_HELD: Final[tuple[tuple[str, str], ...]] = (
    ("note", "note"),
    ("document", "document"),
    ("letter", "letter"),
    ("summary", "the summary of the record"),
    ("audit", "an audit extract"),
    ("accounting", "the accounting of disclosures"),
)


def held_text(held: dict[str, int]) -> str:
    """'2 notes and 1 document', 'the accounting of disclosures' ('' for none)."""
    parts = [
        counted(held[kind], noun) if kind in ("note", "document", "letter") else noun
        for kind, noun in _HELD
        if held.get(kind)
    ]
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def release_text(release: DisclosureFacts, held: dict[str, int]) -> str:
    """'05 Dec 2026 · to Ada Wren · 2 notes · At the client's request' (no content)."""
    purpose = PURPOSES.get(release.purpose, release.purpose)
    what = held_text(held)
    return " · ".join(
        part
        for part in (
            format_day(release.disclosed_on),
            f"to {release.recipient_name}",
            what[:1].upper() + what[1:],
            purpose,
        )
        if part
    )


class FulfilDialog(FormDialog):
    """Mark a request answered: by which release, or why nothing was released."""

    def __init__(
        self,
        session: VaultSession,
        request: RecordRequest,
        client_label: str,
        *,
        today: date | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            name="fulfil",
            title=f"Mark a request fulfilled — {client_label}",
            ok_text="Mark fulfilled",
            width=560,
            today=today,
            parent=parent,
        )
        self._request = request
        self.releases = requests.releases_since(session, request)
        self.by_release = QtWidgets.QRadioButton("Answered by this release:")
        self.by_release.setObjectName("fulfilledByRelease")
        self.release_combo = QtWidgets.QComboBox()
        self.release_combo.setObjectName("fulfillingRelease")
        self.release_combo.setAccessibleName("The release that answered the request")
        held = requests.items_released(session, [r.id for r in self.releases])
        for release in self.releases:
            self.release_combo.addItem(release_text(release, held[release.id]), release.id)
        # The likeliest answer: the newest release of the kind asked for, to the client
        # (their records, or their accounting); none chosen when none fits.
        fitting = [r for r in self.releases if requests.answers(request, r, held[r.id])]
        self.release_combo.setPlaceholderText("Choose the release that answered it")
        self.release_combo.setCurrentIndex(self.releases.index(fitting[0]) if fitting else -1)
        self.no_release = QtWidgets.QRadioButton("Nothing was released, because:")
        self.no_release.setObjectName("fulfilledWithoutRelease")
        self.reason_edit = QtWidgets.QPlainTextEdit()
        self.reason_edit.setObjectName("noReleaseReason")
        self.reason_edit.setAccessibleName("Why nothing was released")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMaximumHeight(80)
        self.reason_edit.setPlaceholderText(
            "e.g. the client withdrew the request; they read the records with you in "
            "person; the request was denied in writing (say on what grounds)"
        )
        self.on_edit = day_picker(self._today)
        self.on_edit.setObjectName("fulfilledOn")
        self.form.addRow(self.by_release)
        self.form.addRow(self.release_combo)
        self.form.addRow(self.no_release)
        self.form.addRow(self.reason_edit)
        self.form.addRow("Answered on:", self.on_edit)
        about = hint(
            f"{KIND_LABELS.get(request.kind, request.kind)}, received "
            f"{format_day(request.received_on)}, due {format_day(request.deadline)}."
        )
        below = []
        if not self.releases:
            self.by_release.setEnabled(False)
            self.release_combo.addItem("No release for this client since the request came")
            none_yet = hint(
                "To answer with the records, release them first (Release records… on the "
                "client's page, purpose “At the client's request”), then mark the request "
                "fulfilled here."
            )
            none_yet.setObjectName("noReleaseYet")
            below.append(none_yet)
        self.lay_out(above=[about], below=below)
        self.by_release.toggled.connect(self._choice_changed)
        self.release_combo.currentIndexChanged.connect(self._release_chosen)
        (self.by_release if self.releases else self.no_release).setChecked(True)
        self._choice_changed()
        self._release_chosen()

    def _choice_changed(self, _checked: bool = False) -> None:
        by_release = self.by_release.isChecked()
        self.release_combo.setEnabled(by_release and bool(self.releases))
        self.reason_edit.setEnabled(not by_release)
        if not by_release:
            self.reason_edit.setFocus()

    def _release_chosen(self, _index: int = 0) -> None:
        """Answered on the day of the release chosen (the user may change it)."""
        chosen = self.release_combo.currentData()
        release = next((r for r in self.releases if r.id == chosen), None)
        if release is not None:
            self.on_edit.setDate(to_qdate(release.disclosed_on))

    def apply(self, session: VaultSession) -> None:
        by_release = self.by_release.isChecked()
        requests.fulfil(
            session,
            self._request.id,
            on=from_qdate(self.on_edit.date()),
            disclosure_id=self.release_combo.currentData() if by_release else None,
            no_release_reason=None if by_release else self.reason_edit.toPlainText(),
        )
