from __future__ import annotations

from datetime import date, timedelta

import pytest

from recordsafe.records import clients, fields
from recordsafe.records.errors import NotFound, RecordError
from recordsafe.vault import ReadOnlyVault, VaultSession
from tests.records.conftest import audit_actions, reopen_as_custodian


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_empty_name_is_refused(session: VaultSession, name: str) -> None:
    with pytest.raises(RecordError, match="name is empty"):
        clients.create_client(session, name)
    assert clients.count_clients(session) == 0


def test_future_date_of_birth_is_refused_without_quoting_it(session: VaultSession) -> None:
    future = date.today() + timedelta(days=1)
    with pytest.raises(RecordError, match="in the future") as info:
        clients.create_client(session, "Ada Wren", dob=future)
    assert future.isoformat() not in info.value.message
    assert "Ada" not in info.value.message
    assert clients.count_clients(session) == 0


def test_minimum_client_and_audited_view(session: VaultSession) -> None:
    cid = clients.create_client(session, "  Zoë   Heron ", contact="555-0100", dob=date(1990, 1, 2))
    client = clients.get_client(session, cid)
    assert client.name == "Zoë Heron"
    assert client.contact == "555-0100"
    assert client.dob == date(1990, 1, 2)
    assert client.status == "active"
    assert client.extra == {}
    assert audit_actions(session)[-2:] == ["client_created", "client_viewed"]
    row = session.db.execute("SELECT client_id FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert row[0][0] == cid


def test_duplicate_names_are_flagged_not_blocked(session: VaultSession) -> None:
    first = clients.create_client(session, "Zoë Heron")
    dupes = clients.find_possible_duplicates(session, "zoe  HERON")
    assert [d.id for d in dupes] == [first]
    assert [d.id for d in clients.find_possible_duplicates(session, "Heron Zoe")] == [first]
    second = clients.create_client(session, "Zoe Heron")  # not blocked
    assert {d.id for d in clients.find_possible_duplicates(session, "Zoë Heron")} == {
        first,
        second,
    }
    assert clients.find_possible_duplicates(session, "Zoë Heron", exclude_id=first)[0].id == second
    assert clients.find_possible_duplicates(session, "Ada Wren") == []
    assert clients.find_possible_duplicates(session, "  ") == []


def test_list_is_paged_ordered_and_filtered(session: VaultSession) -> None:
    names = ["Delta Finch", "alpha Wren", "Charlie Heron", "Bravo Lark", "Echo Teal"]
    ids = {name: clients.create_client(session, name) for name in names}
    clients.close_client(session, ids["Echo Teal"], on=date(2025, 1, 1))
    page1 = clients.list_clients(session, offset=0, limit=2)
    page2 = clients.list_clients(session, offset=2, limit=2)
    page3 = clients.list_clients(session, offset=4, limit=2)
    assert [c.name for c in page1 + page2 + page3] == sorted(names, key=str.casefold)
    assert clients.count_clients(session) == 5
    assert clients.count_clients(session, status="active") == 4
    assert clients.count_clients(session, status="closed") == 1
    assert [c.name for c in clients.list_clients(session, status="closed")] == ["Echo Teal"]
    desc = clients.list_clients(session, order="name_desc", limit=1)
    assert desc[0].name == "Echo Teal"
    assert clients.list_clients(session, order="created", limit=1)[0].name == "Delta Finch"
    assert clients.list_clients(session, order="recent", limit=1)[0].name == "Echo Teal"
    with pytest.raises(RecordError):
        clients.list_clients(session, order="bogus")  # type: ignore[arg-type]


def test_close_reopen_and_deceased_with_representative(session: VaultSession) -> None:
    cid = clients.create_client(session, "Robin Sedge", dob=date(1950, 2, 3))
    clients.close_client(session, cid, on=date(2024, 6, 1))
    assert clients.get_client(session, cid).closed_on == date(2024, 6, 1)
    clients.reopen_client(session, cid)
    assert clients.get_client(session, cid).status == "active"
    with pytest.raises(RecordError, match="authority"):
        clients.mark_deceased(
            session, cid, died_on=date(2025, 1, 5), representative_name="Executor Person"
        )
    with pytest.raises(RecordError, match="before the date of birth"):
        clients.mark_deceased(session, cid, died_on=date(1949, 1, 1))
    with pytest.raises(RecordError, match="future"):
        clients.mark_deceased(session, cid, died_on=date.today() + timedelta(days=2))
    clients.mark_deceased(
        session,
        cid,
        died_on=date(2025, 1, 5),
        representative_name="Sage Sedge",
        representative_authority="Executor under the will",
    )
    client = clients.get_client(session, cid)
    assert client.is_deceased
    assert client.died_on == date(2025, 1, 5)
    assert client.representative_name == "Sage Sedge"
    assert client.representative_authority == "Executor under the will"
    with pytest.raises(RecordError):
        clients.close_client(session, cid)
    assert "client_deceased" in audit_actions(session)


def test_update_client(session: VaultSession) -> None:
    cid = clients.create_client(session, "Ada Wren", contact="old")
    clients.update_client(session, cid, name="Ada Wrenfield", contact=None)
    client = clients.get_client(session, cid)
    assert (client.name, client.contact) == ("Ada Wrenfield", None)
    with pytest.raises(RecordError):
        clients.update_client(session, cid, name=" ")
    with pytest.raises(NotFound):
        clients.update_client(session, 9999, contact="x")
    with pytest.raises(NotFound):
        clients.get_client(session, 9999)


def test_optional_fields_are_off_until_enabled_with_a_reason(session: VaultSession) -> None:
    with pytest.raises(RecordError, match="off for this practice"):
        clients.create_client(session, "Ada Wren", extra={"pronouns": "she/her"})
    with pytest.raises(RecordError, match="why"):
        fields.set_field(session, "pronouns", enabled=True, why="  ")
    with pytest.raises(RecordError):
        fields.set_field(session, "shoe_size", enabled=True, why="no")
    fields.set_field(session, "pronouns", enabled=True, why="To address clients as they wish")
    assert [f.field for f in fields.enabled_fields(session)] == ["pronouns"]
    assert fields.enabled_fields(session)[0].why == "To address clients as they wish"
    cid = clients.create_client(session, "Ada Wren", extra={"pronouns": "she/her"})
    assert clients.get_client(session, cid).extra == {"pronouns": "she/her"}
    clients.update_client(session, cid, extra={"pronouns": None})
    assert clients.get_client(session, cid).extra == {}
    fields.set_field(session, "pronouns", enabled=False)
    assert fields.enabled_fields(session) == []
    # Turning it back on keeps the earlier reason.
    fields.set_field(session, "pronouns", enabled=True, why="Again")
    assert fields.enabled_fields(session)[0].why == "Again"


def test_custodian_may_read_and_change_status_but_not_edit(session: VaultSession) -> None:
    cid = clients.create_client(session, "Ada Wren")
    custodian = reopen_as_custodian(session)
    try:
        assert clients.get_client(custodian, cid).name == "Ada Wren"
        with pytest.raises(ReadOnlyVault):
            clients.create_client(custodian, "New Person")
        with pytest.raises(ReadOnlyVault):
            clients.update_client(custodian, cid, contact="x")
        clients.mark_deceased(custodian, cid, died_on=date(2025, 2, 2))
        actor = custodian.db.scalar("SELECT actor FROM audit_log ORDER BY seq DESC LIMIT 1")
        assert actor == "custodian"
    finally:
        custodian.lock()


def test_find_clients_matches_name_and_word_prefixes_unaudited(session: VaultSession) -> None:
    zoe = clients.create_client(session, "Zoë Bramblewood")
    ada = clients.create_client(session, "Ada Wren")
    bram = clients.create_client(session, "Bramble Heron")
    odd = clients.create_client(session, "Percy 100%_Sure")
    clients.close_client(session, bram)
    before = audit_actions(session)

    def ids(text: str, **kw: int) -> list[int]:
        return [c.id for c in clients.find_clients(session, text, **kw)]

    assert ids("zoe  br") == [zoe]  # case, accents and spacing folded like name_key
    assert ids("ZOË") == [zoe]
    assert ids("wre") == [ada]  # any word's start
    assert ids("bram") == [bram, zoe]  # whole-name prefix first, closed clients included
    assert ids("bram", limit=1) == [bram]
    assert ids("ren") == []  # not the middle of a word
    assert ids("%") == [] and ids("_") == []  # no LIKE wildcards
    assert ids("100%_") == [odd]
    assert ids("") == [] and ids("   ") == []
    assert clients.find_clients(session, "bram")[0].status == "closed"
    assert audit_actions(session) == before  # a picker, not a search
