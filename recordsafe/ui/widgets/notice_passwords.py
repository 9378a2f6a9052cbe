"""The kept passwords of notices saved as encrypted PDFs, closure and breach alike: the
buttons, printing the password letters or saving them as encrypted PDFs (no printer here),
and the warning before leaving while saved notices wait to be delivered. Each area's
domain keeps its passwords and writes the letters; this is how their screens ask for them,
the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from recordsafe.disclosure import letters
from recordsafe.ui.disclosure.printing import print_pdf
from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets import save_folder
from recordsafe.vault import VaultError, VaultSession
from recordsafe.wording import counted

CHOOSE_SAVED = "Choose saved notices in the list first (printed ones have none)."
KEPT = "Kept in the vault"
SAVE_LETTERS_PURPOSE = "password-letters"


def _button(text: str, name: str, tip: str, clicked: Callable[[], None]) -> QtWidgets.QPushButton:
    button = QtWidgets.QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.clicked.connect(clicked)
    return button


def password_buttons(
    show: Callable[[], None], print_letters: Callable[[], None]
) -> tuple[QtWidgets.QPushButton, QtWidgets.QPushButton]:
    """'Show password of selected' (each look audited) and 'Print password letters…'."""
    show_button = _button(
        "Show password of selected",
        "showNoticePassword",
        "Each look is recorded in the audit log.",
        show,
    )
    letters_button = _button(
        "Print password letters…",
        "printPasswordLetters",
        "A short letter to each selected client with their PDF's password, to post apart "
        "from the file.",
        print_letters,
    )
    return show_button, letters_button


def print_password_letters(
    session: VaultSession,
    chosen: list[tuple[str, Callable[[], int]]],
    *,
    today: date,
    printer: Any,
) -> str | None:
    """Write (once) and print each (name, write the letter) in turn, through the gate;
    stops at the first refusal and returns it, naming the client."""
    for name, write in chosen:
        try:
            letters.print_letter(
                session, write(), today=today, printer=lambda pdf: print_pdf(pdf, printer)
            )
        except VaultError as exc:
            return f"{name}: {exc.message}"
    return None


def save_letters_button(save: Callable[[], None]) -> QtWidgets.QPushButton:
    """'Save password letters as PDF…': for a computer with no printer."""
    return _button(
        "Save password letters as PDF…",
        "savePasswordLetters",
        "The selected clients' password letters as PDFs, encrypted with one password shown "
        "on screen, to print on another computer.",
        save,
    )


def save_password_letters(
    parent: QtWidgets.QWidget,
    session: VaultSession,
    chosen: list[tuple[str, Callable[[], int]]],
    *,
    today: date,
) -> str | None:
    """Ask for a folder, write (once) each (name, write the letter) and save them all there
    as PDFs through the gate, encrypted with one password shown once on screen; the first
    refusal is returned (naming the client), None when saved or cancelled."""
    picked = QtWidgets.QFileDialog.getExistingDirectory(
        parent,
        "Choose a folder for the password letters",
        str(save_folder.start(SAVE_LETTERS_PURPOSE)),
    )
    if not picked:
        return None
    folder = Path(picked)
    save_folder.remember(SAVE_LETTERS_PURPOSE, folder)
    written: list[int] = []
    for name, write in chosen:
        try:
            written.append(write())
        except VaultError as exc:
            return f"{name}: {exc.message}"
    try:
        saved, password = letters.save_password_letters(
            session, written, folder=folder, today=today
        )
    except VaultError as exc:
        return exc.message
    one = len(saved) == 1
    show_message(
        parent,
        f"{counted(len(saved), 'password letter')} saved in {folder} as "
        f"{'an encrypted PDF' if one else 'encrypted PDFs'}. To open and print "
        f"{'it' if one else 'them'} on another computer, use this password:\n\n"
        f"{password}\n\nIt is not kept: write it down now, and keep it apart from the "
        f"{'file' if one else 'files'}.",
        title="Password letters saved",
        icon=QtWidgets.QMessageBox.Icon.Information,
    )
    return None


def confirm_leave(parent: QtWidgets.QWidget, waiting: int, again: str, leave: str) -> bool:
    """Whether to leave while `waiting` saved notices are not recorded as delivered; `again`
    says where their passwords are found later, `leave` is the button's verb."""
    answer = QtWidgets.QMessageBox.question(
        parent,
        "Notices not yet delivered",
        f"{waiting} saved notice{'s are' if waiting != 1 else ' is'} not yet recorded as "
        f"delivered. {'Their passwords stay' if waiting != 1 else 'Its password stays'} in "
        f"the vault: {again} to show {'them' if waiting != 1 else 'it'} or print "
        f"password letters. {leave} now?",
    )
    return answer == QtWidgets.QMessageBox.StandardButton.Yes
