"""Notices: one letter per affected client, with A-E, through the gate; delivery; closing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pikepdf
import pytest

from recordsafe.breach import affected, assessment, closing, notices, register
from recordsafe.breach._common import BreachError
from recordsafe.breach.assessment import AssessmentForm
from recordsafe.closure import closure_plan
from recordsafe.disclosure import letters
from recordsafe.disclosure.letter_pdf import render_letter_pdf
from recordsafe.disclosure.practice_info import PracticeInfo, save_practice_info
from recordsafe.records import clients
from tests.breach.conftest import DISCOVERED, OCCURRED, TODAY, Practice, export_incident
from tests.breach.test_incidents_assessment import REPORTABLE
from tests.ui.disclosure.conftest import page_texts

PASSWORD = "ABCD-EFGH-JKLM"


def reportable_incident(p: Practice) -> int:
    incident_id = export_incident(p)
    affected.keep_derived(p.session, incident_id, affected.derive(p.session, incident_id))
    assessment.sign_assessment(p.session, incident_id, REPORTABLE)
    return incident_id


def details(p: Practice) -> None:
    save_practice_info(
        p.session,
        PracticeInfo(
            name="Harbour Counselling",
            practitioner="Sam Reed, LCSW",
            contact="1 Quay Street, Springfield; 555-0100; sam@example.org",
        ),
    )


def write(p: Practice, incident_id: int, **kw: object) -> notices.WriteOutcome:
    content = notices.default_content(p.session, incident_id)
    return notices.write_notices(p.session, incident_id, content, today=TODAY, **kw)  # type: ignore[arg-type]


def test_the_default_text_comes_from_the_assessment(practice: Practice) -> None:
    incident_id = reportable_incident(practice)
    content = notices.default_content(practice.session, incident_id)
    assert content.what_happened == "The release was emailed to the wrong Dr Lee."
    assert content.information_kinds == (
        "The information involved: Names and dates of birth; Session summaries."
    )
    assert content.practice_steps.startswith("Asked the recipient to delete it")


def test_notices_need_the_practice_details(practice: Practice) -> None:
    incident_id = reportable_incident(practice)
    with pytest.raises(BreachError, match="Practice details: the practice's name"):
        write(practice, incident_id)


def test_a_client_without_an_address_is_listed_never_skipped(practice: Practice) -> None:
    details(practice)
    incident_id = reportable_incident(practice)
    outcome = write(practice, incident_id)
    assert outcome.written == 2
    assert [w.client_name for w in outcome.waiting] == ["Cleo Hart"]
    status = {n.client_name: n.status for n in notices.notice_lines(practice.session, incident_id)}
    assert status == {
        "Ada Wren": "Written: save or print it",
        "Ben Ortiz": "Written: save or print it",
        "Cleo Hart": "Needs an address",
    }
    with pytest.raises(BreachError, match="1 notice is not written yet"):
        closing.close_incident(practice.session, incident_id, on=TODAY, today=TODAY)
    # An address typed in for her writes her letter too; the others are not written twice.
    again = write(practice, incident_id, addresses={practice.clients["cleo"]: "3 Bay Road"})
    assert again.written == 1 and again.waiting == []
    assert len(letters.letters_for(practice.session, kind=notices.LETTER_KIND)) == 3


def test_each_letter_holds_a_to_e(practice: Practice) -> None:
    details(practice)
    incident_id = reportable_incident(practice)
    write(practice, incident_id)
    (letter, _) = letters.letters_for(practice.session, kind=notices.LETTER_KIND)
    assert letter.addressee_name == "Ada Wren"
    assert letter.addressee_address == "12 Elm Street, Springfield"
    body = letter.body
    assert "The release was emailed to the wrong Dr Lee." in body  # (A)
    assert f"It happened on {OCCURRED.day} {OCCURRED:%B %Y}" in body  # (A) dates
    assert f"it was discovered on {DISCOVERED.day} {DISCOVERED:%B %Y}" in body
    assert "Names and dates of birth; Session summaries." in body  # (B)
    assert "You do not have to do anything." in body  # (C)
    assert "reviewing how records leave my practice" in body  # (D)
    assert "1 Quay Street, Springfield; 555-0100" in body  # (E)


def test_a_deceased_clients_notice_goes_to_the_representative(practice: Practice) -> None:
    details(practice)
    ben = practice.clients["ben"]
    clients.mark_deceased(
        practice.session,
        ben,
        died_on=TODAY,
        representative_name="Rita Ortiz",
        representative_authority="Executor",
    )
    incident_id = reportable_incident(practice)
    write(practice, incident_id)
    (letter,) = letters.letters_for(practice.session, client_id=ben)
    assert letter.addressee_name == "Rita Ortiz"
    assert "personal representative of Ben Ortiz" in letter.body


def test_a_deceased_client_with_no_representative_waits(practice: Practice) -> None:
    details(practice)
    clients.mark_deceased(practice.session, practice.clients["ada"], died_on=TODAY)
    incident_id = reportable_incident(practice)
    outcome = write(practice, incident_id)
    assert "Ada Wren" in [w.client_name for w in outcome.waiting]
    lines = {n.client_name: n.status for n in notices.notice_lines(practice.session, incident_id)}
    assert lines["Ada Wren"] == "Needs a representative (next of kin)"


def test_no_notice_when_not_reportable(practice: Practice) -> None:
    details(practice)
    incident_id = export_incident(practice)
    assessment.sign_assessment(
        practice.session, incident_id, AssessmentForm(was_encrypted=True, key_exposed=False)
    )
    with pytest.raises(BreachError, match="no notice is needed"):
        write(practice, incident_id)


def test_produce_deliver_and_close(practice: Practice, tmp_path: Path) -> None:
    details(practice)
    incident_id = reportable_incident(practice)
    write(practice, incident_id, addresses={practice.clients["cleo"]: "3 Bay Road"})
    targets = {}
    for line in notices.notice_lines(practice.session, incident_id):
        with pytest.raises(BreachError, match="Save or print the notice"):
            notices.record_delivery(
                practice.session, incident_id, line.client_id, how="post", on=TODAY, today=TODAY
            )
        target = tmp_path / f"notice-{line.client_id}.pdf"
        notices.produce_notice(
            practice.session, incident_id, line.client_id, today=TODAY, target=target
        )
        targets[line.client_id] = target
    for client_id, target in targets.items():
        with pytest.raises(pikepdf.PasswordError):
            pikepdf.open(target)
        kept = notices.notice_password(practice.session, incident_id, client_id)
        with pikepdf.open(target, password=kept) as pdf:
            assert len(pdf.pages) >= 1
    purposes = practice.session.db.execute(
        "SELECT purpose, basis, requested_by FROM disclosures WHERE purpose = 'notice'"
    )
    assert [tuple(r) for r in purposes] == [("notice", "notice", "practice")] * 3
    with pytest.raises(BreachError, match="3 notices are not delivered yet"):
        closing.close_incident(practice.session, incident_id, on=TODAY, today=TODAY)
    for client_id in targets:
        notices.record_delivery(
            practice.session, incident_id, client_id, how="post", on=TODAY, today=TODAY
        )
    assert all(
        n.delivered_how == "post" for n in notices.notice_lines(practice.session, incident_id)
    )
    closing.close_incident(practice.session, incident_id, on=TODAY, today=TODAY)
    (entry,) = register.register(practice.session)
    assert entry.incident.closed_on == TODAY
    assert [n.status.split(" on ")[0] for n in entry.notices] == ["delivered (post)"] * 3


def test_the_register_prints_encrypted(practice: Practice, tmp_path: Path) -> None:
    details(practice)
    reportable_incident(practice)
    target = tmp_path / "register.pdf"
    register.save_register(
        practice.session, target, password=PASSWORD, practice_name="Harbour", today=TODAY
    )
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(target)
    with pikepdf.open(target, password=PASSWORD) as pdf:
        assert len(pdf.pages) >= 1
    with pytest.raises(BreachError, match="needs a password"):
        register.save_register(
            practice.session, tmp_path / "x.pdf", password="", practice_name="H", today=TODAY
        )
    assert not (tmp_path / "x.pdf").exists()


def test_the_register_describes_a_safe_harbour_incident(practice: Practice) -> None:
    incident_id = export_incident(practice, exposed_kind="backup", exposed_disclosure_id=None)
    assessment.sign_assessment(
        practice.session, incident_id, AssessmentForm(was_encrypted=True, key_exposed=False)
    )
    (entry,) = register.register(practice.session)
    rows = dict(register.describe(entry, TODAY))
    assert rows["Assessment"].startswith("Not a reportable breach: the information was encrypted")
    assert "74 FR 42740" in rows["Reasoning"]
    assert rows["Affected clients (0)"] == "None: not a reportable breach, so no notice is needed."
    assert rows["Keep until"].endswith(str(TODAY.year + 6))
    assert "Deadlines" not in rows


def test_printing_goes_through_the_gate_and_a_failed_print_leaves_no_record(
    practice: Practice,
) -> None:
    details(practice)
    incident_id = reportable_incident(practice)
    write(practice, incident_id)
    ada = practice.clients["ada"]

    def jammed(_pdf: bytes) -> None:
        raise BreachError("The printer is jammed.")

    with pytest.raises(BreachError, match="jammed"):
        notices.produce_notice(practice.session, incident_id, ada, today=TODAY, printer=jammed)
    (line,) = [n for n in notices.notice_lines(practice.session, incident_id) if n.client_id == ada]
    assert line.sent_on is None
    assert not practice.session.db.execute("SELECT 1 FROM disclosures WHERE purpose = 'notice'")

    printed: list[bytes] = []
    notices.produce_notice(practice.session, incident_id, ada, today=TODAY, printer=printed.append)
    assert printed and printed[0].startswith(b"%PDF")
    (line,) = [n for n in notices.notice_lines(practice.session, incident_id) if n.client_id == ada]
    assert line.sent_on == TODAY
    assert (
        len(practice.session.db.execute("SELECT 1 FROM disclosures WHERE purpose = 'notice'")) == 1
    )
    with pytest.raises(BreachError, match="save the notice as a PDF or to print it"):
        notices.produce_notice(practice.session, incident_id, ada, today=TODAY)


def test_the_register_prints_a_stolen_laptop_with_every_client(
    practice: Practice, tmp_path: Path
) -> None:
    """Found in review: all affected names in one table cell could not split across pages
    (reportlab LayoutError), so the incident that affects everyone had no register."""
    session = practice.session
    for number in range(150):
        clients.create_client(session, f"Client Number{number:03d} With A Longish Name")
    incident_id = export_incident(practice, exposed_kind="vault", exposed_disclosure_id=None)
    affected.keep_derived(session, incident_id, affected.derive(session, incident_id))
    assessment.sign_assessment(session, incident_id, REPORTABLE)
    target = tmp_path / "register.pdf"
    register.save_register(session, target, password=PASSWORD, practice_name="H", today=TODAY)
    with pikepdf.open(target, password=PASSWORD) as pdf:
        assert len(pdf.pages) > 2


def test_the_custodian_writes_the_breach_letter_as_themself(practice: Practice) -> None:
    from recordsafe.closure import custodian  # noqa: PLC0415
    from tests.closure.conftest import CUSTODIAN_FORM, as_custodian  # noqa: PLC0415

    details(practice)
    incident_id = reportable_incident(practice)
    made = custodian.designate(practice.session, CUSTODIAN_FORM)
    cust = as_custodian(practice.session, made.code)
    try:
        content = notices.default_content(cust, incident_id)
        notices.write_notices(cust, incident_id, content, today=TODAY)
        letter = letters.letters_for(cust, kind=notices.LETTER_KIND)[0]
        assert "I am Dr Rosa Vega, the records custodian of this practice." in letter.body
        # Signed as the custodian, with the custodian's contact, never the practitioner's
        # (who may have died): under the signature and in (E), how to reach me.
        assert (
            letter.signed_by == "Dr Rosa Vega, records custodian\nrosa.vega@example.org, 555-0100"
        )
        reach = letter.body.split("**How to reach me**")[1]
        assert "rosa.vega@example.org, 555-0100" in reach
        assert "1 Quay Street" not in reach and "Sam Reed" not in letter.body
        printed: list[bytes] = []
        line = notices.notice_lines(cust, incident_id)[0]
        notices.produce_notice(
            cust, incident_id, line.client_id, today=TODAY, printer=printed.append
        )
        text = "".join(page_texts(printed[0]))
        assert "Sam Reed" not in text and "Dr Rosa Vega, records custodian" in text
    finally:
        cust.lock()


HEADINGS = (
    "What happened",
    "What information was involved",
    "What you can do",
    "What I am doing",
    "How to reach me",
)


def test_no_page_of_a_breach_letter_ends_with_a_heading() -> None:
    """Walk finding: "How to reach me" sat alone at the foot of page 1. Letters of every
    length, so each heading in turn falls near a page's foot: none ends a page."""
    title, template = letters.load_template(notices.TEMPLATE)
    practice = PracticeInfo(
        "Harbour Counselling", "Sam Reed, LCSW", "1 Quay Street\nSpringfield\n555-0100"
    )
    split = 0
    for sentences in range(4, 64, 2):
        body = template.substitute(
            addressee_name="Ada Wren",
            about_line="",
            practice_name=practice.name,
            what_happened="A release went to the wrong person. " * sentences,
            occurred_on="1 November 2026",
            discovered_on="3 November 2026",
            information_kinds="Names and dates of birth; session summaries.",
            client_steps=notices.CLIENT_STEPS,
            practice_steps=notices.PRACTICE_STEPS,
            practice_contact=practice.contact,
        )
        pdf = render_letter_pdf(
            title=title,
            body=body,
            addressee_name="Ada Wren",
            addressee_address="12 Elm Street\nSpringfield",
            written_on=TODAY,
            practice=practice,
        )
        pages = page_texts(pdf)
        for page in pages[:-1]:
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            text = [line for line in lines if not line.startswith("Confidential letter to")]
            assert text[-1] not in HEADINGS, (sentences, text[-1])
        split += len(pages) > 1
    assert split  # some lengths did run onto a second page


def legacy_notice(p: Practice, incident_id: int) -> int:
    """Cleo's notice as an earlier version wrote it: her telephone number as its address
    (the walk's "a phone number became a postal address"), saved; her client id."""
    cleo = p.clients["cleo"]
    write(p, incident_id, addresses={cleo: "3 Bay Road, Springfield"})
    (letter,) = letters.letters_for(p.session, client_id=cleo)
    with p.session.transaction():
        p.session.db.execute(
            "UPDATE letters SET addressee_address = '555-0167' WHERE id = ?", (letter.id,)
        )
    notices.produce_notice(p.session, incident_id, cleo, today=TODAY, printer=lambda _pdf: None)
    return cleo


def test_a_telephone_number_is_no_postal_address(practice: Practice) -> None:
    details(practice)
    incident_id = reportable_incident(practice)
    cleo = practice.clients["cleo"]
    with pytest.raises(BreachError, match="not a postal address"):
        write(practice, incident_id, addresses={cleo: "555-0167"})
    assert letters.letters_for(practice.session, client_id=cleo) == []


def test_a_notice_without_a_postal_address_did_not_go_by_post(practice: Practice) -> None:
    details(practice)
    incident_id = reportable_incident(practice)
    cleo = legacy_notice(practice, incident_id)
    (line,) = [
        n for n in notices.notice_lines(practice.session, incident_id) if n.client_id == cleo
    ]
    assert line.address is None  # a telephone number is not shown as an address
    with pytest.raises(BreachError, match="no postal address, so it cannot have gone by post"):
        notices.record_delivery(
            practice.session, incident_id, cleo, how="post", on=TODAY, today=TODAY
        )
    # Given afterwards (for the envelope; nothing is released again), post is accepted.
    notices.give_address(practice.session, incident_id, cleo, "3 Bay Road, Springfield")
    notices.record_delivery(practice.session, incident_id, cleo, how="post", on=TODAY, today=TODAY)
    (line,) = [
        n for n in notices.notice_lines(practice.session, incident_id) if n.client_id == cleo
    ]
    assert line.address == "3 Bay Road, Springfield" and line.delivered_how == "post"
    assert (
        len(practice.session.db.execute("SELECT 1 FROM disclosures WHERE purpose = 'notice'")) == 1
    )


def test_the_register_prints_every_assessment_newest_first(practice: Practice) -> None:
    """The guide says a superseded assessment stays: the PDF prints it, with its reasoning,
    who signed it and when (it said only "replaces 1 earlier assessment")."""
    incident_id = export_incident(practice, exposed_kind="backup", exposed_disclosure_id=None)
    assessment.sign_assessment(
        practice.session, incident_id, AssessmentForm(was_encrypted=True, key_exposed=False)
    )
    assessment.sign_assessment(practice.session, incident_id, REPORTABLE)
    entries = register.register(practice.session)
    pdf = register.render_register_pdf(entries, practice_name="Harbour", printed_on=TODAY)
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "replaces" not in text
    _first, second = assessment.history(practice.session, incident_id)
    newest = text.index(" ".join(second.outcome.headline.split()))
    older = text.index("Earlier assessment Superseded on")
    assert newest < older
    assert text.count("Signed by the practitioner on") == 2
    assert "74 FR 42740" in text[older:]  # the superseded one's reasoning, kept
    assert f"Superseded on {TODAY.day} {TODAY:%B %Y} by the one above. Not a reportable" in text


def test_a_notice_password_is_kept_shown_on_purpose_and_posted_apart(
    practice: Practice, tmp_path: Path
) -> None:
    """Like a closure notice's: kept in the vault with the notice, each look audited, a
    password letter to post apart from the file, and a copy saved again keeps it."""
    session = practice.session
    details(practice)
    incident_id = reportable_incident(practice)
    write(practice, incident_id, addresses={practice.clients["cleo"]: "3 Bay Road"})
    ada = practice.clients["ada"]
    first = tmp_path / "first.pdf"
    notices.produce_notice(session, incident_id, ada, today=TODAY, target=first)
    (line,) = [n for n in notices.notice_lines(session, incident_id) if n.client_id == ada]
    assert line.has_password and line.file_name == "first.pdf" and line.awaits_delivery
    shown = lambda: session.db.scalar(  # noqa: E731
        "SELECT count(*) FROM audit_log WHERE action = 'breach_notice_password_shown'"
    )
    assert shown() == 0
    password = notices.notice_password(session, incident_id, ada)
    assert shown() == 1
    with pikepdf.open(first, password=password):
        pass
    again = tmp_path / "again.pdf"  # the file was lost: the client keeps the same password
    notices.produce_notice(session, incident_id, ada, today=TODAY, target=again)
    with pikepdf.open(again, password=password):
        pass
    letter_id = notices.password_letter(session, incident_id, ada, today=TODAY)
    assert notices.password_letter(session, incident_id, ada, today=TODAY) == letter_id
    letter = letters.get_letter(session, letter_id)
    assert password in letter.body and "(again.pdf)" in letter.body
    assert letter.kind == notices.UNLOCK_LETTER_KIND and letter.client_id == ada
    printed: list[bytes] = []
    letters.print_letter(session, letter_id, today=TODAY, printer=printed.append)
    assert printed  # through the gate, recorded like any letter
    cleo = practice.clients["cleo"]
    notices.produce_notice(session, incident_id, cleo, today=TODAY, printer=printed.append)
    with pytest.raises(BreachError, match="no password"):
        notices.notice_password(session, incident_id, cleo)


def test_an_address_given_on_a_closure_notice_is_the_address_on_file(practice: Practice) -> None:
    """Cleo's record has a phone number only; the address typed for her closure notice is
    known to her breach notice too (letters.address_on_file, one rule for both)."""
    session = practice.session
    details(practice)
    cleo = practice.clients["cleo"]
    plan_id = closure_plan.create_plan(
        session,
        closure_plan.PlanForm(
            "retirement", TODAY + timedelta(days=60), "Dr Rosa Vega", "555-0100", "Harbour"
        ),
        today=TODAY,
    )
    closure_plan.prepare_notices(session, plan_id, today=TODAY)
    (notice,) = [n for n in closure_plan.notices(session, plan_id) if n.client_id == cleo]
    assert notice.addressee_address is None  # needs an address
    letters.set_address(session, notice.letter_id, "4 Elm Row, Dover NH 03820")
    incident_id = reportable_incident(practice)
    lines = {n.client_id: n for n in notices.notice_lines(session, incident_id)}
    assert lines[cleo].address == "4 Elm Row, Dover NH 03820"
    assert lines[cleo].status == "Ready to write"
    write(practice, incident_id)
    (written,) = [n for n in notices.notice_lines(session, incident_id) if n.client_id == cleo]
    assert letters.get_letter(session, int(str(written.letter_id))).addressee_address == (
        "4 Elm Row, Dover NH 03820"
    )
