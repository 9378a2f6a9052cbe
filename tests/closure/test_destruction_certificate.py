"""Issue 15: a certificate of destruction's password is kept in the vault (like a closure
notice's), shown again on purpose and audited; the row holds nothing about the client
beyond the destruction log entry it belongs to."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from recordsafe.closure import destruction, retention
from recordsafe.closure.errors import ClosureError
from recordsafe.vault import VaultSession
from tests.closure.conftest import TODAY, Practice

RULE = retention.RetentionRule(years=7, minor_years=3, majority_age=18)


def _shown(session: VaultSession) -> int:
    return int(
        session.db.scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'destruction_certificate_password_shown'"
        )
    )


def _destroyed(practice: Practice) -> destruction.DestructionEntry:
    retention.set_rule(practice.session, RULE, today=TODAY)
    return destruction.destroy(
        practice.session, practice.clients["ada"], typed_name="Ada Wren", today=TODAY
    )


def test_the_password_is_kept_and_shown_again(practice: Practice, tmp_path: Path) -> None:
    session = practice.session
    entry = _destroyed(practice)
    assert not entry.certificate_saved
    with pytest.raises(ClosureError, match="No certificate was saved"):
        destruction.certificate_password(session, entry.id)
    target = tmp_path / "certificate.pdf"
    password = destruction.save_certificate(session, entry, target)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    pikepdf.open(target, password=password).close()
    assert destruction.destruction_log(session)[0].certificate_saved
    assert _shown(session) == 0
    assert destruction.certificate_password(session, entry.id) == password
    assert _shown(session) == 1
    # Saved again (a lost file): the same password, the one already written down.
    again = tmp_path / "again.pdf"
    assert destruction.save_certificate(session, entry, again) == password
    pikepdf.open(again, password=password).close()
    assert session.verify().ok


def test_the_row_holds_no_client_content(practice: Practice, tmp_path: Path) -> None:
    session = practice.session
    entry = _destroyed(practice)
    destruction.save_certificate(session, entry, tmp_path / "Ada Wren certificate.pdf")
    columns = [r[1] for r in session.db.execute("PRAGMA table_info('destruction_certificates')")]
    assert columns == ["log_id", "password", "saved_at"]  # no name, no file name, no path
    row = session.db.execute("SELECT * FROM destruction_certificates")[0]
    assert "Ada" not in " ".join(str(v) for v in row)
