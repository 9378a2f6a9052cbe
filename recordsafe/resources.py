"""Find files under `resources/` from a source checkout and from a PyInstaller bundle.

PyInstaller unpacks (one-folder build: places) bundled data under `sys._MEIPASS`; the
build script copies the repository's `resources/` folder there under the same name.
"""

from __future__ import annotations

import sys
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def resources_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return _SOURCE_ROOT / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource, e.g. `resource_path("fonts", "DejaVuSans.ttf")`.

    The file may not exist (a trimmed build); callers that can do without it check.
    """
    return resources_root().joinpath(*parts)


def docs_root() -> Path:
    """The folder of the user guide and its pictures (`docs/`, bundled as `docs`)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "docs"
    return _SOURCE_ROOT / "docs"
