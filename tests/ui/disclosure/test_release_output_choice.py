"""Issue 16 (walker 40, 45): the last step's two choice pairs, clicked for real in every
order. Exactly one of Save / Print is ticked, the button says what it will do, and the
release goes where the ticked choice says."""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.ui.disclosure import printing
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.ui.qt import Qt, QtCore, QtPrintSupport, QtWidgets
from tests.disclosure.conftest import give_consent
from tests.ui.disclosure.conftest import World, fill_request, open_dialog
from tests.ui.print_device import PrinterDevice


def click(qtbot: QtBot, radio: QtWidgets.QRadioButton) -> None:
    """A real click on the radio button's indicator, as a user would."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QtCore.QPoint(8, radio.height() // 2))


def to_output(qtbot: QtBot, world: World) -> ReleaseDialog:
    give_consent(world.session, world.clients["ada"])
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    fill_request(dialog)
    dialog.next()
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.output_page
    return dialog


def radios(dialog: ReleaseDialog) -> dict[str, QtWidgets.QRadioButton]:
    page = dialog.output_page
    return {
        "save": page.save_radio,
        "print": page.print_radio,
        "generate": page.password_page.generate_radio,
        "choose": page.password_page.choose_radio,
    }


def test_each_pair_has_exactly_one_choice_in_every_click_order(qtbot: QtBot, world: World) -> None:
    dialog = to_output(qtbot, world)
    buttons = radios(dialog)
    for order in permutations(buttons):
        for name in (*order, *reversed(order)):
            before = {key: radio.isChecked() for key, radio in buttons.items()}
            click(qtbot, buttons[name])
            if buttons[name].isEnabled():
                assert buttons[name].isChecked(), name
            else:  # the password pair, greyed out while Print is chosen
                assert {key: radio.isChecked() for key, radio in buttons.items()} == before
            assert buttons["save"].isChecked() != buttons["print"].isChecked(), order
            assert buttons["generate"].isChecked() != buttons["choose"].isChecked(), order
            prints = buttons["print"].isChecked()
            expected = "&Release and print…" if prints else "&Release and save"
            assert dialog.next_button.text() == expected, (order, name)
            assert dialog.output_page.save_box.isEnabled() is not prints


@pytest.mark.parametrize(
    ("clicks", "prints"),
    [
        (("print", "choose", "generate", "save"), False),  # walker 45: it printed
        (("save", "choose", "print"), True),
    ],
)
def test_the_release_goes_where_the_ticked_choice_says(
    qtbot: QtBot,
    world: World,
    tmp_path: Path,
    printer_device: PrinterDevice,
    clicks: tuple[str, ...],
    prints: bool,
) -> None:
    dialog = to_output(qtbot, world)
    buttons = radios(dialog)
    for name in clicks:
        click(qtbot, buttons[name])
    target = tmp_path / "out.pdf"
    dialog.output_page.path_field.set_path(target)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    if prints:
        printer_device.press_print(qtbot)
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    assert target.exists() is not prints
    assert (printer_device.pages() >= 2) is prints
    assert bool(printer_device.made) is prints  # no print dialog when saving


def test_with_no_printer_set_up_it_says_so_before_any_print_dialog(
    qtbot: QtBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walker 49-50: with no printer, "Release and print…" opened a print dialog with an
    empty printer name. Now it says so at once, records nothing and stays on the step."""
    monkeypatch.setattr(printing, "installed_printers", list)  # the device: none set up
    dialog = to_output(qtbot, world)
    click(qtbot, radios(dialog)["print"])
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    boxes = [b for b in dialog.findChildren(QtWidgets.QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == [printing.NO_PRINTER]
    assert not dialog.findChildren(QtPrintSupport.QPrintDialog)
    assert dialog.disclosure_id is None
    assert int(world.session.db.scalar("SELECT count(*) FROM disclosures")) == 0
    assert dialog.stack.currentWidget() is dialog.output_page
    boxes[0].accept()
