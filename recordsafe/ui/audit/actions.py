"""Practice ▸ Audit log, and the audit trail's full check after unlock with its banner."""

from __future__ import annotations

from recordsafe.ui.area import Area, Host
from recordsafe.ui.audit.audit_log_dialog import AuditLogDialog
from recordsafe.ui.audit.chain_check import BackgroundChainCheck, IntegrityBanner


class AuditActions(Area):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.audit_log_action = self.action(
            "&Audit log…", self.open_audit_log, "practice.audit", name="auditLogAction"
        )
        session = host.session
        assert session is not None
        # Problems found at unlock, then those the full check finds in the background.
        self.integrity_banner = IntegrityBanner()
        self.integrity_banner.add_findings(list(session.integrity_findings))
        self.chain_check = BackgroundChainCheck(session)
        self.chain_check.checked.connect(self.integrity_banner.add_findings)
        host.add_banner(self.integrity_banner)

    def started(self) -> None:
        self.chain_check.start()

    def drop_session(self) -> None:
        self.chain_check.drop_session()

    def open_audit_log(self) -> AuditLogDialog | None:
        if self.session is None:
            return None
        return self.show(AuditLogDialog(self.session, self.parent))
