"""Answer the app's real modal dialogs like a user: file dialogs, input boxes, questions.

`QFileDialog.getSaveFileName`, `QInputDialog.getText` and `QMessageBox.question` run their
own event loop, so the answer is set up before the click that opens the dialog: it waits
for the dialog (Qt's own widgets on the offscreen platform), types into it and presses
the button a user would. Used as a context manager around that click; the list it gives
holds the title of each dialog answered, so a test also sees that the dialog came.

    with answering_file_dialog(target) as asked:
        dialog.save_button.click()
    assert asked == ["Save the confidentiality handout"]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TypeVar

from recordsafe.ui.qt import QtCore, QtWidgets

POLL_MS = 10
Accept = QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
D = TypeVar("D", bound=QtWidgets.QDialog)


@contextmanager
def _answering(kind: type[D], answer: Callable[[D], None]) -> Iterator[list[str]]:
    asked: list[str] = []
    waiting = [True]

    def look() -> None:
        if not waiting[0]:
            return  # the block ended without the dialog: the test's assertion says so
        dialog = QtWidgets.QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QtCore.QTimer.singleShot(POLL_MS, look)
            return
        waiting[0] = False
        asked.append(dialog.windowTitle())
        answer(dialog)

    QtCore.QTimer.singleShot(0, look)
    try:
        yield asked
    finally:
        waiting[0] = False


def _accept_button(dialog: QtWidgets.QDialog) -> QtWidgets.QAbstractButton:
    box = dialog.findChild(QtWidgets.QDialogButtonBox)
    assert box is not None
    accept = [b for b in box.buttons() if box.buttonRole(b) == Accept]
    assert len(accept) == 1 and accept[0].isEnabled()
    return accept[0]


def answering_file_dialog(
    path: Path | None, folders: list[Path] | None = None
) -> AbstractContextManager[list[str]]:
    """The file dialog gets `path` typed into its name field and accepted; None cancels.
    `folders` gets the folder the dialog opened in."""

    def answer(dialog: QtWidgets.QFileDialog) -> None:
        if folders is not None:
            folders.append(Path(dialog.directory().absolutePath()))
        if path is None:
            dialog.reject()
            return
        name = dialog.findChild(QtWidgets.QLineEdit, "fileNameEdit")
        assert name is not None, "not Qt's own file dialog"
        name.setText(str(path))
        _accept_button(dialog).click()

    return _answering(QtWidgets.QFileDialog, answer)


def answering_input(text: str | None) -> AbstractContextManager[list[str]]:
    """The input box gets `text` typed and OK pressed; None cancels. A multi-line box
    (getMultiLineText) gets it in its text area."""

    def answer(dialog: QtWidgets.QInputDialog) -> None:
        if text is None:
            dialog.reject()
            return
        area = dialog.findChild(QtWidgets.QPlainTextEdit)
        if area is not None and area.isVisible():
            area.setPlainText(text)
        else:
            field = dialog.findChild(QtWidgets.QLineEdit)
            assert field is not None
            field.setText(text)
        _accept_button(dialog).click()

    return _answering(QtWidgets.QInputDialog, answer)


def answering_question(
    button: QtWidgets.QMessageBox.StandardButton,
) -> AbstractContextManager[list[str]]:
    """The message box gets `button` pressed."""

    def answer(dialog: QtWidgets.QMessageBox) -> None:
        chosen = dialog.button(button)
        assert chosen is not None, f"no {button} on the question"
        chosen.click()

    return _answering(QtWidgets.QMessageBox, answer)


def answering_question_text(
    button: QtWidgets.QMessageBox.StandardButton, texts: list[str]
) -> AbstractContextManager[list[str]]:
    """As `answering_question`, and the question's text is added to `texts`."""

    def answer(dialog: QtWidgets.QMessageBox) -> None:
        texts.append(dialog.text())
        chosen = dialog.button(button)
        assert chosen is not None, f"no {button} on the question"
        chosen.click()

    return _answering(QtWidgets.QMessageBox, answer)
