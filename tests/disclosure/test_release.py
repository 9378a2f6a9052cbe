"""disclosure.release: what the dialog calls, refusing what the gate did not allow."""

from __future__ import annotations

from pathlib import Path

import pytest

from recordsafe.disclosure import consents, release
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.gate import Recipient, Request, evaluate
from tests.disclosure.conftest import TODAY, World, give_consent


def training(world: World, *keys: str) -> Request:
    return Request(
        tuple(world.item(k) for k in keys),
        Recipient("Seminar"),
        "training",
        "third_party",
        deidentified=True,
    )


def test_a_de_identified_release_must_really_be_de_identified(world: World, tmp_path: Path) -> None:
    """Found in review: the rule was checked by the dialog only. Raw text passed as
    'de-identified' (and so left out of the accounting) is refused in the domain."""
    session = world.session
    request = training(world, "joint", "ada_doc")
    decision = evaluate(session, request, today=TODAY)
    assert decision.all_allowed
    raw = release.item_texts(session, request.items, today=TODAY)
    cover = release.cover_for(session, decision, part2=False)
    target = tmp_path / "out.pdf"
    with pytest.raises(DisclosureError, match=r"scanned file|identifies someone"):
        release.release_to_file(
            session, request, decision, texts=raw, cover=cover, password="pw-1234567890ab",
            target=target, client_informed=True,
        )  # fmt: skip
    names = release.identifying_names(session, request.items)
    clean, _ = release.deidentify_items(raw, names, [])
    release.release_to_file(
        session, request, decision, texts=clean, cover=cover, password="pw-1234567890ab",
        target=target, client_informed=True,
    )  # fmt: skip
    assert target.exists()


def test_a_name_left_in_the_text_is_refused(world: World, tmp_path: Path) -> None:
    session = world.session
    request = training(world, "joint")
    decision = evaluate(session, request, today=TODAY)
    names = release.identifying_names(session, request.items)
    [clean], _ = release.deidentify_items(
        release.item_texts(session, request.items, today=TODAY), names, []
    )
    leaky = clean.__class__(clean.title, clean.date, clean.kind, clean.body + " Mrs Smith said so.")
    with pytest.raises(DisclosureError, match="identifies someone"):
        release.release_to_printer(
            session, request, decision, texts=[leaky],
            cover=release.cover_for(session, decision, part2=False),
            print_pdf=lambda pdf: None, client_informed=True,
        )  # fmt: skip


def test_an_accounting_cannot_be_de_identified(world: World) -> None:
    decision = evaluate(world.session, training(world, "ada_accounting"), today=TODAY)
    assert decision.items[0].status == "blocked"
    assert "cannot be de-identified" in decision.items[0].reason


def test_one_call_releases_keeps_the_part2_mark_and_prints_through_the_gate(
    world: World,
) -> None:
    """`release(session, plan)` is the one call the dialog makes: mark, cover, output."""
    session = world.session
    ada = world.clients["ada"]
    give_consent(session, ada)
    request = Request(
        (world.item("ada_progress"),), Recipient("Dr Lee"), "treatment", "third_party"
    )
    decision = evaluate(session, request, today=TODAY)
    assert decision.all_allowed
    printed: list[bytes] = []
    plan = release.ReleasePlan(
        client_id=ada,
        decision=decision,
        texts=release.item_texts(session, request.items, today=TODAY),
        output=release.ToPrinter(printed.append),
        client_informed=True,
        part2=True,
    )
    disclosure_id = release.release(session, plan)
    assert disclosure_id > 0 and printed and printed[0].startswith(b"%PDF")
    assert release.is_part2(session, [ada])
    assert int(session.db.scalar("SELECT count(*) FROM disclosures")) == 1


def _plan_to_dr_lee(
    world: World, output: release.ToFile | release.ToPrinter, *, part2: bool
) -> release.ReleasePlan:
    ada = world.clients["ada"]
    request = Request(
        (world.item("ada_progress"),), Recipient("Dr Lee"), "treatment", "third_party"
    )
    decision = evaluate(world.session, request, today=TODAY)
    assert decision.all_allowed
    return release.ReleasePlan(
        client_id=ada,
        decision=decision,
        texts=release.item_texts(world.session, request.items, today=TODAY),
        output=output,
        client_informed=True,
        part2=part2,
    )


def _settings_changed(world: World) -> int:
    return int(
        world.session.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'setting_changed'")
    )


def test_a_refused_release_leaves_the_part2_mark_as_it_was(world: World, tmp_path: Path) -> None:
    """The mark is saved with the disclosure or not at all: the gate refuses (a consent
    revoked since the check), the printer fails, the name is taken: nothing changed."""
    session = world.session
    ada = world.clients["ada"]
    consent_id = give_consent(session, ada)
    before = _settings_changed(world)

    def broken_printer(pdf: bytes) -> None:
        raise OSError("The printer is out of paper.")

    with pytest.raises(OSError, match="out of paper"):
        release.release(
            session, _plan_to_dr_lee(world, release.ToPrinter(broken_printer), part2=True)
        )
    assert not release.is_part2(session, [ada])

    taken = tmp_path / "taken.pdf"
    taken.write_bytes(b"someone else's file")
    with pytest.raises(DisclosureError, match="already exists"):
        release.release(
            session, _plan_to_dr_lee(world, release.ToFile(taken, "pw-1234567890ab"), part2=True)
        )
    assert not release.is_part2(session, [ada])

    plan = _plan_to_dr_lee(world, release.ToPrinter(lambda pdf: None), part2=True)
    consents.revoke(session, consent_id, on=TODAY, received_how="letter")
    with pytest.raises(DisclosureError, match="Something changed"):
        release.release(session, plan)
    assert not release.is_part2(session, [ada])
    assert _settings_changed(world) == before
    assert int(session.db.scalar("SELECT count(*) FROM disclosures")) == 0
