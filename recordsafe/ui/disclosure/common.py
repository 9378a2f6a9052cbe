"""Words shared by the disclosure windows: a consent's status, scope and purposes.

The status is worked out from the domain's own rules (`Consent.is_valid_on`); these
helpers only put it into words. "Expires soon" means within `SOON_DAYS`.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from recordsafe.disclosure._common import CONSENT_PURPOSES, SCOPE_LABELS
from recordsafe.disclosure.consents import Consent
from recordsafe.ui.qt import Qt, QtCore, QtGui, QtWidgets
from recordsafe.ui.widgets.dates import date_edit, format_day, to_qdate
from recordsafe.ui.widgets.meaning_colours import Meaning, brush
from recordsafe.ui.widgets.meaning_colours import muted as grey

SOON_DAYS: Final = 30
OVERDUE_COLOUR: Final[Meaning] = "error"
SOON_COLOUR: Final[Meaning] = "caution"


def consent_status(consent: Consent, today: date) -> str:
    """'Valid', 'Expires soon', 'Expired', 'Revoked' or 'Not yet signed' (plain words)."""
    if consent.is_revoked_on(today):
        return "Revoked"
    if consent.is_expired_on(today):
        return "Expired"
    if not consent.is_valid_on(today):
        return "Not yet in force"
    if consent.expires_on is not None and (consent.expires_on - today).days <= SOON_DAYS:
        return "Expires soon"
    return "Valid"


def purposes_text(consent: Consent) -> str:
    return ", ".join(CONSENT_PURPOSES.get(p, p) for p in sorted(consent.purposes))


def scope_text(consent: Consent) -> str:
    parts = [SCOPE_LABELS.get(k, k) for k in sorted(consent.kinds)]
    if consent.note_ids:
        count = len(consent.note_ids)
        parts.append(f"{count} specific note{'s' if count != 1 else ''}")
    text = ", ".join(parts)
    if consent.date_from or consent.date_to:
        since = format_day(consent.date_from) if consent.date_from else "the start"
        until = format_day(consent.date_to) if consent.date_to else "now"
        text += f" (from {since} to {until})"
    if consent.is_psychotherapy_authorization:
        text = "Psychotherapy notes only: " + text
    return text or "No records (searching online only)"


def recipient_text(consent: Consent) -> str:
    return ", ".join(x for x in (consent.recipient_name, consent.recipient_organisation) if x)


def expiry_text(consent: Consent) -> str:
    parts = []
    if consent.expires_on:
        parts.append(format_day(consent.expires_on))
    if consent.expiry_event:
        parts.append(f"or when: {consent.expiry_event}" if parts else consent.expiry_event)
    return " ".join(parts)


def days_words(days: int) -> str:
    """'due today', '3 days left', 'OVERDUE by 2 days' (words, not colour only)."""
    if days == 0:
        return "Due today"
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} left"
    late = -days
    return f"OVERDUE by {late} day{'s' if late != 1 else ''}"


def cell(text: str, data: object = None) -> QtWidgets.QTableWidgetItem:
    item = QtWidgets.QTableWidgetItem(text)
    item.setToolTip(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def emphasise(item: QtWidgets.QTableWidgetItem, meaning: Meaning) -> None:
    """Bold and coloured: the words already say it, the colour only helps."""
    font = item.font()
    font.setBold(True)
    item.setFont(font)
    item.setForeground(brush(meaning))


def day_picker(today: date, *, latest: date | None = None) -> QtWidgets.QDateEdit:
    """A date picker showing `today`, at most `latest` (default: today), not stretched."""
    edit = date_edit(today)
    edit.setMaximumDate(to_qdate(latest or today))
    edit.setMaximumWidth(170)
    return edit


def muted(item: QtWidgets.QTableWidgetItem) -> None:
    """Grey italic: kept on record, but not what the reader acts on."""
    font = item.font()
    font.setItalic(True)
    item.setFont(font)
    item.setForeground(QtGui.QBrush(QtGui.QColor(grey())))


def fit_columns(view: QtWidgets.QTableWidget, stretch: tuple[int, ...]) -> None:
    """Columns sized to their content; the `stretch` ones share the rest and wrap, and
    rows stay as tall as their wrapped text at any width (nothing runs past the edge)."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(view.columnCount()):
        mode = (
            QtWidgets.QHeaderView.ResizeMode.Stretch
            if column in stretch
            else QtWidgets.QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(column, mode)
    view.setWordWrap(True)
    view.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)


def select_first(view: QtWidgets.QTableWidget) -> None:
    if view.rowCount():
        view.selectRow(0)


def table(name: str, headers: list[str]) -> QtWidgets.QTableWidget:
    """A read-only, row-selecting table with the given column headers."""
    view = QtWidgets.QTableWidget(0, len(headers))
    view.setObjectName(name)
    view.setHorizontalHeaderLabels(headers)
    view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setTabKeyNavigation(False)
    # Wrapped cells need their rows re-measured once the columns have their real width,
    # and again whenever the window (so a stretched column) is resized.
    view.horizontalHeader().sectionResized.connect(lambda *_: view.resizeRowsToContents())
    view.viewport().installEventFilter(_RowsFollowWidth(view))
    return view


class _RowsFollowWidth(QtCore.QObject):
    """Re-measures a table's wrapped rows after its viewport changes width."""

    def __init__(self, view: QtWidgets.QTableWidget) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Resize:
            QtCore.QTimer.singleShot(0, self._view, self._view.resizeRowsToContents)
        return False


def selected_id(view: QtWidgets.QTableWidget) -> int | None:
    row = view.currentRow()
    if row < 0 or not view.selectionModel().hasSelection():
        return None
    item = view.item(row, 0)
    return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))
