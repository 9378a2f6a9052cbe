"""Vault ▸ Restore from backup: a backup becomes a vault folder again, verified first.

By default the backup is restored into the documents folder, never beside the backup
(usually on a drive that gets unplugged): `<name>-restored.rsvault` while a vault is open,
`<name>.rsvault` with none open (as on a new computer), so nothing existing is touched.
Restoring over an existing vault needs an explicit tick, and then the old vault is renamed
aside (never deleted); the dialog says where.
`restore_backup` checks everything before it moves anything into place and refuses a
vault that is open (`VaultInUse`), including the one open in this window.
"""

from __future__ import annotations

import glob
from pathlib import Path

from recordsafe import paths
from recordsafe.closure import custodian
from recordsafe.ui.backup.backup_facts import FactsBox, vault_name_of
from recordsafe.ui.backup.path_field import PathField, PathKind
from recordsafe.ui.backup.secret_input import SecretInput
from recordsafe.ui.backup.verify_backup_dialog import BACKUP_FILTER
from recordsafe.ui.operations import run_in_background
from recordsafe.ui.qt import Qt, QtWidgets, Signal
from recordsafe.ui.widgets.forms import hint
from recordsafe.ui.widgets.meaning_colours import text_style
from recordsafe.vault import VAULT_SUFFIX, VaultInUse, VaultSession, is_vault_folder
from recordsafe.vault.backup import BACKUP_SUFFIX, restore_backup

ASIDE_MARK = ".before-restore-"


def default_target(file: Path, *, new_computer: bool = False) -> Path:
    """A new vault folder in the documents folder (numbered if that name is taken).

    Never beside the backup: that is often a drive that will be unplugged. With a vault
    open the copy is `<name>-restored.rsvault`, so it is not mistaken for the vault in
    use; on a new computer (`new_computer`, no vault open) it is simply `<name>.rsvault`.
    """
    folder = paths.default_vault_parent()
    stem = vault_name_of(file) if new_computer else f"{vault_name_of(file)}-restored"
    candidate = folder / f"{stem}{VAULT_SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{VAULT_SUFFIX}"
        number += 1
    return candidate


def _kept_aside(target: Path) -> set[Path]:
    try:
        return set(target.parent.glob(f"{glob.escape(target.name)}{ASIDE_MARK}*"))
    except OSError:
        return set()


class RestoreDialog(QtWidgets.QDialog):
    # The restored vault's folder, so the app can offer to open it.
    restored = Signal(object)
    # "Open it" after a restore (offered when the owner can open a vault: `offer_open`).
    open_requested = Signal(object)
    # "Open it" after a restore made with a custodian code: the custodian unlock, not the
    # practitioner's passphrase window (whoever restores with a code opens with it).
    custodian_open_requested = Signal(object)

    def __init__(
        self, session: VaultSession | None = None, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self.setObjectName("restoreDialog")
        self._session = session
        self.busy = False
        self.restored_to: Path | None = None
        self.restored_by_custodian = False
        self.kept_aside: Path | None = None
        self.error: str | None = None
        self._auto_target: Path | None = None

        intro = QtWidgets.QLabel(
            "Turns a backup back into a vault folder. The backup is checked completely "
            "first; if anything is wrong, nothing is restored. By default it goes into a "
            "new folder in your Documents folder, so nothing you have now is touched."
        )
        intro.setWordWrap(True)

        form = self._build_form()
        self.facts = FactsBox()

        self.summary = QtWidgets.QLabel("")
        self.summary.setObjectName("restoreSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.restore_button = QtWidgets.QPushButton("Check and restore")
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.start)
        self.open_button = QtWidgets.QPushButton("Open it")
        self.open_button.setObjectName("openRestoredButton")
        self.open_button.setToolTip("Unlock the restored vault now")
        self.open_button.clicked.connect(self._open_restored)
        self._can_open = False
        self.buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(
            self.restore_button, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        )
        self.buttons.addButton(self.open_button, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.hide()  # after addButton, which shows it again
        self.buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.facts)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(680, 440)
        # The box puts its own Close first in the Tab chain, behind the fields: Tab from
        # the action button must reach Close, not wrap back to the top.
        close = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Close)
        QtWidgets.QWidget.setTabOrder(self.restore_button, close)

    # --- fields -------------------------------------------------------------------------

    def _build_form(self) -> QtWidgets.QFormLayout:
        self.file_field = PathField(
            PathKind.OPEN_FILE,
            accessible_name="Backup file",
            caption="Choose the backup to restore",
            name_filter=BACKUP_FILTER,
            placeholder=f"A {BACKUP_SUFFIX} file",
        )
        self.file_field.changed.connect(self._file_changed)
        self.target_field = PathField(
            PathKind.NEW_FOLDER,
            accessible_name="Restore to",
            caption="Where should the restored vault go?",
            placeholder=f"A new folder, e.g. Practice-restored{VAULT_SUFFIX}",
        )
        self.target_field.changed.connect(self._target_changed)

        self.replace_box = QtWidgets.QCheckBox(
            "Replace the existing vault (it will be kept aside, not deleted)"
        )
        self.replace_box.setObjectName("replaceExisting")
        self.replace_box.hide()
        self.target_note = hint("")
        self.target_note.setObjectName("restoreTargetNote")

        self.secret_input = SecretInput()
        self.secret_input.field.returnPressed.connect(self.start)

        form = QtWidgets.QFormLayout()
        form.addRow("Backup file:", self.file_field)
        form.addRow("Restore to:", self.target_field)
        # Note and tick box in one row: separate form rows leave odd gaps around wrapped text.
        below_target = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(below_target)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.target_note)
        column.addWidget(self.replace_box)
        form.addRow("", below_target)
        form.addRow("Open with:", self.secret_input)
        return form

    def set_file(self, file: Path) -> None:
        self.file_field.set_path(file)

    def set_target(self, target: Path) -> None:
        self.target_field.set_path(target)

    def _file_changed(self) -> None:
        file = self.file_field.path()
        looks_right = self.facts.show_facts(file, self._session)
        current = self.target_field.path()
        # Suggest a target unless the user typed their own.
        if file is not None and looks_right and (current is None or current == self._auto_target):
            self._auto_target = default_target(file, new_computer=self._session is None)
            self.target_field.set_path(self._auto_target)
        self._say("")

    def _target_changed(self) -> None:
        target = self.target_field.path()
        if self.restored_to is not None and target != self.restored_to:
            self.restored_to = None  # a new restore: "Open it" was about the last one
            self.open_button.hide()
            self.restore_button.setDefault(True)
        existing_vault = target is not None and target.is_dir() and is_vault_folder(target)
        self.replace_box.setHidden(not existing_vault)
        if not existing_vault:
            self.replace_box.setChecked(False)
        if target is None:
            self.target_note.setText("")
        elif existing_vault:
            assert target is not None
            self.target_note.setText(
                f"A vault already exists here. If you replace it, it is renamed to "
                f"“{target.name}{ASIDE_MARK}<date>-<time>” in the same folder and kept."
            )
        elif target.exists():
            self.target_note.setText("This folder already exists; it must be empty.")
        else:
            self.target_note.setText("A new folder will be made for the restored vault.")

    def _say(self, text: str, style: str = "") -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet(style)

    # --- restoring ---------------------------------------------------------------------

    def _is_open_vault(self, target: Path) -> bool:
        session = self._session
        if session is None or not session.is_open:
            return False
        try:
            return target.resolve() == session.folder.resolve()
        except OSError:
            return False

    def start(self) -> None:
        if self.busy:
            return
        file, target = self.file_field.path(), self.target_field.path()
        if file is None or target is None:
            self._say("Choose a backup file and where to restore it.", text_style("error"))
            return
        target = target.absolute()
        offered = not self.replace_box.isHidden()
        replace = offered and self.replace_box.isChecked()
        if offered and not replace:
            self._say(
                "A vault already exists there. Tick “Replace the existing vault” to restore "
                "over it (it is kept aside), or choose a new folder.",
                text_style("error"),
            )
            return
        secret = self.secret_input.secret()
        if not secret:
            self._say(
                "Type the vault's passphrase (or a code) to open the backup.", text_style("error")
            )
            self.secret_input.setFocus()
            return
        kinds = self.secret_input.kinds()
        before = _kept_aside(target)
        self.busy = True
        self.error = None
        self.restore_button.setEnabled(False)
        self._say("Checking the backup, then restoring it…")
        run_in_background(
            self,
            lambda: restore_backup(
                file,
                target,
                secret,
                replace_existing=replace,
                kinds=kinds,
                identify=custodian.identify,
            ),
            label="Checking and restoring the backup…",
            on_success=lambda restored: self._done(restored, before, kinds == ("custodian",)),
            on_failure=lambda exc: self._failed(exc, target),
        )

    def _done(self, restored: Path, before: set[Path], by_custodian: bool) -> None:
        self.busy = False
        self.restore_button.setEnabled(True)
        self.secret_input.clear()
        self.restored_to = restored
        self.restored_by_custodian = by_custodian
        new_aside = sorted(_kept_aside(restored) - before)
        self.kept_aside = new_aside[-1] if new_aside else None
        text = (
            f"Restored. The backup passed every check and the vault is now at “{restored}”. "
            "It opens with the passphrase and codes the vault had when the backup was made."
        )
        if self.kept_aside is not None:
            text += (
                f"\n\nThe vault that was there is kept aside, unchanged, at “{self.kept_aside}”. "
                "Delete it only when you are sure you no longer need it."
            )
        self._say(text, text_style("ok"))
        self.replace_box.setChecked(False)  # a second replace must be chosen again
        self.replace_box.hide()
        # Not "a vault already exists here": it is the one just restored.
        self.target_note.setText("The restored vault is here.")
        if self._can_open:
            self.open_button.show()
            self.open_button.setDefault(True)
            self.open_button.setFocus()
        self.restored.emit(restored)

    def offer_open(self) -> None:
        """Show "Open it" after a restore (its owner handles `open_requested`)."""
        self._can_open = True

    def _open_restored(self) -> None:
        if self.restored_to is not None:
            if self.restored_by_custodian:
                self.custodian_open_requested.emit(self.restored_to)
            else:
                self.open_requested.emit(self.restored_to)
            self.accept()

    def _failed(self, exc: Exception, target: Path) -> None:
        self.busy = False
        self.restore_button.setEnabled(True)
        message = getattr(exc, "message", "The backup could not be restored.")
        if isinstance(exc, VaultInUse) and self._is_open_vault(target):
            message = (
                "That is the vault open in this window: it cannot be replaced while it is "
                "open. Close it first, or restore to a new folder."
            )
        self.error = message
        if "Nothing was restored" not in message:
            message = f"Nothing was restored. {message}"
        self._say(message, text_style("error"))

    def summary_text(self) -> str:
        return self.summary.text()

    def drop_session(self) -> None:
        """Called on lock: forget the session and the typed secret."""
        self._session = None
        self.secret_input.clear()
