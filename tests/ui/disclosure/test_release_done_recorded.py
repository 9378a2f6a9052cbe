"""Issue 16: the done page said "recorded in the accounting" also for disclosures HIPAA
leaves out of it (to the client, under authorization, de-identified). It says what is true."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

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

LISTED = "The disclosure is recorded in the accounting of disclosures."
NOT_LISTED = "The disclosure is recorded; it is not listed in the accounting of disclosures"


def save(qtbot: QtBot, dialog: ReleaseDialog, target: Path) -> str:
    save_and_read(qtbot, dialog, target)
    return dialog.done_page.done_label.text()


def test_an_emergency_release_is_in_the_accounting(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    fill_request(dialog, recipient="Duty psychiatrist", purpose="emergency")
    dialog.request_page.attest_check.setChecked(True)
    dialog.request_page.justification_edit.setPlainText("Stated a plan for tonight.")
    through_to_output(dialog)
    done = save(qtbot, dialog, tmp_path / "e.pdf")
    assert LISTED in done and "not listed" not in done


def test_print_for_the_client_says_why_it_is_not_listed(
    qtbot: QtBot, world: World, tab: ConsentsTab, tmp_path: Path
) -> None:
    dialog = release_for_client(tab)
    dialog.next()
    done = save(qtbot, dialog, tmp_path / "a.pdf")
    assert f"{NOT_LISTED}, because it went to the client themselves" in done
    assert LISTED not in done
    dialog.reject()


def test_a_consented_and_a_deidentified_release_say_why_they_are_not_listed(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    give_consent(world.session, world.clients["ada"])
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    fill_request(dialog)
    through_to_output(dialog)
    done = save(qtbot, dialog, tmp_path / "c.pdf")
    assert f"{NOT_LISTED}, because it was made under the client's signed authorization" in done

    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    fill_request(dialog, recipient="Peer group", purpose="training")
    through_to_output(dialog)
    dialog.next()  # past the de-identification review
    done = save(qtbot, dialog, tmp_path / "t.pdf")
    assert f"{NOT_LISTED}, because it was de-identified" in done
