"""Leak scan: canaries in a client's name and contact, a case title, notes, an attached
PDF, a consent (recipient, expiry event), a release and search terms never reach a file
in plaintext: not outside the encrypted vault and backup, and not in the encrypted PDF
released through the gate either.

After the scripted session (tests/reliability/scripted.py) every file is read: the vault
folder, the backup folder, the export folder (the AES-256 release and audit log), the
temp folder (a fresh one for this test, so every file in it was made by the session),
and RECORDSAFE_HOME (config, data, logs: the app log ran at DEBUG throughout). Each
canary is looked for in UTF-8 and UTF-16-LE, as written and in lower case, in every
file's bytes and in its name: 0 hits.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from recordsafe.disclosure import release_pdf
from tests.reliability import scripted
from tests.reliability.pdf_text import pdf_text


def files_under(*roots: Path) -> Iterator[Path]:
    for root in roots:
        for dirpath, _dirs, names in os.walk(root):
            for name in names:
                path = Path(dirpath) / name
                if path.is_file() and not path.is_symlink():
                    yield path


def hits(paths: list[Path]) -> list[str]:
    needles = scripted.needles()
    found: list[str] = []
    for path in paths:
        data = path.read_bytes()
        found.extend(f"{path}: {needle!r}" for needle in needles if needle in data)
        name = path.name.encode()
        found.extend(f"{path}: {needle!r} in its name" for needle in needles if needle in name)
        text = readable_pdf_text(data).encode()
        found.extend(f"{path}: {needle!r} in its PDF text" for needle in needles if needle in text)
    return found


def readable_pdf_text(data: bytes) -> str:
    """A PDF's text if it opens without a password (compressed streams hide it from the
    byte scan); '' for anything else, an encrypted PDF in particular."""
    if not data.startswith(b"%PDF"):
        return ""
    try:
        return pdf_text(data)
    except pikepdf.PasswordError:
        return ""


@pytest.fixture
def fresh_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp folder of this test's own: whatever lands in it came from the session."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_no_canary_in_any_file(tmp_path: Path, fresh_tempdir: Path, recordsafe_home: Path) -> None:
    vault = tmp_path / "Leak.rsvault"
    backups, exports = tmp_path / "Backups", tmp_path / "Exports"
    backups.mkdir()
    exports.mkdir()
    outcome = scripted.run(vault, backups, exports)

    # The canaries really went in (found through the vault's own reads and searches, and
    # in the release's text once it is opened with its password).
    assert outcome.client_hits == 1 and outcome.note_hits >= 1 and outcome.document_matches
    assert outcome.export_has_canaries and outcome.export_locked
    assert outcome.verify_ok and outcome.backup_ok and outcome.backups_made == 1

    scanned = list(files_under(vault, backups, exports, fresh_tempdir, recordsafe_home))
    names = {p.name for p in scanned}
    assert {"vault.db", "keyslots.json"} <= names  # the scan really reads the vault...
    assert any(n.endswith(".rsbackup") for n in names)  # ...and the backup...
    assert scripted.EXPORT_NAME in names  # ...and the release...
    assert scripted.AUDIT_EXPORT_NAME in names and outcome.audit_export_locked  # ...audit log
    shown = sorted(str(p.relative_to(tmp_path.parent)) for p in scanned)
    print(f"scanned {len(scanned)} files: {shown}")
    assert hits(scanned) == []
    # What the session left in the temp folder: nothing (verify_backup cleans up).
    assert list(files_under(fresh_tempdir)) == []


def test_the_scan_finds_a_plaintext_canary(tmp_path: Path) -> None:
    """The scanner works: each encoding of a canary, written plainly, is found."""
    for i, (text, encoding) in enumerate(
        [
            (scripted.CANARY_NAME, "utf-16-le"),
            (scripted.CANARY_NOTE.lower(), "utf-8"),
            (scripted.CANARY_PDF, "utf-8"),
        ]
    ):
        (tmp_path / f"leak{i}.txt").write_bytes(b"..." + text.encode(encoding) + b"...")
    found = hits(list(files_under(tmp_path)))
    assert len({line.split(":")[0] for line in found}) == 3
    assert scripted.CANARY_PDF.encode() in scripted.tiny_pdf(scripted.CANARY_PDF)


def test_the_scan_finds_a_release_that_is_not_encrypted(tmp_path: Path) -> None:
    """An unencrypted release would be found: through its text when compressed (as
    reportlab writes it), and in its bytes when saved uncompressed."""
    cover = release_pdf.CoverInfo(
        scripted.CANARY_RECIPIENT, "", "treatment", "P", "", dt.date(2025, 6, 2), "Client"
    )
    pdf = release_pdf.render_release_pdf([release_pdf.ReleaseItem("T", "", "", "Body")], cover)
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        opened.save(
            tmp_path / "plain.pdf",
            compress_streams=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
        )
    (tmp_path / "compressed.pdf").write_bytes(pdf)
    (tmp_path / f"{scripted.CANARY_NAME}.pdf").write_bytes(b"-")
    found = hits(list(files_under(tmp_path)))
    assert any("plain.pdf" in line and "PDF text" not in line for line in found)
    assert any("compressed.pdf" in line and "PDF text" in line for line in found)
    assert not any("compressed.pdf" in line and "PDF text" not in line for line in found)
    assert any("in its name" in line for line in found)
