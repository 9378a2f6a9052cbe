"""Build RecordSafe as a PyInstaller one-folder app, then smoke-run it.

    python build_installer.py            build dist/RecordSafe/, run it with --self-test
    python build_installer.py --dry-run  list what would be bundled, check it all exists

The build bundles `resources/` (fonts, icons, styles, templates) next to the code, where
`recordsafe.resources.resource_path` finds it (`sys._MEIPASS/resources`), and the sqlcipher3
extension with its statically linked SQLCipher. On Linux the app keeps a console so the
self-test can print, and a `recordsafe.desktop` file is written next to the executable.
The X11 system libraries Qt's xcb plugin loads (libxcb-cursor0, libxcb-icccm4, …) are
not bundled: they belong to the desktop. The built app runs `recordsafe.display_check`
before Qt starts, as `recordsafe` does, and names the packages to install instead of
aborting; after a build, the libraries this machine lacks are listed.
Exit status: 0 built and self-tested (or dry run fine), 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
APP_NAME = "RecordSafe"
# Files the app cannot do without; the rest of resources/ is bundled as found.
REQUIRED_RESOURCES = (
    "fonts/DejaVuSans.ttf",
    "fonts/DejaVuSans-Bold.ttf",
    "fonts/DejaVuSansMono.ttf",
    "fonts/LICENSE-DejaVu.txt",
    "icons/recordsafe.svg",
    "icons/recordsafe.png",
    "styles/app.qss",
    "templates/confidentiality-handout.md",
    # The letters the practice sends (notices must be writable on the worst day).
    "letters/closure-notice.md",
    "letters/breach-notice.md",
    "letters/own-records-ready.md",
)
COLLECT_BINARIES = ("sqlcipher3",)
COLLECT_SUBMODULES = ("recordsafe", "sqlcipher3")
# Large things nothing in RecordSafe uses; the app never opens a network connection.
EXCLUDE = (
    "tkinter",
    "pytest",
    "hypothesis",
    "mypy",
    "PySide6.QtNetwork",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.Qt3DCore",
)
LAUNCHER = '''"""The built app's entry point: the same `main` as the `recordsafe` command."""

import sys

from recordsafe.cli import main

if __name__ == "__main__":
    sys.exit(main())
'''


def version(root: Path) -> str:
    """`recordsafe.__version__`, read from the source so a build never imports the app."""
    for line in (root / "recordsafe" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("recordsafe/__init__.py has no __version__")


def bundled_resources(root: Path) -> list[Path]:
    folder = root / "resources"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def missing_resources(root: Path) -> list[str]:
    return [name for name in REQUIRED_RESOURCES if not (root / "resources" / name).is_file()]


def pyinstaller_args(root: Path, launcher: Path, work: Path, dist: Path) -> list[str]:
    args = [
        "--noconfirm",
        "--clean",
        "--onedir",
        "--name",
        APP_NAME,
        "--distpath",
        str(dist),
        "--workpath",
        str(work / "pyinstaller"),
        "--specpath",
        str(work),
        "--paths",
        str(root),
        "--add-data",
        f"{root / 'resources'}{os.pathsep}resources",
        # Help ▸ User guide reads the guide and its pictures (recordsafe.resources.docs_root).
        "--add-data",
        f"{root / 'docs' / 'user-guide.md'}{os.pathsep}docs",
        "--add-data",
        f"{root / 'docs' / 'images'}{os.pathsep}docs/images",
        # Linux keeps its console so `RecordSafe --self-test` prints; elsewhere a GUI app.
        "--console" if sys.platform.startswith("linux") else "--windowed",
    ]
    icon = root / "resources" / "icons" / "recordsafe.png"
    if not sys.platform.startswith("linux") and icon.is_file():
        args += ["--icon", str(icon)]  # PyInstaller converts it (needs Pillow)
    for name in COLLECT_BINARIES:
        args += ["--collect-binaries", name]
    for name in COLLECT_SUBMODULES:
        args += ["--collect-submodules", name]
    for name in EXCLUDE:
        args += ["--exclude-module", name]
    return [*args, str(launcher)]


def executable(dist: Path) -> Path:
    suffix = ".exe" if os.name == "nt" else ""
    if sys.platform == "darwin" and (dist / f"{APP_NAME}.app").is_dir():
        return dist / f"{APP_NAME}.app" / "Contents" / "MacOS" / APP_NAME
    return dist / APP_NAME / f"{APP_NAME}{suffix}"


def folder_size_mb(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1_000_000


def write_desktop_file(app_dir: Path, ver: str) -> Path:
    """A freedesktop launcher; a packager rewrites the absolute paths on install."""
    icon = app_dir / "_internal" / "resources" / "icons" / "recordsafe.png"
    desktop = app_dir / "recordsafe.desktop"
    desktop.write_text(
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "GenericName=Client records\n"
        "Comment=Offline, encrypted client records for solo practitioners\n"
        "Version=1.0\n"
        f"X-RecordSafe-Version={ver}\n"
        f'Exec="{app_dir / APP_NAME}"\n'
        f"Icon={icon}\n"
        "Terminal=false\n"
        "Categories=Office;\n"
        "StartupWMClass=RecordSafe\n",
        encoding="utf-8",
    )
    return desktop


def self_test(exe: Path) -> tuple[bool, float]:
    """Run the built app's own self-test with a real (calibrated) KDF, without a display."""
    env = {k: v for k, v in os.environ.items() if k not in {"RECORDSAFE_TEST_KDF", "PYTHONPATH"}}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    done = subprocess.run([str(exe), "--self-test"], env=env, timeout=300, check=False)
    return done.returncode == 0, time.perf_counter() - started


def dry_run(root: Path) -> int:
    ver = version(root)
    print(f"{APP_NAME} {ver}: PyInstaller one-folder build (dry run, nothing built)")
    print("  entry point: a launcher calling recordsafe.cli.main")
    print(f"  console: {'yes (Linux)' if sys.platform.startswith('linux') else 'no (windowed)'}")
    print(f"  collect binaries: {', '.join(COLLECT_BINARIES)}")
    print(f"  collect submodules: {', '.join(COLLECT_SUBMODULES)}")
    print(f"  exclude: {', '.join(EXCLUDE)}")
    print("  system libraries (Linux): not bundled; checked at start by recordsafe.display_check")
    files = bundled_resources(root)
    print(f"  resources ({len(files)} files):")
    for path in files:
        print(f"    {path.relative_to(root).as_posix()}")
    missing = missing_resources(root)
    for name in missing:
        print(f"MISSING required resource: resources/{name}", file=sys.stderr)
    if missing:
        return 1
    print("All required resources are present.")
    return 0


def build(root: Path) -> int:
    missing = missing_resources(root)
    if missing:
        for name in missing:
            print(f"MISSING required resource: resources/{name}", file=sys.stderr)
        return 1
    ver = version(root)
    work = root / "build"
    dist = root / "dist"
    work.mkdir(exist_ok=True)
    launcher = work / "recordsafe_launcher.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    print(f"Building {APP_NAME} {ver} with PyInstaller (this takes a few minutes)…", flush=True)
    started = time.perf_counter()
    command = [sys.executable, "-m", "PyInstaller", *pyinstaller_args(root, launcher, work, dist)]
    if subprocess.run(command, cwd=root, check=False).returncode != 0:
        print("PyInstaller failed; see its output above.", file=sys.stderr)
        return 1
    build_seconds = time.perf_counter() - started
    app_dir = dist / APP_NAME
    if sys.platform.startswith("linux"):
        print(f"Wrote {write_desktop_file(app_dir, ver)}")
    exe = executable(dist)
    print(f"Running {exe} --self-test …", flush=True)
    passed, seconds = self_test(exe)
    print()
    print(f"build time:     {build_seconds:6.1f} s")
    print(f"build size:     {folder_size_mb(app_dir):6.1f} MB  ({app_dir})")
    print(f"self-test time: {seconds:6.2f} s  ({'passed' if passed else 'FAILED'})")
    report_system_libraries(app_dir)
    return 0 if passed else 1


def report_system_libraries(app_dir: Path) -> None:
    """What the bundled xcb plugin needs that this machine lacks (the app says it at start)."""
    plugins = list(app_dir.rglob("plugins/platforms/libqxcb.so"))
    if not sys.platform.startswith("linux") or not plugins:
        return
    from recordsafe.display_check import missing_libraries  # noqa: PLC0415

    missing = missing_libraries(plugins[0])
    print(f"system libs:    {', '.join(missing) if missing else 'all present on this machine'}")


def main(argv: list[str] | None = None, *, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description="Build the RecordSafe one-folder app.")
    parser.add_argument(
        "--dry-run", action="store_true", help="list what would be bundled; build nothing"
    )
    args = parser.parse_args(argv)
    return dry_run(root) if args.dry_run else build(root)


if __name__ == "__main__":
    sys.exit(main())
