"""The reusable widgets, driven with real key presses."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from recordsafe.ui.qt import Qt, QtWidgets
from recordsafe.ui.widgets.passphrase_field import PassphraseField
from recordsafe.ui.widgets.recovery_code_view import RecoveryCodeCheck, RecoveryCodeView
from recordsafe.ui.widgets.strength_meter import StrengthMeter
from recordsafe.vault import codes

CODE = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345"


def test_passphrase_field_hides_text_and_toggles(qtbot: QtBot) -> None:
    field = PassphraseField()
    qtbot.addWidget(field)
    qtbot.keyClicks(field.line_edit, "secret words")
    assert field.text() == "secret words"
    assert field.line_edit.echoMode() == QtWidgets.QLineEdit.EchoMode.Password
    qtbot.mouseClick(field.toggle, Qt.MouseButton.LeftButton)
    assert field.is_revealed()
    qtbot.mouseClick(field.toggle, Qt.MouseButton.LeftButton)
    assert not field.is_revealed()


def test_passphrase_field_emits_text_changed(qtbot: QtBot) -> None:
    field = PassphraseField()
    qtbot.addWidget(field)
    with qtbot.waitSignal(field.textChanged) as blocker:
        qtbot.keyClick(field.line_edit, "a")
    assert blocker.args == ["a"]


def test_caps_lock_warning_from_case_disagreeing_with_shift(qtbot: QtBot) -> None:
    field = PassphraseField()
    qtbot.addWidget(field)
    # An upper-case letter without Shift: Caps Lock is on.
    qtbot.keyClick(field.line_edit, "A")
    assert field.caps_lock_suspected
    assert not field.caps_label.isHidden()
    # Digits tell us nothing either way.
    qtbot.keyClick(field.line_edit, "5")
    assert field.caps_lock_suspected
    # A lower-case letter without Shift: Caps Lock is off.
    qtbot.keyClick(field.line_edit, "a")
    assert not field.caps_lock_suspected
    assert field.caps_label.isHidden()
    # Upper case WITH Shift is normal typing.
    qtbot.keyClick(field.line_edit, "B", Qt.KeyboardModifier.ShiftModifier)
    assert not field.caps_lock_suspected
    # Lower case with Shift held: Caps Lock is on.
    qtbot.keyClick(field.line_edit, "b", Qt.KeyboardModifier.ShiftModifier)
    assert field.caps_lock_suspected


def test_strength_meter_follows_the_field(qtbot: QtBot) -> None:
    field = PassphraseField()
    meter = StrengthMeter()
    qtbot.addWidget(field)
    qtbot.addWidget(meter)
    meter.attach(field)
    assert meter.bar.value() == 0
    assert not meter.acceptable
    qtbot.keyClicks(field.line_edit, "abc")
    assert not meter.acceptable
    assert "Very weak" in meter.label.text()
    field.clear()
    qtbot.keyClicks(field.line_edit, "harbour lantern quietly 42 mosaic")
    assert meter.acceptable
    assert meter.bar.value() == meter.strength.score + 1
    assert meter.strength.score >= 3


def test_recovery_code_view_shows_numbered_groups(qtbot: QtBot) -> None:
    view = RecoveryCodeView(CODE)
    qtbot.addWidget(view)
    assert view.shown_groups() == CODE.split("-")
    assert view.code() == CODE


def test_recovery_code_check_needs_both_groups(qtbot: QtBot) -> None:
    check = RecoveryCodeCheck(CODE, groups=(2, 5))
    qtbot.addWidget(check)
    assert not check.is_correct()
    with qtbot.waitSignal(check.changed):
        qtbot.keyClicks(check.inputs[0], "efgh")  # case does not matter
    assert not check.is_correct()
    qtbot.keyClicks(check.inputs[1], "TVWY")
    assert not check.is_correct()
    assert "does not match" in check.status.text()
    check.inputs[1].clear()
    qtbot.keyClicks(check.inputs[1], "TVWX")
    assert check.is_correct()


def test_recovery_code_check_picks_two_distinct_groups() -> None:
    for _ in range(50):
        check = RecoveryCodeCheck(codes.new_code())
        first, second = check.groups
        assert 1 <= first < second <= codes.GROUPS
        check.deleteLater()
