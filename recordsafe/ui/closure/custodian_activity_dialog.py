"""Shown to the practitioner at unlock when the custodian has opened the vault or acted
since the practitioner last looked: prominent, with the counts by action."""

from __future__ import annotations

from html import escape

from recordsafe.audit.actions import action_label
from recordsafe.audit.words import parse_utc
from recordsafe.closure import closure_plan, custodian
from recordsafe.closure.closure_plan import Plan
from recordsafe.closure.custodian import CustodianActivity
from recordsafe.ui.qt import QtWidgets, Signal
from recordsafe.ui.widgets.dates import format_day
from recordsafe.vault import VaultSession

# The summary's own words for acts the audit log records in steps (closure.custodian._act).
ACT_LABELS = {
    "notices_released": "Notices saved or printed",
    "custodian_passphrase_added": "Set their own custodian passphrase (it opens custodian "
    "mode only)",
    "release_checked_not_made": "Release checked at the gate but not made",
}
# Said in the heading, not listed again.
IN_HEADING = frozenset({"custodian_first_unlock"})


def when_text(stamp: str) -> str:
    """'06 Dec 2026, 02:34' in local time: the day as every window writes it."""
    moment = parse_utc(stamp)
    if moment is None:
        return stamp
    local = moment.astimezone()
    return f"{format_day(local.date())}, {local:%H:%M}"


def plan_html(plan: Plan) -> str:
    """The closure plan a custodian made: what its notices tell clients."""
    return (
        f"<p>Their closure plan: {escape(closure_plan.reason_text(plan))}, closing on "
        f"{escape(format_day(plan.effective_on))}. Practice ▸ Closure &amp; custodian ▸ "
        "Closure plan… shows it and its notices.</p>"
    )


def custodians_plan(session: VaultSession, activity: CustodianActivity) -> Plan | None:
    """The closure plan, when a custodian made it in this activity."""
    if not activity.by_action.get("closure_plan_created"):
        return None
    plan = closure_plan.current_plan(session)
    return plan if plan is not None and plan.created_by == "custodian" else None


def activity_html(activity: CustodianActivity, plan: Plan | None = None) -> str:
    parts = []
    if activity.first_unlock_at:
        parts.append(
            "<p><b>Your records custodian opened this vault for the first time on "
            f"{escape(when_text(activity.first_unlock_at))}.</b></p>"
        )
    # "Dr Rosa Vega, records custodian, used…": each name ends with its role, set off.
    who = "".join(f"{' and ' if i else ''}{escape(n)}," for i, n in enumerate(activity.custodians))
    parts.append(f"<p>Since you last looked, {who or 'the custodian'} used the vault:</p><ul>")
    listed = [(a, n) for a, n in activity.by_action.items() if a not in IN_HEADING]
    for action, count in sorted(listed, key=lambda kv: -kv[1]):
        label = ACT_LABELS.get(action) or action_label(action)
        parts.append(f"<li>{escape(label)}: {count}</li>")
    parts.append("</ul>")
    if plan is not None:
        parts.append(plan_html(plan))
    parts.append(
        "<p>The audit log (Practice ▸ Audit log) lists each step, with its time. If "
        "you did not expect this, revoke the custodian's code in Practice ▸ Closure &amp; "
        "custodian ▸ Records custodian.</p>"
    )
    return "".join(parts)


class CustodianActivityDialog(QtWidgets.QDialog):
    audit_requested = Signal()

    def __init__(
        self,
        session: VaultSession,
        activity: CustodianActivity,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your records custodian used the vault")
        self.setObjectName("custodianActivityDialog")
        self._session: VaultSession | None = session
        self._activity = activity
        self.text = QtWidgets.QLabel(activity_html(activity, custodians_plan(session, activity)))
        self.text.setObjectName("custodianActivityText")
        self.text.setWordWrap(True)
        buttons = QtWidgets.QDialogButtonBox()
        self.audit_button = buttons.addButton(
            "Open the audit log", QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        )
        self.seen_button = buttons.addButton(
            "I have seen this", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.seen_button.setObjectName("activitySeen")
        self.seen_button.setDefault(True)
        self.audit_button.clicked.connect(self.audit_requested)
        self.seen_button.clicked.connect(self.acknowledge)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def acknowledge(self) -> None:
        if self._session is not None:
            custodian.acknowledge_activity(self._session, self._activity)
        self.accept()

    def drop_session(self) -> None:
        self._session = None
