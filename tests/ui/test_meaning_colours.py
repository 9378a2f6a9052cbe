"""Colours that carry meaning come from one module and stay readable on a dark window.

A red written into a dialog is fixed for a light window: on a dark theme it is dark red on
dark grey. So no module of ui/ writes a colour of its own (the grep below), and a real
window shown with a dark palette gets the light tones.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.ui.backup.backup_now_dialog import BackupNowDialog
from recordsafe.ui.qt import QtGui, QtWidgets
from recordsafe.ui.widgets import meaning_colours
from recordsafe.ui.widgets.meaning_colours import BOXES, TONES
from recordsafe.vault import VaultSession

UI = Path(__file__).resolve().parents[2] / "recordsafe" / "ui"
THE_ONE = UI / "widgets" / "meaning_colours.py"

# A colour written in a string: #rgb, #rrggbb, #rrggbbaa, rgb(...), or a named colour in
# a style sheet ("color: red"); palette(...) is the theme's own and fine.
HEX = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
CSS_NAMED = re.compile(
    r"(?:color|background(?:-color)?|border[a-z-]*)\s*:[^;{}]*?\b(?!palette\b)"
    r"(red|green|orange|yellow|blue|grey|gray|brown|maroon|darkred)\b"
)
RGB = re.compile(r"\brgba?\(")
QT_NAMED = re.compile(r"GlobalColor\.(?!transparent\b)\w+|QColor\(\s*['\"]")


def dark() -> QtGui.QPalette:
    """A dark theme's palette, as Fusion's dark scheme draws it."""
    palette = QtGui.QPalette()
    for role, value in (
        (QtGui.QPalette.ColorRole.Window, "#2b2b2b"),
        (QtGui.QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QtGui.QPalette.ColorRole.Base, "#1e1e1e"),
        (QtGui.QPalette.ColorRole.Text, "#e8e8e8"),
        (QtGui.QPalette.ColorRole.Button, "#353535"),
        (QtGui.QPalette.ColorRole.ButtonText, "#e8e8e8"),
        (QtGui.QPalette.ColorRole.PlaceholderText, "#a0a0a0"),
    ):
        palette.setColor(role, QtGui.QColor(value))
    return palette


def light() -> QtGui.QPalette:
    palette = QtGui.QPalette()
    palette.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor("#efefef"))
    palette.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor("#000000"))
    return palette


def luminance(colour: QtGui.QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: str | QtGui.QColor, b: str | QtGui.QColor) -> float:
    high, low = sorted((luminance(QtGui.QColor(a)), luminance(QtGui.QColor(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def style_colour(style: str) -> str:
    (colour,) = re.findall(r"(?<![-\w])color: (#[0-9a-fA-F]{6})", style)
    return colour


def string_literals(path: Path) -> Iterator[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            yield token.start[0], token.string


def test_no_module_of_ui_writes_a_colour_of_its_own() -> None:
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path == THE_ONE:
            continue
        for line, text in string_literals(path):
            if HEX.search(text) or CSS_NAMED.search(text) or RGB.search(text):
                found.append(f"{path.relative_to(UI)}:{line}: {text.strip()[:70]}")
        for number, line_text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if QT_NAMED.search(line_text):
                found.append(f"{path.relative_to(UI)}:{number}: {line_text.strip()[:70]}")
    assert not found, "ask ui/widgets/meaning_colours.py instead:\n" + "\n".join(found)


def test_the_grep_sees_what_it_looks_for(tmp_path: Path) -> None:
    """The check above finds a colour written the ways the old code wrote them."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        'A = "QLabel { color: #9a2a00; }"\n'
        "B = f\"<span style='color:#b3261e'>{x}</span>\"\n"
        'C = "QLabel { color: darkred; }"\n',
        encoding="utf-8",
    )
    texts = [text for _, text in string_literals(sample)]
    assert sum(bool(HEX.search(t) or CSS_NAMED.search(t)) for t in texts) == 3
    assert QT_NAMED.search("item.setForeground(Qt.GlobalColor.darkRed)")
    assert not QT_NAMED.search("blank.fill(Qt.GlobalColor.transparent)")
    assert not HEX.search("#breachDueBanner { }")


@pytest.mark.parametrize("meaning", sorted(TONES))
def test_every_tone_is_readable_on_its_window(meaning: str) -> None:
    light_tone, dark_tone = TONES[meaning]
    assert contrast(light_tone, light().color(QtGui.QPalette.ColorRole.Window)) >= 4.5
    assert contrast(dark_tone, dark().color(QtGui.QPalette.ColorRole.Window)) >= 4.5
    assert meaning_colours.colour(meaning, dark()) == dark_tone  # type: ignore[arg-type]
    assert meaning_colours.colour(meaning, light()) == light_tone  # type: ignore[arg-type]


@pytest.mark.parametrize("meaning", sorted(BOXES))
def test_every_box_is_readable_and_dark_on_a_dark_window(meaning: str) -> None:
    for box in BOXES[meaning]:
        assert contrast(box.text, box.background) >= 4.5
    on_dark = meaning_colours.box_colours(meaning, dark())  # type: ignore[arg-type]
    assert QtGui.QColor(on_dark.background).lightness() < 128  # no glaring box at night


@pytest.fixture
def dark_app(qapp: QtWidgets.QApplication) -> Iterator[QtGui.QPalette]:
    before = qapp.palette()
    qapp.setPalette(dark())
    yield qapp.palette()
    qapp.setPalette(before)


def test_a_window_on_a_dark_palette_says_its_error_in_a_light_red(
    qtbot: QtBot, session: VaultSession, dark_app: QtGui.QPalette
) -> None:
    dialog = BackupNowDialog(session)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.backup_button.click()  # no folder chosen: refused, in red
    colour = style_colour(dialog.result_label.styleSheet())
    window = dialog.palette().color(QtGui.QPalette.ColorRole.Window)
    assert contrast(colour, window) >= 4.5
    assert QtGui.QColor(colour).lightness() > window.lightness()
