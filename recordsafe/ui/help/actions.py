"""The Help menu."""

from __future__ import annotations

from recordsafe import APP_NAME
from recordsafe.ui.about_dialog import AboutDialog
from recordsafe.ui.area import Area, Host


class HelpActions(Area):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.about_action = self.action(
            f"&About {APP_NAME}",
            self.open_about,
            "help.about",
            name="aboutAction",
            when_locked=True,
        )

    def open_about(self) -> AboutDialog:
        return self.show(AboutDialog(self.parent))
