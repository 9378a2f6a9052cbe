"""keyslots.parse on hostile input: only VaultError subclasses ever come out.

RECORDSAFE_FUZZ_EXAMPLES raises the example count for a benchmark run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recordsafe.vault import TEST_PARAMS, VaultError, create_vault, keyslots
from tests.conftest import PASSPHRASE

EXAMPLES = int(os.environ.get("RECORDSAFE_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _real_document() -> bytes:
    """A real key file with a device slot and a custodian slot, made once per run."""
    import tempfile  # noqa: PLC0415

    import keyring  # noqa: PLC0415

    from tests.keyrings import MemoryKeyring  # noqa: PLC0415

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "Fuzz.rsvault"
            session = create_vault(folder, PASSPHRASE, kdf=TEST_PARAMS).session
            try:
                session.add_code_slot("custodian", "Dr. Custodian")
                assert session.remember_on_device("This laptop")
            finally:
                session.lock()
            return (folder / "keyslots.json").read_bytes()
    finally:
        keyring.set_keyring(previous)


REAL = _real_document()
REAL_DOC: dict[str, Any] = json.loads(REAL)


def parse_only_vault_errors(data: bytes) -> None:
    try:
        keyslots.parse(data)
    except VaultError as exc:
        assert isinstance(exc.message, str) and exc.message


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the document a value sits (dict keys and list indexes)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(paths(item, (*prefix, index)))
    return found


PATHS = paths(REAL_DOC)[1:]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=80),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)


def test_the_real_document_parses() -> None:
    doc = keyslots.parse(REAL)
    assert [s.kind for s in doc.slots] == ["passphrase", "recovery", "custodian", "device"]
    assert len(PATHS) > 40


@FUZZ
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data: bytes) -> None:
    parse_only_vault_errors(data)


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=2048))
def test_arbitrary_text(text: str) -> None:
    parse_only_vault_errors(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.data())
def test_mutated_bytes(data: st.DataObject) -> None:
    damaged = bytearray(REAL)
    for _ in range(data.draw(st.integers(1, 8))):
        op = data.draw(st.sampled_from(["flip", "insert", "delete", "replace"]))
        at = data.draw(st.integers(0, max(len(damaged) - 1, 0)))
        if op == "flip" and damaged:
            damaged[at] ^= 1 << data.draw(st.integers(0, 7))
        elif op == "insert":
            damaged[at:at] = data.draw(st.binary(min_size=1, max_size=8))
        elif op == "delete" and damaged:
            damaged[at : at + data.draw(st.integers(1, 16))] = b""
        else:
            damaged[at : at + 1] = data.draw(st.binary(min_size=1, max_size=1))
    parse_only_vault_errors(bytes(damaged))


def _replace(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(document))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


@FUZZ
@given(st.sampled_from(PATHS), json_values)
def test_random_json_value_in_each_field(path: tuple[Any, ...], value: Any) -> None:
    parse_only_vault_errors(json.dumps(_replace(REAL_DOC, path, value)).encode())


@FUZZ
@given(st.sampled_from(PATHS))
def test_each_field_removed(path: tuple[Any, ...]) -> None:
    copy = json.loads(json.dumps(REAL_DOC))
    target = copy
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    parse_only_vault_errors(json.dumps(copy).encode())


@pytest.mark.parametrize(
    "data",
    [
        b'{"format": "recordsafe-vault", "version": ' + b"9" * 5000 + b"}",
        b'{"format": "recordsafe-vault", "version": 1e999}',
        b'{"format": "recordsafe-vault", "version": NaN}',
        b"[" * 200_000,
        b'{"format": "recordsafe-vault", "version": 1, "vault_id": "\\ud800"}',
        b"\xef\xbb\xbf{}",
    ],
    ids=["huge-int", "inf", "nan", "deep", "lone-surrogate", "bom"],
)
def test_known_nasty_inputs(data: bytes) -> None:
    with pytest.raises(VaultError):
        keyslots.parse(data)
