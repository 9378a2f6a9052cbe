"""The accounting of disclosures (164.528), request clocks, online searches."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from recordsafe.disclosure import accounting, consents, court_orders, requests, searches
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.gate import Item, Recipient, Request, disclose, evaluate
from recordsafe.records import directory, documents, notes
from recordsafe.vault import VaultSession
from tests.disclosure.conftest import NOTE_DAY, TODAY, World, give_consent, write_letter


def _emergency(world: World, key: str, on: date, to: str = "Crisis team") -> int:
    request = Request(
        items=(world.item(key),),
        recipient=Recipient(to, address="2 Harbour Rd"),
        purpose="emergency",
        requested_by="third_party",
        emergency_attested=True,
        emergency_justification="Imminent harm.",
    )
    return disclose(
        world.session, request, evaluate(world.session, request, today=on), client_informed=True
    )


def _own_request(world: World, key: str, who: str, name: str, on: date) -> int:
    request = Request(
        items=(world.item(key),),
        recipient=Recipient(name),
        purpose="client_request",
        requested_by="client",
        requester_client_id=world.clients[who],
    )
    return disclose(
        world.session, request, evaluate(world.session, request, today=on), client_informed=True
    )


def test_six_year_window_and_exclusions(world: World) -> None:
    session = world.session
    ada = world.clients["ada"]
    too_old = _emergency(world, "ada_progress", date(2019, 5, 31))
    oldest_kept = _emergency(world, "ada_progress", date(2019, 6, 1))
    own = _own_request(world, "ada_progress", "ada", "Ada Wren", date(2025, 5, 1))
    give_consent(session, ada)
    request = Request(
        items=(world.item("ada_progress"),),
        recipient=Recipient("Dr Lee"),
        purpose="treatment",
        requested_by="third_party",
    )
    authorized = disclose(session, request, evaluate(session, request, today=TODAY),
                          client_informed=True)  # fmt: skip
    _emergency(world, "mr_alone", date(2025, 5, 2))  # someone else's: not in Ada's accounting

    entries = accounting.accounting_for(session, ada, today=TODAY)
    assert [e.disclosure_id for e in entries] == [oldest_kept, own, authorized]
    assert too_old not in [e.disclosure_id for e in entries]
    by_id = {e.disclosure_id: e for e in entries}
    assert by_id[oldest_kept].accountable and by_id[oldest_kept].exclusion_code is None
    assert by_id[own].excluded and by_id[own].exclusion_code == "to_individual"
    assert by_id[authorized].exclusion_code == "authorization"
    assert [e.disclosure_id for e in entries if e.accountable] == [oldest_kept]
    first = by_id[oldest_kept]
    assert (first.disclosed_on, first.recipient_name, first.recipient_address) == (
        date(2019, 6, 1),
        "Crisis team",
        "2 Harbour Rd",
    )
    assert first.purpose_label == "Emergency"
    assert [i.description for i in first.items] == ["Progress note of 4 March 2025"]
    # Every disclosure is kept, in or out of the window, excluded or not.
    assert session.db.scalar("SELECT count(*) FROM disclosures") == 5
    audit = session.db.execute(
        "SELECT client_id, detail FROM audit_log WHERE action = 'accounting_viewed'"
    )
    assert [r[0] for r in audit] == [ada]
    assert "Crisis" not in audit[0][1]


def test_joint_note_disclosure_appears_for_each_subject(world: World) -> None:
    session = world.session
    disclosure_id = _emergency(world, "joint", TODAY)
    for who in ("mr", "mrs"):
        entries = accounting.accounting_for(session, world.clients[who], today=TODAY)
        assert [e.disclosure_id for e in entries] == [disclosure_id]
    assert accounting.accounting_for(session, world.clients["ada"], today=TODAY) == []


def test_window_start_on_a_leap_day() -> None:
    assert accounting.window_start(date(2024, 2, 29)) == date(2018, 2, 28)


def _request_ids(session: VaultSession, today: date) -> list[int]:
    return [r.id for r in requests.due_list(session, today=today)]


def test_request_clocks(world: World) -> None:
    session = world.session
    ada = world.clients["ada"]
    own = requests.receive(session, ada, "own_records", received_on=date(2025, 5, 1), today=TODAY)
    acc = requests.receive(session, ada, "accounting", received_on=date(2025, 4, 1), today=TODAY)
    assert requests.get_request(session, own).due_on == date(2025, 5, 31)
    assert requests.get_request(session, acc).due_on == date(2025, 5, 31)
    assert requests.get_request(session, acc).is_overdue(TODAY)
    later = requests.receive(session, ada, "own_records", received_on=TODAY, today=TODAY)
    assert _request_ids(session, TODAY) == [own, acc, later]

    with pytest.raises(DisclosureError, match="written reason"):
        requests.extend(session, later, reason="  ", on=TODAY)
    with pytest.raises(DisclosureError, match="before the original due date"):
        requests.extend(session, own, reason="Records off site.", on=date(2025, 6, 1))
    new_due = requests.extend(session, later, reason="Records off site.", on=TODAY)
    assert new_due == date(2025, 7, 31)
    extended = requests.get_request(session, later)
    assert (extended.extended_to, extended.extension_reason) == (new_due, "Records off site.")
    assert extended.deadline == new_due
    with pytest.raises(DisclosureError, match="only one"):
        requests.extend(session, later, reason="Again.", on=TODAY)

    requests.fulfil(session, own, on=TODAY, no_release_reason="Withdrawn by the client.")
    assert _request_ids(session, TODAY) == [acc, later]
    with pytest.raises(DisclosureError, match="already fulfilled"):
        requests.fulfil(session, own, on=TODAY, no_release_reason="Again.")
    with pytest.raises(DisclosureError, match="future"):
        requests.receive(session, ada, "own_records", received_on=date(2025, 6, 2), today=TODAY)
    details = [
        r[0]
        for r in session.db.execute(
            "SELECT detail FROM audit_log WHERE action LIKE 'record_request_%'"
        )
    ]
    assert len(details) == 5 and not any("off site" in d for d in details)


def test_a_consent_to_other_purposes_still_says_what_information(world: World) -> None:
    with pytest.raises(DisclosureError, match="what information"):
        give_consent(
            world.session, world.clients["ada"], purposes=("online_search", "other"), kinds=()
        )


def search(session: VaultSession, client_id: int, consent_id: int) -> int:
    return searches.record_search(
        session, client_id, searched_on=TODAY, reason="Safety concern.", consent_id=consent_id,
        today=TODAY,
    )  # fmt: skip


def test_online_search_needs_a_consent_to_searching(world: World) -> None:
    """A valid consent to release records to a doctor says nothing about searching."""
    session = world.session
    ada = world.clients["ada"]
    to_doctor = give_consent(session, ada, purposes=("treatment", "other"))
    # A consent only to searching needs no kinds of record: it releases none.
    to_search = give_consent(session, ada, purposes=("online_search",), kinds=())
    assert [c.id for c in searches.search_consents(session, ada)] == [to_search]
    with pytest.raises(DisclosureError, match="does not cover searching online"):
        search(session, ada, to_doctor)
    search(session, ada, to_search)
    assert [s.consent_id for s in searches.list_searches(session, ada)] == [to_search]


def test_online_search_needs_a_reason_and_a_consent(world: World) -> None:
    session = world.session
    ada = world.clients["ada"]
    consent_id = give_consent(session, ada, purposes=("online_search",))
    others = give_consent(session, world.clients["mr"], purposes=("online_search",))
    with pytest.raises(DisclosureError, match="compelling professional reason"):
        searches.record_search(
            session, ada, searched_on=TODAY, reason=" ", consent_id=consent_id, today=TODAY
        )
    with pytest.raises(DisclosureError, match="consent"):
        searches.record_search(
            session, ada, searched_on=TODAY, reason="Safety concern.", consent_id=None, today=TODAY
        )
    with pytest.raises(DisclosureError, match="not about this client"):
        searches.record_search(
            session, ada, searched_on=TODAY, reason="Safety concern.", consent_id=others,
            today=TODAY,
        )  # fmt: skip
    assert searches.list_searches(session, ada) == []
    search_id = searches.record_search(
        session, ada, searched_on=TODAY, reason="Safety concern.", consent_id=consent_id,
        today=TODAY,
    )  # fmt: skip
    assert [(s.id, s.reason, s.consent_id) for s in searches.list_searches(session, ada)] == [
        (search_id, "Safety concern.", consent_id)
    ]
    consents.revoke(session, consent_id, on=TODAY, received_how="letter")
    with pytest.raises(DisclosureError, match="not valid"):
        searches.record_search(
            session, ada, searched_on=TODAY, reason="Again.", consent_id=consent_id, today=TODAY
        )
    detail = session.db.scalar(
        "SELECT detail FROM audit_log WHERE action = 'online_search_recorded'"
    )
    assert "Safety" not in detail


def _statements(session: VaultSession, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every statement `session.db.execute` runs from now on (`scalar` goes through it)."""
    seen: list[str] = []
    real = session.db.execute

    def traced(sql: str, params: Any = ()) -> Any:
        seen.append(sql)
        return real(sql, params)

    monkeypatch.setattr(session.db, "execute", traced)
    return seen


def _release_to_ada(world: World, items: list[Item]) -> None:
    """Notes and documents at her request; letters as notices (their only purpose)."""
    letter = items[0].kind == "letter"
    request = Request(
        items=tuple(items),
        recipient=Recipient("Ada Wren"),
        purpose="notice" if letter else "client_request",
        requested_by="practice" if letter else "client",
        requester_client_id=None if letter else world.clients["ada"],
    )
    disclose(world.session, request, evaluate(world.session, request, today=TODAY),
             client_informed=True)  # fmt: skip


def _release_to_court(world: World, key: str) -> None:
    """The item, under a court order naming it (the accounting cites the order)."""
    item = world.item(key)
    order = court_orders.record_court_order(
        world.session, world.clients["ada"], court=f"County Court {item.id}",
        ordered_on=NOTE_DAY, items=[("note", item.id)], today=TODAY,
    )  # fmt: skip
    request = Request(
        items=(item,),
        recipient=Recipient("Clerk of the court"),
        purpose="legal",
        requested_by="court",
        court_order_id=order,
    )
    disclose(world.session, request, evaluate(world.session, request, today=TODAY),
             client_informed=True)  # fmt: skip


def test_the_accounting_reads_the_items_in_a_fixed_number_of_queries(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Describing what left costs the same few queries for 3 items as for 30, and citing
    the court orders as many for 1 as for 3 (no query per item or per order)."""
    session = world.session
    ada = world.clients["ada"]
    _release_to_ada(world, [world.item("ada_progress"), world.item("ada_doc")])
    _release_to_ada(world, [world.item("ada_letter")])
    _release_to_court(world, "ada_progress")
    seen = _statements(session, monkeypatch)
    accounting.accounting_for(session, ada, today=TODAY)
    few = len(seen)

    monkeypatch.undo()
    case_id = directory.note_facts(session, [world.note_id("ada_progress")])[
        world.note_id("ada_progress")
    ].case_id
    more: list[Item] = []
    letters: list[Item] = []
    for n in range(10):
        note_id = notes.create_note(
            session, case_id, note_date=NOTE_DAY, body="Session.", subjects=[ada]
        )
        notes.sign_note(session, note_id)
        more.append(Item("note", note_id))
        doc_id = documents.add_document_bytes(session, ada, f"{n}.pdf", b"%PDF-1.4 x")
        more.append(Item("document", doc_id))
        letters.append(Item("letter", write_letter(session, ada, "Ada Wren")))
    _release_to_ada(world, more[:10])
    _release_to_ada(world, more[10:])
    _release_to_ada(world, letters)
    _release_to_court(world, "ada_progress_2")
    _release_to_court(world, "ada_progress")
    seen = _statements(session, monkeypatch)
    entries = accounting.accounting_for(session, ada, today=TODAY)
    assert sum(len(e.items) for e in entries) == 36
    assert sum(e.court_order is not None for e in entries) == 3
    assert len(seen) == few, "\n".join(seen)
    descriptions = {i.description for e in entries for i in e.items}
    assert "Progress note of 4 March 2025" in descriptions
    assert any(d.startswith("Letter “") for d in descriptions)
    assert any(d.startswith("Document added ") for d in descriptions)
    # The client reads it: long dates only, never ISO (issue 16).
    assert not any(re.search(r"\d{4}-\d\d-\d\d", d) for d in descriptions), descriptions


def test_a_fulfilled_request_names_the_release_that_answered_it_or_why_none(
    world: World,
) -> None:
    """Issue 16: "Mark fulfilled" was linked to no release."""
    session, ada = world.session, world.clients["ada"]
    own = requests.receive(session, ada, "own_records", received_on=TODAY, today=TODAY)
    request = requests.get_request(session, own)
    assert requests.releases_since(session, request) == []
    with pytest.raises(DisclosureError, match="which release answered the request, or why"):
        requests.fulfil(session, own, on=TODAY)
    released = _own_request(world, "ada_progress", "ada", "Ada Wren", TODAY)
    other = requests.receive(session, world.clients["bob"], "own_records", received_on=TODAY,
                             today=TODAY)  # fmt: skip
    with pytest.raises(DisclosureError, match="not one of this client's"):
        requests.fulfil(session, other, on=TODAY, disclosure_id=released)
    assert [r.id for r in requests.releases_since(session, request)] == [released]
    with pytest.raises(DisclosureError, match="which release answered the request, or why"):
        requests.fulfil(session, own, on=TODAY, disclosure_id=released, no_release_reason="x")
    requests.fulfil(session, own, on=TODAY, disclosure_id=released)
    answered = requests.get_request(session, own)
    assert (answered.fulfilled_on, answered.disclosure_id) == (TODAY, released)
    requests.fulfil(session, other, on=TODAY, no_release_reason="  Shown in person.  ")
    assert requests.get_request(session, other).no_release_reason == "Shown in person."
