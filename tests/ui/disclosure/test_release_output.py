"""What the release dialog writes: an AES-256 PDF with exactly the chosen items and the
footer on every page; de-identified output for training, reviewed; Part 2 wording."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from pytestqt.qtbot import QtBot

from recordsafe.disclosure import release, release_pdf
from recordsafe.disclosure.gate import Item
from recordsafe.records import notes
from recordsafe.ui.disclosure.release import ReleaseDialog
from recordsafe.vault import VaultSession
from tests.disclosure.conftest import NOTE_DAY, TODAY, give_consent
from tests.ui.disclosure.conftest import World, decrypt, fill_request, open_dialog, page_texts

LONG_BODY = "\n\n".join(
    f"Paragraph {n}: we talked about the week, sleep and the plan for the next session. " * 6
    for n in range(1, 30)
)


def signed_note(session: VaultSession, world: World, key: str, body: str) -> int:
    case_id = int(
        session.db.scalar("SELECT case_id FROM notes WHERE id = ?", (world.note_id(key),))
    )
    subjects = [world.clients["ada"]]
    note_id = notes.create_note(
        session, case_id, kind="progress", note_date=NOTE_DAY, body=body, subjects=subjects
    )
    notes.sign_note(session, note_id)
    return note_id


def through_to_output(dialog: ReleaseDialog) -> None:
    dialog.next()
    assert dialog.model is not None
    dialog.model.set_all(True)
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()


def test_encrypted_pdf_has_exactly_the_chosen_items_and_a_footer_on_every_page(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    session = world.session
    give_consent(session, world.clients["ada"])
    long_id = signed_note(session, world, "ada_progress", "Marker-long-note.\n\n" + LONG_BODY)
    signed_note(session, world, "ada_progress", "Marker-left-out.")
    dialog = open_dialog(qtbot, world, "ada", "ada_progress", whole_record=True)
    fill_request(dialog, organisation="City Clinic")
    dialog.next()
    assert dialog.decision is not None and dialog.model is not None
    for row, decided in enumerate(dialog.decision.items):
        if decided.item.kind == "note" and decided.item.id in (
            long_id,
            world.note_id("ada_progress"),
        ):
            assert dialog.model.set_checked(row, True)
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    password = dialog.output_page.password_page.generated
    target = tmp_path / "release.pdf"
    dialog.output_page.path_field.set_path(target)
    dialog.next()
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)

    data = target.read_bytes()
    assert b"Marker" not in data and b"Dr Lee" not in data  # encrypted, metadata generic
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target, password="wrong password here")
    with pikepdf.open(target, password=password) as pdf:
        assert pdf.encryption.R == 6 and pdf.encryption.bits == 256
        assert pdf.encryption.stream_method.name == "aesv3"
    pages = page_texts(decrypt(data, password))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        footer = " ".join(page.split()[-30:])
        assert "Released to Dr Lee, City Clinic for treatment on 1 June 2025" in " ".join(
            page.split()
        )
        assert f"page {number} of {len(pages)}" in footer
    text = "\n".join(pages)
    assert "Marker-long-note" in text and "Session content." in text
    assert "Marker-left-out" not in text
    assert "2 items" in text
    assert release_pdf.REDISCLOSURE_NOTICE.split()[0] in text
    assert "42 CFR part 2" not in text


def test_part2_client_gets_the_2_32_notice(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    give_consent(world.session, world.clients["ada"])
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    fill_request(dialog)
    dialog.request_page.part2_check.setChecked(True)
    through_to_output(dialog)
    dialog.output_page.path_field.set_path(tmp_path / "p2.pdf")
    password = dialog.output_page.password_page.generated
    dialog.next()
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    text = " ".join(
        " ".join(page_texts(decrypt((tmp_path / "p2.pdf").read_bytes(), password))).split()
    )
    assert "Notice required by 42 CFR 2.32" in text
    assert "protected by Federal confidentiality rules (42 CFR part 2)" in text
    # The mark is kept for the next release of this client's records.
    assert release.is_part2(world.session, [world.clients["ada"]])


def test_training_output_is_deidentified_after_review(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    session = world.session
    body = (
        "Ada Wren came in on 4 March 2025 after a hard week at Harbourville Primary. "
        "Her sister Mrs Smith called from 207-555-0142; e-mail ada.wren@example.org."
    )
    note_id = signed_note(session, world, "ada_progress", body)
    dialog = ReleaseDialog(session, world.clients["ada"], [Item("note", note_id)], today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_request(dialog, recipient="Peer group", purpose="training")
    assert (
        dialog.request_page.deidentify_check.isVisible()
        and dialog.request_page.deidentify_check.isChecked()
    )
    dialog.next()
    assert dialog.decision is not None and dialog.decision.all_allowed
    assert dialog.model is not None and dialog.model.set_checked(0, True)
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.review
    removed = {dialog.review.table.item(r, 2).text() for r in range(dialog.review.table.rowCount())}
    assert {"Ada Wren", "4 March 2025", "207-555-0142", "ada.wren@example.org"} <= removed
    # The school is flagged as looking identifying, and removed unless kept (issue 16).
    assert "Harbourville Primary" in removed
    assert "Harbourville" not in dialog.review.preview.toPlainText()
    qtbot.keyClicks(dialog.review.terms_edit, "hard week")
    dialog.review.add_button.click()
    assert "[removed]" in dialog.review.preview.toPlainText()
    assert "hard week" in {
        dialog.review.table.item(r, 2).text() for r in range(dialog.review.table.rowCount())
    }
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.output_page
    password = dialog.output_page.password_page.generated
    dialog.output_page.path_field.set_path(tmp_path / "t.pdf")
    dialog.next()
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    text = " ".join(
        " ".join(page_texts(decrypt((tmp_path / "t.pdf").read_bytes(), password))).split()
    )
    for identifying in ("Ada", "Wren", "Harbourville", "555-0142", "example.org", "March"):
        assert identifying not in text
    assert "[name] came in on 2025" in text
    basis = session.db.scalar("SELECT basis FROM disclosures")
    assert basis == "deidentified"


def test_training_with_identifying_output_needs_consent(qtbot: QtBot, world: World) -> None:
    dialog = open_dialog(qtbot, world, "ada", "ada_progress")
    fill_request(dialog, recipient="Peer group", purpose="training")
    dialog.request_page.deidentify_check.setChecked(False)
    dialog.next()
    assert dialog.decision is not None
    assert dialog.decision.items[0].status == "blocked"
    assert "Ada Wren" in dialog.decision.items[0].reason


def test_a_deidentified_release_leaves_a_documents_file_out(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, world, "ada", "ada_doc")
    fill_request(dialog, recipient="Peer group", purpose="consultation")
    dialog.next()
    assert dialog.model is not None and dialog.model.set_checked(0, True)
    dialog.items_page.informed_yes.setChecked(True)
    dialog.next()
    assert dialog.stack.currentWidget() is dialog.review
    dialog.next()
    password = dialog.output_page.password_page.generated
    dialog.output_page.path_field.set_path(tmp_path / "d.pdf")
    dialog.next()
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    with pikepdf.open(tmp_path / "d.pdf", password=password) as pdf:
        assert len(pdf.attachments) == 0
    text = " ".join(
        " ".join(page_texts(decrypt((tmp_path / "d.pdf").read_bytes(), password))).split()
    )
    assert "cannot be de-identified" in text


def test_an_identified_release_carries_the_documents_file(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    give_consent(world.session, world.clients["ada"], kinds=("documents",))
    dialog = open_dialog(qtbot, world, "ada", "ada_doc")
    fill_request(dialog)
    through_to_output(dialog)
    password = dialog.output_page.password_page.generated
    dialog.output_page.path_field.set_path(tmp_path / "i.pdf")
    dialog.next()
    qtbot.waitUntil(lambda: dialog.disclosure_id is not None)
    with pikepdf.open(tmp_path / "i.pdf", password=password) as pdf:
        assert [name.endswith("form.pdf") for name in pdf.attachments] == [True]
