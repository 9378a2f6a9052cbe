"""Issue 16 (walker pdf-accounting-1): the accounting sent to the client carried
"Confidential: do not redisclose … You may not disclose it to anyone else", telling a
client she may not pass on her own records. A release to the client at their own request
says they are theirs; every other recipient keeps the notices (42 CFR 2.32 too)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.disclosure import release, release_pdf
from recordsafe.ui.disclosure.consents_tab import ConsentsTab
from recordsafe.ui.disclosure.release import ReleaseDialog
from tests.disclosure.conftest import give_consent
from tests.ui.disclosure.conftest import (
    World,
    fill_request,
    open_dialog,
    release_for_client,
    save_and_read,
)
from tests.ui.disclosure.test_release_output import through_to_output

OWN = "These are your own records: you may share them as you choose. Keep them safe."


def saved_text(qtbot: QtBot, dialog: ReleaseDialog, target: Path) -> str:
    return " ".join(" ".join(save_and_read(qtbot, dialog, target)).split())


def test_the_accounting_printed_for_the_client_says_the_records_are_hers(
    qtbot: QtBot, world: World, tab: ConsentsTab, tmp_path: Path
) -> None:
    dialog = release_for_client(tab)
    dialog.next()
    text = saved_text(qtbot, dialog, tmp_path / "a.pdf")
    assert "Accounting of disclosures" in text
    assert OWN in text
    assert "redisclose" not in text and "You may not disclose" not in text
    dialog.reject()


def test_own_records_of_a_part2_client_carry_no_redisclosure_notice(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    release.mark_part2(world.session, world.clients["ada"], True)
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    fill_request(dialog, recipient="Ada Wren", purpose="client_request", requested_by="client")
    through_to_output(dialog)
    text = saved_text(qtbot, dialog, tmp_path / "own.pdf")
    assert OWN in text
    assert "redisclose" not in text and "42 CFR part 2" not in text


def test_every_other_recipient_keeps_both_notices(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    release.mark_part2(world.session, world.clients["ada"], True)
    give_consent(world.session, world.clients["ada"])
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    fill_request(dialog)
    through_to_output(dialog)
    text = saved_text(qtbot, dialog, tmp_path / "lee.pdf")
    assert "Confidential: do not redisclose" in text
    assert " ".join(release_pdf.REDISCLOSURE_NOTICE.split()[:12]) in text
    assert "Notice required by 42 CFR 2.32" in text
    assert OWN not in text
