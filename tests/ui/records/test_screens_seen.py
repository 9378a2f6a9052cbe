"""What the screenshots showed (issue 14): the chosen agreement said once (dark-palette
colours: tests/ui/test_meaning_colours.py)."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from recordsafe.records import cases, clients
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.records.agreement_dialog import AgreementDialog
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.vault import VaultSession


def test_the_chosen_agreement_is_said_once(
    qtbot: QtBot, page: RecordsPage, session: VaultSession
) -> None:
    ids = [clients.create_client(session, n) for n in ("Mr Smith", "Mrs Smith")]
    case_id = cases.create_case(session, "couple", "Couple work", ids)
    said = cases.POLICIES["individual_private"]
    cases.record_agreement(
        session,
        case_id,
        policy="individual_private",
        text=said,
        agreed_on={c: date(2025, 1, 6) for c in ids},
    )
    opened = page.open_client(ids[0])
    assert opened is not None
    label = opened.findChild(QtWidgets.QLabel, f"agreementText_{case_id}")
    assert label is not None
    assert label.text().count(said.rstrip(".")) == 1
    assert "#" not in label.styleSheet()  # the theme's colours, not fixed light ones

    dialog = page.record_agreement(case_id)
    assert isinstance(dialog, AgreementDialog)
    form = dialog.form
    shown = [form.policy_combo.currentText()]
    if form.policy_hint.isVisibleTo(dialog):
        shown.append(form.policy_hint.text())
    assert sum(s.rstrip(".") == said.rstrip(".") for s in shown) == 1
    # A policy with an explanation shows it beside its short name, once.
    form.policy_combo.setCurrentIndex(list(cases.POLICIES).index("no_secrets") + 1)
    assert form.policy_combo.currentText() == "No secrets"
    assert form.policy_hint.text().startswith("What one participant tells")
    dialog.reject()
