"""The clipboard: a note's text copied on purpose is audited; anything the app put there is
taken back after 30 seconds, and at once on lock and quit.

The one module of the app that touches the clipboard (tests/test_output_paths.py checks).

- `copy_note_text` records the copy (`note_copied`, ids only) and places the text.
- Qt's own copies (Ctrl+C in a note, a name's "Copy" menu) and, on Linux, the selection
  that middle-click pastes are seen too: while the app owns the clipboard, whatever it
  holds is cleared `delay_ms` later (`on_other_copy`, set by the workspace while a vault
  is open, audits it as `text_copied`, without the text).
- What another program copied is never touched: only text the app put there is cleared,
  and only if it is still there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from recordsafe.ui.qt import QObject, QtCore, QtGui, QTimer, QtWidgets
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError

CLEAR_AFTER_MS: Final = 30_000
_MODES: Final = (QtGui.QClipboard.Mode.Clipboard, QtGui.QClipboard.Mode.Selection)


class ClipboardGuard(QObject):
    def __init__(self, delay_ms: int = CLEAR_AFTER_MS) -> None:
        super().__init__()
        self.delay_ms = delay_ms
        self.on_other_copy: Callable[[], None] | None = None
        # Whether the app (not another program) put what the clipboard holds.
        self.owns: Callable[[QtGui.QClipboard, QtGui.QClipboard.Mode], bool] = _app_owns
        self._held: dict[QtGui.QClipboard.Mode, str] = {}
        self._placing = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_now)
        board = _clipboard()
        board.dataChanged.connect(lambda: self._changed(QtGui.QClipboard.Mode.Clipboard))
        if board.supportsSelection():
            board.selectionChanged.connect(lambda: self._changed(QtGui.QClipboard.Mode.Selection))

    @property
    def holding(self) -> bool:
        """Whether text the app placed may still be on the clipboard."""
        return bool(self._held)

    def copy(self, text: str) -> None:
        self._placing = True
        try:
            _clipboard().setMimeData(_private_text(text))
        finally:
            self._placing = False
        self._held[QtGui.QClipboard.Mode.Clipboard] = text
        self._timer.start(self.delay_ms)

    def _changed(self, mode: QtGui.QClipboard.Mode) -> None:
        if self._placing:
            return
        board = _clipboard()
        text = board.text(mode)
        if not self.owns(board, mode) or not text:
            # Another program's copy (or a clear): never ours to take back.
            self._held.pop(mode, None)
            return
        if self._held.get(mode) == text:
            return
        self._held[mode] = text
        self._timer.start(self.delay_ms)
        if mode == _MODES[0] and self.on_other_copy is not None:
            try:
                self.on_other_copy()
            except VaultError:
                self.on_other_copy = None  # that vault is locked: nothing left to audit

    def clear_now(self) -> None:
        """Clear what the app placed, where it is still there; forget it either way."""
        self._timer.stop()
        held, self._held = self._held, {}
        board = _clipboard()
        for mode, text in held.items():
            if board.text(mode) == text:
                board.clear(mode)


# Platforms without other programs: their clipboard never reports an owner.
_IN_PROCESS_PLATFORMS: Final = ("offscreen", "minimal")


def _app_owns(board: QtGui.QClipboard, mode: QtGui.QClipboard.Mode) -> bool:
    if QtGui.QGuiApplication.platformName() in _IN_PROCESS_PLATFORMS:
        return True
    return board.ownsClipboard() if mode == _MODES[0] else board.ownsSelection()


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
    """On lock and quit: take back what the app copied, if it is still there."""
    if _guard is not None:
        _guard.clear_now()


def audit_other_copies(session: VaultSession | None) -> None:
    """While a vault is open, Qt's own copies are audited (`text_copied`, no text)."""
    guard().on_other_copy = (
        None if session is None else (lambda: session.record("text_copied", None))
    )


# Clipboard managers keep a history; these ask them not to (as password managers do):
# KDE Klipper and others honour the first, Windows clipboard history the second.
_NO_HISTORY = {
    "x-kde-passwordManagerHint": b"secret",
    'application/x-qt-windows-mime;value="ExcludeClipboardContentFromMonitorProcessing"': b"1",
}


def _private_text(text: str) -> QtCore.QMimeData:
    data = QtCore.QMimeData()
    data.setText(text)
    for kind, value in _NO_HISTORY.items():
        data.setData(kind, QtCore.QByteArray(value))
    return data


def copy_note_text(session: VaultSession, client_id: int | None, note_id: int, text: str) -> None:
    """Audit first (the copy is a way out of the vault), then place the text."""
    session.record("note_copied", client_id, note=note_id, clear_after_s=guard().delay_ms // 1000)
    guard().copy(text)
