"""Destroy one client's record when it is due: the reasons it cannot be (if any), the
client named, their name typed to confirm; then the log entry and a certificate of
destruction (an encrypted PDF through recordsafe.outputs; its password kept in the vault).

The certificate is on by default, every time, and not remembered when turned off: it is
the proof that the retention rule was followed, and one act without it must not make the
next go without one too. Turned off (or its save window cancelled), the destruction log
saves it later (Save certificate…)."""

from __future__ import annotations

from datetime import date
from functools import partial
from html import escape

from recordsafe.closure import destruction, retention
from recordsafe.closure.destruction import DestructionEntry
from recordsafe.records import directory
from recordsafe.ui.closure import certificate as certificates
from recordsafe.ui.operations import run_in_background
from recordsafe.ui.qt import QtGui, QtWidgets, Signal
from recordsafe.ui.widgets.dates import format_day
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault import VaultSession

CERTIFICATE_HINT = (
    "The certificate is the proof that the retention rule was followed. "
    f"Its password is kept in the vault: {certificates.SHOWN_AGAIN} "
    "Untick the box to skip it: the destruction log saves one later."
)


class DestroyDialog(QtWidgets.QDialog):
    # The ids of every client destroyed (this one and `together`). Not named `destroyed`:
    # that would hide QObject.destroyed, which the runner watches on its parent window.
    record_destroyed = Signal(list)
    # Its log entry now has a certificate (the destruction log shows it).
    certificate_saved = Signal()

    def __init__(
        self,
        session: VaultSession,
        client_id: int,
        parent: QtWidgets.QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Destroy a client record")
        self.setObjectName("destroyDialog")
        self._session: VaultSession | None = session
        self._client_id = client_id
        self.today = today or date.today()
        self.busy = False
        self.entry: DestructionEntry | None = None
        self.certificate_password: str | None = None
        name = directory.names(session, [client_id]).get(client_id, "?")
        problems, partners = self._problems(session, client_id)
        texts = self._build_texts(session, client_id, name, problems)
        form = self._build_inputs(name, partners if not problems else [])
        self.buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.destroy_button = self.buttons.addButton(
            "Destroy record", QtWidgets.QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.destroy_button.setObjectName("confirmDestroy")
        self.destroy_button.setAutoDefault(False)
        self.destroy_button.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        for label in texts:
            layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.certificate_hint)  # full width: a wrapped label in a form clips
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)
        self.typed.setEnabled(not problems)
        self.certificate.setEnabled(not problems)
        self._update()
        cancel = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        (cancel if problems else self.typed).setFocus()

    def _problems(
        self, session: VaultSession, client_id: int
    ) -> tuple[list[str], list[tuple[int, str]]]:
        """What stands in the way; the partners to destroy with, when that is the way."""
        alone = destruction.blockers(session, client_id, today=self.today)
        partners = destruction.partners(session, client_id)
        if not alone or not partners:
            return alone, []
        group = [client_id, *(pid for pid, _ in partners)]
        problems = destruction.blockers(session, client_id, today=self.today, together=group)
        for pid, partner in partners:
            problems += [
                f"{partner}: {p}"
                for p in destruction.blockers(session, pid, today=self.today, together=group)
            ]
        return problems, ([] if problems else partners)

    def _build_texts(
        self, session: VaultSession, client_id: int, name: str, problems: list[str]
    ) -> list[QtWidgets.QLabel]:
        facts = retention.for_client(session, client_id)
        heading = QtWidgets.QLabel(f"Destroy the record of <b>{escape(name)}</b>?")
        heading.setObjectName("destroyHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        lines = []
        if facts is not None:
            lines.append(
                f"Last contact {format_day(facts.last_contact)}; kept until "
                f"{format_day(facts.destroy_after)}."
            )
        lines.append(
            "Every note, document, case and intake of this client is deleted from the vault "
            "for good, and the vault is compacted. The destruction log keeps who, what, when "
            "and under which rule. <b>This cannot be undone</b>: backups made before today "
            "still hold the record until they are rotated out."
        )
        explain = QtWidgets.QLabel("<br><br>".join(lines))
        explain.setWordWrap(True)
        self.problems = QtWidgets.QLabel(
            "<b>It cannot be destroyed now:</b><ul>"
            + "".join(f"<li>{escape(p)}</li>" for p in problems)
            + "</ul>"
        )
        self.problems.setObjectName("destroyBlockers")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(text_style("error", bold=True))
        if not problems:  # never show() it here: without a parent yet, it is a window
            self.problems.hide()
        return [heading, explain, self.problems]

    def _build_inputs(self, name: str, partners: list[tuple[int, str]]) -> QtWidgets.QFormLayout:
        self.typed = QtWidgets.QLineEdit()
        self.typed.setObjectName("typedName")
        self.typed.setAccessibleName("Client's name, to confirm")
        self.typed.setPlaceholderText(name)
        self.typed.textChanged.connect(self._update)
        self.certificate = QtWidgets.QCheckBox("Save a certificate of destruction (encrypted PDF)")
        self.certificate.setObjectName("wantCertificate")
        self.certificate.setChecked(True)
        self.certificate_hint = QtWidgets.QLabel(CERTIFICATE_HINT)
        self.certificate_hint.setObjectName("certificateHint")
        self.certificate_hint.setWordWrap(True)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(text_style("error", bold=True))
        self.error.hide()
        self.together_ids = [pid for pid, _ in partners]
        names = ", ".join(partner for _, partner in partners)
        self.together = QtWidgets.QCheckBox(
            f"Also destroy the record of {names}: they share a case, and their record is due too"
        )
        self.together.setObjectName("destroyTogether")
        self.together.setVisible(bool(partners))
        self.together.toggled.connect(self._update)
        form = QtWidgets.QFormLayout()
        form.addRow("", self.together)
        form.addRow("Type the client's name to confirm:", self.typed)
        form.addRow("", self.certificate)
        return form

    def _update(self, _text: str = "") -> None:
        self.error.hide()
        self.destroy_button.setEnabled(
            not self.busy
            and self.typed.isEnabled()
            and bool(self.typed.text().strip())
            and (not self.together_ids or self.together.isChecked())
        )

    def submit(self) -> None:
        session = self._session
        if session is None or self.busy:
            return
        self.busy = True
        self._update()
        run_in_background(
            self,
            partial(
                destruction.destroy,
                session,
                self._client_id,
                typed_name=self.typed.text(),
                today=self.today,
                together=self.together_ids,
            ),
            label="Destroying the record and compacting the vault…",
            on_success=self._destroyed,
            on_failure=self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self._update()
        self.error.setText(getattr(exc, "message", str(exc)))
        self.error.show()
        self.typed.setFocus()
        self.typed.selectAll()

    def _destroyed(self, entry: DestructionEntry) -> None:
        self.busy = False
        self.entry = entry
        self.record_destroyed.emit([self._client_id, *self.together_ids])
        if self.certificate.isChecked():
            self.save_certificate(entry)
        self.accept()

    def save_certificate(self, entry: DestructionEntry) -> None:
        # Over the window below: this dialog closes as the save window opens.
        if self._session is not None:
            self.certificate_password = certificates.save_certificate(
                self.parentWidget(), self._session, entry
            )
            if self.certificate_password is not None:
                self.certificate_saved.emit()

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    def drop_session(self) -> None:
        self._session = None
