"""First start on Linux: a missing system library or display is a plain message and exit 1,
never Qt's abort (exit 134, a core dump) with a message that names the wrong package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from recordsafe import display_check
from recordsafe.display_check import check_display, missing_libraries

ROOT = Path(__file__).resolve().parents[2]

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


def real_xcb_plugin() -> Path | None:
    folder = display_check._platform_plugins()
    plugin = folder / "libqxcb.so" if folder else None
    return plugin if plugin and plugin.is_file() else None


@pytest.fixture
def plugin_lacking_a_library(tmp_path: Path) -> Path:
    """A copy of Qt's xcb plugin that needs a library no system has (one byte of its
    needed-library name changed), beside the real Qt libraries it loads."""
    real = real_xcb_plugin()
    if real is None or shutil.which("ldd") is None:
        pytest.skip("no xcb plugin or no ldd here")
    qt = tmp_path / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "lib").symlink_to(real.parents[2] / "lib")  # the plugin finds Qt at ../../lib
    data = real.read_bytes()
    assert data.count(b"libxcb-cursor.so.0\0") == 1
    copy = qt / "plugins" / "platforms" / "libqxcb.so"
    copy.write_bytes(data.replace(b"libxcb-cursor.so.0\0", b"libxcb-cursor.so.9\0"))
    return copy.parent


@linux_only
def test_without_any_display_the_app_says_so_and_exits_1(tmp_path: Path) -> None:
    """Before: Qt aborted the process (exit 134)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    env.update(
        HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_DATA_HOME=str(tmp_path / "d")
    )
    result = subprocess.run(
        [sys.executable, "-m", "recordsafe", "--demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "no display was found" in result.stderr
    assert "Traceback" not in result.stderr and "qt.qpa" not in result.stderr
    assert not (tmp_path / "d").exists()  # nothing was made: no demo vault


@linux_only
def test_a_missing_library_names_its_packages(plugin_lacking_a_library: Path) -> None:
    message = check_display({"DISPLAY": ":0"}, plugins=plugin_lacking_a_library)
    assert message is not None
    assert "libxcb-cursor.so.9" in message
    assert "sudo apt install" in message and "libxcb-cursor0" in message
    assert "sudo dnf install" in message and "xcb-util-cursor" in message


@linux_only
def test_missing_libraries_reads_the_loaders_answer(plugin_lacking_a_library: Path) -> None:
    assert "libxcb-cursor.so.9" in missing_libraries(plugin_lacking_a_library / "libqxcb.so")


@linux_only
def test_a_display_that_does_not_answer(tmp_path: Path) -> None:
    plugin = real_xcb_plugin()
    if plugin is None or missing_libraries(plugin):
        pytest.skip("Qt's xcb plugin cannot load here: covered by the missing-library test")
    unused = next(n for n in range(900, 999) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    message = check_display({"DISPLAY": f":{unused}"})
    assert message is not None and "does not answer" in message


@pytest.mark.parametrize("platform", ["offscreen", "minimal", "vnc:size=800x600"])
def test_headless_platforms_are_never_refused(platform: str) -> None:
    assert check_display({"QT_QPA_PLATFORM": platform}) is None


def test_other_systems_are_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert check_display({}) is None


def test_a_wayland_session_with_its_socket_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "wayland-1").touch()
    env = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path)}
    if sys.platform.startswith("linux"):
        assert check_display(env) is None
