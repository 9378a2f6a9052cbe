"""Every way keyslots.json can be missing or wrong: a clear VaultError, never a crash,
never a silent success, and nothing lost."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from recordsafe.vault import (
    TEST_PARAMS,
    CreatedVault,
    VaultError,
    VaultFormatError,
    VaultTooNew,
    WrongSecret,
    create_vault,
    keyslots,
)
from tests.conftest import PASSPHRASE
from tests.vault.helpers import audit_actions, keyslots_json, reopen, write_keyslots_json

# Where each field's value starts in the file RecordSafe writes (indent=2, sorted keys;
# the first slot is the passphrase slot, "hash" first appears in audit_head).
FIELDS = {
    "vault_id": r'"vault_id": "',
    "slot_id": r'"id": "',
    "kind": r'"kind": "',
    "label": r'"label": "',
    "created_at": r'"created_at": "',
    "kdf_time_cost": r'"time_cost": ',
    "kdf_memory_kib": r'"memory_kib": ',
    "kdf_parallelism": r'"parallelism": ',
    "salt": r'"salt": "',
    "nonce": r'"nonce": "',
    "ciphertext": r'"ciphertext": "',
    "audit_count": r'"count": ',
    "audit_hash": r'"hash": "',
    "mac": r'"mac": "',
}


def value_span(text: str, field: str) -> range:
    match = re.search(FIELDS[field], text)
    assert match, field
    start = match.end()
    end = start
    while text[end] not in '",\n':
        end += 1
    return range(start, end)


@pytest.fixture
def closed(created: CreatedVault, vault_path: Path) -> CreatedVault:
    created.session.set_setting("practice_name", "Kept")
    created.session.lock()
    return created


def assert_still_opens(vault_path: Path) -> None:
    session = reopen(vault_path)
    try:
        assert session.get_setting("practice_name") == "Kept"
    finally:
        session.lock()


def assert_refused_or_flagged(vault_path: Path) -> str:
    """Open the vault; it must refuse with a specific VaultError or report a finding."""
    try:
        session = reopen(vault_path)
    except VaultError as exc:
        assert type(exc) is not VaultError, "a specific subclass, not the bare base"
        assert exc.message and "Traceback" not in exc.message
        return type(exc).__name__
    try:
        assert session.integrity_findings, "opened a tampered key file silently"
        assert any("keyslots.json" in f for f in session.integrity_findings)
        assert "integrity_problem" in audit_actions(session)
        assert session.get_setting("practice_name") == "Kept"
    finally:
        session.lock()
    return "finding"


def test_missing_keyslots(closed: CreatedVault, vault_path: Path) -> None:
    (vault_path / "keyslots.json").unlink()
    with pytest.raises(VaultFormatError, match=r"no keyslots\.json"):
        reopen(vault_path)
    assert (vault_path / "vault.db").exists()


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x00" * 64])
def test_empty_keyslots(closed: CreatedVault, vault_path: Path, content: bytes) -> None:
    (vault_path / "keyslots.json").write_bytes(content)
    with pytest.raises(VaultFormatError, match="damaged"):
        reopen(vault_path)


@pytest.mark.parametrize(
    "content",
    [b"not json", b"\xff\xfe{}", b"[1, 2, 3]", b'"recordsafe-vault"', b"{" * 100_000],
    ids=["text", "bad-utf8", "list", "string", "deep-nesting"],
)
def test_not_json(closed: CreatedVault, vault_path: Path, content: bytes) -> None:
    (vault_path / "keyslots.json").write_bytes(content)
    with pytest.raises(VaultFormatError):
        reopen(vault_path)


def test_huge_integer_is_refused_clearly() -> None:
    # Python refuses int literals over 4300 digits with a bare ValueError.
    with pytest.raises(VaultFormatError):
        keyslots.parse(b'{"format": "recordsafe-vault", "version": ' + b"9" * 5000 + b"}")


def test_oversized_file(closed: CreatedVault, vault_path: Path) -> None:
    document = keyslots_json(vault_path)
    document["padding"] = "x" * (2 * 1024 * 1024)
    write_keyslots_json(vault_path, document)
    with pytest.raises(VaultFormatError, match="larger"):
        reopen(vault_path)


def test_keyslots_is_a_folder(closed: CreatedVault, vault_path: Path) -> None:
    (vault_path / "keyslots.json").unlink()
    (vault_path / "keyslots.json").mkdir()
    with pytest.raises(VaultFormatError):
        reopen(vault_path)


def test_every_truncation_is_refused(closed: CreatedVault, vault_path: Path) -> None:
    data = (vault_path / "keyslots.json").read_bytes()
    for length in range(len(data)):
        prefix = data[:length]
        if prefix.strip() == data.strip():
            assert keyslots.parse(prefix).vault_id == closed.session.vault_id
            continue
        with pytest.raises(VaultFormatError):
            keyslots.parse(prefix)


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99])
def test_truncated_file_refuses_to_open(
    closed: CreatedVault, vault_path: Path, fraction: float
) -> None:
    path = vault_path / "keyslots.json"
    original = path.read_bytes()
    path.write_bytes(original[: int(len(original) * fraction)])
    with pytest.raises(VaultFormatError, match="damaged"):
        reopen(vault_path)
    path.write_bytes(original)
    assert_still_opens(vault_path)


@pytest.mark.parametrize("name", ["keepass", "", None, 1])
def test_wrong_format(closed: CreatedVault, vault_path: Path, name: object) -> None:
    document = keyslots_json(vault_path)
    document["format"] = name
    write_keyslots_json(vault_path, document)
    with pytest.raises(VaultFormatError, match="does not hold a RecordSafe vault"):
        reopen(vault_path)


def test_newer_format_version_is_refused_untouched(closed: CreatedVault, vault_path: Path) -> None:
    document = keyslots_json(vault_path)
    document["version"] = 2
    write_keyslots_json(vault_path, document)
    before = {p.name: p.read_bytes() for p in vault_path.iterdir() if p.name != "vault.lock"}
    with pytest.raises(VaultTooNew, match="newer version") as info:
        reopen(vault_path)
    assert "not been changed" in info.value.message
    after = {p.name: p.read_bytes() for p in vault_path.iterdir() if p.name != "vault.lock"}
    assert after == before


@pytest.mark.parametrize("version", [0, -1, "1", 1.0, True, None])
def test_bad_version(closed: CreatedVault, vault_path: Path, version: object) -> None:
    document = keyslots_json(vault_path)
    document["version"] = version
    write_keyslots_json(vault_path, document)
    with pytest.raises(VaultFormatError, match="version"):
        reopen(vault_path)


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_a_flipped_byte_in_each_field(closed: CreatedVault, vault_path: Path, field: str) -> None:
    path = vault_path / "keyslots.json"
    original = path.read_bytes()
    text = original.decode("utf-8")
    outcomes: set[str] = set()
    for position in value_span(text, field):
        damaged = bytearray(original)
        damaged[position] ^= 0x01
        path.write_bytes(bytes(damaged))
        outcomes.add(assert_refused_or_flagged(vault_path))
        path.write_bytes(original)
    assert outcomes <= {"VaultFormatError", "WrongSecret", "TamperDetected", "finding"}
    assert_still_opens(vault_path)


def test_label_flip_opens_with_a_finding(closed: CreatedVault, vault_path: Path) -> None:
    document = keyslots_json(vault_path)
    document["slots"][0]["label"] = "Passphrasf"
    write_keyslots_json(vault_path, document)
    session = reopen(vault_path)
    try:
        assert len(session.integrity_findings) == 1
        assert "keyslots.json" in session.integrity_findings[0]
        assert "integrity_problem" in audit_actions(session)
        report = session.verify()
        # The session re-sealed the file with its own key and the database is intact,
        # but the report still shows what the unlock found.
        assert report.checks["key file"] == [] and report.checks["audit chain"] == []
        assert not report.ok and "keyslots.json" in report.checks["found at unlock"][0]
    finally:
        session.lock()


def test_an_added_unknown_field_is_covered_by_the_mac(
    closed: CreatedVault, vault_path: Path
) -> None:
    document = keyslots_json(vault_path)
    document["slots"][0]["note"] = "added by someone"
    write_keyslots_json(vault_path, document)
    assert assert_refused_or_flagged(vault_path) == "finding"


def test_mac_removed(closed: CreatedVault, vault_path: Path) -> None:
    document = keyslots_json(vault_path)
    del document["mac"]
    write_keyslots_json(vault_path, document)
    with pytest.raises(VaultFormatError, match="mac"):
        reopen(vault_path)


def test_duplicate_slot_ids(closed: CreatedVault, vault_path: Path) -> None:
    document = keyslots_json(vault_path)
    document["slots"][1]["id"] = document["slots"][0]["id"]
    write_keyslots_json(vault_path, document)
    with pytest.raises(VaultFormatError, match="share an id"):
        reopen(vault_path)


def test_device_slot_with_a_kdf_is_refused(closed: CreatedVault, vault_path: Path) -> None:
    document = keyslots_json(vault_path)
    document["slots"][1]["kind"] = "device"
    write_keyslots_json(vault_path, document)
    with pytest.raises(VaultFormatError, match="device slot"):
        reopen(vault_path)


@pytest.mark.parametrize(
    ("where", "value"),
    [("time_cost", 10**6), ("memory_kib", 2**40), ("parallelism", 0), ("memory_kib", 4)],
)
def test_hostile_kdf_costs_are_refused(
    closed: CreatedVault, vault_path: Path, where: str, value: int
) -> None:
    document = keyslots_json(vault_path)
    document["slots"][0]["kdf"][where] = value
    write_keyslots_json(vault_path, document)
    with pytest.raises(VaultFormatError, match="out of range"):
        reopen(vault_path)


def test_tamper_detected_is_a_finding_not_a_refusal(closed: CreatedVault, vault_path: Path) -> None:
    document = keyslots_json(vault_path)
    document["audit_head"]["count"] += 5
    write_keyslots_json(vault_path, document)
    session = reopen(vault_path)
    try:
        findings = " ".join(session.integrity_findings)
        assert "keyslots.json" in findings and "audit log" in findings
    finally:
        session.lock()


@pytest.fixture
def other_vault(tmp_path: Path) -> Path:
    folder = tmp_path / "Other.rsvault"
    create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS).session.lock()
    return folder


def test_slot_copied_from_another_vault_alongside(
    closed: CreatedVault, vault_path: Path, other_vault: Path
) -> None:
    document = keyslots_json(vault_path)
    foreign = keyslots_json(other_vault)["slots"][0]  # same passphrase, other vault
    document["slots"].insert(0, foreign)
    write_keyslots_json(vault_path, document)
    # The foreign slot fails its AES-GCM check (its AAD names the other vault); our own
    # slot opens, and the added slot breaks the MAC.
    assert assert_refused_or_flagged(vault_path) == "finding"


def test_slot_copied_from_another_vault_instead(
    closed: CreatedVault, vault_path: Path, other_vault: Path
) -> None:
    document = keyslots_json(vault_path)
    document["slots"][0] = keyslots_json(other_vault)["slots"][0]
    write_keyslots_json(vault_path, document)
    with pytest.raises(WrongSecret):
        reopen(vault_path)


def test_whole_keyslots_of_another_vault(
    closed: CreatedVault, vault_path: Path, other_vault: Path
) -> None:
    original = (vault_path / "keyslots.json").read_bytes()
    (vault_path / "keyslots.json").write_bytes((other_vault / "keyslots.json").read_bytes())
    with pytest.raises(VaultError) as info:
        reopen(vault_path)
    assert "vault.db" in info.value.message  # the other vault's key cannot open our database
    (vault_path / "keyslots.json").write_bytes(original)
    assert_still_opens(vault_path)


def test_parse_error_messages_are_plain(closed: CreatedVault, vault_path: Path) -> None:
    document = keyslots_json(vault_path)
    document["slots"][0]["wrap"]["nonce"] = "!!!"
    with pytest.raises(VaultFormatError) as info:
        keyslots.parse(json.dumps(document).encode())
    assert info.value.message.startswith("The vault's key file (keyslots.json) is damaged")


def test_a_key_file_asking_for_hours_of_key_derivation_is_refused(vault_path: Path) -> None:
    """Each bound alone allows 1000 passes and 4 GiB; together that would be hours."""
    made = create_vault(vault_path, PASSPHRASE, kdf=TEST_PARAMS)
    made.session.lock()
    document = json.loads((vault_path / "keyslots.json").read_text(encoding="utf-8"))
    document["slots"][0]["kdf"].update(time_cost=1000, memory_kib=1024 * 1024)
    with pytest.raises(VaultFormatError, match="cost out of range"):
        keyslots.parse(json.dumps(document).encode())
