"""Record that the nature and limits of confidentiality were explained (NASW 1.07 e).

Date, how it was explained, which handout version was given. "Print handout…" prints the
generic handout (no client data in it) from `resources/templates/`; "Save as PDF…" writes
it to a file, e.g. to e-mail before a video session.
"""

from __future__ import annotations

from pathlib import Path

from recordsafe.records import intake
from recordsafe.resources import resource_path
from recordsafe.ui.disclosure import printing
from recordsafe.ui.qt import QtGui, QtPrintSupport, QtWidgets
from recordsafe.ui.widgets.dates import date_edit, from_qdate
from recordsafe.ui.widgets.forms import error_label, hint, ok_cancel, show_error
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

HANDOUT_FILE = "confidentiality-handout.md"
HANDOUT_PDF = "Confidentiality and its limits.pdf"


def handout_path() -> Path:
    return resource_path("templates", HANDOUT_FILE)


def print_handout(printer: QtPrintSupport.QPrinter) -> None:
    """Lay the handout out from its Markdown template and print it (or write the PDF)."""
    document = QtGui.QTextDocument()
    document.setMarkdown(handout_path().read_text(encoding="utf-8"))
    document.print_(printer)


class IntakeDialog(QtWidgets.QDialog):
    def __init__(
        self,
        session: VaultSession,
        client_id: int,
        client_label: str,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._client_id = client_id
        self.saved_id: int | None = None
        self.setObjectName("intakeDialog")
        self.setWindowTitle(f"Record intake — {client_label}")
        self.setMinimumWidth(480)

        intro = QtWidgets.QLabel(
            f"Record that you explained the nature and limits of confidentiality to "
            f"{client_label}: when you may have to share information (mandated reporting, "
            "imminent harm, court orders), supervision, and how records are kept."
        )
        intro.setWordWrap(True)
        self.date_edit = date_edit()
        self.date_edit.setObjectName("intakeDate")
        self.method_combo = QtWidgets.QComboBox()
        self.method_combo.setObjectName("intakeMethod")
        for key, label in intake.METHODS.items():
            self.method_combo.addItem(label, key)
        self.version_edit = QtWidgets.QLineEdit(intake.CURRENT_HANDOUT_VERSION)
        self.version_edit.setObjectName("handoutVersion")
        self.version_edit.setAccessibleName("Handout version")
        self.save_pdf_button = QtWidgets.QPushButton("Save as PDF…")
        self.save_pdf_button.setObjectName("saveHandoutPdf")
        self.save_pdf_button.setToolTip(
            "Save the blank handout as a PDF, e.g. to send before a video session."
        )
        self.save_pdf_button.clicked.connect(self.choose_handout_target)
        self.print_button = QtWidgets.QPushButton("Print handout…")
        self.print_button.setObjectName("printHandout")
        self.print_button.setToolTip("Print the blank handout to give to the client.")
        self.print_button.clicked.connect(self.choose_printer)
        version_row = QtWidgets.QHBoxLayout()
        version_row.addWidget(self.version_edit, 1)
        version_row.addWidget(self.print_button)
        version_row.addWidget(self.save_pdf_button)

        form = QtWidgets.QFormLayout()
        form.addRow("Explained on:", self.date_edit)
        form.addRow("How:", self.method_combo)
        form.addRow("Handout version:", version_row)

        self.error_label = error_label("intakeError")
        self.buttons = ok_cancel("Record intake")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint("The handout holds no client information; it is the same for all."))
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def choose_printer(self) -> None:
        printing.choose_printer(self, print_handout)

    def choose_handout_target(self) -> None:
        target, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save the confidentiality handout", HANDOUT_PDF, "PDF (*.pdf)"
        )
        if target:
            self.save_handout(Path(target))

    def save_handout(self, target: Path) -> bool:
        """Write the generic handout as a PDF to `target`; a failure is an inline message."""
        try:
            target.unlink(missing_ok=True)
        except OSError:
            pass
        if target.parent.is_dir():
            printer = QtPrintSupport.QPrinter()
            printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(target))
            print_handout(printer)
        if not target.is_file() or target.stat().st_size == 0:
            show_error(
                self.error_label,
                "The handout could not be saved there. Choose another folder (USB sticks and "
                "network folders are sometimes read-only).",
            )
            return False
        self.error_label.hide()
        return True

    def save(self) -> None:
        try:
            self.saved_id = intake.record_intake(
                self._session,
                self._client_id,
                explained_on=from_qdate(self.date_edit.date()),
                method=self.method_combo.currentData(),
                handout_version=self.version_edit.text(),
            )
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return
        self.accept()
