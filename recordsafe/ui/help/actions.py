"""The Help menu."""

from __future__ import annotations

from recordsafe import APP_NAME
from recordsafe.ui.about_dialog import AboutDialog
from recordsafe.ui.area import Area, Host
from recordsafe.ui.help.guide_window import GuideWindow
from recordsafe.ui.qt import Qt


class HelpActions(Area):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.guide_action = self.action(
            "&User guide", self.open_guide, "help.guide", shortcut="F1", name="guideAction",
            when_locked=True,
        )  # fmt: skip
        self.guide_action.setToolTip("The user guide, inside RecordSafe (F1)")
        self.guide: GuideWindow | None = None
        self.about_action = self.action(
            f"&About {APP_NAME}",
            self.open_about,
            "help.about",
            name="aboutAction",
            when_locked=True,
        )

    def open_guide(self) -> GuideWindow:
        """One guide window, beside the work (not modal); F1 again brings it forward."""
        if self.guide is None:
            self.guide = GuideWindow(self.parent)
            self.guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.guide.destroyed.connect(self._guide_closed)
            self.host.guard_dialog(self.guide)
        self.guide.show()
        self.guide.activateWindow()
        return self.guide

    def _guide_closed(self) -> None:
        self.guide = None

    def open_about(self) -> AboutDialog:
        return self.show(AboutDialog(self.parent))
