"""Practice ▸ Closure & custodian: custodians, the closure plan, retention and destruction;
the custodian's banner and passphrase; at the practitioner's unlock, what the custodian did.
"""

from __future__ import annotations

from recordsafe.closure import custodian
from recordsafe.closure.custodian import Custodian
from recordsafe.ui.area import Area, Host
from recordsafe.ui.audit.actions import AuditActions
from recordsafe.ui.backup.actions import BackupActions
from recordsafe.ui.closure.closure_wizard import ClosureWizard
from recordsafe.ui.closure.custodian_activity_dialog import CustodianActivityDialog
from recordsafe.ui.closure.custodian_banner import CustodianBanner
from recordsafe.ui.closure.custodian_passphrase_dialog import CustodianPassphraseDialog
from recordsafe.ui.closure.custodians_dialog import CustodiansDialog
from recordsafe.ui.closure.designate_dialog import DesignateDialog
from recordsafe.ui.closure.destroy_dialog import DestroyDialog
from recordsafe.ui.closure.retention_dialog import RetentionDialog
from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import Qt, QTimer, QtWidgets


class ClosureActions(Area):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.custodians_action = self.action(
            "Records &custodian…",
            self.open_custodians,
            "closure.custodians",
            name="custodiansAction",
        )
        self.closure_plan_action = self.action(
            "Closure &plan…",
            self.open_closure_wizard,
            "closure.custodians",
            name="closurePlanAction",
        )
        self.retention_action = self.action(
            "Re&tention && destruction…",
            self.open_retention,
            "closure.retention",
            name="retentionAction",
        )
        self.custodian_passphrase_action = self.action(
            "Set my custodian pa&ssphrase…",
            self.open_custodian_passphrase,
            "closure.custodian",
            name="custodianPassphraseAction",
        )
        session = host.session
        is_custodian = session is not None and session.is_custodian
        self.custodian_passphrase_action.setVisible(is_custodian)
        self.custodian_banner: CustodianBanner | None = None
        self.custodian_activity_dialog: CustodianActivityDialog | None = None
        if session is not None and is_custodian:
            # Custodian mode: the banner, above everything else.
            self.custodian_banner = CustodianBanner(session)
            self.custodian_banner.open_button.setMenu(host.menu("closure"))
            self.custodian_banner.passphrase_requested.connect(self.open_custodian_passphrase)
            host.add_banner(self.custodian_banner)

    def drop_session(self) -> None:
        # Locking: the unlock window comes next, for whoever types there.
        if self.custodian_banner is not None:
            self.custodian_banner.windows.withdraw()

    def started(self) -> None:
        if self.custodian_banner is None:
            # The practitioner: what the custodian did, once the window is up.
            QTimer.singleShot(0, self.show_custodian_activity)

    def open_custodians(self) -> CustodiansDialog | None:
        if self.session is None:
            return None
        dialog = CustodiansDialog(self.session, self.parent)
        dialog.designate_requested.connect(lambda role: self.open_designate(role, over=dialog))
        dialog.renew_requested.connect(
            lambda person: self.open_designate(renew=person, over=dialog)
        )
        dialog.changed.connect(self.host.refresh_keys_summary)
        return self.show(dialog)

    def open_designate(
        self,
        role: str = "primary",
        *,
        renew: object = None,
        over: CustodiansDialog | None = None,
    ) -> DesignateDialog | None:
        if self.session is None or self.session.is_custodian:
            return None
        dialog = DesignateDialog(
            self.session,
            over or self.parent,
            renew=renew if isinstance(renew, Custodian) else None,
            role=role,
        )
        dialog.designated.connect(self.host.refresh_keys_summary)
        dialog.backup_made.connect(self._backup_made)
        if over is not None:
            dialog.designated.connect(over.refresh)
        return self.show(dialog)

    def _backup_made(self) -> None:
        if self.session is not None:  # "never backed up" no longer holds
            self.host.area(BackupActions).backup_reminder.refresh(self.session)

    def open_closure_wizard(self) -> ClosureWizard | None:
        if self.session is None:
            return None
        wizard = ClosureWizard(self.session, self.parent)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.host.guard_dialog(wizard)
        wizard.open()
        return wizard

    def open_retention(self) -> RetentionDialog | None:
        if self.session is None:
            return None
        dialog = RetentionDialog(self.session, self.parent)
        dialog.destroy_requested.connect(lambda cid: self.open_destroy(cid, over=dialog))
        return self.show(dialog)

    def open_destroy(
        self, client_id: int, *, over: RetentionDialog | None = None
    ) -> DestroyDialog | None:
        if self.session is None:
            return None
        dialog = DestroyDialog(self.session, client_id, over or self.parent)
        if over is not None:
            dialog.record_destroyed.connect(lambda _ids: over.refresh())
            dialog.certificate_saved.connect(over.refresh)
        dialog.record_destroyed.connect(self.host.records_page.forget_destroyed)
        return self.show(dialog)

    def open_custodian_passphrase(self) -> CustodianPassphraseDialog | None:
        if self.session is None or not self.session.is_custodian:
            return None
        dialog = CustodianPassphraseDialog(self.session, self.parent)
        dialog.passphrase_set.connect(self._custodian_passphrase_set)
        return self.show(dialog)

    def _custodian_passphrase_set(self) -> None:
        if self.custodian_banner is not None:
            self.custodian_banner.passphrase_button.hide()
        self.host.refresh_keys_summary()
        show_message(
            self.parent,
            "Your custodian passphrase is set. Next time, choose “Records custodian?” in the "
            "unlock window and type it instead of the code.",
            title="Passphrase set",
            icon=QtWidgets.QMessageBox.Icon.Information,
        )

    def show_custodian_activity(self) -> CustodianActivityDialog | None:
        """At the practitioner's unlock: what the custodian did since they last looked."""
        if self.session is None or self.session.is_custodian:
            return None
        activity = custodian.custodian_activity(self.session)
        if not activity.entries:
            return None
        dialog = CustodianActivityDialog(self.session, activity, self.parent)
        dialog.audit_requested.connect(self.host.area(AuditActions).open_audit_log)
        self.custodian_activity_dialog = self.show(dialog)
        return dialog
