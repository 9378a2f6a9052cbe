"""Practice ▸ Audit log ▸ Export…: the filtered log as an encrypted PDF, numbers only.

Clicked through the real dialog over a real vault; only the file chooser is replaced
(`export_target`, the one method that opens a native dialog).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.audit import chain
from recordsafe.audit.export import NUMBERS_ONLY
from recordsafe.records import clients, intake
from recordsafe.ui.audit.audit_log_dialog import AuditLogDialog
from recordsafe.ui.qt import QtWidgets
from recordsafe.vault import VaultSession
from tests.reliability.pdf_text import pdf_text
from tests.ui.answer import answering_file_dialog

NAMES = ("Quillon Canarywhistle", "Bea Marmalade")


@pytest.fixture
def dialog(qtbot: QtBot, session: VaultSession) -> AuditLogDialog:
    for name in NAMES:
        cid = clients.create_client(session, name)
        intake.record_intake(session, cid, explained_on=date(2025, 1, 2), method="in_person")
        clients.get_client(session, cid)
    opened = AuditLogDialog(session)
    qtbot.addWidget(opened)
    opened.show()
    return opened


def exported_to(
    qtbot: QtBot, dialog: AuditLogDialog, target: Path | None, *, wait: bool = True
) -> None:
    with answering_file_dialog(target) as asked:
        dialog.export_button.click()
    assert asked == ["Export the audit log (encrypted PDF)"]
    if wait:
        qtbot.waitUntil(lambda: dialog.export_done is not None, timeout=20_000)


def test_export_through_the_dialog(
    qtbot: QtBot, dialog: AuditLogDialog, session: VaultSession, tmp_path: Path
) -> None:
    dialog.client_edit.setText("2")
    dialog.apply_filters()
    target = tmp_path / "Audit log.pdf"
    exported_to(qtbot, dialog, target)

    done = dialog.export_done
    assert done is not None and done.isVisible()
    password = done.password_edit.text()
    assert len(password) == 29 and done.password_edit.isReadOnly()
    done.copy_button.click()
    assert QtWidgets.QApplication.clipboard().text() == password
    data = target.read_bytes()
    with pytest.raises(pikepdf.PasswordError):
        pdf_text(data)
    text = pdf_text(data, password)
    assert NUMBERS_ONLY.split(":")[0] in text and "client no. 2" in text
    for name in NAMES:
        for word in name.split():
            assert word not in text
    # Recorded, and the table shows it at once.
    entry = chain.query(session.db, action="audit_exported")[0]
    assert entry.client_id == 2 and entry.detail["filtered"] is True
    dialog.clear_filters()
    assert dialog.model.data(dialog.model.index(0, 2)) == "Audit log exported (encrypted PDF)"
    done.accept()


def test_cancelling_the_file_chooser_writes_nothing(
    qtbot: QtBot, dialog: AuditLogDialog, session: VaultSession, tmp_path: Path
) -> None:
    exported_to(qtbot, dialog, None, wait=False)
    assert not dialog.busy and dialog.export_done is None
    assert chain.query(session.db, action="audit_exported") == []
    assert list(tmp_path.rglob("*.pdf*")) == []


def test_a_missing_folder_is_refused_in_plain_words(
    qtbot: QtBot, dialog: AuditLogDialog, session: VaultSession, tmp_path: Path
) -> None:
    exported_to(qtbot, dialog, tmp_path / "gone" / "Audit log.pdf", wait=False)
    boxes = [b for b in dialog.findChildren(QtWidgets.QMessageBox) if b.isVisible()]
    assert boxes and "does not exist" in boxes[0].text()
    assert chain.query(session.db, action="audit_exported") == []
    boxes[0].accept()
