"""A passphrase change stopped at each of its steps, by a crash or by a failing disk.

`VaultSession._replace_slots` (docs/vault-format.md §7, "Slot changes"): (1) commit
`slot_change_started`; (2) write the key file with the new slots and the head at that
entry; (3) commit `passphrase_changed`, then write the head. After a crash at each
boundary (the session dropped as a kill leaves it: no head flush, no clean lock) the
vault opens with no finding and verifies, and the log tells the truth: the new
passphrase works exactly when step 2 happened, and then the log records the change.
A failure (StorageError) at steps 1-2 is reported and changes nothing; at step 3 it is
not reported (the change took effect) and the vault is consistent all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from recordsafe.audit import chain
from recordsafe.vault import (
    TEST_PARAMS,
    StorageError,
    VaultSession,
    WrongSecret,
    keyslots,
    open_vault,
)
from tests.conftest import PASSPHRASE
from tests.vault.helpers import audit_actions, keyslots_json

NEW = "copper meadow violin 77 tundra"


class Crash(BaseException):
    """Stands for SIGKILL: nothing after it runs, no handler cleans up."""


def abandon(session: VaultSession) -> None:
    """What a kill leaves: no head flush, no clean lock (the OS frees the file lock)."""
    session.is_open = False
    session.db.close()
    session._lock.release()


def fail_on_nth_key_file_write(monkeypatch: pytest.MonkeyPatch, n: int, exc: BaseException) -> None:
    real = keyslots.write
    calls = {"count": 0}

    def write(folder: Path, doc: Any) -> None:
        calls["count"] += 1
        if calls["count"] == n:
            raise exc
        real(folder, doc)

    monkeypatch.setattr(keyslots, "write", write)


def fail_on_append(monkeypatch: pytest.MonkeyPatch, action: str, exc: BaseException) -> None:
    real = chain.append

    def append(db: Any, actor: str, what: str, *args: Any, **kwargs: Any) -> tuple[int, str]:
        if what == action:
            raise exc
        return real(db, actor, what, *args, **kwargs)

    monkeypatch.setattr(chain, "append", append)


# step -> (how to stop there, whether the new passphrase took effect)
STEPS: dict[str, tuple[Callable[[pytest.MonkeyPatch, BaseException], None], bool]] = {
    "1 started entry not committed": (
        lambda mp, exc: fail_on_append(mp, "slot_change_started", exc),
        False,
    ),
    "2 key file not written": (lambda mp, exc: fail_on_nth_key_file_write(mp, 1, exc), False),
    "3a changed entry not committed": (
        lambda mp, exc: fail_on_append(mp, "passphrase_changed", exc),
        True,
    ),
    "3b head not written": (lambda mp, exc: fail_on_nth_key_file_write(mp, 2, exc), True),
}


def check_after(folder: Path, took_effect: bool) -> list[str]:
    """Opens with exactly one passphrase, no finding, verifies; returns the log's actions."""
    works, fails = (NEW, PASSPHRASE) if took_effect else (PASSPHRASE, NEW)
    with pytest.raises(WrongSecret):
        open_vault(folder, fails, kdf=TEST_PARAMS)
    session = open_vault(folder, works, kdf=TEST_PARAMS)
    try:
        assert session.integrity_findings == []
        assert session.verify().ok
        actions = audit_actions(session)
    finally:
        session.lock()
    # Every effective change is in the log; a change the log calls done took effect.
    assert ("slot_change_started" in actions) or not took_effect
    assert ("passphrase_changed" in actions) <= took_effect
    return actions


@pytest.mark.parametrize("step", sorted(STEPS))
def test_a_crash_at_each_step(
    session: VaultSession, vault_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    stop, took_effect = STEPS[step]
    with monkeypatch.context() as patch:
        stop(patch, Crash())
        with pytest.raises(Crash):
            session.change_passphrase(NEW)
    abandon(session)
    head = keyslots_json(vault_path)["audit_head"]
    actions = check_after(vault_path, took_effect)
    if step.startswith("2"):
        # The started entry committed, the key file did not move: the head lags one
        # entry (accepted), and the log says a change started that never finished.
        assert actions.count("slot_change_started") == 1
        assert "passphrase_changed" not in actions
    if step.startswith("3a"):
        # Key file and log agree exactly: the head is the started entry itself.
        assert head["count"] == actions.index("slot_change_started") + 1


@pytest.mark.parametrize("step", sorted(STEPS))
def test_a_failing_disk_at_each_step(
    session: VaultSession, vault_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    stop, took_effect = STEPS[step]
    before = (vault_path / "keyslots.json").read_bytes()
    with monkeypatch.context() as patch:
        stop(patch, StorageError("Could not save the vault's key file: the disk is full."))
        if took_effect:
            session.change_passphrase(NEW)  # done: no false "could not change"
        else:
            with pytest.raises(StorageError, match="disk is full"):
                session.change_passphrase(NEW)
            assert (vault_path / "keyslots.json").read_bytes() == before
    # The disk is back: the same session carries on and locks cleanly.
    session.record("after_failure")
    session.lock()
    assert "after_failure" in check_after(vault_path, took_effect)


def test_the_order_is_started_then_changed(session: VaultSession, vault_path: Path) -> None:
    slot = session.change_passphrase(NEW)
    actions = audit_actions(session)
    assert actions[-2:] == ["slot_change_started", "passphrase_changed"]
    started = chain.query(session.db, action="slot_change_started")[0]
    assert started.detail == {"change": "passphrase_changed", "slot": slot.id}
    session.lock()
    check_after(vault_path, True)
