"""The last step: how the records go out. An AES-256 encrypted PDF with a generated or
typed password, or print; both are recorded as the disclosure (no bypass)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from recordsafe import paths
from recordsafe.disclosure._common import PURPOSES
from recordsafe.disclosure.gate import Decision
from recordsafe.ui.backup.path_field import PathField, PathKind
from recordsafe.ui.disclosure import printing
from recordsafe.ui.disclosure.release.password_page import PasswordPage
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.forms import error_label, hint, show_error
from recordsafe.ui.widgets.names import ShownNames
from recordsafe.wording import counted


class OutputPage(QtWidgets.QWidget):
    def __init__(self, today: date) -> None:
        super().__init__()
        self.save_radio = QtWidgets.QRadioButton("&Save an encrypted PDF (AES-256)")
        self.save_radio.setObjectName("outputSave")
        self.print_radio = QtWidgets.QRadioButton("&Print it")
        self.print_radio.setObjectName("outputPrint")
        self.save_radio.setChecked(True)
        # Its own group: Qt's automatic grouping takes every radio button under the same
        # parent, the password pair inside the save box too (walker 40: both ticked).
        self.choice_group = QtWidgets.QButtonGroup(self)
        self.choice_group.addButton(self.save_radio)
        self.choice_group.addButton(self.print_radio)
        self.path_field = PathField(
            PathKind.NEW_FOLDER,
            accessible_name="Save the release as",
            caption="Save the encrypted release as",
            name_filter="PDF files (*.pdf)",
        )
        self.path_field.line_edit.setObjectName("releasePath")
        self.path_field.set_path(free_name(today))
        self.password_page = PasswordPage()
        self.save_box = QtWidgets.QWidget()
        save = QtWidgets.QFormLayout(self.save_box)
        save.setContentsMargins(24, 0, 0, 0)
        save.addRow("File:", self.path_field)
        save.addRow("Password:", self.password_page)
        # What printing means, under the print choice (where the pages go belongs here too).
        self.print_box = QtWidgets.QWidget()
        self.print_box.setObjectName("printBox")
        print_lines = QtWidgets.QVBoxLayout(self.print_box)
        print_lines.setContentsMargins(24, 0, 0, 0)
        print_lines.addWidget(
            hint(
                "Printing is recorded as a disclosure, like a file. Collect the pages from the "
                "printer at once."
            )
        )
        self.print_destination = hint(printing.where_pages_go())
        self.print_destination.setObjectName("printDestination")
        print_lines.addWidget(self.print_destination)
        self.output_summary = QtWidgets.QLabel()
        self.output_summary.setObjectName("outputSummary")
        self.output_summary.setWordWrap(True)
        self.output_error = error_label("outputError")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.output_summary)
        layout.addWidget(self.save_radio)
        layout.addWidget(self.save_box)
        layout.addWidget(self.print_radio)
        layout.addWidget(self.print_box)
        layout.addWidget(self.output_error)
        layout.addStretch(1)
        self.save_radio.toggled.connect(self.save_box.setEnabled)

    def prints(self) -> bool:
        return self.print_radio.isChecked()

    def show_summary(self, final: Decision, whose: str, today: date, shown: ShownNames) -> None:
        count = len(final.items)
        request = final.request
        who = request.recipient.name
        if request.recipient.organisation:
            who += f" ({request.recipient.organisation})"
        extra = " De-identified." if request.deidentified else ""
        chosen = self.path_field.path()
        if chosen is not None and chosen.exists():
            self.path_field.set_path(free_name(today, chosen.parent))
        to_whom = shown.text(who)
        stop = "" if to_whom.endswith(".") else "."  # initials end in one already: "A. L."
        self.output_summary.setText(
            f"{counted(count, 'item')} from the records of {whose}, "
            f"to {to_whom}{stop} Purpose: {PURPOSES[request.purpose].lower()}.{extra}"
        )

    def target(self) -> Path | None:
        """Where to save: a new .pdf in a folder that exists; None (and said) if not."""
        target = self.path_field.path()
        if target is None:
            self.show_error("Choose where to save the release.")
            return None
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        if not target.parent.is_dir():
            self.show_error("That folder does not exist. Choose another one.")
            return None
        if target.exists():
            self.show_error("A file with that name exists. Choose another name.")
            return None
        return target

    def show_error(self, text: str) -> None:
        show_error(self.output_error, text)


def free_name(day: date, folder: Path | None = None) -> Path:
    """'Release 2025-06-01.pdf' in the documents folder (or home), not taken yet. The name
    says nothing about the client: file names show up in recent-file lists."""
    if folder is None:
        folder = paths.default_vault_parent()
        if not folder.is_dir():
            folder = Path.home()
    stem = f"Release {day.isoformat()}"
    candidate = folder / f"{stem}.pdf"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({number}).pdf"
        number += 1
    return candidate
