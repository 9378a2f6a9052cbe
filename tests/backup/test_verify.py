"""verify_backup: a good backup passes; every kind of damage is a clear VaultError."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from recordsafe.vault import (
    TEST_PARAMS,
    VaultDamaged,
    VaultError,
    VaultFormatError,
    VaultSession,
    VaultTooNew,
    VerifyReport,
    WrongSecret,
    backup_verify,
    create_vault,
)
from recordsafe.vault.backup import check_backup_file, create_backup, read_manifest, verify_backup
from tests.backup.helpers import build, flip, member_offset, members, rebuilt, resummed
from tests.conftest import PASSPHRASE

PAGE = 4096


def test_good_backup_passes_every_check(backup_file: Path, filled: VaultSession) -> None:
    before = backup_file.read_bytes()
    report = verify_backup(backup_file, PASSPHRASE)
    assert report.ok, report.lines()
    assert next(iter(report.checks)) == "backup file"
    for check in ("key file", "encryption (page MACs)", "database structure", "audit chain"):
        assert report.checks[check] == []
    assert report.manifest is not None
    assert report.manifest.vault_id == filled.vault_id
    # Opening the copy wrote only into the copy.
    assert backup_file.read_bytes() == before


def test_verify_with_recovery_code(created: object, backup_dir: Path) -> None:
    made = created
    assert hasattr(made, "session")
    file = create_backup(made.session, backup_dir)  # type: ignore[attr-defined]
    code = made.recovery_code  # type: ignore[attr-defined]
    assert verify_backup(file, code, kinds=("recovery",)).ok
    with pytest.raises(WrongSecret):
        verify_backup(file, code)


def test_verify_works_while_the_vault_is_open(backup_file: Path, filled: VaultSession) -> None:
    assert filled.is_open
    assert verify_backup(backup_file, PASSPHRASE).ok
    filled.record("still_open")


def test_temp_folder_is_private_and_always_removed(
    backup_file: Path, private_tempdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real_open = backup_verify.open_vault

    def watching(folder: Path, *args: object, **kwargs: object) -> VaultSession:
        seen.append(stat.S_IMODE(folder.parent.stat().st_mode))
        return real_open(folder, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_verify, "open_vault", watching)
    assert verify_backup(backup_file, PASSPHRASE).ok
    assert seen == [0o700]
    assert list(private_tempdir.iterdir()) == []
    with pytest.raises(WrongSecret):
        verify_backup(backup_file, "not the passphrase at all")
    assert list(private_tempdir.iterdir()) == []
    broken = rebuilt(backup_file, backup_file.with_name("b.rsbackup"), {"vault.db": b"x" * 8192})
    with pytest.raises(VaultDamaged):
        verify_backup(broken, PASSPHRASE)
    assert list(private_tempdir.iterdir()) == []


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(VaultFormatError, match="no backup file"):
        verify_backup(tmp_path / "nothing.rsbackup", PASSPHRASE)
    with pytest.raises(VaultFormatError, match="no backup file"):
        verify_backup(tmp_path, PASSPHRASE)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_a_pipe_is_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.rsbackup"
    os.mkfifo(pipe)
    with pytest.raises(VaultFormatError, match="no backup file"):
        verify_backup(pipe, PASSPHRASE)


def test_not_a_zip(tmp_path: Path) -> None:
    for data in (b"", b"hello", os.urandom(5000), b"PK\x05\x06" + b"\0" * 18):
        file = tmp_path / "x.rsbackup"
        file.write_bytes(data)
        with pytest.raises(VaultDamaged, match="The backup file is damaged"):
            verify_backup(file, PASSPHRASE)


def truncation_lengths(size: int) -> list[int]:
    spread = [size * i // 37 for i in range(37)]
    ends = [size - n for n in (1, 2, 10, 21, 22, 23, 50, 100, 300, 1000)]
    return sorted({n for n in (*spread, *ends, 1, 4, 30, 100) if 0 <= n < size})


def test_truncated_at_many_lengths(backup_file: Path, tmp_path: Path) -> None:
    data = backup_file.read_bytes()
    lengths = truncation_lengths(len(data))
    assert len(lengths) > 40
    for length in lengths:
        file = tmp_path / "cut.rsbackup"
        file.write_bytes(data[:length])
        with pytest.raises(VaultError) as caught:
            verify_backup(file, PASSPHRASE)
        assert "damaged" in caught.value.message, (length, caught.value.message)


def test_flipped_byte_in_db_member_fails_its_checksum(backup_file: Path, tmp_path: Path) -> None:
    start = member_offset(backup_file, "vault.db")
    for offset in (start, start + 100, start + PAGE * 2 + 7, start + PAGE * 5):
        file = tmp_path / "flip.rsbackup"
        file.write_bytes(flip(backup_file.read_bytes(), offset))
        with pytest.raises(VaultDamaged, match="damaged"):
            verify_backup(file, PASSPHRASE)


def failing_checks(report: VerifyReport) -> set[str]:
    return {name for name, problems in report.checks.items() if problems}


def test_flipped_db_pages_with_forged_sums_fail(backup_file: Path, tmp_path: Path) -> None:
    """A forger who fixes the manifest still cannot pass SQLCipher's page MACs."""
    database = members(backup_file)["vault.db"]
    pages = len(database) // PAGE
    assert pages > 5
    outcomes: list[str] = []
    for page in range(pages):
        damaged = flip(database, page * PAGE + 40 + page % 3000)
        file = rebuilt(backup_file, tmp_path / "f.rsbackup", {"vault.db": damaged})
        try:
            report = verify_backup(file, PASSPHRASE)
        except VaultDamaged:
            outcomes.append("refused")
            continue
        assert not report.ok, page
        assert "encryption (page MACs)" in failing_checks(report), (page, report.lines())
        outcomes.append("reported")
    # Page 1 carries the key check: that copy does not even open. Later pages open and
    # fail the page MAC check (or fail at unlock when the audit log's own pages are hit).
    assert outcomes[0] == "refused"
    assert "reported" in outcomes


def test_truncated_db_with_forged_sums(backup_file: Path, tmp_path: Path) -> None:
    database = members(backup_file)["vault.db"]
    for size in (0, 100, PAGE, len(database) - PAGE):
        file = rebuilt(backup_file, tmp_path / "t.rsbackup", {"vault.db": database[:size]})
        try:
            report = verify_backup(file, PASSPHRASE)
        except VaultError:
            continue
        assert not report.ok, size


def test_manifest_damage(backup_file: Path, tmp_path: Path) -> None:
    files = members(backup_file)
    manifest = json.loads(files["manifest.json"])

    def with_manifest(document: object) -> Path:
        body = json.dumps(document).encode()
        return build(
            tmp_path / "m.rsbackup",
            [*[(n, d) for n, d in files.items() if n != "manifest.json"], ("manifest.json", body)],
        )

    cases: list[tuple[object, type[VaultError], str]] = [
        ({**manifest, "format": "zipped-photos"}, VaultFormatError, "not a RecordSafe backup"),
        ([1, 2, 3], VaultFormatError, "not a RecordSafe backup"),
        ({**manifest, "version": 2}, VaultTooNew, "newer version"),
        ({**manifest, "version": 0}, VaultDamaged, "version"),
        ({**manifest, "version": True}, VaultDamaged, "version"),
        ({**manifest, "version": "1"}, VaultDamaged, "version"),
        ({**manifest, "vault_id": "not-a-uuid"}, VaultDamaged, "vault_id"),
        ({**manifest, "created_at": "yesterday"}, VaultDamaged, "created_at"),
        ({**manifest, "schema_version": -1}, VaultDamaged, "schema_version"),
        ({**manifest, "files": {}}, VaultDamaged, "exactly"),
        ({**manifest, "files": {**manifest["files"], "x": {}}}, VaultDamaged, "exactly"),
        (
            {**manifest, "files": {**manifest["files"], "vault.db": {"size": 1, "sha256": "0"}}},
            VaultDamaged,
            "checksum",
        ),
        (
            {**manifest, "files": {**manifest["files"], "vault.db": "big"}},
            VaultDamaged,
            "malformed",
        ),
        (
            {
                **manifest,
                "files": {**manifest["files"], "vault.db": {"size": 12, "sha256": "a" * 64}},
            },
            VaultDamaged,
            "size",
        ),
        (
            {
                **manifest,
                "files": {
                    **manifest["files"],
                    "vault.db": {**manifest["files"]["vault.db"], "sha256": "a" * 64},
                },
            },
            VaultDamaged,
            "checksum",
        ),
    ]
    for document, error, words in cases:
        file = with_manifest(document)
        with pytest.raises(error, match=words):
            verify_backup(file, PASSPHRASE)
    for body in (b"", b"{", b"\xff\xfe", b"[" * 100_000):
        file = build(tmp_path / "m.rsbackup", [*list(files.items())[:2], ("manifest.json", body)])
        with pytest.raises(VaultDamaged, match="manifest"):
            verify_backup(file, PASSPHRASE)


def test_flipped_byte_in_manifest_member(backup_file: Path, tmp_path: Path) -> None:
    start = member_offset(backup_file, "manifest.json")
    for delta in (0, 5, 60, 200):
        file = tmp_path / "mf.rsbackup"
        file.write_bytes(flip(backup_file.read_bytes(), start + delta))
        with pytest.raises(VaultError, match="damaged"):
            verify_backup(file, PASSPHRASE)


def test_member_layout_damage(backup_file: Path, tmp_path: Path) -> None:
    files = members(backup_file)
    db, ks, mf = files["vault.db"], files["keyslots.json"], files["manifest.json"]
    cases: list[tuple[list[tuple[str, bytes]], str]] = [
        ([("vault.sqlite", db), ("keyslots.json", ks), ("manifest.json", mf)], "does not belong"),
        ([("vault.db", db), ("keyslots.json", ks)], "manifest.json is missing"),
        ([("vault.db", db), ("manifest.json", mf)], "keyslots.json is missing"),
        ([*files.items(), ("notes.txt", b"hello")], "does not belong"),
        ([*files.items(), ("../evil.py", b"x")], "folder path"),
        ([("../vault.db", db), ("keyslots.json", ks), ("manifest.json", mf)], "folder path"),
        ([("/etc/vault.db", db), ("keyslots.json", ks), ("manifest.json", mf)], "folder path"),
        ([("sub/vault.db", db), ("keyslots.json", ks), ("manifest.json", mf)], "folder path"),
        ([("..\\vault.db", db), ("keyslots.json", ks), ("manifest.json", mf)], "folder path"),
        ([*files.items(), ("vault.db", db)], "twice"),
        ([("vault.db", db), ("keyslots.json", b"{" * 2_000_000), ("manifest.json", mf)], "larger"),
        ([("vault.db", db), ("keyslots.json", ks), ("manifest.json", b" " * 100_000)], "larger"),
    ]
    for entries, words in cases:
        file = build(tmp_path / "l.rsbackup", entries)
        with pytest.raises(VaultDamaged, match=words):
            verify_backup(file, PASSPHRASE)
    deflated = build(tmp_path / "d.rsbackup", list(files.items()), zipfile.ZIP_DEFLATED)
    with pytest.raises(VaultDamaged, match="stored in a way"):
        verify_backup(deflated, PASSPHRASE)


def test_zip_bomb_sizes_are_refused(backup_file: Path, tmp_path: Path) -> None:
    """A member claiming to be larger than the file is refused before anything is written."""
    data = bytearray(backup_file.read_bytes())
    with zipfile.ZipFile(backup_file) as archive:
        info = archive.getinfo("vault.db")
    # Patch the central directory's sizes for vault.db to 3 GB.
    central = data.rfind(
        b"PK\x01\x02" + data[data.find(b"PK\x01\x02") + 4 : data.find(b"PK\x01\x02") + 4]
    )
    assert central >= 0
    entry = data.find(b"PK\x01\x02")
    assert data[entry + 46 : entry + 46 + len(info.filename)] == b"vault.db"
    big = (3 * 1024**3).to_bytes(4, "little")
    data[entry + 20 : entry + 24] = big
    data[entry + 24 : entry + 28] = big
    file = tmp_path / "bomb.rsbackup"
    file.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged, match="impossible size"):
        verify_backup(file, PASSPHRASE)


def test_another_vaults_key_file(backup_file: Path, tmp_path: Path) -> None:
    other = create_vault(tmp_path / "Other.rsvault", PASSPHRASE, kdf=TEST_PARAMS)
    try:
        other_ks = (other.session.folder / "keyslots.json").read_bytes()
        other_id = other.session.vault_id
    finally:
        other.session.lock()
    # The manifest still names this vault: refused before opening.
    file = rebuilt(backup_file, tmp_path / "a.rsbackup", {"keyslots.json": other_ks})
    with pytest.raises(VaultDamaged, match="another vault"):
        verify_backup(file, PASSPHRASE)
    # A forger who also rewrites the manifest's vault id: the key does not open the db.
    files = members(backup_file)
    manifest = json.loads(files["manifest.json"])
    manifest["vault_id"] = other_id
    files["keyslots.json"] = other_ks
    files["manifest.json"] = resummed(json.dumps(manifest).encode(), files)
    file = build(tmp_path / "b.rsbackup", list(files.items()))
    with pytest.raises(VaultDamaged, match="could not be decrypted"):
        verify_backup(file, PASSPHRASE)


def test_tampered_key_file_with_forged_sums(backup_file: Path, tmp_path: Path) -> None:
    document = json.loads(members(backup_file)["keyslots.json"])
    document["slots"][0]["label"] = "Changed by someone"
    forged = json.dumps(document).encode()
    report = verify_backup(
        rebuilt(backup_file, tmp_path / "k.rsbackup", {"keyslots.json": forged}), PASSPHRASE
    )
    assert not report.ok
    assert failing_checks(report) & {"key file", "found at unlock"}
    garbage = rebuilt(backup_file, tmp_path / "g.rsbackup", {"keyslots.json": b"{not json"})
    with pytest.raises(VaultDamaged, match=r"keyslots\.json"):
        verify_backup(garbage, PASSPHRASE)


def test_older_key_file_head_is_tamper(
    filled: VaultSession, backup_dir: Path, tmp_path: Path
) -> None:
    """A backup whose database is older than its key file's audit head is reported."""
    old = create_backup(filled, backup_dir)
    filled.record("client_viewed", client_id=9)
    new = create_backup(filled, backup_dir)
    newer_keys = members(new)["keyslots.json"]
    file = rebuilt(old, tmp_path / "mixed.rsbackup", {"keyslots.json": newer_keys})
    report = verify_backup(file, PASSPHRASE)
    assert not report.ok
    assert failing_checks(report) & {"audit chain", "found at unlock"}


def test_check_backup_file_without_secret(backup_file: Path, tmp_path: Path) -> None:
    assert check_backup_file(backup_file) == read_manifest(backup_file)
    start = member_offset(backup_file, "vault.db")
    file = tmp_path / "x.rsbackup"
    file.write_bytes(flip(backup_file.read_bytes(), start + 3000))
    read_manifest(file)  # the manifest alone is still fine
    with pytest.raises(VaultDamaged):
        check_backup_file(file)


def test_page_macs_checked_on_the_session_connection_when_a_second_cannot_open(
    filled: VaultSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """verify() reads the page MACs on a second connection; without one, on its own."""
    from recordsafe.vault import session as session_module  # noqa: PLC0415

    opened: list[Path] = []

    def refused(path: Path, *args: object, **kwargs: object) -> object:
        opened.append(path)
        raise VaultDamaged("no second connection in this test")

    checked: list[str] = []
    real_check = type(filled.db).cipher_integrity_check

    def counted(db: object) -> list[str]:
        checked.append("page MACs")
        return real_check(db)  # type: ignore[arg-type]

    monkeypatch.setattr(session_module, "Database", refused)
    monkeypatch.setattr(type(filled.db), "cipher_integrity_check", counted)
    report = filled.verify()
    assert opened == [filled.db.path]
    assert checked == ["page MACs"]
    assert report.ok, report.lines()
    assert report.checks["encryption (page MACs)"] == []
