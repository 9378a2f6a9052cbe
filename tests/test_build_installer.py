"""build_installer.py --dry-run: lists the bundle and refuses when a resource is missing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import build_installer
import recordsafe

ROOT = Path(__file__).resolve().parents[1]


def test_dry_run_lists_the_bundle_and_passes() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "build_installer.py"), "--dry-run"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "resources/fonts/DejaVuSansMono.ttf" in done.stdout
    assert "resources/icons/recordsafe.png" in done.stdout
    assert "sqlcipher3" in done.stdout


def test_dry_run_fails_when_a_required_resource_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "recordsafe").mkdir()
    shutil.copy(ROOT / "recordsafe" / "__init__.py", tmp_path / "recordsafe" / "__init__.py")
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    (tmp_path / "resources" / "fonts" / "DejaVuSansMono.ttf").unlink()
    assert build_installer.main(["--dry-run"], root=tmp_path) == 1
    assert (
        "MISSING required resource: resources/fonts/DejaVuSansMono.ttf" in capsys.readouterr().err
    )


def test_every_required_resource_is_in_the_repository() -> None:
    assert build_installer.missing_resources(ROOT) == []


def test_version_comes_from_the_package() -> None:
    assert build_installer.version(ROOT) == recordsafe.__version__
