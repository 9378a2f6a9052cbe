"""The release dialog: one file per page, over `disclosure.release.release`."""

from recordsafe.ui.disclosure.release.dialog import ReleaseDialog, open_accounting_release

__all__ = ["ReleaseDialog", "open_accounting_release"]
