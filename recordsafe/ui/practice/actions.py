"""Practice ▸ Practice details and Settings."""

from __future__ import annotations

from recordsafe.ui.area import Area, Host
from recordsafe.ui.practice_details_dialog import PracticeDetailsDialog
from recordsafe.ui.settings_dialog import SettingsDialog


class PracticeActions(Area):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.practice_details_action = self.action(
            "Practice &details…",
            self.open_practice_details,
            "practice.details",
            name="practiceDetailsAction",
        )
        self.settings_action = self.action(
            "&Settings…",
            self.open_settings,
            "practice.settings",
            shortcut="Ctrl+,",
            name="settingsAction",
        )

    def open_practice_details(self) -> PracticeDetailsDialog | None:
        if self.session is None:
            return None
        dialog = PracticeDetailsDialog(self.session, self.parent)
        dialog.accepted.connect(self.host.settings_saved)  # the window shows the new name
        return self.show(dialog)

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.host.config, self.parent)
        dialog.accepted.connect(self.host.settings_saved)
        return self.show(dialog)
