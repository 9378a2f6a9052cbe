"""Leak scan: canaries in a client's name and contact, a case title, notes, an attached
PDF and search terms never reach a file outside the encrypted vault and backup.

After the scripted session (tests/reliability/scripted.py) every file is read: the vault
folder, the backup folder, the temp folder (a fresh one for this test, so every file in
it was made by the session), and RECORDSAFE_HOME (config, data, logs: the app log ran at
DEBUG throughout). Each canary is looked for in UTF-8 and UTF-16-LE, as written and in
lower case: 0 hits. The encrypted PDF export and consents come with the disclosure gate
and are not covered yet.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability import scripted


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
    return found


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
    backups = tmp_path / "Backups"
    backups.mkdir()
    outcome = scripted.run(vault, backups)

    # The canaries really went in (found through the vault's own reads and searches).
    assert outcome.client_hits == 1 and outcome.note_hits >= 1 and outcome.document_matches
    assert outcome.verify_ok and outcome.backup_ok and outcome.backups_made == 1

    scanned = list(files_under(vault, backups, fresh_tempdir, recordsafe_home))
    names = {p.name for p in scanned}
    assert {"vault.db", "keyslots.json"} <= names  # the scan really reads the vault...
    assert any(n.endswith(".rsbackup") for n in names)  # ...and the backup
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
