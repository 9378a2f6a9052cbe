"""The Vault menu's key entries: verify, security & keys, passphrase, recovery code, rotation."""

from __future__ import annotations

from datetime import datetime

from recordsafe.ui.area import Area, Host
from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.vault.change_passphrase_dialog import CHANGED, ChangePassphraseDialog
from recordsafe.ui.vault.new_recovery_code_dialog import NewRecoveryCodeDialog
from recordsafe.ui.vault.rotate_key_dialog import RotateKeyDialog
from recordsafe.ui.vault.security_dialog import CUSTODIAN_REFUSAL, SecurityDialog
from recordsafe.ui.vault.verify_dialog import VerifyDialog
from recordsafe.vault import VaultSession, VerifyReport


class VaultActions(Area):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        keys = ("vault.keys",)
        self.verify_action = self.action(
            "&Verify vault…", self.open_verify, *keys, "toolbar.vault", name="verifyAction"
        )
        self.security_action = self.action(
            "&Security && keys…",
            self.open_security,
            *keys,
            "toolbar.vault",
            name="securityAction",
        )
        self.change_passphrase_action = self.action(
            "Change &passphrase…", self.open_change_passphrase, *keys, name="changePassphraseAction"
        )
        self.new_recovery_action = self.action(
            "New &recovery code…", self.open_new_recovery_code, *keys, name="newRecoveryCodeAction"
        )
        self.rotate_action = self.action(
            "R&otate vault key…", self.open_rotate_key, *keys, name="rotateKeyAction"
        )
        session = host.session
        if session is not None and session.is_custodian:
            for action in (
                self.change_passphrase_action,
                self.new_recovery_action,
                self.rotate_action,
            ):
                action.setEnabled(False)
                action.setToolTip(CUSTODIAN_REFUSAL)
        host.home_page.verify_clicked.connect(self.open_verify)
        host.home_page.security_clicked.connect(self.open_security)

    def open_verify(self) -> VerifyDialog | None:
        if self.session is None:
            return None
        dialog = VerifyDialog(self.session, self.parent)
        dialog.verified.connect(self._verified)
        self.show(dialog)
        dialog.start()
        return dialog

    def _verified(self, report: VerifyReport) -> None:
        problems = sum(len(p) for p in report.checks.values())
        self.host.home_page.set_verify_result(report.ok, problems, datetime.now())

    def open_security(self) -> SecurityDialog | None:
        if self.session is None:
            return None
        dialog = SecurityDialog(self.session, self.parent)
        dialog.slots_changed.connect(self.host.refresh_keys_summary)
        dialog.change_passphrase_requested.connect(lambda: self.open_change_passphrase(dialog))
        dialog.new_recovery_code_requested.connect(lambda: self.open_new_recovery_code(dialog))
        dialog.rotate_key_requested.connect(lambda: self.open_rotate_key(dialog))
        return self.show(dialog)

    def _key_session(self) -> VaultSession | None:
        """The session, when it may change keys (a custodian may not)."""
        session = self.session
        return None if session is None or session.is_custodian else session

    def open_change_passphrase(
        self, over: SecurityDialog | None = None
    ) -> ChangePassphraseDialog | None:
        session = self._key_session()
        if session is None:
            return None
        dialog = ChangePassphraseDialog(session, over or self.parent)
        dialog.changed.connect(lambda: self._passphrase_changed(over))
        return self.show(dialog)

    def _passphrase_changed(self, over: SecurityDialog | None) -> None:
        self._slots_changed(over)
        show_message(
            self.parent,
            CHANGED,
            title="Passphrase changed",
            icon=QtWidgets.QMessageBox.Icon.Information,
        )

    def open_new_recovery_code(
        self, over: SecurityDialog | None = None
    ) -> NewRecoveryCodeDialog | None:
        session = self._key_session()
        if session is None:
            return None
        dialog = NewRecoveryCodeDialog(session, over or self.parent)
        dialog.replaced.connect(lambda: self._slots_changed(over))
        return self.show(dialog)

    def _slots_changed(self, over: SecurityDialog | None) -> None:
        if over is not None:
            over.refresh()
        self.host.refresh_keys_summary()

    def open_rotate_key(self, over: SecurityDialog | None = None) -> RotateKeyDialog | None:
        session = self._key_session()
        if session is None:
            return None
        dialog = RotateKeyDialog(session, over or self.parent)
        dialog.rotated.connect(lambda new: self._rotated(new, over))
        return self.show(dialog)

    def _rotated(self, new_session: VaultSession, over: SecurityDialog | None) -> None:
        if over is not None:
            over.set_session(new_session)
        self.host.replace_session(new_session)
