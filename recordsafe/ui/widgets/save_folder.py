"""Where a save dialog starts: the last folder used for that purpose in this run of the
app, else the user's documents folder (never the folder the app was started from).

    start = save_folder.start("breach-notice") / "breach-notice-00007.pdf"
    ...getSaveFileName(self, title, str(start), ...)
    save_folder.remember("breach-notice", chosen)

Kept in memory only: a folder name can say more than it should (a client's name), so it
is not written to the app's settings.
"""

from __future__ import annotations

from pathlib import Path

from recordsafe import paths

_LAST: dict[str, Path] = {}


def start(purpose: str) -> Path:
    last = _LAST.get(purpose)
    if last is not None and last.is_dir():
        return last
    # A folder that does not exist (no Documents yet) would open the dialog in the
    # folder the app was started from: the home folder then.
    documents = paths.default_vault_parent()
    return documents if documents.is_dir() else documents.parent


def remember(purpose: str, chosen: Path) -> None:
    """`chosen` is the file or folder the user picked for `purpose`."""
    _LAST[purpose] = chosen if chosen.is_dir() else chosen.parent
