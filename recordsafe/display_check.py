"""Before Qt starts on Linux: can it open a window here at all?

Qt aborts the whole process (a core dump, exit 134) when its X11 platform plugin cannot
load a system library or cannot reach a display, and its own message names the wrong
package. This check runs first, without Qt: it asks the dynamic loader (`ldd`) which
libraries the xcb plugin lacks and whether a display answers, and returns a plain
message naming the packages to install (Debian/Ubuntu and Fedora) instead.
Other systems, and Qt's headless platforms (offscreen, minimal, …), are not checked.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

# Platforms that need no display server (tests, kiosks, remote viewers).
HEADLESS = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}

# Library (soname without its version) → (Debian/Ubuntu package, Fedora package).
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util": ("libxcb-util1", "xcb-util"),
    "libxcb-randr": ("libxcb-randr0", "libxcb"),
    "libxcb-render": ("libxcb-render0", "libxcb"),
    "libxcb-shape": ("libxcb-shape0", "libxcb"),
    "libxcb-shm": ("libxcb-shm0", "libxcb"),
    "libxcb-sync": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinput": ("libxcb-xinput0", "libxcb"),
    "libxcb-glx": ("libxcb-glx0", "libxcb"),
    "libxcb": ("libxcb1", "libxcb"),
    "libX11-xcb": ("libx11-xcb1", "libX11-xcb"),
    "libX11": ("libx11-6", "libX11"),
    "libxkbcommon-x11": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon": ("libxkbcommon0", "libxkbcommon"),
    "libEGL": ("libegl1", "libglvnd-egl"),
    "libGL": ("libgl1", "libglvnd-glx"),
    "libOpenGL": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig": ("libfontconfig1", "fontconfig"),
    "libfreetype": ("libfreetype6", "freetype"),
    "libdbus-1": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0": ("libglib2.0-0", "glib2"),
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def check_display(
    environ: Mapping[str, str] | None = None, plugins: Path | None = None
) -> str | None:
    """None when Qt can open a window here; otherwise what to tell the user."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    requested = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip().lower()
    if requested in HEADLESS:
        return None
    if requested == "wayland" or (not requested and env.get("WAYLAND_DISPLAY")):
        if _wayland_answers(env):
            return None  # Qt's Wayland plugin; xcb is only its fallback
        if requested == "wayland":
            return no_display_message(env)
    if not env.get("DISPLAY"):
        return no_display_message(env)
    folder = plugins if plugins is not None else _platform_plugins()
    plugin = folder / "libqxcb.so" if folder is not None else None
    if plugin is None or not plugin.is_file():
        return None  # an unusual build: let Qt speak for itself
    missing = missing_libraries(plugin)
    if missing:
        return missing_libraries_message(missing)
    if not _x11_answers(env):
        return no_display_message(env)
    return None


def missing_libraries(library: Path) -> list[str]:
    """The shared libraries `library` needs (directly or not) that the loader cannot find."""
    ldd = shutil.which("ldd")
    if ldd is None:
        try:
            ctypes.CDLL(str(library))
        except OSError as exc:  # names the first library it could not load
            first = str(exc).split(":", 1)[0].strip()
            return [first] if first.startswith("lib") else [library.name]
        return []
    try:
        out = subprocess.run(
            [ldd, str(library)], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []  # cannot tell: let Qt try
    return sorted(set(_NOT_FOUND.findall(out)))


def missing_libraries_message(missing: list[str]) -> str:
    debian, fedora = _packages(missing)
    lines = [
        "RecordSafe cannot open its window: Qt needs system libraries that are not installed",
        f"({', '.join(missing)}).",
        "Install them, then start RecordSafe again:",
        "",
        f"    Debian/Ubuntu:  sudo apt install {' '.join(debian)}",
        f"    Fedora:         sudo dnf install {' '.join(fedora)}",
        "",
        "Nothing was changed. The command-line tasks (recordsafe --help) work without them.",
    ]
    return "\n".join(lines)


def no_display_message(env: Mapping[str, str]) -> str:
    where = env.get("WAYLAND_DISPLAY") or env.get("DISPLAY")
    reason = (
        f"the display '{where}' does not answer"
        if where
        else "no display was found (DISPLAY and WAYLAND_DISPLAY are not set)"
    )
    return (
        f"RecordSafe cannot open its window: {reason}.\n"
        "Start it from your desktop session (or over SSH with X forwarding, ssh -X).\n"
        "Nothing was changed. The command-line tasks (recordsafe --help) work without a display."
    )


def _packages(missing: list[str]) -> tuple[list[str], list[str]]:
    debian: list[str] = []
    fedora: list[str] = []
    for soname in missing:
        base = soname.split(".so", 1)[0]
        deb, fed = PACKAGES.get(base, (f"(the package holding {soname})",) * 2)
        for chosen, package in ((debian, deb), (fedora, fed)):
            if package not in chosen:
                chosen.append(package)
    return debian, fedora


def _platform_plugins() -> Path | None:
    try:
        import PySide6  # noqa: PLC0415 (the package only: no Qt library is loaded yet)
    except ImportError:
        return None
    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms"


def _x11_answers(env: Mapping[str, str]) -> bool:
    """Whether an X server accepts a connection at DISPLAY (libxcb, as Qt would)."""
    display = env.get("DISPLAY")
    if not display:
        return False
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # cannot ask; the library check above would have named it
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)


def _wayland_answers(env: Mapping[str, str]) -> bool:
    name = env.get("WAYLAND_DISPLAY") or "wayland-0"
    socket = Path(name) if name.startswith("/") else Path(env.get("XDG_RUNTIME_DIR", "")) / name
    return bool(env.get("XDG_RUNTIME_DIR") or name.startswith("/")) and socket.exists()
