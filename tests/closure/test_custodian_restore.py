"""Issue 15: a custodian who restores the handoff backup on a new computer is named in
every entry (the restore, the unlock inside it, the settings it writes), and the
practitioner's summary counts what the custodian did, not the app's bookkeeping."""

from __future__ import annotations

import json
from pathlib import Path

from recordsafe.closure import custodian
from recordsafe.records import notes
from recordsafe.vault import TEST_PARAMS, open_vault
from recordsafe.vault.backup import restore_backup, set_backup_dir
from tests.closure.conftest import CUSTODIAN_FORM, Practice
from tests.conftest import PASSPHRASE


def test_a_custodian_restoring_the_handoff_backup_is_named_and_counted_once(
    practice: Practice, tmp_path: Path
) -> None:
    session = practice.session
    made = custodian.designate(session, CUSTODIAN_FORM)
    backups = tmp_path / "backups"
    backups.mkdir()
    set_backup_dir(session, backups)
    handoff = custodian.handoff_backup(session, backups, made.code)
    assert handoff.verified
    start = int(session.db.scalar("SELECT max(seq) FROM audit_log"))
    session.lock()

    # The custodian, on a new computer: restore the backup with the code, then unlock.
    target = tmp_path / "new laptop" / "Practice.rsvault"
    restore_backup(
        handoff.file, target, made.code, kinds=("custodian",), identify=custodian.identify
    )
    cust = open_vault(
        target, made.code, kinds=("custodian",), kdf=TEST_PARAMS, identify=custodian.identify
    )
    custodian.note_unlock(cust)
    notes.open_note(cust, practice.notes["ada"])
    cust.lock()

    back = open_vault(target, PASSPHRASE, kdf=TEST_PARAMS)
    try:
        rows = back.db.execute(
            "SELECT action, detail FROM audit_log WHERE seq > ? AND actor = 'custodian'",
            (start,),
        )
        unnamed = [str(a) for a, d in rows if json.loads(d or "{}").get("by") is None]
        assert unnamed == []  # restored_from_backup, unlocked, setting_changed: all named
        activity = custodian.custodian_activity(back)
        assert activity.custodians == ("Dr Rosa Vega, records custodian",)
        counts = activity.by_action
        assert counts.get("restored_from_backup") == 1
        assert counts.get("unlocked") == 1  # the restore's own check of its copy is a step
        assert "setting_changed" not in counts  # the time of the last backup: bookkeeping
        assert counts.get("note_viewed") == 1
    finally:
        back.lock()
