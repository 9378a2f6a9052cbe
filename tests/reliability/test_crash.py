"""Crash safety: a writer process killed with SIGKILL 50 times over one vault.

After every kill the vault opens, SQLCipher's page MACs and SQLite's structure check
pass, the audit chain verifies with no findings, and every change the writer
acknowledged before the kill is there, including every disclosure with its encrypted
release file, and no release file exists without its record (outputs.StagedRelease keeps
the file under a hidden name until the gate's COMMIT). `benchmarks/crash.py` runs the
same 1,000 times.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from recordsafe.disclosure import gate
from recordsafe.outputs.encryption import encrypt_pdf
from recordsafe.outputs.staged import StagedRelease, staged_leftovers
from recordsafe.records import cases, clients, intake, notes
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault
from tests.conftest import PASSPHRASE
from tests.reliability.crash_harness import Acked, CrashCounts, missing_changes, run_crashes
from tests.reliability.scripted import tiny_pdf
from tests.reliability.writer import RECIPIENT, Workload, releases_dir

KILLS = 50


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "Crash.rsvault"
    counts = run_crashes(folder, PASSPHRASE, KILLS, seed=20261126)
    print("\n".join(counts.lines()))
    assert counts.runs == KILLS
    assert counts.writer_errors == 0, counts.problems
    assert counts.opened == KILLS, counts.problems
    assert counts.checks_passed == KILLS, counts.problems
    assert counts.lost == 0, counts.problems
    # The kills really landed in the middle of work, not only before or after it.
    assert counts.acknowledged > KILLS
    assert counts.kills_before_ready < KILLS


def test_the_check_sees_a_lost_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The harness can fail: an acknowledgement the vault does not hold counts as lost."""
    folder = tmp_path / "Check.rsvault"
    run_crashes(folder, PASSPHRASE, 0)
    acked = Acked()
    acked.add_lines(
        "client 999\nnote 12345\naudit 1 " + "f" * 64 + "\nsetting 1\nconsent 7\n"
        "disclosure 3 abc123\n"
    )
    counts = CrashCounts()
    missing_changes(folder, PASSPHRASE, acked, counts)
    assert counts.opened == 1
    assert counts.checks_passed == 1
    assert counts.lost == 6
    open_vault(folder, PASSPHRASE, kdf=TEST_PARAMS).lock()


def test_the_check_sees_a_release_without_its_record(tmp_path: Path) -> None:
    """A release file no disclosure record accounts for is a failure, and so is one that
    opens without a password."""
    folder = tmp_path / "Check.rsvault"
    run_crashes(folder, PASSPHRASE, 0)
    out = releases_dir(folder)
    out.mkdir()
    (out / "release-0000deadbeef.pdf").write_bytes(tiny_pdf("not recorded"))
    counts = CrashCounts()
    missing_changes(folder, PASSPHRASE, Acked(), counts)
    assert counts.releases_without_record == 1
    assert counts.lost == 2  # the orphan, and it is plaintext
    assert any("without a record" in p for p in counts.problems)
    assert any("without a password" in p for p in counts.problems)


def _one_disclosure(session: VaultSession, staged: StagedRelease, seen: list[bool]) -> int:
    """Ada, a signed note, her consent; disclose it with `staged` as the output."""
    cid = clients.create_client(session, "Ada Wren")
    intake.record_intake(session, cid, explained_on=date.today(), method="in_person")
    case_id = cases.create_case(session, "individual", "Work", [cid])
    note_id = notes.create_note(session, case_id, body="Session.")
    notes.sign_note(session, note_id)
    Workload(session, random.Random(1)).consent(cid)
    request = gate.Request(
        (gate.Item("note", note_id),), gate.Recipient(RECIPIENT), "treatment", "third_party"
    )

    def write() -> None:
        staged.write()
        # Inside the transaction: the release's real name must not exist yet.
        seen.append(staged.target.exists())

    return gate.disclose(
        session,
        request,
        gate.evaluate(session, request, today=date.today()),
        write_output=write,
        discard_output=staged.discard,
        client_informed=True,
    )


def test_a_release_gets_its_name_only_after_the_commit(
    session: VaultSession, tmp_path: Path
) -> None:
    staged = StagedRelease(tmp_path / "Release.pdf", encrypt_pdf(tiny_pdf("x"), "pw-1234"))
    seen: list[bool] = []
    disclosure_id = _one_disclosure(session, staged, seen)
    assert seen == [False]
    assert staged.staging.exists() and not staged.target.exists()
    assert staged_leftovers(tmp_path) == [staged.staging]
    staged.publish()
    assert staged.target.read_bytes() == staged.data
    assert staged_leftovers(tmp_path) == []
    assert session.db.scalar("SELECT 1 FROM disclosures WHERE id = ?", (disclosure_id,))


def test_a_failed_commit_leaves_no_release(
    session: VaultSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staged = StagedRelease(tmp_path / "Release.pdf", encrypt_pdf(tiny_pdf("x"), "pw-1234"))
    original = type(session.db).transaction

    @contextlib.contextmanager
    def failing_commit(db: object) -> Iterator[None]:
        with original(db):  # type: ignore[arg-type]
            yield
            if staged.staging.exists():
                raise OSError("disk I/O error at COMMIT")

    monkeypatch.setattr(type(session.db), "transaction", failing_commit)
    with pytest.raises(OSError, match="disk I/O"):
        _one_disclosure(session, staged, [])
    monkeypatch.undo()
    assert not staged.staging.exists() and not staged.target.exists()
    assert session.db.scalar("SELECT count(*) FROM disclosures") == 0


def test_with_the_session_the_release_is_published_at_the_outermost_commit(
    session: VaultSession, tmp_path: Path
) -> None:
    """A disclosure nested in a larger change (a breach notice) is published only when
    that change commits, and discarded when it rolls back."""
    kept = StagedRelease(tmp_path / "Kept.pdf", encrypt_pdf(tiny_pdf("x"), "pw-1"), session)
    seen: list[bool] = []
    with session.transaction():
        _one_disclosure(session, kept, seen)
        assert not kept.target.exists()  # disclose returned, the outer change has not
    assert seen == [False]
    assert kept.target.read_bytes() == kept.data and staged_leftovers(tmp_path) == []

    dropped = StagedRelease(tmp_path / "Dropped.pdf", encrypt_pdf(tiny_pdf("y"), "pw-2"), session)
    with pytest.raises(RuntimeError, match="outer change failed"), session.transaction():
        _one_disclosure(session, dropped, [])
        raise RuntimeError("outer change failed")
    assert not dropped.target.exists() and staged_leftovers(tmp_path) == []
    assert session.db.scalar("SELECT count(*) FROM disclosures") == 1
