"""Letters: filled from a template, kept in the vault, sent only through the gate."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from recordsafe.disclosure import accounting, letters
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.practice_info import PracticeInfo, practice_info, save_practice_info
from recordsafe.vault import TEST_PARAMS, ReadOnlyVault, open_vault
from tests.disclosure.conftest import TODAY, World, write_letter

PASSWORD = "harbour-lantern-42"


@pytest.fixture
def practice(world: World) -> World:
    save_practice_info(
        world.session,
        PracticeInfo("Harbour Counselling", "Jo Rivera, LCSW", "2 Pier Road\n555-0100"),
    )
    return world


def pdf_text(data: bytes, password: str) -> str:
    with pikepdf.open(io.BytesIO(data), password=password) as pdf:
        plain = io.BytesIO()
        pdf.save(plain)
    if shutil.which("pdftotext") is None:  # pragma: no cover - CI installs poppler-utils
        pytest.fail("pdftotext (poppler-utils) is needed")
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=plain.getvalue(), capture_output=True, check=True
    )
    return done.stdout.decode()


def test_compose_fills_the_template_and_keeps_the_letter(practice: World) -> None:
    session = practice.session
    letter_id = write_letter(session, practice.clients["ada"], "Ada Wren")
    letter = letters.get_letter(session, letter_id)
    assert letter.title == "Your records from Harbour Counselling"
    assert "Dear Ada Wren," in letter.body
    assert "1 May 2025" in letter.body and "by post" in letter.body
    assert "2 Pier Road" in letter.body
    assert not letter.sent and letter.delivered_on is None
    entry = session.db.execute(
        "SELECT action, client_id, detail FROM audit_log ORDER BY seq DESC LIMIT 1"
    )[0]
    assert entry[:2] == ("letter_written", practice.clients["ada"])
    assert "Ada" not in entry[2] and "Pier" not in entry[2]


def test_a_missing_field_is_named_and_nothing_is_kept(world: World) -> None:
    before = letters.letters_for(world.session)
    with pytest.raises(DisclosureError, match="how_delivered"):
        letters.compose(
            world.session,
            client_id=world.clients["ada"],
            kind="records_ready",
            template="own-records-ready",
            fields={"requested_on": "1 May"},
            addressee_name="Ada Wren",
            addressee_address=None,
            today=TODAY,
        )
    with pytest.raises(DisclosureError, match="Unknown letter template"):
        letters.load_template("../secrets")
    with pytest.raises(DisclosureError, match="missing"):
        letters.load_template("no-such-letter")
    assert letters.letters_for(world.session) == before


def test_send_writes_an_encrypted_letter_and_records_a_notice(
    practice: World, tmp_path: Path
) -> None:
    session = practice.session
    letter_id = practice.item("ada_letter").id
    target = tmp_path / "ada-letter.pdf"
    disclosure_id = letters.send_letter(
        session, letter_id, today=TODAY, target=target, password=PASSWORD
    )
    data = target.read_bytes()
    assert b"Ada Wren" not in data
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(data))
    text = pdf_text(data, PASSWORD)
    assert "Harbour Counselling" in text and "Dear Ada Wren" in text
    assert "Confidential letter to Ada Wren" in text and "page 1 of 1" in text
    row = session.db.execute(
        "SELECT purpose, basis, requested_by, accounting_excluded FROM disclosures WHERE id = ?",
        (disclosure_id,),
    )[0]
    assert tuple(row) == ("notice", "notice", "practice", 1)
    assert letters.get_letter(session, letter_id).sent
    # Kept for ever, shown as excluded: a notice to the client is not owed in the accounting.
    entries = accounting.accounting_for(session, practice.clients["ada"], today=TODAY)
    assert [e.exclusion_label for e in entries] == ["Disclosed to the client"]
    assert "Letter" in entries[0].items[0].description


def test_a_failed_print_leaves_no_record(practice: World) -> None:
    session = practice.session
    letter_id = practice.item("bob_letter").id
    printed: list[bytes] = []

    def failing_printer(pdf: bytes) -> None:
        raise OSError("printer jammed")

    with pytest.raises(OSError):
        letters.print_letter(session, letter_id, today=TODAY, printer=failing_printer)
    assert not letters.get_letter(session, letter_id).sent
    letters.print_letter(session, letter_id, today=TODAY, printer=printed.append)
    assert printed and printed[0].startswith(b"%PDF")
    assert letters.get_letter(session, letter_id).sent


def test_delivery_is_recorded_only_for_a_sent_letter(practice: World, tmp_path: Path) -> None:
    session = practice.session
    letter_id = practice.item("ada_letter").id
    with pytest.raises(DisclosureError, match="before marking it delivered"):
        letters.mark_delivered(session, letter_id, how="post", on=TODAY)
    letters.send_letter(
        session, letter_id, today=TODAY, target=tmp_path / "l.pdf", password=PASSWORD
    )
    with pytest.raises(DisclosureError, match="how the letter was delivered"):
        letters.mark_delivered(session, letter_id, how="pigeon", on=TODAY)
    with pytest.raises(DisclosureError, match="before the letter was written"):
        letters.mark_delivered(session, letter_id, how="post", on=date(2020, 1, 1))
    with pytest.raises(DisclosureError, match="future"):
        letters.mark_delivered(session, letter_id, how="post", on=date(2999, 1, 1))
    letters.mark_delivered(session, letter_id, how="post", on=TODAY)
    letter = letters.get_letter(session, letter_id)
    assert (letter.delivered_how, letter.delivered_on) == ("post", TODAY)


def test_a_letter_to_the_wrong_person_is_refused(practice: World, tmp_path: Path) -> None:
    session = practice.session
    letter_id = practice.item("ada_letter").id
    session.db.execute("UPDATE letters SET addressee_name = 'Mr Smith' WHERE id = ?", (letter_id,))
    # The stored addressee is who the gate checks against: the request is built from it.
    letters.send_letter(
        session, letter_id, today=TODAY, target=tmp_path / "l.pdf", password=PASSWORD
    )
    assert "Mr Smith" in pdf_text((tmp_path / "l.pdf").read_bytes(), PASSWORD)


def test_practice_details_are_the_practitioners(practice: World, vault_path: Path) -> None:
    session = practice.session
    _, code = session.add_code_slot("custodian", "Dr Custodian")
    session.lock()
    custodian = open_vault(vault_path, code, kinds=("custodian",), kdf=TEST_PARAMS)
    try:
        with pytest.raises(ReadOnlyVault):
            save_practice_info(custodian, PracticeInfo("X", "Y", "Z"))
        assert practice_info(custodian).name == "Harbour Counselling"
    finally:
        custodian.lock()
    assert PracticeInfo("", "Jo", "").missing() == [
        "the practice's name",
        "how clients can reach the practice",
    ]


def test_the_sign_off_is_whoever_wrote_the_letter(practice: World, tmp_path: Path) -> None:
    session = practice.session
    default = letters.get_letter(
        session, write_letter(session, practice.clients["ada"], "Ada Wren")
    )
    assert default.signed_by == "Jo Rivera, LCSW"
    letter_id = letters.compose(
        session,
        client_id=practice.clients["ada"],
        kind="records_ready",
        template="own-records-ready",
        fields={"requested_on": "1 May 2025", "how_delivered": "by post"},
        addressee_name="Ada Wren",
        addressee_address="1 Quay Street",
        today=TODAY,
        signed_by="Dr Rosa Vega, records custodian",
    )
    target = tmp_path / "signed.pdf"
    letters.send_letter(session, letter_id, today=TODAY, target=target, password=PASSWORD)
    text = pdf_text(target.read_bytes(), PASSWORD)
    closing = text.split("With kind regards,", 1)[1]
    assert "Dr Rosa Vega, records custodian" in closing
    assert "Jo Rivera" not in closing


def test_every_letter_the_app_writes_has_its_template_bundled() -> None:
    from build_installer import REQUIRED_RESOURCES  # noqa: PLC0415
    from recordsafe.breach import notices  # noqa: PLC0415
    from recordsafe.closure import closure_plan  # noqa: PLC0415

    for name in (notices.TEMPLATE, closure_plan.NOTICE_TEMPLATE, "own-records-ready"):
        title, body = letters.load_template(name)
        assert title and body.template
        assert f"letters/{name}.md" in REQUIRED_RESOURCES
