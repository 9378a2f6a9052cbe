"""The release PDF: encrypted (AES-256), cover sheet, exactly the chosen items, footers."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from recordsafe.disclosure import release_pdf
from recordsafe.disclosure.release_pdf import CoverInfo, ReleaseItem, render_release_pdf
from recordsafe.outputs.encryption import encrypt_pdf, generate_password
from recordsafe.outputs.staged import remove_release, write_release
from recordsafe.vault import StorageError
from recordsafe.vault.codes import ALPHABET

PASSWORD = "lantern-harbour-7"
RELEASED = dt.date(2026, 11, 26)
BODY = (
    "Client described sleeping better since the last session and practised the breathing "
    "exercise twice daily. We reviewed the safety plan; no current risk indicators. "
)

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def cover(**changes: Any) -> CoverInfo:
    values: dict[str, Any] = {
        "recipient": "Dr. Amélie Durand",
        "recipient_address": "12 Harbour Road\nPortland, ME 04101",
        "purpose": "continuity of care",
        "practice_name": "Harbour Counselling",
        "practitioner": "Jo Rivera, LCSW",
        "released_on": RELEASED,
        "client_label": "Zoë Okafor",
    }
    values.update(changes)
    return CoverInfo(**values)


def note(n: int, paragraphs: int = 3) -> ReleaseItem:
    body = "\n\n".join(f"Canary{n}x{p}. " + BODY * 3 for p in range(paragraphs))
    return ReleaseItem(f"Session note {n}", f"2026-03-{n:02d}", "Progress note", body)


def decrypt(data: bytes, password: str = PASSWORD) -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data), password=password) as pdf:
        pdf.save(out)
    return out.getvalue()


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with whitespace collapsed (so a wrapped footer reads as one line)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [" ".join(page.split()) for page in pages]


def release(items: list[ReleaseItem], info: CoverInfo | None = None) -> bytes:
    return encrypt_pdf(render_release_pdf(items, info or cover()), PASSWORD)


# --- encryption ---------------------------------------------------------------------------


def test_the_release_opens_with_its_password_and_is_aes_256() -> None:
    data = release([note(1)])
    with pikepdf.open(io.BytesIO(data), password=PASSWORD) as pdf:
        assert pdf.is_encrypted
        assert pdf.encryption.R == 6
        assert pdf.encryption.bits == 256
        assert pdf.encryption.stream_method.name == "aesv3"
        assert pdf.encryption.string_method.name == "aesv3"
        assert len(pdf.pages) >= 2


@pytest.mark.parametrize("password", ["", "wrong password"])
def test_the_release_does_not_open_without_its_password(password: str) -> None:
    data = release([note(1)])
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(data), password=password)


def test_the_encrypted_bytes_hold_no_plaintext() -> None:
    plain = render_release_pdf([note(1)], cover())
    data = encrypt_pdf(plain, PASSWORD)
    # The plain render is compressed, so look for the canary in the decrypted, uncompressed form.
    with pikepdf.open(io.BytesIO(data), password=PASSWORD) as pdf:
        out = io.BytesIO()
        pdf.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.all)
    assert b"Release of records" in out.getvalue()
    assert b"Release of records" not in data
    assert b"Harbour Counselling" not in data


def test_an_empty_password_is_refused() -> None:
    with pytest.raises(ValueError, match="password"):
        encrypt_pdf(render_release_pdf([note(1)], cover()), "")


def test_generated_passwords_are_grouped_random_and_open_the_release() -> None:
    passwords = {generate_password() for _ in range(50)}
    assert len(passwords) == 50
    for password in passwords:
        groups = password.split("-")
        assert [len(g) for g in groups] == [4] * 6
        assert set("".join(groups)) <= set(ALPHABET)
        assert len("".join(groups)) * 5 >= 100  # 32-letter alphabet: 5 bits a character
    password = passwords.pop()
    data = encrypt_pdf(render_release_pdf([note(1)], cover()), password)
    with pikepdf.open(io.BytesIO(data), password=password) as pdf:
        assert pdf.encryption.R == 6


# --- contents -----------------------------------------------------------------------------


@needs_pdftotext
def test_the_cover_names_recipient_purpose_date_and_the_notice() -> None:
    first = pages_text(decrypt(release([note(1)])))[0]
    assert "Dr. Amélie Durand" in first  # the bundled font keeps the accent
    assert "Portland, ME 04101" in first
    assert "continuity of care" in first
    assert "26 November 2026" in first
    assert "Zoë Okafor" in first
    assert "Harbour Counselling" in first
    assert " ".join(release_pdf.REDISCLOSURE_NOTICE.split()) in first
    assert "42 CFR part 2" not in " ".join(pages_text(decrypt(release([note(1)]))))


@needs_pdftotext
def test_the_part2_notice_is_quoted_in_full_only_for_part2_records() -> None:
    first = pages_text(decrypt(release([note(1)], cover(part2=True))))[0]
    assert release_pdf.PART2_NOTICE in first
    for condition in release_pdf.PART2_CONDITIONS:
        assert condition in first
    assert release_pdf.PART2_CLOSING in first
    assert first.startswith("Release of records")
    assert "This record which has been disclosed to you is protected by Federal" in first


@needs_pdftotext
def test_the_release_holds_exactly_the_chosen_items() -> None:
    chosen = [note(1), note(3), note(4)]
    text = " ".join(pages_text(decrypt(release(chosen))))
    for item in chosen:
        assert item.title in text
        for p in range(3):
            assert f"Canary{int(item.title.split()[-1])}x{p}" in text
    assert "Canary2x" not in text
    assert "Session note 2" not in text
    headings = re.findall(r"\b(\d+)\. Session note (\d+) 2026-03-\d\d · Progress note", text)
    assert headings == [("1", "1"), ("2", "3"), ("3", "4")]


@needs_pdftotext
@pytest.mark.parametrize(
    "purpose",
    [
        "continuity of care",
        "a review of the treatment plan requested by the client's new psychiatrist, together "
        "with the assessment and the last three progress notes",
    ],
)
def test_every_page_has_the_footer_with_page_n_of_m(purpose: str) -> None:
    info = cover(purpose=purpose)
    pages = pages_text(decrypt(release([note(n, paragraphs=6) for n in range(1, 9)], info)))
    assert len(pages) >= 4
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        expected = (
            f"Released to Dr. Amélie Durand for {purpose} on 26 November 2026 "
            f"\u2014 page {number} of {total}"
        )
        assert expected in page


@needs_pdftotext
def test_markup_and_control_characters_in_notes_print_as_text() -> None:
    item = ReleaseItem(
        "Note <b>&amp;</b>",
        "2026-03-01",
        "Progress note",
        'Said "I\'m <fine> & well"\x00\x07 today.\nSecond line\twith a tab.',
    )
    text = " ".join(pages_text(decrypt(release([item]))))
    assert "Note <b>&amp;</b>" in text
    assert 'Said "I\'m <fine> & well" today. Second line with a tab.' in text


def test_an_empty_release_still_renders_its_cover() -> None:
    with pikepdf.open(io.BytesIO(release([])), password=PASSWORD) as pdf:
        assert len(pdf.pages) >= 1


# --- nothing on disk ----------------------------------------------------------------------


def test_render_and_encrypt_write_nothing_to_disk_or_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private_temp = tmp_path / "temp"
    work = tmp_path / "cwd"
    private_temp.mkdir()
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_temp))
    for var in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(var, str(private_temp))
    monkeypatch.chdir(work)

    def no_temp(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a temporary file was requested")

    for name in (
        "mkstemp",
        "mkdtemp",
        "NamedTemporaryFile",
        "TemporaryFile",
        "SpooledTemporaryFile",
        "TemporaryDirectory",
    ):
        monkeypatch.setattr(tempfile, name, no_temp)

    real_open = builtins.open
    real_os_open = os.open
    writes: list[str] = []

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            writes.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            writes.append(str(path))
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)

    data = encrypt_pdf(render_release_pdf([note(n) for n in range(1, 6)], cover()), PASSWORD)

    monkeypatch.undo()
    assert data.startswith(b"%PDF")
    assert writes == []
    assert list(private_temp.rglob("*")) == []
    assert list(work.rglob("*")) == []


# --- writing ------------------------------------------------------------------------------


def test_write_release_writes_exactly_the_bytes_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "release.pdf"
    data = release([note(1)])
    write_release(target, data)
    assert target.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["release.pdf"]
    if os.name != "nt":
        assert target.stat().st_mode & 0o077 == 0


def test_write_release_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "release.pdf"
    target.write_bytes(b"old")
    write_release(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-new"


def test_write_release_reports_a_missing_folder_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="Could not save the release"):
        write_release(tmp_path / "gone" / "release.pdf", b"%PDF")


def test_remove_release_undoes_the_write_and_tolerates_a_missing_file(tmp_path: Path) -> None:
    target = tmp_path / "release.pdf"
    write_release(target, b"%PDF")
    remove_release(target)
    assert not target.exists()
    remove_release(target)  # the gate may roll back before anything was written
    assert list(tmp_path.iterdir()) == []
