"""The certificate of destruction in windows: saved as an encrypted PDF (its password
shown, and where it can be shown again), and its password shown again from Retention &
destruction's destruction log. The password is kept in the vault (closure.destruction)."""

from __future__ import annotations

from pathlib import Path

from recordsafe.closure import destruction
from recordsafe.closure.destruction import DestructionEntry
from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.widgets import save_folder
from recordsafe.ui.widgets.dates import format_day
from recordsafe.vault import VaultError, VaultSession

SAVE_PURPOSE = "destruction-certificate"
SAVE_TITLE = "Save certificate of destruction"
# Where the password can be found again (the destroy dialog and the messages say it).
SHOWN_AGAIN = (
    "Retention & destruction ▸ Destruction log ▸ Show certificate password… shows it again."
)
SAVED = (
    "The certificate was saved to:\n{path}\n\nIts password (give it separately):\n{password}"
    f"\n\nIt is kept in the vault: {SHOWN_AGAIN}"
)


def _selectable(box: QtWidgets.QMessageBox) -> None:
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


def save_certificate(
    parent: QtWidgets.QWidget | None, session: VaultSession, entry: DestructionEntry
) -> str | None:
    """Ask where, save the certificate, show its password; the password, or None when
    cancelled or not saved."""
    start = save_folder.start(SAVE_PURPOSE) / f"Certificate of destruction no. {entry.id}.pdf"
    chosen, _ = QtWidgets.QFileDialog.getSaveFileName(
        parent, SAVE_TITLE, str(start), "PDF files (*.pdf)"
    )
    if not chosen:
        return None
    target = Path(chosen)
    try:
        password = destruction.save_certificate(session, entry, target)
    except VaultError as exc:
        show_message(parent, exc.message, title="Certificate not saved")
        return None
    save_folder.remember(SAVE_PURPOSE, target)
    box = show_message(
        parent,
        SAVED.format(path=target, password=password),
        title="Certificate of destruction saved",
        icon=QtWidgets.QMessageBox.Icon.Information,
    )
    _selectable(box)
    return password


def show_password(
    parent: QtWidgets.QWidget | None, session: VaultSession, entry: DestructionEntry
) -> str | None:
    """Show a saved certificate's password (the look is audited); None when it has none."""
    try:
        password = destruction.certificate_password(session, entry.id)
    except VaultError as exc:
        show_message(parent, exc.message, title="No certificate password")
        return None
    box = show_message(
        parent,
        f"The certificate of destruction no. {entry.id} (the record of {entry.client_name}, "
        f"destroyed on {format_day(entry.destroyed_on)}) opens with this password:\n\n"
        f"{password}\n\nGive it separately from the file. This look is recorded in the "
        "audit log.",
        title="Certificate password",
        icon=QtWidgets.QMessageBox.Icon.Information,
    )
    _selectable(box)
    return password
