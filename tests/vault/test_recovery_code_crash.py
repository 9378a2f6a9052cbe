"""A kill after a new recovery code (or a key rotation) commits, before the code reaches
the screen, is told at the next unlock and by verify (issue 14, "a crash loses the
recovery code silently"). Real child processes, killed at the chosen step."""

from __future__ import annotations

from pathlib import Path

import pytest

from recordsafe.vault import CreatedVault, rotate_key
from tests.conftest import PASSPHRASE
from tests.vault.helpers import reopen, run_killed

# Opens the vault, makes a new recovery code (or rotates the key), and dies before
# anything could show the code; "before_commit" dies at the key file's rename instead.
KILL_SCRIPT = """
import os, sys
from pathlib import Path
from recordsafe.vault import TEST_PARAMS, open_vault, rotate_key

folder, passphrase, action, point = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
real_replace = os.replace

def replace(src, dst, *args, **kwargs):
    if point == "before_commit" and os.fspath(dst).endswith("keyslots.json"):
        os._exit(75)
    real_replace(src, dst, *args, **kwargs)

os.replace = replace
session = open_vault(folder, passphrase, kdf=TEST_PARAMS)
if action == "new_code":
    session.new_recovery_code()
else:
    rotate_key(session, passphrase)
os._exit(75)  # the code was never shown
"""


def kill_during(folder: Path, action: str, point: str) -> None:
    run_killed(KILL_SCRIPT, str(folder), PASSPHRASE, action, point)


@pytest.mark.parametrize("action", ["new_code", "rotate"])
def test_a_code_never_shown_is_told_until_a_new_one_is_shown(
    created: CreatedVault, vault_path: Path, action: str
) -> None:
    created.session.lock()
    kill_during(vault_path, action, "after_commit")
    session = reopen(vault_path)
    try:
        warning = session.unseen_recovery_code
        assert warning is not None and "never shown" in warning
        assert "New recovery code" in warning  # says what to do
        report = session.verify()
        assert report.ok  # not an integrity failure...
        assert any("never shown" in line for line in report.lines())  # ...but said
        session.new_recovery_code()
        assert session.unseen_recovery_code is not None  # made, not yet shown either
        session.recovery_code_shown()
        assert session.unseen_recovery_code is None
    finally:
        session.lock()
    again = reopen(vault_path)
    try:
        assert again.unseen_recovery_code is None
    finally:
        again.lock()


@pytest.mark.parametrize("action", ["new_code", "rotate"])
def test_a_change_killed_before_its_commit_leaves_the_old_code_and_no_warning(
    created: CreatedVault, vault_path: Path, action: str
) -> None:
    created.session.lock()
    kill_during(vault_path, action, "before_commit")
    session = reopen(vault_path, created.recovery_code, kinds=("recovery",))
    try:
        assert session.unseen_recovery_code is None
        assert session.integrity_findings == []
    finally:
        session.lock()


def test_a_rotation_shown_in_full_leaves_no_warning(created: CreatedVault) -> None:
    rotated = rotate_key(created.session, PASSPHRASE)
    try:
        assert rotated.session.unseen_recovery_code is not None
        rotated.session.recovery_code_shown()
        assert rotated.session.unseen_recovery_code is None
        assert rotated.session.verify().ok
    finally:
        rotated.session.lock()
