"""Fuzz the backup reader with mutated real backups: only VaultErrors, never a crash.

`RECORDSAFE_FUZZ_EXAMPLES` raises the number of examples (the benchmark run uses
10,000); the normal run keeps it moderate.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recordsafe.vault import VaultError, VaultSession
from recordsafe.vault.backup import (
    BackupVerifyReport,
    create_backup,
    parse_manifest,
    read_manifest,
    verify_backup,
)
from tests.backup.helpers import build, fill, members, resummed
from tests.conftest import PASSPHRASE

EXAMPLES = int(os.environ.get("RECORDSAFE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 60,  # the normal run is reproducible; big runs explore
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def real_backup(session: VaultSession, backup_dir: Path) -> bytes:
    fill(session, 20)
    return create_backup(session, backup_dir).read_bytes()


def read_all_ways(data: bytes) -> None:
    """Hand `data` to every reader of backups; anything but a VaultError is a bug."""
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "fuzz.rsbackup"
        file.write_bytes(data)
        try:
            read_manifest(file)
        except VaultError:
            pass
        try:
            report = verify_backup(file, PASSPHRASE)
        except VaultError as exc:
            assert exc.message
            assert "Traceback" not in exc.message
        else:
            assert isinstance(report, BackupVerifyReport)


mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(min_value=0), st.integers(1, 255)),
    st.tuples(st.just("flip_tail"), st.integers(min_value=1, max_value=3000), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(min_value=0), st.just(0)),
    st.tuples(st.just("insert"), st.integers(min_value=0), st.integers(0, 255)),
    st.tuples(st.just("delete_tail"), st.integers(min_value=1, max_value=3000), st.just(0)),
)


def mutate(data: bytes, steps: list[tuple[str, int, int]]) -> bytes:
    out = bytearray(data)
    for kind, where, value in steps:
        if not out:
            break
        if kind == "flip":
            out[where % len(out)] ^= value
        elif kind == "flip_tail":  # the manifest, key file and central directory
            out[-1 - (where % len(out))] ^= value
        elif kind == "cut":
            del out[where % len(out) :]
        elif kind == "insert":
            out.insert(where % (len(out) + 1), value)
        else:
            del out[-1 - (where % len(out))]
    return bytes(out)


def test_mutated_backup_bytes(real_backup: bytes) -> None:
    @FUZZ
    @given(st.lists(mutation, min_size=1, max_size=4))
    def run(steps: list[tuple[str, int, int]]) -> None:
        read_all_ways(mutate(real_backup, steps))

    run()


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)


def test_mutated_manifest(real_backup: bytes, tmp_path: Path) -> None:
    source = tmp_path / "real.rsbackup"
    source.write_bytes(real_backup)
    files = members(source)
    manifest = json.loads(files["manifest.json"])
    keys = [*manifest, "extra"]

    @FUZZ
    @given(
        st.dictionaries(st.sampled_from(keys), json_value, max_size=3),
        st.sets(st.sampled_from(keys), max_size=2),
        st.sampled_from(["vault.db", "keyslots.json"]),
        st.one_of(json_value, st.dictionaries(st.sampled_from(["size", "sha256"]), json_value)),
    )
    def run(changes: dict[str, Any], dropped: set[str], member: str, member_entry: Any) -> None:
        document = {k: v for k, v in {**manifest, **changes}.items() if k not in dropped}
        if isinstance(document.get("files"), dict) and member_entry is not None:
            document["files"] = {**document["files"], member: member_entry}
        body = json.dumps(document).encode()
        try:
            parse_manifest(body)
        except VaultError:
            pass
        entries = [(n, d) for n, d in files.items() if n != "manifest.json"]
        read_all_ways(
            (build(tmp_path / "m.rsbackup", [*entries, ("manifest.json", body)])).read_bytes()
        )

    run()


def test_mutated_key_file_with_forged_sums(real_backup: bytes, tmp_path: Path) -> None:
    source = tmp_path / "real.rsbackup"
    source.write_bytes(real_backup)
    files = members(source)
    key_file = files["keyslots.json"]

    @FUZZ
    @given(st.lists(mutation, min_size=1, max_size=3))
    def run(steps: list[tuple[str, int, int]]) -> None:
        forged = {**files, "keyslots.json": mutate(key_file, steps)}
        forged["manifest.json"] = resummed(files["manifest.json"], forged)
        read_all_ways(build(tmp_path / "k.rsbackup", list(forged.items())).read_bytes())

    run()


def test_raw_bytes_as_manifest() -> None:
    @FUZZ
    @given(st.binary(max_size=400))
    def run(data: bytes) -> None:
        try:
            parse_manifest(data)
        except VaultError:
            pass

    run()
