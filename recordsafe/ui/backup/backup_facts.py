"""What a backup file says about itself, in words: which vault, when, which version.

Reading the manifest checks the file's shape but not its checksums or its key: that is
the verification's job. It is quick, so it runs as soon as a file is chosen.
"""

from __future__ import annotations

import re
from pathlib import Path

from recordsafe.ui.backup.time_words import local_time, parse_utc
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault import VaultError, VaultSession
from recordsafe.vault.backup import BACKUP_SUFFIX, BackupManifest, read_manifest

# "Practice-20261126-1022.rsbackup" or "Practice-20261126-1022-2.rsbackup" -> "Practice"
_STAMP = re.compile(r"-\d{8}-\d{4}(-\d+)?$")


def vault_name_of(file: Path) -> str:
    stem = file.name.removesuffix(BACKUP_SUFFIX)
    return _STAMP.sub("", stem) or "Vault"


def manifest_facts(
    manifest: BackupManifest, file: Path, session: VaultSession | None
) -> list[tuple[str, str]]:
    """(label, value) rows for a form."""
    # The manifest names the vault by id only; the open vault's name is the reliable one,
    # a file name may have been changed.
    if session is not None and session.is_open and session.vault_id == manifest.vault_id:
        vault = f"{session.name} — the vault that is open now"
    elif session is not None and session.is_open:
        vault = "A different vault than the one open now"
    else:
        vault = f"{vault_name_of(file)} (as the file is named)"
    made = parse_utc(manifest.created_at)
    try:
        size = file.stat().st_size
        size_text = (
            f"{size / (1024 * 1024):.1f} MB"
            if size >= 1024 * 1024
            else f"{max(size // 1024, 1)} KB"
        )
    except OSError:
        size_text = "unknown"
    return [
        ("Vault:", vault),
        ("Made on:", local_time(made) if made else manifest.created_at),
        ("Made by:", f"RecordSafe {manifest.app_version}"),
        ("Size:", size_text),
    ]


def read_facts(file: Path | None, session: VaultSession | None) -> list[tuple[str, str]] | str:
    """The facts, or a plain-words reason there are none."""
    if file is None:
        return "Choose a backup file."
    if not file.is_file():
        return "There is no file at that place."
    try:
        manifest = read_manifest(file)
    except VaultError as exc:
        return exc.message
    return manifest_facts(manifest, file, session)


class FactsBox(QtWidgets.QGroupBox):
    """ "About this backup": the manifest's facts, or why they cannot be read."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("About this backup", parent)
        self.setObjectName("backupFacts")
        self.form = QtWidgets.QFormLayout(self)
        self.problem: str | None = None
        self.show_facts(None, None)

    def show_facts(self, file: Path | None, session: VaultSession | None) -> bool:
        """Fill the box; True when the file looks like a backup."""
        while self.form.rowCount():
            self.form.removeRow(0)
        facts = read_facts(file, session)
        if isinstance(facts, str):
            self.problem = facts
            note = QtWidgets.QLabel(facts)
            note.setObjectName("backupFactsProblem")
            note.setWordWrap(True)
            if file is not None:
                note.setStyleSheet(text_style("warning"))
            self.form.addRow(note)
            return False
        self.problem = None
        for label, value in facts:
            shown = QtWidgets.QLabel(value)
            shown.setWordWrap(True)
            self.form.addRow(label, shown)
        return True

    def texts(self) -> list[str]:
        out = []
        for row in range(self.form.rowCount()):
            for role in (
                QtWidgets.QFormLayout.ItemRole.LabelRole,
                QtWidgets.QFormLayout.ItemRole.FieldRole,
                QtWidgets.QFormLayout.ItemRole.SpanningRole,
            ):
                item = self.form.itemAt(row, role)
                widget = item.widget() if item is not None else None
                if isinstance(widget, QtWidgets.QLabel):
                    out.append(widget.text())
        return out
