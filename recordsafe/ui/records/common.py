"""Small pieces every records window shares: initials, dates, inline error labels."""

from __future__ import annotations

from datetime import date

from recordsafe.ui.qt import QtCore, QtGui, QtWidgets
from recordsafe.vault import VaultSession

ERROR_STYLE = "QLabel { color: #9a2a00; }"
WARNING_STYLE = (
    "QLabel { background: #fff4d6; color: #5a3b00; border: 1px solid #e0b44c;"
    " border-radius: 4px; padding: 6px; }"
)
HINT_STYLE = "QLabel { color: palette(placeholder-text); }"
STATUS_LABELS: dict[str, str] = {"active": "Active", "closed": "Closed", "deceased": "Deceased"}
HIDDEN_BODY = "Note text hidden (privacy mode) — click to show"


def initials(name: str) -> str:
    """'Ada Wren' -> 'A. W.': enough to tell people apart, not to identify them."""
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    return " ".join(f"{p[0].upper()}." for p in parts) or "?"


def shown_name(name: str, private: bool) -> str:
    return initials(name) if private else name


def format_day(day: date | None) -> str:
    return "" if day is None else day.strftime("%d %b %Y")


def parse_typed_day(text: str) -> date | None:
    """A typed date (YYYY-MM-DD or DD/MM/YYYY); None when empty. ValueError when unreadable."""
    text = text.strip()
    if not text:
        return None
    if "/" in text:
        day, month, year = (int(x) for x in text.split("/"))
        return date(year, month, day)
    return date.fromisoformat(text)


def to_qdate(day: date) -> QtCore.QDate:
    return QtCore.QDate(day.year, day.month, day.day)


def from_qdate(value: QtCore.QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date | None = None) -> QtWidgets.QDateEdit:
    """A date picker with a calendar, defaulting to today, that cannot go past today."""
    edit = QtWidgets.QDateEdit(to_qdate(day or date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd MMM yyyy")
    edit.setMaximumDate(to_qdate(date.today()))
    edit.setMinimumDate(QtCore.QDate(1900, 1, 1))
    return edit


def error_label(name: str) -> QtWidgets.QLabel:
    """The dialog's inline message: hidden until something is wrong."""
    label = QtWidgets.QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def show_error(label: QtWidgets.QLabel, text: str) -> None:
    label.setText(text)
    label.show()


def hint(text: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def ok_cancel(ok_text: str) -> QtWidgets.QDialogButtonBox:
    buttons = QtWidgets.QDialogButtonBox(
        QtWidgets.QDialogButtonBox.StandardButton.Ok
        | QtWidgets.QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    return buttons


CUSTODIAN_READ_ONLY = "Read-only: a records custodian cannot change clinical records."


def clinical_change(control: QtWidgets.QWidget | QtGui.QAction, session: VaultSession) -> None:
    """Disable a control that changes clinical records when a custodian is signed in (the
    domain refuses it anyway; this says so before the click)."""
    if session.is_custodian:
        control.setEnabled(False)
        control.setToolTip(CUSTODIAN_READ_ONLY)
