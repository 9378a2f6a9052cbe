"""Copying a note's text to the clipboard: audited, and taken back after 30 seconds.

The one place the app touches the clipboard (tests/test_output_paths.py checks that).
`copy_note_text` records the copy (`note_copied`, ids only) before the text is placed;
`ClipboardGuard` clears the clipboard after `delay_ms` if it still holds that text (another
program's copy is left alone), and `clear_now()` does it at once on lock and quit.
"""

from __future__ import annotations

from typing import Final

from recordsafe.ui.qt import QObject, QtGui, QTimer, QtWidgets
from recordsafe.vault import VaultSession

CLEAR_AFTER_MS: Final = 30_000


class ClipboardGuard(QObject):
    def __init__(self, delay_ms: int = CLEAR_AFTER_MS) -> None:
        super().__init__()
        self.delay_ms = delay_ms
        self._text: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_now)

    @property
    def holding(self) -> bool:
        """Whether text we placed may still be on the clipboard."""
        return self._text is not None

    def copy(self, text: str) -> None:
        _clipboard().setText(text)
        self._text = text
        self._timer.start(self.delay_ms)

    def clear_now(self) -> None:
        """Clear the clipboard if it still holds our text; forget the text either way."""
        self._timer.stop()
        text, self._text = self._text, None
        if text is None:
            return
        board = _clipboard()
        if board.text() == text:
            board.clear()


def _clipboard() -> QtGui.QClipboard:
    return QtWidgets.QApplication.clipboard()


_guard: ClipboardGuard | None = None


def guard() -> ClipboardGuard:
    """The app's one guard (made on first use, on the UI thread)."""
    global _guard  # noqa: PLW0603 - one clipboard per app
    if _guard is None:
        _guard = ClipboardGuard()
    return _guard


def clear_now() -> None:
    """On lock and quit: take back what we copied, if it is still there."""
    if _guard is not None:
        _guard.clear_now()


def copy_note_text(session: VaultSession, client_id: int | None, note_id: int, text: str) -> None:
    """Audit first (the copy is a way out of the vault), then place the text."""
    session.record("note_copied", client_id, note=note_id, clear_after_s=guard().delay_ms // 1000)
    guard().copy(text)
