"""The Clients menu and the workspace's toolbar buttons (the records page owns those
actions and their shortcuts), and Practice ▸ Client fields."""

from __future__ import annotations

from recordsafe.ui.area import Area, Host
from recordsafe.ui.records.practice_fields_dialog import PracticeFieldsDialog


class RecordsActions(Area):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        page = host.records_page
        for action in page.menu_actions:
            host.place(action, ("clients.records",))
        for action in (page.new_client_action, page.find_action, page.privacy_action):
            host.place(action, ("toolbar.records",))
        self.client_fields_action = self.action(
            "Client &fields…", self.open_client_fields, "practice.fields", name="clientFieldsAction"
        )

    def open_client_fields(self) -> PracticeFieldsDialog | None:
        if self.session is None:
            return None
        return self.show(PracticeFieldsDialog(self.session, self.parent))
