"""The Practice menu's disclosure lists (requests due, follow-ups, consents expiring), the
expiring-consents banner and the bar for a release password not yet shown. A release
starts from a client's page (ui/records)."""

from __future__ import annotations

from recordsafe.ui.area import Area, Host
from recordsafe.ui.disclosure.expiring_window import ExpiringBanner, ExpiringWindow
from recordsafe.ui.disclosure.followups_window import FollowupsWindow
from recordsafe.ui.disclosure.requests_window import RequestsWindow
from recordsafe.ui.disclosure.unseen_passwords import UnseenPasswordsBanner
from recordsafe.ui.disclosure.window import DisclosureWindow


class DisclosureActions(Area):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        # A custodian answers record requests too: the entry is also in Closure & custodian.
        self.requests_due_action = self.action(
            "&Requests due…",
            self.open_requests_due,
            "closure.requests",
            "practice.requests",
            name="requestsDueAction",
        )
        self.followups_action = self.action(
            "F&ollow-ups…", self.open_followups, "practice.requests", name="followupsAction"
        )
        self.expiring_action = self.action(
            "Consents &expiring soon…",
            self.open_expiring_consents,
            "practice.requests",
            name="expiringAction",
        )
        self.expiring_banner = ExpiringBanner()
        self.expiring_banner.show_requested.connect(self.open_expiring_consents)
        if host.session is not None:
            self.expiring_banner.refresh(host.session)
        host.add_banner(self.expiring_banner)
        # A release saved while the vault locked: its password is shown after unlock.
        self.passwords_banner = UnseenPasswordsBanner(lambda: self._private)
        self.passwords_banner.refresh(host.session)
        host.add_banner(self.passwords_banner)

    def drop_session(self) -> None:
        self.passwords_banner.drop_session()

    def _open(self, window: DisclosureWindow) -> DisclosureWindow:
        """A disclosure list window; the dialogs it opens get Ctrl+L too."""
        window.dialog_opened.connect(self.host.guard_dialog)
        return self.show(window)

    @property
    def _private(self) -> bool:
        return self.host.records_page.privacy_mode

    def open_requests_due(self) -> DisclosureWindow | None:
        if self.session is None:
            return None
        return self._open(RequestsWindow(self.session, private=self._private, parent=self.parent))

    def open_followups(self) -> DisclosureWindow | None:
        if self.session is None:
            return None
        return self._open(FollowupsWindow(self.session, private=self._private, parent=self.parent))

    def open_expiring_consents(self) -> DisclosureWindow | None:
        if self.session is None:
            return None
        return self._open(ExpiringWindow(self.session, private=self._private, parent=self.parent))
