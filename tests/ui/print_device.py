"""The one device print tests replace: the printer the real print dialog sets up.

Every print path opens the real `QPrintDialog` (offscreen) and the test presses Print or
Cancel on it. Only the printer behind it is a stand-in: it looks to the app like a
system printer, and its pages land in a PDF the test reads (and deletes, since it holds
client content). Nothing else in the print path is replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.ui.disclosure import printing
from recordsafe.ui.qt import QtCore, QtPrintSupport, QtWidgets

OFFSCREEN_NOISE: Final = "This plugin does not support propagateSizeHints"

QPrinter = QtPrintSupport.QPrinter


class CapturedPrinter(QPrinter):
    """A system printer as the app sees it (native output, no file), printing into `target`."""

    def __init__(self, target: Path) -> None:
        super().__init__(QPrinter.PrinterMode.ScreenResolution)
        self.target = target

    def capture(self) -> None:
        # Pressing Print sets the printer up for the system printer chosen in the dialog
        # (none on a test machine), clearing any output file: point the pages at ours.
        super().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        super().setOutputFileName(str(self.target))

    def outputFormat(self) -> QPrinter.OutputFormat:  # type: ignore[override]
        return QPrinter.OutputFormat.NativeFormat

    def outputFileName(self) -> str:  # type: ignore[override]
        return ""

    def printerName(self) -> str:  # type: ignore[override]
        return "Test printer"


class _OnHide(QtCore.QObject):
    def __init__(self, action: Callable[[], None], parent: QtCore.QObject) -> None:
        super().__init__(parent)
        self._action = action

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Hide:
            self._action()
        return False


# What Qt logs about a jammed device (with the offscreen noise tests/ui/conftest.py ignores).
JAMMED: Final = (
    "QPainter::begin",
    "QPdfPrintEngine",
    "This plugin does not support propagateSizeHints",
)


class PrinterDevice:
    def __init__(self, output: Path) -> None:
        self.output = output
        self.target = output
        self.made: list[CapturedPrinter] = []

    def jam(self, jammed: bool = True) -> None:
        """While jammed, nothing can be printed (the output is in a folder that is not there)."""
        self.target = self.output.parent / "no such folder" / "out.pdf" if jammed else self.output

    def new_printer(self) -> QPrinter:
        printer = CapturedPrinter(self.target)
        self.made.append(printer)
        return printer

    def dialog(self, qtbot: QtBot) -> QtPrintSupport.QPrintDialog:
        """The print dialog the app opened (window-modal, so it is already showing)."""
        found: list[QtPrintSupport.QPrintDialog] = []

        def shown() -> None:
            found[:] = [
                w
                for w in QtWidgets.QApplication.topLevelWidgets()
                if isinstance(w, QtPrintSupport.QPrintDialog) and w.isVisible()
            ]
            assert len(found) == 1

        qtbot.waitUntil(shown)
        return found[0]

    def press_print(self, qtbot: QtBot) -> None:
        dialog = self.dialog(qtbot)
        printer = self.made[-1]
        assert dialog.printer() is printer
        # Pressing Print sets the printer up, hides the dialog, then tells the app.
        watcher = _OnHide(printer.capture, dialog)
        dialog.installEventFilter(watcher)
        dialog.accept()

    def cancel(self, qtbot: QtBot) -> None:
        self.dialog(qtbot).reject()

    def pages(self) -> int:
        """Pages printed, then the output is deleted (it holds client content)."""
        try:
            if not self.output.exists():
                return 0
            with pikepdf.open(self.output) as pdf:
                return len(pdf.pages)
        finally:
            self.output.unlink(missing_ok=True)


@pytest.fixture
def printer_device(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[PrinterDevice]:
    device = PrinterDevice(tmp_path / "printer-output.pdf")
    monkeypatch.setattr(printing, "new_printer", device.new_printer)
    monkeypatch.setattr(printing, "installed_printers", lambda: ["Test printer"])
    yield device
    device.output.unlink(missing_ok=True)
