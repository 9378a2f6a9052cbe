"""docs/screenshots.py still opens every screen of the user guide, and the guide shows them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "docs" / "screenshots.py"
GUIDE = ROOT / "docs" / "user-guide.md"


def screen_names() -> list[str]:
    """The names in SCREENS, read from the script's text (importing it would restyle the
    test run's QApplication)."""
    block = SCRIPT.read_text(encoding="utf-8").split("SCREENS:", 1)[1].split("\n]\n", 1)[0]
    return re.findall(r'^\s+\("([a-z0-9-]+)",', block, flags=re.MULTILINE)


def test_every_screen_opens() -> None:
    # A process of its own: the script sets fonts, style and palette application-wide.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    names = screen_names()
    assert len(names) >= 18
    assert f"{len(names)} screens checked: {', '.join(names)}" in done.stdout


def test_the_guide_shows_every_generated_picture() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for name in screen_names():
        assert (ROOT / "docs" / "images" / f"{name}.png").is_file(), name
        assert f"images/{name}.png" in guide, name
    for section in (
        "Releasing records",
        "If you close your practice (custodian)",
        "If something goes wrong (breach)",
    ):
        assert f"## {section}" in guide, section
