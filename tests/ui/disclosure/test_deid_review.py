"""The de-identification review in the real release dialog (issue 16): names the vault
knows go, what still looks identifying is listed and removed unless the user keeps it, and
a term added by hand goes as "[removed]"."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from recordsafe.disclosure import practice_info
from recordsafe.disclosure.gate import Item
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.ui.qt import QtCore
from tests.ui.disclosure.conftest import (
    World,
    decrypt,
    fill_request,
    open_dialog,
    page_texts,
    reads_whole,
)
from tests.ui.disclosure.test_release_output import signed_note, through_to_output

BODY = (
    "Ada Wren talked about her sister Greta, who lives in Duluth, and the night shifts at "
    "Pinecrest Logistics. Her son Eli started at Birchwood Elementary; his friends call him "
    '"Bean". Bob Dale sat in the waiting room.'
)
FLAGGED = {"Greta", "Duluth", "Pinecrest Logistics", "Eli", "Birchwood Elementary", "Bean"}


def to_review(qtbot: QtBot, world: World) -> ReleaseDialog:
    world.items["told"] = Item("note", signed_note(world.session, world, "ada_progress", BODY))
    dialog = open_dialog(qtbot, world, "ada", "told")
    fill_request(dialog, recipient="Peer group", purpose="consultation")
    through_to_output(dialog)  # a de-identified release stops at the review first
    assert dialog.stack.currentWidget() is dialog.review
    return dialog


def flagged_rows(dialog: ReleaseDialog) -> dict[str, QtCore.Qt.CheckState]:
    table = dialog.review.suspects_table
    return {table.item(r, 2).text(): table.item(r, 0).checkState() for r in range(table.rowCount())}


def test_what_looks_identifying_is_listed_and_removed_unless_kept(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    dialog = to_review(qtbot, world)
    review = dialog.review
    rows = flagged_rows(dialog)
    assert set(rows) >= FLAGGED, rows
    assert all(state == QtCore.Qt.CheckState.Checked for state in rows.values())
    preview = review.preview.toPlainText()
    for term in [*FLAGGED, "Ada", "Wren", "Bob Dale"]:
        assert term not in preview, term
    assert "[name] sat in the waiting room" in preview  # another client the vault knows
    count = len(rows)  # the six, and the author's name on the note ("written by ...")
    assert f"{count} terms looked identifying: {count} removed" in review.suspects_label.text()

    # The user decides the employer identifies no one: it is left in, and says so.
    table = review.suspects_table
    row = next(
        r for r in range(table.rowCount()) if table.item(r, 2).text() == "Pinecrest Logistics"
    )
    table.item(row, 0).setCheckState(QtCore.Qt.CheckState.Unchecked)
    assert "Pinecrest Logistics" in review.preview.toPlainText()
    assert "1 left in because you kept it" in review.suspects_label.text()
    row = next(
        r for r in range(table.rowCount()) if table.item(r, 2).text() == "Pinecrest Logistics"
    )
    assert "Left in: you kept it." in table.item(row, 3).text()

    # A term added by hand goes as "[removed]", not as "[place]".
    qtbot.keyClicks(review.terms_edit, "night shifts")
    review.add_button.click()
    assert "the [removed] at Pinecrest" in review.preview.toPlainText()

    dialog.next()
    password = dialog.output_page.password_page.generated
    dialog.output_page.path_field.set_path(tmp_path / "c.pdf")
    dialog.next()
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    text = " ".join(
        " ".join(page_texts(decrypt((tmp_path / "c.pdf").read_bytes(), password))).split()
    )
    assert "Pinecrest Logistics" in text
    for term in [*(FLAGGED - {"Pinecrest Logistics"}), "Wren", "Bob Dale", "night shifts"]:
        assert term not in text, term


def test_dates_and_numbers_go_and_the_release_is_not_refused(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    """Issue 16 review: a date touching a phone number left the number for the gate's
    second look, which refused with nothing to tick; a bare day went out unflagged."""
    body = "Seen 2025-03-04 555-0147. Next session 4/10. Mood 6/10. Lives near 97701."
    world.items["told"] = Item("note", signed_note(world.session, world, "ada_progress", body))
    dialog = open_dialog(qtbot, world, "ada", "told")
    fill_request(dialog, recipient="Peer group", purpose="consultation")
    through_to_output(dialog)
    rows = flagged_rows(dialog)
    assert {"4/10", "97701"} <= set(rows) and "6/10" not in rows, rows
    preview = dialog.review.preview.toPlainText()
    assert "Seen 2025 [phone]. Next session [removed]. Mood 6/10." in preview, preview

    dialog.next()
    password = dialog.output_page.password_page.generated
    dialog.output_page.path_field.set_path(tmp_path / "d.pdf")
    dialog.next()
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    text = " ".join(page_texts(decrypt((tmp_path / "d.pdf").read_bytes(), password)))
    for gone in ("555-0147", "03-04", "4/10", "97701"):
        assert gone not in text, gone


WALKER_BODY = (
    "Client said her sister Maribel Okafor drove her down from Cedar Falls after the shift "
    "at Hartwell Plastics. Her son Dashiell is struggling at Lincoln Middle School; his "
    'friends call him "Dash". She plans to visit Aunt Philippa in Des Moines next month.'
)


def test_a_relative_is_a_person_and_credentials_stay(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    """Issue 16 (walker 37, pdf-training-2): "Aunt Philippa" was "may be a place"; the
    author's "LCSW" went as a name ("written by [name] [name], [name]")."""
    session = world.session
    practice_info.save_practice_info(
        session, practice_info.PracticeInfo("Harbour Practice", "Sam Rivers, LCSW", "Main St")
    )
    world.items["told"] = Item("note", signed_note(session, world, "ada_progress", WALKER_BODY))
    dialog = open_dialog(qtbot, world, "ada", "told")
    fill_request(dialog, recipient="Peer group", purpose="training")
    through_to_output(dialog)
    table = dialog.review.suspects_table
    why = {table.item(r, 2).text(): table.item(r, 3).text() for r in range(table.rowCount())}
    assert why.get("Philippa") == "may be a person's name", why
    assert "Aunt" not in why and "Aunt Philippa" not in why
    preview = dialog.review.preview.toPlainText()
    assert "written by [name], LCSW" in preview, preview
    assert "visit Aunt [removed]" in preview
    removed = [dialog.review.table.item(r, 2).text() for r in range(dialog.review.table.rowCount())]
    assert "LCSW" not in removed and "Sam Rivers" in removed

    dialog.next()
    password = dialog.output_page.password_page.generated
    dialog.output_page.path_field.set_path(tmp_path / "t.pdf")
    dialog.next()
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    pages = page_texts(decrypt((tmp_path / "t.pdf").read_bytes(), password))
    text = " ".join(" ".join(pages[1:]).split())  # the items (the cover names the sender)
    assert "written by [name], LCSW" in text
    assert "Sam" not in text and "Rivers" not in text and "Philippa" not in text


def test_the_review_tables_read_whole_at_the_dialogs_size(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    world.items["told"] = Item(
        "note", signed_note(world.session, world, "ada_progress", WALKER_BODY + " " + BODY)
    )
    dialog = open_dialog(qtbot, world, "ada", "told")  # its default size: fits 1240x700
    fill_request(dialog, recipient="Peer group", purpose="training")
    through_to_output(dialog)
    qtbot.waitUntil(lambda: dialog.review.suspects_table.rowCount() > 5)
    reads_whole(dialog.review.suspects_table)
    reads_whole(dialog.review.table)
