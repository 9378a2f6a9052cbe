"""Practice ▸ Report a breach / Breach register, and the deadline banner and reminder."""

from __future__ import annotations

from datetime import date

from recordsafe.breach import deadlines
from recordsafe.ui.area import Area, Host
from recordsafe.ui.breach.due_banner import BreachDueBanner
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from recordsafe.ui.operations import show_message
from recordsafe.ui.qt import QtWidgets


class BreachActions(Area):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.breach_report_action = self.action(
            "Report a &breach…",
            self.open_breach_report,
            "practice.breach",
            name="breachReportAction",
        )
        self.breach_register_action = self.action(
            "Breach re&gister…",
            self.open_breach_register,
            "practice.breach",
            name="breachRegisterAction",
        )
        self.breach_banner = BreachDueBanner()
        self.breach_banner.register_requested.connect(self.open_breach_register)
        host.add_banner(self.breach_banner)
        self.breach_message: QtWidgets.QMessageBox | None = None

    def started(self) -> None:
        self.refresh_breach_due(announce=True)

    def refresh_breach_due(self, *, announce: bool = False) -> None:
        """The breach deadlines on the Vault page; on unlock, a message when one is near."""
        if self.session is None:
            return
        due = deadlines.reminders(self.session, today=date.today())
        self.host.home_page.set_breach_due([r.line for r in due])
        self.breach_banner.show_due(due)
        urgent = [r for r in due if r.urgent]
        if announce and urgent:
            self.breach_message = show_message(
                self.parent,
                "A breach notification deadline is near:\n"
                + "\n".join(f"• {r.line}" for r in urgent)
                + "\n\nOpen Practice → Breach register to continue.",
                title="Breach notification due",
            )

    def open_breach_register(self) -> BreachRegisterDialog | None:
        if self.session is None:
            return None
        dialog = BreachRegisterDialog(self.session, self.parent)
        dialog.changed.connect(self.refresh_breach_due)
        dialog.finished.connect(lambda _r: self.refresh_breach_due())
        return self.show(dialog)

    def open_breach_report(self) -> BreachRegisterDialog | None:
        dialog = self.open_breach_register()
        if dialog is not None:
            dialog.report_incident()
        return dialog
