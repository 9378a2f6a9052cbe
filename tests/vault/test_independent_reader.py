"""Open a vault from docs/vault-format.md alone: nothing here imports `recordsafe`.

Vaults come from the app (through the shared fixtures); every step after that is the
document's: parse keyslots.json, Argon2id, AES-GCM with the AAD, the MAC, SQLCipher with
the raw key, the audit chain and its head. The worked example in the document is
checked too, so the page cannot drift from the app.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
import sqlcipher3
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tests.conftest import PASSPHRASE

DOC = Path(__file__).resolve().parents[2] / "docs" / "vault-format.md"
ZERO_HASH = "0" * 64


# --- the reader, following the document section by section ---------------------------


class Refused(Exception):
    pass


def load_keyslots(folder: Path) -> dict[str, Any]:
    """§2: the key file, refusing what is not format 1."""
    document = json.loads((folder / "keyslots.json").read_bytes().decode("utf-8"))
    if document.get("format") != "recordsafe-vault":
        raise Refused("not a RecordSafe key file")
    if document.get("version") != 1:
        raise Refused("format version not understood")
    return document


def secret_bytes(kind: str, secret: str) -> bytes:
    """§3 step 1."""
    if kind == "passphrase":
        return unicodedata.normalize("NFC", secret).encode("utf-8")
    cleaned = "".join(ch for ch in secret.upper() if ch not in " -\t\r\n")
    return unicodedata.normalize("NFC", cleaned).encode("utf-8")


def kek_for(slot: dict[str, Any], secret: str) -> bytes:
    """§3 step 2."""
    kdf = slot["kdf"]
    assert kdf["name"] == "argon2id" and kdf["version"] == 19
    return hash_secret_raw(
        secret=secret_bytes(slot["kind"], secret),
        salt=base64.b64decode(kdf["salt"], validate=True),
        time_cost=kdf["time_cost"],
        memory_cost=kdf["memory_kib"],
        parallelism=kdf["parallelism"],
        hash_len=32,
        type=Type.ID,
        version=19,
    )


def aad_for(vault_id: str, slot: dict[str, Any]) -> bytes:
    """§3 step 3."""
    return f"recordsafe/v1|{vault_id}|{slot['id']}|{slot['kind']}".encode()


def unwrap(document: dict[str, Any], slot: dict[str, Any], kek: bytes) -> bytes | None:
    """§3 step 4."""
    wrap = slot["wrap"]
    assert wrap["name"] == "aes-256-gcm"
    try:
        key = AESGCM(kek).decrypt(
            base64.b64decode(wrap["nonce"], validate=True),
            base64.b64decode(wrap["ciphertext"], validate=True),
            aad_for(document["vault_id"], slot),
        )
    except InvalidTag:
        return None
    return key if len(key) == 32 else None


def mac_input(document: dict[str, Any]) -> bytes:
    """§4."""
    body = {k: v for k, v in document.items() if k != "mac"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def mac_key(vault_key: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"recordsafe keyslots mac"
    ).derive(vault_key)


def mac_ok(document: dict[str, Any], vault_key: bytes) -> bool:
    expected = hmac.new(mac_key(vault_key), mac_input(document), hashlib.sha256).digest()
    return hmac.compare_digest(expected, base64.b64decode(document["mac"], validate=True))


def unlock(folder: Path, secret: str, kinds: tuple[str, ...] = ("passphrase",)) -> bytes:
    """§3: the vault key from the first slot of a wanted kind that opens."""
    document = load_keyslots(folder)
    for slot in document["slots"]:
        if slot["kind"] in kinds:
            key = unwrap(document, slot, kek_for(slot, secret))
            if key is not None:
                assert mac_ok(document, key), "§3 step 5: the MAC must check out"
                return key
    raise Refused("wrong secret")


@contextlib.contextmanager
def open_db(path: Path, vault_key: bytes) -> Iterator[Any]:
    """§5: SQLCipher 4 defaults, raw key, the key pragma first."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{vault_key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        yield conn
    finally:
        conn.close()


def entry_hash(prev: str, row: tuple[Any, ...]) -> str:
    """§7."""
    body = json.dumps(list(row), separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev}|{body}".encode()).hexdigest()


def check_chain(conn: Any, head: dict[str, Any]) -> list[str]:
    """§7: the chain whole, and the head found at `count` with its hash."""
    problems: list[str] = []
    prev, expected, hash_at = ZERO_HASH, 1, {0: ZERO_HASH}
    for seq, at, actor, action, client_id, detail, stored in conn.execute(
        "SELECT seq, at, actor, action, client_id, detail, hash FROM audit_log ORDER BY seq"
    ):
        if seq != expected:
            problems.append(f"gap before {seq}")
        if entry_hash(prev, (seq, at, actor, action, client_id, detail)) != stored:
            problems.append(f"entry {seq} altered")
        hash_at[seq] = stored
        prev, expected = stored, seq + 1
    if hash_at.get(head["count"]) != head["hash"]:
        problems.append("head does not match")
    return problems


def finish_rotation(folder: Path) -> None:
    """§9."""
    pending_doc, pending_db = folder / "keyslots.json.rotating", folder / "vault.db.rotating"
    if pending_doc.exists():
        pending_doc.unlink()
        pending_db.unlink(missing_ok=True)
    elif pending_db.exists():
        for leftover in ("vault.db-wal", "vault.db-shm"):
            (folder / leftover).unlink(missing_ok=True)
        pending_db.replace(folder / "vault.db")


def read_vault(
    folder: Path, secret: str, kinds: tuple[str, ...] = ("passphrase",)
) -> dict[str, Any]:
    finish_rotation(folder)
    key = unlock(folder, secret, kinds)
    document = load_keyslots(folder)
    with open_db(folder / "vault.db", key) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY seq")]
        settings = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        problems = check_chain(conn, document["audit_head"])
    return {
        "key": key,
        "version": version,
        "actions": actions,
        "settings": settings,
        "problems": problems,
    }


# --- against vaults the app made ------------------------------------------------------


@pytest.fixture
def app_vault(created: Any, vault_path: Path) -> Path:
    session = created.session
    session.set_setting("practice_name", "Café Ünïcode ✓")
    session.record("viewed", client_id=7, reason="résumé")
    session.add_code_slot("custodian", "Dr. Zoë Custodian")
    session.lock()
    return vault_path


def test_reads_a_vault_made_by_the_app(app_vault: Path) -> None:
    result = read_vault(app_vault, PASSPHRASE)
    assert result["version"] >= 1
    assert result["problems"] == []
    assert result["settings"]["practice_name"] == "Café Ünïcode ✓"
    assert result["actions"][0] == "vault_created" and "viewed" in result["actions"]


def test_recovery_code_in_any_spelling(created: Any, vault_path: Path) -> None:
    created.session.lock()
    code = created.recovery_code.lower().replace("-", " ")
    assert read_vault(vault_path, code, ("recovery",))["problems"] == []
    with pytest.raises(Refused):
        read_vault(vault_path, "wrong passphrase entirely")


def test_device_slot_from_the_keyring(created: Any, vault_path: Path) -> None:
    assert created.session.remember_on_device("This laptop")
    created.session.lock()
    document = load_keyslots(vault_path)
    (slot,) = [s for s in document["slots"] if s["kind"] == "device"]
    assert slot["kdf"] == {"name": "none"}
    secret = keyring.get_password("RecordSafe", f"{document['vault_id']}/{slot['id']}")
    assert secret is not None
    key = unwrap(document, slot, base64.b64decode(secret, validate=True))
    assert key is not None and mac_ok(document, key)


def test_reads_after_rotation_and_sees_tampering(rotated_vault: Path) -> None:
    vault_path = rotated_vault
    result = read_vault(vault_path, PASSPHRASE)
    assert result["problems"] == [] and result["actions"][-1] == "key_rotated"
    with open_db(vault_path / "vault.db", result["key"]) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'someone' WHERE seq = 2")
    assert "entry 2 altered" in read_vault(vault_path, PASSPHRASE)["problems"]


def test_refuses_a_newer_format(created: Any, vault_path: Path) -> None:
    created.session.lock()
    document = load_keyslots(vault_path)
    document["version"] = 2
    (vault_path / "keyslots.json").write_text(json.dumps(document))
    with pytest.raises(Refused, match="version"):
        read_vault(vault_path, PASSPHRASE)


# --- the worked example in the document ------------------------------------------------


def example(name: str) -> str:
    text = DOC.read_text("utf-8")
    block = re.search(rf"<!-- example:{name} -->\n```\w*\n(.*?)\n```", text, re.DOTALL)
    if block:
        return block.group(1)
    inline = re.search(rf"<!-- example:{name} -->`([^`]*)`", text)
    assert inline, f"docs/vault-format.md lost its example '{name}'"
    return inline.group(1)


def test_worked_example_in_the_document() -> None:
    document = json.loads(example("keyslots"))
    passphrase_slot, recovery_slot = document["slots"]
    assert base64.b64decode(passphrase_slot["kdf"]["salt"]).hex() == example("salt")
    kek = kek_for(passphrase_slot, "harbour lantern quietly 42 mosaic")
    assert kek.hex() == example("kek")
    assert aad_for(document["vault_id"], passphrase_slot).decode() == example("aad")
    vault_key = unwrap(document, passphrase_slot, kek)
    assert vault_key is not None and vault_key.hex() == example("vault_key")
    assert mac_key(vault_key).hex() == example("mac_key")
    assert mac_input(document).decode() == example("mac_input")
    assert mac_ok(document, vault_key)
    recovery_kek = kek_for(recovery_slot, "Z12A-79GG-FXJS-KS10-0D1J-CSE7-MNN8")
    assert recovery_kek.hex() == example("recovery_kek")
    assert unwrap(document, recovery_slot, recovery_kek) == vault_key
    entry = (1, "2026-11-26T10:13:34.144135Z", "practitioner", "vault_created", None,
             '{"format":1}')  # fmt: skip
    assert entry_hash(ZERO_HASH, entry) == document["audit_head"]["hash"]


def test_finishes_an_interrupted_rotation(crashed_after_commit: Path) -> None:
    folder = crashed_after_commit
    # Before §9: the new key file's key cannot open the old vault.db.
    key = unlock(folder, PASSPHRASE)
    with pytest.raises(sqlcipher3.dbapi2.DatabaseError), open_db(folder / "vault.db", key):
        pass
    # §9's read-only route: the key file with vault.db.rotating.
    with open_db(folder / "vault.db.rotating", key) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'practice_name'").fetchone()
    result = read_vault(folder, PASSPHRASE)
    assert result["problems"] == [] and result["key"] == key
    assert result["settings"]["practice_name"] == "Kept"
    assert not (folder / "vault.db.rotating").exists()
