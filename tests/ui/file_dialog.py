"""Answer the app's real file dialog (Qt's own, as on the offscreen platform) like a user.

`QFileDialog.getSaveFileName` and friends run their own event loop, so the answer is
scheduled before the click that opens the dialog: it waits for the dialog, types the path
into its file name field and presses the accept button (or Cancel when `path` is None).
"""

from __future__ import annotations

from pathlib import Path

from recordsafe.ui.qt import QtCore, QtWidgets

POLL_MS = 10


def answer_file_dialog(path: Path | None, *, answered: list[str] | None = None) -> None:
    """The next file dialog gets `path` typed in and accepted (or is cancelled)."""

    def answer() -> None:
        dialog = QtWidgets.QApplication.activeModalWidget()
        if not isinstance(dialog, QtWidgets.QFileDialog):
            QtCore.QTimer.singleShot(POLL_MS, answer)
            return
        if answered is not None:
            answered.append(dialog.windowTitle())
        if path is None:
            dialog.reject()
            return
        name = dialog.findChild(QtWidgets.QLineEdit, "fileNameEdit")
        assert name is not None, "not Qt's own file dialog"
        name.setText(str(path))
        buttons = dialog.findChild(QtWidgets.QDialogButtonBox)
        assert buttons is not None
        accept = buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save) or buttons.button(
            QtWidgets.QDialogButtonBox.StandardButton.Open
        )
        assert accept is not None and accept.isEnabled()
        accept.click()

    QtCore.QTimer.singleShot(0, answer)
