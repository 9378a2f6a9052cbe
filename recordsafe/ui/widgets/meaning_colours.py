"""The one place for colours that carry meaning (error, warning, caution, ok, info).

Each meaning has a tone for a light window and a lighter one for a dark window (each at
least 4.5:1 against its window), chosen from the palette in use when the style is asked
for. Colours are set on the widgets themselves (nothing may depend on the style sheet file
being found), and a widget's own style sheet overrides app-dark.qss, so every window asks
here rather than writing a colour of its own (tests/ui/test_meaning_colours.py checks).
Neutral text (secondary, hints) takes the palette's own colours: see `muted`.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from recordsafe.ui.qt import QtGui

Meaning = Literal["error", "warning", "caution", "ok"]
BoxMeaning = Literal["error", "caution", "ok", "info"]

# meaning: (on a light window, on a dark window)
TONES: dict[str, tuple[str, str]] = {
    "error": ("#b3261e", "#ff8a80"),  # something failed or is refused
    "warning": ("#9a2a00", "#ffab91"),  # something needs the practitioner's attention
    "caution": ("#8a5a00", "#ffcc80"),  # amber: soon due, needs an action, demo
    "ok": ("#1b5e20", "#a5d6a7"),  # done, checked, allowed
}


class Box(NamedTuple):
    """A message drawn as a box: its own background, so its text colour goes with it."""

    background: str
    border: str
    text: str


# meaning: (on a light window, on a dark window); a dark window gets a dark box, so a
# banner does not glare at night and its text stays readable.
BOXES: dict[str, tuple[Box, Box]] = {
    "error": (Box("#fde8e4", "#d9826f", "#6b1a0e"), Box("#3d1712", "#b3261e", "#ffd9d3")),
    "caution": (Box("#fff4d6", "#e0b44c", "#3d2f00"), Box("#3a2d08", "#b7791f", "#ffe7ad")),
    "ok": (Box("#e6f4ea", "#7cb98f", "#174d2a"), Box("#13301d", "#4c8c5f", "#c8ecd3")),
    "info": (Box("#eef4fb", "#b9cde5", "#1d2b3a"), Box("#17263a", "#4a6a8f", "#d6e6f7")),
}


def _palette(palette: QtGui.QPalette | None) -> QtGui.QPalette:
    return palette if palette is not None else QtGui.QGuiApplication.palette()


def is_dark(palette: QtGui.QPalette | None = None) -> bool:
    """Whether windows are drawn dark: the window darker than its text (a dark theme)."""
    shown = _palette(palette)
    window = shown.color(QtGui.QPalette.ColorRole.Window).lightness()
    return window < shown.color(QtGui.QPalette.ColorRole.WindowText).lightness()


def colour(meaning: Meaning, palette: QtGui.QPalette | None = None) -> str:
    """The text colour of a meaning (#rrggbb) for the palette in use."""
    light, dark = TONES[meaning]
    return dark if is_dark(palette) else light


def brush(meaning: Meaning, palette: QtGui.QPalette | None = None) -> QtGui.QBrush:
    """For a model's ForegroundRole."""
    return QtGui.QBrush(QtGui.QColor(colour(meaning, palette)))


def muted(palette: QtGui.QPalette | None = None) -> str:
    """Secondary text (a heading above a snippet, a label in a table): the theme's own."""
    return _palette(palette).color(QtGui.QPalette.ColorRole.PlaceholderText).name()


def text_style(
    meaning: Meaning, *, bold: bool = False, palette: QtGui.QPalette | None = None
) -> str:
    """A label's style sheet: its text in the meaning's colour."""
    weight = " font-weight: 600;" if bold else ""
    return f"QLabel {{ color: {colour(meaning, palette)};{weight} }}"


def box_colours(meaning: BoxMeaning, palette: QtGui.QPalette | None = None) -> Box:
    light, dark = BOXES[meaning]
    return dark if is_dark(palette) else light


def box_style(
    meaning: BoxMeaning,
    *,
    padding: int = 6,
    bold: bool = False,
    palette: QtGui.QPalette | None = None,
) -> str:
    """A label drawn as a box (a warning under a field, a result, a banner of one label)."""
    box = box_colours(meaning, palette)
    weight = " font-weight: 600;" if bold else ""
    return (
        f"QLabel {{ background: {box.background}; color: {box.text};"
        f" border: 1px solid {box.border}; border-radius: 4px; padding: {padding}px;{weight} }}"
    )


def frame_style(name: str, meaning: BoxMeaning, palette: QtGui.QPalette | None = None) -> str:
    """A frame named `name` drawn as a box, with the labels inside it in the box's text."""
    box = box_colours(meaning, palette)
    return (
        f"#{name} {{ background: {box.background}; border: 1px solid {box.border};"
        f" border-radius: 4px; }} #{name} QLabel {{ color: {box.text}; }}"
    )
