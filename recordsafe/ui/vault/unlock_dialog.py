"""The unlock dialog: pick a vault, type the passphrase, and (optionally) remember it here.

The KDF takes about half a second, so every unlock runs in the background. A vault
remembered on this computer is tried first (also in the background); any failure there
falls back to the passphrase, never to a crash.
"""

from __future__ import annotations

import logging
import platform
from functools import partial
from pathlib import Path

from recordsafe.app_config import AppConfig
from recordsafe.demo import DEMO_PASSPHRASE, is_demo_vault
from recordsafe.ui.closure.custodian_unlock_dialog import CustodianUnlockDialog
from recordsafe.ui.operations import UnexpectedError, log_unexpected, run_in_background
from recordsafe.ui.qt import Qt, QtCore, QtWidgets, Signal
from recordsafe.ui.vault.unlock_result import UnlockResult
from recordsafe.ui.widgets.meaning_colours import frame_style, text_style
from recordsafe.ui.widgets.passphrase_field import PassphraseField
from recordsafe.ui.widgets.path_combo import PathCombo
from recordsafe.ui.widgets.screen import grow_to_fit
from recordsafe.vault import (
    VAULT_SUFFIX,
    KdfParams,
    VaultError,
    VaultSession,
    WrongSecret,
    device_keys,
    is_custodian_passphrase,
    is_vault_folder,
    open_vault,
    open_with_device,
    remembered_on_device,
)

log = logging.getLogger(__name__)

REMEMBER_TOOLTIP = (
    "Keep a key for this vault in this computer's secure keyring, so it opens without "
    "the passphrase at start-up. Anyone who can log in to this computer account could "
    "then open the vault. After a lock you still type the passphrase."
)


CUSTODIANS_OWN_TYPED = (
    "That is a records custodian's own passphrase, not the practitioner's. To open the "
    "vault in custodian mode, choose “Records custodian? Unlock with a custodian code…” "
    "below and type it there."
)


def device_label() -> str:
    return platform.node() or "This computer"


def _unlock_with_passphrase(
    folder: Path, passphrase: str, remember: bool, kdf: KdfParams | None
) -> UnlockResult:
    try:
        session = open_vault(folder, passphrase, kdf=kdf)
    except WrongSecret:
        if is_custodian_passphrase(folder, passphrase):
            raise WrongSecret(CUSTODIANS_OWN_TYPED) from None
        raise
    result = UnlockResult(session)
    if remember and not remembered_on_device(folder):
        # The vault is open now: a failure here must become a notice, never lose the session.
        try:
            if not session.remember_on_device(label=device_label()):
                result.notices.append(
                    "RecordSafe could not save a key in this computer's keyring, so it will "
                    "ask for your passphrase next time too."
                )
        except VaultError as exc:
            result.notices.append(exc.message)
        except Exception as exc:
            log_unexpected(exc, "remember on device")
            result.notices.append("RecordSafe could not remember this vault on this computer.")
    return result


def _unlock_with_device(folder: Path, kdf: KdfParams | None) -> UnlockResult | None:
    """None means "ask for the passphrase": not remembered, keyring locked, or any failure."""
    try:
        if not remembered_on_device(folder):
            return None
        session = open_with_device(folder, kdf=kdf)
    except VaultError:
        raise  # in use, too new, damaged: the user must hear it
    except Exception as exc:
        log_unexpected(exc, "unlock with this device's key")
        return None
    return UnlockResult(session) if session is not None else None


class UnlockDialog(QtWidgets.QDialog):
    """Emits `unlocked(UnlockResult)` and accepts once the vault is open."""

    unlocked = Signal(object)

    def __init__(
        self,
        config: AppConfig,
        *,
        folder: Path | None = None,
        kdf: KdfParams | None = None,
        try_device: bool = True,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unlock vault — RecordSafe")
        self.setObjectName("unlockDialog")
        self._config = config
        self._kdf = kdf
        self._try_device = try_device
        self._device_tried = False
        # True once the start-up attempt with this device's key is over (or not wanted).
        self.ready = not try_device
        self.busy = False
        self.result_value: UnlockResult | None = None
        self._note = ""  # why the window is here (e.g. locked after idle), shown when ready

        heading, vault_row = self._build_vault_row(config, folder)
        self._build_demo_box()
        self._build_passphrase_inputs()
        self._build_messages()
        self._build_buttons()
        form = QtWidgets.QFormLayout()
        form.addRow("Vault:", vault_row)
        form.addRow("Passphrase:", self.passphrase)
        form.addRow("", self.remember)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.demo_box)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.forgot_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.custodian_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        QtWidgets.QWidget.setTabOrder(self.vault_combo, self.browse_button)
        QtWidgets.QWidget.setTabOrder(self.browse_button, self.passphrase.line_edit)
        QtWidgets.QWidget.setTabOrder(self.passphrase.line_edit, self.remember)
        QtWidgets.QWidget.setTabOrder(self.remember, self.forgot_button)
        QtWidgets.QWidget.setTabOrder(self.forgot_button, self.custodian_button)

        self.vault_combo.currentTextChanged.connect(self._on_folder_changed)
        self._on_folder_changed()
        self.passphrase.setFocus()

    def _build_vault_row(
        self, config: AppConfig, folder: Path | None
    ) -> tuple[QtWidgets.QLabel, QtWidgets.QHBoxLayout]:
        heading = QtWidgets.QLabel("Unlock your vault")
        heading.setObjectName("dialogHeading")
        self.heading = heading

        # Not editable: Browse… chooses a folder; a typed path would be cut at the right
        # end, hiding the vault's own name (PathCombo leaves out the middle instead).
        self.vault_combo = PathCombo()
        self.vault_combo.setAccessibleName("Vault folder")
        self.vault_combo.setMinimumContentsLength(40)
        self.vault_combo.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        for path in config.recent_vaults:
            self.vault_combo.addItem(path)
        if folder is not None:
            self.set_folder(folder)
        self.browse_button = QtWidgets.QPushButton("Browse…")
        self.browse_button.setAccessibleName("Browse for a vault folder")
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self._browse)
        vault_row = QtWidgets.QHBoxLayout()
        vault_row.addWidget(self.vault_combo, 1)
        vault_row.addWidget(self.browse_button)

        return heading, vault_row

    def _build_demo_box(self) -> None:
        self.demo_box = QtWidgets.QFrame()
        self.demo_box.setObjectName("demoBox")
        self.demo_box.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.demo_box.setStyleSheet(frame_style("demoBox", "caution"))
        demo_title = QtWidgets.QLabel("<b>Demo vault — fictional records</b>")
        # Lines broken by hand, not word-wrapped: a wrapped label here was given one line
        # too few at a large display scale, and the passphrase was cut off.
        demo_text = QtWidgets.QLabel(
            "This practice is made up, for trying RecordSafe.<br>"
            "Never keep real client records in it. Its passphrase is:"
        )
        demo_passphrase = QtWidgets.QLabel(f"<tt>{DEMO_PASSPHRASE}</tt>")
        demo_passphrase.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_passphrase_label = demo_passphrase
        demo_layout = QtWidgets.QVBoxLayout(self.demo_box)
        demo_layout.addWidget(demo_title)
        demo_layout.addWidget(demo_text)
        demo_layout.addWidget(demo_passphrase)

    def _build_passphrase_inputs(self) -> None:
        self.passphrase = PassphraseField(accessible_name="Passphrase")
        self.passphrase.returnPressed.connect(self.submit)
        self.passphrase.textChanged.connect(self._clear_error)

        keyring = device_keys.status()
        self.remember = QtWidgets.QCheckBox("Remember on this computer")
        self.remember.setAccessibleName("Remember on this computer")
        if keyring.available:
            self.remember.setToolTip(REMEMBER_TOOLTIP)
        else:
            self.remember.setEnabled(False)
            self.remember.setToolTip(keyring.reason)

    def _build_messages(self) -> None:
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("unlockStatus")
        self.status.setWordWrap(True)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(text_style("error", bold=True))
        self.error.setAccessibleName("Error")
        self.error.hide()

        self.forgot_button = QtWidgets.QPushButton("Forgot passphrase? Use recovery code…")
        self.forgot_button.setObjectName("linkButton")
        self.forgot_button.setFlat(True)
        self.forgot_button.setAutoDefault(False)
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot_button.clicked.connect(self.open_recover_dialog)

        self.custodian_button = QtWidgets.QPushButton(
            "Records custodian? Unlock with a custodian code…"
        )
        self.custodian_button.setObjectName("custodianLinkButton")
        self.custodian_button.setFlat(True)
        self.custodian_button.setAutoDefault(False)
        self.custodian_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.custodian_button.clicked.connect(self.open_custodian_dialog)

    def _build_buttons(self) -> None:
        self.buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.unlock_button = self.buttons.addButton(
            "Unlock", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    # --- the chosen vault ---------------------------------------------------------------

    def folder(self) -> Path | None:
        text = self.vault_combo.currentText().strip()
        return Path(text).expanduser() if text else None

    def set_folder(self, folder: Path) -> None:
        text = str(Path(folder).expanduser().resolve())
        index = self.vault_combo.findText(text)
        if index < 0:
            self.vault_combo.insertItem(0, text)
            index = 0
        self.vault_combo.setCurrentIndex(index)

    def _on_folder_changed(self, _text: str = "") -> None:
        folder = self.folder()
        self.demo_box.setVisible(folder is not None and is_demo_vault(folder))
        self._show_whole_path(folder)
        self._clear_error()

    def _show_whole_path(self, folder: Path | None) -> None:
        """The vault's own name in the heading; the combo keeps the path's start and end
        (the middle left out when it does not fit) and gives the whole path as its tooltip."""
        name = folder.name.removesuffix(VAULT_SUFFIX) if folder is not None else ""
        self.heading.setText(f"Unlock “{name}”" if name else "Unlock your vault")

    def _browse(self) -> None:
        chosen = self.choose_folder()
        if chosen is None:
            return
        self.set_folder(chosen)
        if not self._check_folder(chosen):
            return
        self.passphrase.setFocus()

    def choose_folder(self) -> Path | None:
        """Ask for a `.rsvault` folder (a method so tests can answer without a file dialog)."""
        current = self.folder()
        start = str(current.parent) if current is not None else ""
        text = QtWidgets.QFileDialog.getExistingDirectory(
            self, "Choose your vault folder (NAME.rsvault)", start
        )
        return Path(text) if text else None

    def _check_folder(self, folder: Path) -> bool:
        if is_vault_folder(folder):
            return True
        if folder.suffix != VAULT_SUFFIX:
            self.show_error(
                f"“{folder.name}” is not a RecordSafe vault. A vault is a folder whose name "
                f"ends in {VAULT_SUFFIX}."
            )
        else:
            self.show_error(
                f"There is no RecordSafe vault in “{folder}”. Check the folder, or "
                "choose another with Browse…"
            )
        return False

    # --- messages -------------------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.status.clear()
        grow_to_fit(self)  # a two-line error squeezed the demo box's second line away

    def _clear_error(self, _text: str = "") -> None:
        if not self.busy:
            self.error.hide()
            self.error.clear()

    def _set_busy(self, busy: bool, status: str = "") -> None:
        self.busy = busy
        for widget in (
            self.vault_combo,
            self.browse_button,
            self.passphrase,
            self.unlock_button,
            self.forgot_button,
            self.custodian_button,
        ):
            widget.setEnabled(not busy)
        self.remember.setEnabled(not busy and device_keys.status().available)
        self.status.setText(status)

    def hold(self, status: str | None) -> None:
        """The app is still locking the previous session (its work is finishing): wait,
        saying why; None lets the user unlock again (typing goes to the passphrase)."""
        self._set_busy(status is not None, status or self._note)
        self.ready = status is None
        if status is None:
            self.passphrase.setFocus()

    def say_why_locked(self, text: str) -> None:
        """A line saying why the vault locked (auto-lock), kept while the window waits."""
        self._note = text
        if not self.busy:
            self.status.setText(text)

    # --- remembered device -----------------------------------------------------------

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self._try_device and not self._device_tried:
            self._device_tried = True
            QtCore.QTimer.singleShot(0, self.try_device_unlock)

    def try_device_unlock(self) -> None:
        folder = self.folder()
        if folder is None or self.busy:
            self.ready = True
            return
        self._set_busy(True, "Checking for a key remembered on this computer…")
        run_in_background(
            self,
            partial(_unlock_with_device, folder, self._kdf),
            label="Opening the vault…",
            on_success=self._device_finished,
            on_failure=self._failed,
        )

    def _device_finished(self, result: UnlockResult | None) -> None:
        self._set_busy(False)
        self.ready = True
        if result is None:
            self.passphrase.setFocus()
            return
        self._finish(result)

    # --- passphrase ----------------------------------------------------------------------

    def submit(self) -> None:
        if self.busy:
            return
        folder = self.folder()
        if folder is None:
            self.show_error("Choose your vault first (Browse… finds it).")
            self.vault_combo.setFocus()
            return
        if not self._check_folder(folder):
            self.vault_combo.setFocus()
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self.show_error("Type your passphrase.")
            self.passphrase.setFocus()
            return
        remember = self.remember.isEnabled() and self.remember.isChecked()
        self._set_busy(True, "Unlocking…")
        run_in_background(
            self,
            partial(_unlock_with_passphrase, folder, passphrase, remember, self._kdf),
            label="Unlocking the vault…",
            on_success=self._finish,
            on_failure=self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.ready = True
        message = exc.message if isinstance(exc, VaultError) else UnexpectedError().message
        self.show_error(message)
        self.passphrase.setFocus()
        if isinstance(exc, WrongSecret):
            self.passphrase.selectAll()

    def _finish(self, result: UnlockResult) -> None:
        self.result_value = result
        self.passphrase.clear()
        self.unlocked.emit(result)
        self.accept()

    # --- recovery ----------------------------------------------------------------------

    def open_recover_dialog(self) -> QtWidgets.QDialog | None:
        folder = self.folder()
        if folder is None or not self._check_folder(folder):
            return None
        from recordsafe.ui.vault.recover_dialog import RecoverDialog  # noqa: PLC0415

        dialog = RecoverDialog(folder, kdf=self._kdf, parent=self)
        dialog.recovered.connect(self._recovered)
        dialog.open()
        return dialog

    def _recovered(self, session: VaultSession) -> None:
        self._finish(UnlockResult(session))

    # --- records custodian ---------------------------------------------------------------

    def open_custodian_dialog(self) -> QtWidgets.QDialog | None:
        folder = self.folder()
        if folder is None or not self._check_folder(folder):
            return None
        dialog = CustodianUnlockDialog(folder, kdf=self._kdf, parent=self)
        dialog.unlocked.connect(self._finish)
        dialog.open()
        return dialog

    # --- no closing mid-unlock --------------------------------------------------------

    def reject(self) -> None:
        if self.busy:
            return  # the KDF cannot be interrupted; a session opening now must be received
        super().reject()

    def closeEvent(self, event: object) -> None:
        if self.busy:
            event.ignore()  # type: ignore[attr-defined]
            return
        super().closeEvent(event)  # type: ignore[arg-type]
