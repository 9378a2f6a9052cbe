"""What the screenshots showed (issue 14): the chosen agreement said once, and messages
readable in a dark palette as in a light one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.records import cases, clients
from recordsafe.ui.qt import QtGui, QtWidgets
from recordsafe.ui.records.agreement_dialog import AgreementDialog
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.ui.widgets.forms import error_label, error_style, good_style
from recordsafe.vault import VaultSession


def dark() -> QtGui.QPalette:
    palette = QtGui.QPalette()
    for role, value in (
        (QtGui.QPalette.ColorRole.Window, "#2b2b2b"),
        (QtGui.QPalette.ColorRole.WindowText, "#e8e8e8"),
    ):
        palette.setColor(role, QtGui.QColor(value))
    return palette


def luminance(colour: QtGui.QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + (0.0722 * channel(colour.blueF()))
    )


def contrast(a: QtGui.QColor, b: QtGui.QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def dark_app(qtbot: QtBot) -> Iterator[QtGui.QPalette]:
    app = QtWidgets.QApplication.instance()
    assert isinstance(app, QtWidgets.QApplication)
    before = app.palette()
    app.setPalette(dark())
    yield app.palette()
    app.setPalette(before)


def test_messages_are_readable_in_a_dark_palette(dark_app: QtGui.QPalette) -> None:
    window = dark_app.color(QtGui.QPalette.ColorRole.Window)
    label = error_label("anError")
    for style in (label.styleSheet(), error_style(), good_style()):
        (colour,) = re.findall(r"color: (#[0-9a-f]{6})", style)
        assert contrast(QtGui.QColor(colour), window) >= 4.5, style
    light = QtGui.QColor("#efefef")
    for style in (error_style(QtGui.QPalette(light)), good_style(QtGui.QPalette(light))):
        (colour,) = re.findall(r"color: (#[0-9a-f]{6})", style)
        assert contrast(QtGui.QColor(colour), light) >= 4.5, style


def test_the_chosen_agreement_is_said_once(
    qtbot: QtBot, page: RecordsPage, session: VaultSession
) -> None:
    ids = [clients.create_client(session, n) for n in ("Mr Smith", "Mrs Smith")]
    case_id = cases.create_case(session, "couple", "Couple work", ids)
    said = cases.POLICIES["individual_private"]
    cases.record_agreement(
        session,
        case_id,
        policy="individual_private",
        text=said,
        agreed_on={c: date(2025, 1, 6) for c in ids},
    )
    opened = page.open_client(ids[0])
    assert opened is not None
    label = opened.findChild(QtWidgets.QLabel, f"agreementText_{case_id}")
    assert label is not None
    assert label.text().count(said.rstrip(".")) == 1
    assert "#" not in label.styleSheet()  # the theme's colours, not fixed light ones

    dialog = page.record_agreement(case_id)
    assert isinstance(dialog, AgreementDialog)
    form = dialog.form
    shown = [form.policy_combo.currentText()]
    if form.policy_hint.isVisibleTo(dialog):
        shown.append(form.policy_hint.text())
    assert sum(s.rstrip(".") == said.rstrip(".") for s in shown) == 1
    # A policy with an explanation shows it beside its short name, once.
    form.policy_combo.setCurrentIndex(list(cases.POLICIES).index("no_secrets") + 1)
    assert form.policy_combo.currentText() == "No secrets"
    assert form.policy_hint.text().startswith("What one participant tells")
    dialog.reject()
