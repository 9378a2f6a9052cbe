"""The Emergency Kit PDF: parses, fits on a page or two, carries the code, written atomically."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from recordsafe.outputs.pdf_layout import path_lines
from recordsafe.resources import resource_path
from recordsafe.vault import StorageError
from recordsafe.vault.codes import new_code
from recordsafe.vault.emergency_kit import render_emergency_kit, write_emergency_kit

NAME = "Praxis Łódź — Renée Müller"


def pdf_text(pdf: bytes) -> str:
    """Text of the PDF as a reader sees it, via poppler's pdftotext.

    The kit embeds subset TTFs, so its content streams hold glyph numbers, not letters:
    reading them with pikepdf would need the ToUnicode maps, which is pdftotext's job.
    """
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def test_kit_parses_and_holds_the_code_and_the_instructions(tmp_path: Path) -> None:
    code = new_code()
    folder = tmp_path / "Praxis Łódź.rsvault"
    pdf = render_emergency_kit(
        vault_name=NAME, vault_folder=folder, recovery_code=code, made=dt.date(2026, 3, 9)
    )
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert 1 <= len(doc.pages) <= 2
        assert str(doc.docinfo["/Title"]) == "RecordSafe Emergency Kit"
    text = pdf_text(pdf)
    assert code in text
    assert NAME in text  # diacritics survive: the Unicode TTF is embedded
    # A long path (any TMPDIR) is broken over lines: after a separator where it can,
    # so the vault's own name stays whole (a single name wider than the line is cut).
    assert str(folder) in text.replace("\n", "")
    assert "Praxis Łódź.rsvault" in text
    assert "9 March 2026" in text
    assert "Forgot passphrase? Use recovery code" in text
    assert "recordsafe recover" in text
    assert "rotate the vault key" in text
    assert "locked drawer" in text


def test_kit_uses_the_bundled_fonts() -> None:
    assert resource_path("fonts", "DejaVuSans.ttf").is_file()
    assert resource_path("fonts", "DejaVuSansMono.ttf").is_file()
    pdf = render_emergency_kit(vault_name="A", vault_folder=Path("A"), recovery_code=new_code())
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        fonts = {str(font.BaseFont) for page in doc.pages for font in page.Resources.Font.values()}
    assert any("DejaVuSansMono" in f for f in fonts), fonts


def test_kit_refuses_a_secret_that_is_not_a_recovery_code(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="recovery code"):
        render_emergency_kit(
            vault_name="A", vault_folder=tmp_path, recovery_code="harbour lantern quietly"
        )


def test_write_replaces_the_target_atomically_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "kit.pdf"
    target.write_bytes(b"an older kit")
    code = new_code()
    write_emergency_kit(target, vault_name=NAME, vault_folder=tmp_path, recovery_code=code)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit.pdf"]
    assert target.read_bytes().startswith(b"%PDF-")
    assert code in pdf_text(target.read_bytes())
    if os.name != "nt":
        assert target.stat().st_mode & 0o077 == 0  # the code is a secret: owner-only file


def test_write_into_a_missing_folder_is_a_storage_error(tmp_path: Path) -> None:
    target = tmp_path / "gone" / "kit.pdf"
    with pytest.raises(StorageError, match="Emergency Kit"):
        write_emergency_kit(
            target, vault_name=NAME, vault_folder=tmp_path, recovery_code=new_code()
        )
    assert not target.parent.exists()


def test_resources_are_found_inside_a_pyinstaller_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("fonts", "DejaVuSans.ttf") == tmp_path / "resources/fonts/DejaVuSans.ttf"


def test_a_long_folder_path_breaks_only_after_separators() -> None:
    folder = "/" + "/".join(["Practice records kept here"] * 6) + "/Praxis Łódź.rsvault"
    lines = path_lines(folder, "Helvetica", 10, 200)
    assert len(lines) > 1 and "".join(lines) == folder
    assert all(line.endswith("/") for line in lines[:-1])
    assert lines[-1] == "Praxis Łódź.rsvault"
