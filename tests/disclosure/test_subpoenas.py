"""Subpoena answers: kept with who issued it and the answer; refusals in plain words;
recording an answer discloses nothing."""

from __future__ import annotations

from datetime import date

import pytest

from recordsafe.disclosure import subpoenas
from recordsafe.disclosure.errors import DisclosureError
from tests.disclosure.conftest import TODAY, World


def test_an_answer_is_kept_and_audited(world: World) -> None:
    session = world.session
    ada = world.clients["ada"]
    answer = subpoenas.record_response(
        session, ada, issued_by=" Jones  & Co ", received_on=TODAY, response="object",
        note="Letter sent.", items=2, today=TODAY,
    )  # fmt: skip
    [kept] = subpoenas.responses_for(session, ada)
    assert (kept.id, kept.issued_by, kept.response, kept.items) == (
        answer,
        "Jones & Co",
        "object",
        2,
    )
    assert kept.label == "Object to the subpoena"
    assert session.db.scalar("SELECT count(*) FROM disclosures") == 0
    action = session.db.scalar("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert action == "subpoena_answered"
    detail = session.db.scalar("SELECT detail FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert "Jones" not in detail and "Letter" not in detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"issued_by": "  "}, "who issued"),
        ({"received_on": date(2025, 6, 2)}, "future"),
        ({"response": "comply"}, "object, or seek"),
        ({"note": "x" * 2001}, "too long"),
    ],
)
def test_refusals(world: World, changes: dict[str, object], message: str) -> None:
    values: dict[str, object] = {
        "issued_by": "Jones & Co",
        "received_on": TODAY,
        "response": "protective_order",
        "today": TODAY,
    }
    values.update(changes)
    with pytest.raises(DisclosureError, match=message):
        subpoenas.record_response(world.session, world.clients["ada"], **values)  # type: ignore[arg-type]
    assert subpoenas.responses_for(world.session, world.clients["ada"]) == []


def test_unknown_client_is_refused(world: World) -> None:
    with pytest.raises(DisclosureError, match="no longer exists"):
        subpoenas.record_response(
            world.session, 9999, issued_by="X", received_on=TODAY, response="object", today=TODAY
        )
