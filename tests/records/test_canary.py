"""A canary name and note body never appear in plaintext outside the encrypted vault."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from recordsafe.records import cases, clients, documents, intake, notes, search
from recordsafe.records.errors import SignedNoteLocked
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault
from tests.canary_strings import CANARY_BODY, CANARY_NAME, UNIQUE_PARTS
from tests.conftest import PASSPHRASE

NEEDLES = [text.encode(encoding) for text in UNIQUE_PARTS for encoding in ("utf-8", "utf-16-le")]


def _files(root: Path, newer_than: float | None = None) -> Iterator[Path]:
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            path = Path(dirpath) / name
            try:
                if not path.is_file() or path.is_symlink():
                    continue
                if newer_than is not None and path.stat().st_mtime < newer_than:
                    continue
            except OSError:
                continue
            yield path


def _hits(paths: Iterator[Path]) -> list[str]:
    found = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        found.extend(f"{path}: {needle!r}" for needle in NEEDLES if needle in data)
    return found


def test_canary_never_in_plaintext(
    session: VaultSession, vault_path: Path, recordsafe_home: Path
) -> None:
    started = time.time() - 1
    cid = clients.create_client(session, CANARY_NAME, contact=f"{CANARY_BODY}@example.invalid")
    intake.record_intake(session, cid, explained_on=date(2025, 1, 2), method="phone")
    case_id = cases.create_case(session, "individual", f"Work with {CANARY_NAME}", [cid])
    note_id = notes.create_note(session, case_id, body=f"Session: {CANARY_BODY} discussed.")
    notes.save_draft(session, note_id, body=f"Session: {CANARY_BODY} discussed at length.")
    notes.sign_note(session, note_id)
    notes.add_addendum(session, note_id, body=f"Addendum about {CANARY_BODY}.")
    documents.add_document_bytes(
        session, cid, f"{CANARY_NAME}.pdf", b"%PDF-1.4 " + CANARY_BODY.encode()
    )
    assert search.search(session, "canarybody").notes
    assert search.search(session, "zyxwq").clients
    clients.get_client(session, cid)
    notes.open_note(session, note_id)
    # Failed searches and refused edits must not leak the words either.
    with pytest.raises(SignedNoteLocked):
        notes.save_draft(session, note_id, body=CANARY_BODY)
    session.lock()
    # Unlock and lock again: the migration/backup and checkpoint paths run too.
    open_vault(vault_path, PASSPHRASE, kdf=TEST_PARAMS).lock()

    scanned_vault = list(_files(vault_path))
    assert any(p.name == "vault.db" for p in scanned_vault)  # the scan really looks there
    hits = _hits(iter(scanned_vault))
    hits += _hits(_files(recordsafe_home))
    # The whole temp dir (this test's tmp_path included), files written during the test.
    hits += _hits(_files(Path(tempfile.gettempdir()), newer_than=started))
    assert hits == []


def test_scan_would_find_a_plaintext_canary(tmp_path: Path) -> None:
    """The scanner itself works: a plaintext file with the canary is found."""
    leak = tmp_path / "leak.txt"
    leak.write_bytes(CANARY_NAME.encode("utf-16-le"))
    try:
        assert _hits(_files(tmp_path)) != []
    finally:
        leak.unlink()  # the temp folder is scanned by the next canary test
