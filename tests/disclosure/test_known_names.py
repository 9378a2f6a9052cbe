"""Every name the vault knows goes into de-identification (issue 16), read from where it is
recorded: clients and representatives, consents, past releases, the custodian's key slot,
the practice's details."""

from __future__ import annotations

from recordsafe.disclosure import known_names, practice_info
from recordsafe.disclosure.gate import Recipient, Request, disclose, evaluate
from tests.disclosure.conftest import TODAY, World, give_consent


def test_vault_names_gathers_every_recorded_person(world: World) -> None:
    session = world.session
    give_consent(
        session, world.clients["ada"], recipient_name="Dr Felix Haraway",
        recipient_organisation="Harbour Clinic",
    )  # fmt: skip
    request = Request(
        (world.item("bob_progress"),), Recipient("Rev Joan Pike"), "emergency", "third_party",
        emergency_attested=True, emergency_justification="Imminent risk.",
    )  # fmt: skip
    disclose(session, request, evaluate(session, request, today=TODAY), client_informed=True)
    session.add_code_slot("custodian", "Custodian code \u2014 Dr Imani Osei")
    practice_info.save_practice_info(
        session, practice_info.PracticeInfo("Harbourlight Counselling", "Noor Castellanos", "x")
    )
    names = known_names.vault_names(session)
    for name in (
        "Ada Wren", "Mr Smith", "Bob Dale", "Carol Bloggs",  # clients, a representative
        "Dr Felix Haraway", "Harbour Clinic", "Rev Joan Pike",  # recipients
        "Dr Imani Osei", "Harbourlight Counselling", "Noor Castellanos",
    ):  # fmt: skip
        assert name in names, name
    assert known_names.still_identifying(session, ["Asked Noor Castellanos."])
    assert not known_names.still_identifying(session, ["Asked [name]."])


def test_the_gate_sees_dates_numbers_and_ages_left_in(world: World) -> None:
    # The gate's second look uses the same detector: what went out before is caught now.
    for text in ("Seen 2025/03/14.", "Phone 555 0147.", "DOB 1931", "Turned 95 last week."):
        assert known_names.still_identifying(world.session, [text]), text
    assert not known_names.still_identifying(world.session, ["Seen 2025. Mood 6/10."])
