"""The one module through which the UI imports Qt (qutebrowser's habit).

Everything under recordsafe/ui imports Qt names from here, so a binding or version
change is one file's work, and domain code can be checked to import no Qt at all.
"""

from PySide6 import QtCore, QtGui, QtPdf, QtPdfWidgets, QtPrintSupport, QtWidgets
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot

__all__ = [
    "QObject",
    "QRunnable",
    "QThreadPool",
    "QTimer",
    "Qt",
    "QtCore",
    "QtGui",
    "QtPdf",
    "QtPdfWidgets",
    "QtPrintSupport",
    "QtWidgets",
    "Signal",
    "Slot",
]
