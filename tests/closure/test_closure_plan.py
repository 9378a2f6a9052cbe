"""The closure plan: a notice to every active client, through the gate, tracked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from recordsafe.closure import closure_plan, custodian, destruction, retention
from recordsafe.closure.closure_plan import PlanForm
from recordsafe.closure.errors import ClosureError
from recordsafe.disclosure import letters
from recordsafe.disclosure.practice_info import PracticeInfo, save_practice_info
from recordsafe.outputs import encryption
from recordsafe.records import clients
from recordsafe.vault import VaultSession
from tests.closure.conftest import CUSTODIAN_FORM, TODAY, Practice, as_custodian

FORM = PlanForm(
    reason="retirement",
    effective_on=date(2026, 12, 31),
    keeper_name="Dr Rosa Vega",
    keeper_contact="rosa.vega@example.org, 555-0100",
    referrals="Harbour Counselling Centre (555-0142) sees clients of this practice.",
)


@pytest.fixture
def ready(practice: Practice) -> Practice:
    save_practice_info(
        practice.session,
        PracticeInfo(name="Quay Street Therapy", practitioner="Jo Smith, LCSW", contact="555-0199"),
    )
    clients.close_client(practice.session, practice.clients["mrs"], on=date(2020, 1, 1))
    return practice


def test_plan_form_is_checked(ready: Practice) -> None:
    s = ready.session
    with pytest.raises(ClosureError, match="referrals"):
        closure_plan.create_plan(
            s, FORM.__class__(**{**FORM.__dict__, "referrals": " "}), today=TODAY
        )
    with pytest.raises(ClosureError, match="keeps the records"):
        closure_plan.create_plan(
            s, FORM.__class__(**{**FORM.__dict__, "keeper_name": ""}), today=TODAY
        )
    with pytest.raises(ClosureError, match="more than a year ago"):
        closure_plan.create_plan(
            s, FORM.__class__(**{**FORM.__dict__, "effective_on": date(2020, 1, 1)}), today=TODAY
        )


def test_a_death_or_an_incapacity_has_its_date_kept_and_told(ready: Practice) -> None:
    s = ready.session
    death = FORM.__class__(**{**FORM.__dict__, "reason": "death"})
    # Required for a death (and for an incapacity), never in the future.
    with pytest.raises(ClosureError, match="date of death"):
        closure_plan.create_plan(s, death, today=TODAY)
    with pytest.raises(ClosureError, match="future"):
        closure_plan.create_plan(
            s, death.__class__(**{**death.__dict__, "reason_on": date(2026, 11, 27)}), today=TODAY
        )
    ill = FORM.__class__(**{**FORM.__dict__, "reason": "incapacity"})
    with pytest.raises(ClosureError, match="illness or incapacity began"):
        closure_plan.create_plan(s, ill, today=TODAY)
    plan_id = closure_plan.create_plan(
        s, ill.__class__(**{**ill.__dict__, "reason_on": date(2026, 10, 14)}), today=TODAY
    )
    plan = closure_plan.get_plan(s, plan_id)
    assert plan.reason_on == date(2026, 10, 14)
    closure_plan.prepare_notices(s, plan_id, today=TODAY)
    [letter] = letters.letters_for(s, client_id=ready.clients["ada"])
    assert "I have not been able to practise since 14 October 2026" in letter.body
    # A retirement has no such date: one given is not kept.
    kept = closure_plan.create_plan(
        s, FORM.__class__(**{**FORM.__dict__, "reason_on": date(2026, 10, 14)}), today=TODAY
    )
    assert closure_plan.get_plan(s, kept).reason_on is None


def test_notices_to_every_active_client_through_the_gate(ready: Practice, tmp_path: Path) -> None:
    s = ready.session
    retention.set_rule(s, retention.RetentionRule(years=7), today=TODAY)
    plan_id = closure_plan.create_plan(s, FORM, today=TODAY)
    written = closure_plan.prepare_notices(s, plan_id, today=TODAY)
    # Ada, Ben and Mr Smith are active; Mrs Smith's file is closed.
    assert len(written) == 3
    assert closure_plan.prepare_notices(s, plan_id, today=TODAY) == []  # not twice
    notices = closure_plan.notices(s, plan_id)
    assert [n.client_name for n in notices] == ["Ada Wren", "Ben Ode", "Mr Smith"]
    letter = letters.get_letter(s, notices[0].letter_id)
    assert "Dear Ada Wren" in letter.body
    # The practitioner's own first person, not "Jo Smith, LCSW is retiring" signed by Jo.
    assert "I am retiring" in letter.body and "Jo Smith, LCSW is" not in letter.body
    assert letter.body.rstrip().endswith("the trust you placed in me.")
    assert "31 December 2026" in letter.body
    assert "7 years after your last session" in letter.body
    assert "Harbour Counselling Centre" in letter.body
    assert "$" not in letter.body

    target = tmp_path / "notice.pdf"
    password = encryption.generate_password()
    letters.send_letter(s, letter.id, today=TODAY, target=target, password=password)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    with pikepdf.open(target, password=password) as pdf:
        assert len(pdf.pages) >= 1
    letters.mark_delivered(s, letter.id, how="post", on=TODAY)
    first = closure_plan.notices(s, plan_id)[0]
    assert first.sent and first.delivered_how == "post" and first.delivered_on == TODAY
    purpose = s.db.scalar("SELECT purpose FROM disclosures ORDER BY id DESC")
    assert purpose == "notice"


def _pdf_text(path: Path, password: str) -> str:
    import subprocess  # noqa: PLC0415

    return subprocess.run(
        ["pdftotext", "-layout", "-upw", password, str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_custodian_runs_the_plan_and_destroyed_clients_lose_their_notices(
    ready: Practice, tmp_path: Path
) -> None:
    s = ready.session
    made = custodian.designate(s, CUSTODIAN_FORM)
    cust = as_custodian(s, made.code)
    try:
        assert closure_plan.default_keeper(cust) == (
            "Dr Rosa Vega",
            "rosa.vega@example.org, 555-0100",
        )
        plan_id = closure_plan.create_plan(
            cust,
            FORM.__class__(**{**FORM.__dict__, "reason": "death", "reason_on": date(2026, 11, 3)}),
            today=TODAY,
        )
        closure_plan.prepare_notices(cust, plan_id, today=TODAY)
        ada = ready.clients["ada"]
        [letter] = letters.letters_for(cust, client_id=ada)
        # The custodian writes as themself, about the practitioner.
        assert "I am Dr Rosa Vega, the records custodian of this practice." in letter.body
        # Licence letters belong after a signature, not mid-sentence.
        assert "Jo Smith died on 3 November 2026" in letter.body
        assert "LCSW died" not in letter.body
        assert letter.body.rstrip().endswith("the trust you placed in this practice.")
        # Signed by the custodian, never in the name of a practitioner who has died, with
        # the custodian's contact under the name.
        assert (
            letter.signed_by == "Dr Rosa Vega, records custodian\nrosa.vega@example.org, 555-0100"
        )
        # The letterhead gives the custodian's name and contact, not the practitioner's.
        out = tmp_path / "notices"
        out.mkdir()
        [notice] = [n for n in closure_plan.notices(cust, plan_id) if n.client_id == ada]
        closure_plan.produce_notice(cust, notice.letter_id, folder=out, today=TODAY)
        password = closure_plan.notice_password(cust, notice.letter_id)
        text = _pdf_text(out / closure_plan.notice_file_name(notice.letter_id), password)
        head = [line.strip() for line in text.splitlines() if line.strip()][:3]
        assert head == [
            "Quay Street Therapy",
            "Dr Rosa Vega, records custodian",
            "rosa.vega@example.org, 555-0100",
        ]
        assert "555-0199" not in text and "Jo Smith, LCSW" not in text
        actor = cust.db.scalar("SELECT actor FROM audit_log WHERE action = 'closure_plan_created'")
        assert actor == "custodian"
        retention.set_rule(cust, retention.RetentionRule(years=7), today=TODAY)
        destruction.destroy(cust, ada, typed_name="Ada Wren", today=TODAY)
        assert letters.letters_for(cust, client_id=ada) == []
        assert [n.client_name for n in closure_plan.notices(cust, plan_id)] == [
            "Ben Ode",
            "Mr Smith",
        ]
    finally:
        cust.lock()


def test_a_phone_number_is_never_a_postal_address(ready: Practice) -> None:
    s = ready.session
    phone = clients.create_client(s, "Cleo Hart", contact="555-0167")
    posted = clients.create_client(s, "Dan Ode", contact="4 Bay Road, Springfield; 555-0168")
    plan_id = closure_plan.create_plan(s, FORM, today=TODAY)
    closure_plan.prepare_notices(s, plan_id, today=TODAY)
    by_client = {n.client_id: n for n in closure_plan.notices(s, plan_id)}
    assert by_client[phone].addressee_address is None  # "needs an address"
    assert by_client[posted].addressee_address == "4 Bay Road, Springfield"
    letters.set_address(s, by_client[phone].letter_id, "3 Bay Road\nSpringfield")
    assert letters.get_letter(s, by_client[phone].letter_id).addressee_address == (
        "3 Bay Road\nSpringfield"
    )


def _notice_pdf(s: VaultSession, plan_id: int, client_id: int, folder: Path) -> Path:
    [notice] = [n for n in closure_plan.notices(s, plan_id) if n.client_id == client_id]
    folder.mkdir(exist_ok=True)
    closure_plan.produce_notice(s, notice.letter_id, folder=folder, today=TODAY)
    return folder / closure_plan.notice_file_name(notice.letter_id)


def test_a_notice_fits_one_page_and_says_how_to_reach_the_keeper_once(
    ready: Practice, tmp_path: Path
) -> None:
    s = ready.session
    retention.set_rule(s, retention.RetentionRule(years=7), today=TODAY)
    ada = ready.clients["ada"]
    clients.update_client(s, ada, contact="4 Elm Row\nDover NH 03820")  # as on the demo

    def one_page(s: VaultSession, plan_id: int, folder: str) -> tuple[str, str]:
        """The notice's body and its PDF's text, when the PDF is one page."""
        [notice] = [n for n in closure_plan.notices(s, plan_id) if n.client_id == ada]
        out = tmp_path / folder
        out.mkdir()
        closure_plan.produce_notice(s, notice.letter_id, folder=out, today=TODAY)
        path = out / closure_plan.notice_file_name(notice.letter_id)
        password = closure_plan.notice_password(s, notice.letter_id)
        with pikepdf.open(path, password=password) as pdf:
            assert len(pdf.pages) == 1  # the sign-off was alone on page 2
        return letters.get_letter(s, notice.letter_id).body, _pdf_text(path, password)

    # The practitioner signs: how to reach the custodian is said once, before the thanks.
    plan_id = closure_plan.create_plan(s, FORM, today=TODAY)
    closure_plan.prepare_notices(s, plan_id, today=TODAY)
    body, _text = one_page(s, plan_id, "practitioner")
    assert "**How to reach Dr Rosa Vega:**\nrosa.vega@example.org, 555-0100" in body
    with custodian_after_death(s) as (cust, plan_id):
        body, text = one_page(cust, plan_id, "custodian")
        # The custodian's contact is under their signature: not said a second time.
        assert "How to reach" not in body
        assert text.count("rosa.vega@example.org") == 2  # letterhead and signature


@contextmanager
def custodian_after_death(s: VaultSession) -> Iterator[tuple[VaultSession, int]]:
    """The practitioner has died: the custodian's session and its closure plan, with its
    notices written; locked at the end."""
    cust = as_custodian(s, custodian.designate(s, CUSTODIAN_FORM).code)
    try:
        died = FORM.__class__(
            **{**FORM.__dict__, "reason": "death", "reason_on": date(2026, 11, 3)}
        )
        plan_id = closure_plan.create_plan(cust, died, today=TODAY)
        closure_plan.prepare_notices(cust, plan_id, today=TODAY)
        yield cust, plan_id
    finally:
        cust.lock()


def test_a_custodians_password_letter_gives_the_custodians_contact(
    ready: Practice, tmp_path: Path
) -> None:
    """After a death the practitioner's number reaches no one: the password letter, like
    the notice it opens, points clients to the custodian who sends both."""
    with custodian_after_death(ready.session) as (cust, plan_id):
        body = _password_letter(cust, plan_id, ready.clients["ada"], tmp_path)
        assert "you can reach us at:\n\nrosa.vega@example.org, 555-0100" in body
        assert "555-0199" not in body


def test_a_practitioners_password_letter_gives_the_practices_contact(
    ready: Practice, tmp_path: Path
) -> None:
    s = ready.session
    plan_id = closure_plan.create_plan(s, FORM, today=TODAY)
    closure_plan.prepare_notices(s, plan_id, today=TODAY)
    body = _password_letter(s, plan_id, ready.clients["ada"], tmp_path)
    assert "you can reach us at:\n\n555-0199" in body


def _password_letter(s: VaultSession, plan_id: int, client_id: int, tmp_path: Path) -> str:
    """The client's notice saved, then the text of its password letter."""
    _notice_pdf(s, plan_id, client_id, tmp_path / "notices")
    [notice] = [n for n in closure_plan.notices(s, plan_id) if n.client_id == client_id]
    return letters.get_letter(
        s, closure_plan.password_letter(s, notice.letter_id, today=TODAY)
    ).body
