"""Canaries in a client's name, a note and a consent, released through the real dialog as
an encrypted PDF: no plaintext copy anywhere, during the write or after, not even in the
PDF itself; the PDF opens with its password and holds them."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe import app_log
from recordsafe.disclosure import consents
from recordsafe.outputs.staged import StagedRelease
from recordsafe.records import cases, clients, intake, notes
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.vault import VaultSession
from tests.records.test_canary import _files
from tests.ui.disclosure.conftest import decrypt, page_texts

NAME = "Relcanary Qzwvx"
BODY = "relbody-91c4e"
ORGANISATION = "Relorg Wplmk"
# Unlike any other test's canary: the temp folder is shared with tests running in parallel.
CANARIES = (NAME, BODY, ORGANISATION, "Relcanary", "Qzwvx", "Wplmk")
NEEDLES = [c.encode(e) for c in CANARIES for e in ("utf-8", "utf-16-le", "utf-16-be")]
TODAY = date(2025, 6, 1)


def hits(paths: Iterator[Path]) -> list[str]:
    found = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        found += [f"{path}: {n!r}" for n in NEEDLES if n in data]
    return found


@pytest.fixture
def logged(recordsafe_home: Path) -> Iterator[Path]:
    target = app_log.setup_logging()
    yield target
    app_log.teardown_logging()


def test_canary_release_leaves_no_plaintext_anywhere(
    qtbot: QtBot,
    session: VaultSession,
    vault_path: Path,
    recordsafe_home: Path,
    logged: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = time.time() - 1
    cid = clients.create_client(session, NAME, contact=f"{BODY}@example.invalid")
    intake.record_intake(session, cid, explained_on=date(2025, 1, 2), method="phone")
    case_id = cases.create_case(session, "individual", f"Work with {NAME}", [cid])
    note_id = notes.create_note(
        session, case_id, note_date=date(2025, 3, 4), body=f"Session: {BODY} discussed."
    )
    notes.sign_note(session, note_id)
    consents.record_consent(
        session,
        consents.ConsentForm(
            client_id=cid,
            recipient_name="Dr Lee",
            recipient_organisation=ORGANISATION,
            purposes=("treatment",),
            signed_on=date(2025, 4, 1),
            disclosing_party=f"The practice, for {NAME}",
            kinds=("progress",),
            expires_on=date(2026, 4, 1),
            states_right_to_revoke=True,
            states_conditioning=True,
            states_redisclosure=True,
        ),
        today=TODAY,
    )
    out = tmp_path / "out"
    out.mkdir()
    target = out / "release.pdf"

    def scan_everything(where: str) -> list[str]:
        found = hits(_files(vault_path))
        found += hits(_files(recordsafe_home))
        found += hits(_files(Path(tempfile.gettempdir()), newer_than=started))
        found += hits(_files(out))
        return [f"{where}: {hit}" for hit in found]

    during: list[str] = []
    scanned: list[bool] = []
    real_write = StagedRelease.write

    def write_and_scan(staged: StagedRelease) -> None:
        # Inside gate.disclose's transaction: the PDF is in memory, encrypted, not written.
        during.extend(scan_everything("before the write"))
        real_write(staged)
        during.extend(scan_everything("after the write, before the commit"))
        scanned.append(True)

    monkeypatch.setattr(StagedRelease, "write", write_and_scan)

    dialog = ReleaseDialog(session, cid, None, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.request_page.recipient_name, "Dr Lee")
    qtbot.keyClicks(dialog.request_page.recipient_org, ORGANISATION)
    dialog.next()
    assert dialog.model is not None
    assert dialog.model.set_checked(dialog.model.row_of(dialog.decision.items[0].item), True)
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    password = dialog.output_page.password_page.generated
    dialog.output_page.path_field.set_path(target)
    dialog.next()
    qtbot.waitUntil(
        lambda: dialog.disclosure_id is not None or dialog.output_page.output_error.isVisible(),
        timeout=120_000,  # three scans of the whole temp folder
    )
    assert dialog.output_page.output_error.isHidden(), dialog.output_page.output_error.text()
    assert scanned == [True]  # the scan really ran during the write
    dialog.accept()
    session.lock()

    assert during == []
    assert scan_everything("after") == []
    assert sorted(p.name for p in out.iterdir()) == ["release.pdf"]
    # Page streams are compressed, so the byte scan alone would not see a plaintext PDF:
    # the file must also refuse to open without its password.
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    # The PDF holds them, encrypted: it opens with its password.
    text = " ".join(" ".join(page_texts(decrypt(target.read_bytes(), password))).split())
    assert NAME in text and BODY in text and ORGANISATION in text
