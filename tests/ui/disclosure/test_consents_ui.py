"""Recording, viewing and revoking consents through the Consents tab, over a real vault."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from recordsafe.disclosure import consents, practice_info
from recordsafe.disclosure.gate import Recipient, Request, evaluate
from recordsafe.ui.disclosure.consent_dialog import DIALOG_SIZE, NO_SCAN, ConsentDialog
from recordsafe.ui.disclosure.consent_view import ConsentView
from recordsafe.ui.disclosure.consents_tab import ConsentsTab
from recordsafe.ui.disclosure.revoke_dialog import RevokeDialog
from recordsafe.ui.qt import Qt, QtCore, QtWidgets
from recordsafe.ui.records.attach_dialog import AttachDialog
from recordsafe.ui.records.document_view import DocumentView
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.ui.widgets import screen
from recordsafe.ui.widgets.dates import to_qdate
from tests.disclosure.conftest import TODAY, World, give_consent
from tests.ui.disclosure.conftest import audit_actions, ok

SIGNED = date(2025, 5, 20)
EXPIRES = date(2026, 5, 20)


def open_consent_dialog(tab: ConsentsTab) -> ConsentDialog:
    tab.new_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, ConsentDialog)
    assert dialog.isVisible()
    return dialog


def tick_note(dialog: ConsentDialog, note_id: int) -> None:
    dialog.notes_button.click()  # listed (and audited) only when asked for
    for i in range(dialog.notes_list.count()):
        item = dialog.notes_list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == note_id:
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError("note not offered")


def fill_complete(dialog: ConsentDialog) -> None:
    """Every element, as a user types them from the signed form."""
    dialog.by_client.setChecked(True)
    dialog.purpose_boxes["treatment"].setChecked(True)  # ticks what treatment usually needs
    dialog.purpose_boxes["consultation"].setChecked(True)
    for kind, box in dialog.kind_boxes.items():  # what this form covers, exactly
        box.setChecked(kind in ("progress", "documents"))
    dialog.range_check.setChecked(True)
    dialog.date_from.setDate(to_qdate(date(2025, 1, 1)))
    dialog.date_to.setDate(to_qdate(date(2025, 5, 1)))
    dialog.disclosing_party.setText("Harbour Counselling")
    dialog.recipient_name.setText("Dr Lee")
    dialog.recipient_organisation.setText("Harbour GP Surgery")
    dialog.recipient_address.setPlainText("1 Quay Street\nPortsmouth")
    dialog.expiry_check.setChecked(True)
    dialog.expires_on.setDate(to_qdate(EXPIRES))
    dialog.expiry_event.setText("End of treatment")
    dialog.states_revoke.setChecked(True)
    dialog.states_conditioning.setChecked(True)
    dialog.states_redisclosure.setChecked(True)
    dialog.signed_on.setDate(to_qdate(SIGNED))
    dialog.scan_combo.setCurrentIndex(
        dialog.scan_combo.findText("form.pdf", Qt.MatchFlag.MatchStartsWith)
    )


def test_record_a_consent_with_every_element(qtbot: QtBot, world: World, tab: ConsentsTab) -> None:
    assert not tab.empty_label.isHidden()
    dialog = open_consent_dialog(tab)
    assert dialog.psycho_warning.isHidden()
    assert "client_notes_viewed" not in audit_actions(world)  # not listed until asked
    fill_complete(dialog)
    tick_note(dialog, world.note_id("ada_progress_2"))
    assert dialog.notes_list.count() == 3  # signed notes only: the draft is not offered
    ok(dialog)
    assert not dialog.isVisible()
    assert dialog.saved_id is not None

    saved = consents.get_consent(world.session, dialog.saved_id)
    assert saved.authorized_by == "client"
    assert saved.kinds == {"progress", "documents"}
    assert saved.note_ids == {world.note_id("ada_progress_2")}
    assert (saved.date_from, saved.date_to) == (date(2025, 1, 1), date(2025, 5, 1))
    assert saved.disclosing_party == "Harbour Counselling"
    assert (saved.recipient_name, saved.recipient_organisation) == ("Dr Lee", "Harbour GP Surgery")
    assert saved.recipient_address == "1 Quay Street\nPortsmouth"
    assert saved.purposes == {"treatment", "consultation"}
    assert (saved.expires_on, saved.expiry_event) == (EXPIRES, "End of treatment")
    assert saved.signed_on == SIGNED
    assert saved.form_document_id == world.items["ada_doc"].id
    assert not saved.is_psychotherapy_authorization
    assert "consent_recorded" in audit_actions(world)

    assert tab.status_texts() == ["Valid"]
    to_whom, purposes, covers, expires = tab.table.item(0, 1).text().split("\n")
    assert to_whom == "Dr Lee, Harbour GP Surgery"
    assert purposes == "For: Consultation, Treatment"
    assert covers.startswith("Covers: ") and "1 specific note" in covers
    assert expires.startswith("Expires: 20 May 2026")
    assert tab.empty_label.isHidden()


def test_the_scan_is_attached_from_the_dialog(
    qtbot: QtBot, world: World, tab: ConsentsTab, tmp_path: Path
) -> None:
    scan = tmp_path / "signed-consent.pdf"
    scan.write_bytes(b"%PDF-1.4 signed consent")
    dialog = open_consent_dialog(tab)
    assert dialog.scan_combo.currentText() == NO_SCAN
    attach = dialog.attach_scan()
    assert attach is not None
    attach.path_edit.setText(str(scan))
    ok(attach)
    assert dialog.scan_combo.currentText().startswith("signed-consent.pdf")
    fill_complete(dialog)
    dialog.scan_combo.setCurrentIndex(
        dialog.scan_combo.findText("signed-consent.pdf", Qt.MatchFlag.MatchStartsWith)
    )
    ok(dialog)
    assert dialog.saved_id is not None
    saved = consents.get_consent(world.session, dialog.saved_id)
    assert saved.form_document_id == attach.document_id


def _no_kinds(d: ConsentDialog) -> None:
    d.kind_boxes["progress"].setChecked(False)
    d.kind_boxes["documents"].setChecked(False)


def _no_purposes(d: ConsentDialog) -> None:
    for box in d.purpose_boxes.values():
        box.setChecked(False)


def _no_expiry(d: ConsentDialog) -> None:
    d.expiry_check.setChecked(False)
    d.expiry_event.clear()


def _no_representative(d: ConsentDialog) -> None:
    d.by_representative.setChecked(True)
    d.representative_authority.setText("Parent of a minor")


def _no_authority(d: ConsentDialog) -> None:
    d.by_representative.setChecked(True)
    d.representative_name.setText("Ann Wren")


# (element, how it goes missing, the words next to its field)
MISSING: list[tuple[str, Callable[[ConsentDialog], object], str]] = [
    ("kinds", _no_kinds, "what information"),
    ("disclosing_party", lambda d: d.disclosing_party.clear(), "who may disclose"),
    ("recipient_name", lambda d: d.recipient_name.clear(), "who receives"),
    ("purposes", _no_purposes, "purpose"),
    ("expires_on", _no_expiry, "when it expires"),
    ("states_right_to_revoke", lambda d: d.states_revoke.setChecked(False), "right to revoke"),
    (
        "states_conditioning",
        lambda d: d.states_conditioning.setChecked(False),
        "depends on signing",
    ),
    ("states_redisclosure", lambda d: d.states_redisclosure.setChecked(False), "redisclose"),
    ("representative_name", _no_representative, "representative is"),
    ("representative_authority", _no_authority, "authority"),
]


@pytest.mark.parametrize(("element", "remove", "words"), MISSING, ids=[m[0] for m in MISSING])
def test_each_missing_element_is_refused_next_to_its_field(
    qtbot: QtBot,
    world: World,
    tab: ConsentsTab,
    element: str,
    remove: Callable[[ConsentDialog], object],
    words: str,
) -> None:
    dialog = open_consent_dialog(tab)
    fill_complete(dialog)
    remove(dialog)
    ok(dialog)
    assert dialog.isVisible(), element
    assert dialog.missing() == [element]
    assert words in dialog.field_errors[element].text()
    assert "1 required element is missing" in dialog.error_label.text()
    assert consents.list_consents(world.session, world.clients["ada"]) == []
    assert tab.status_texts() == []


def test_every_missing_element_is_shown_at_once(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    """Issue 14: one missing element per click on Save; now all of them, each by its field."""
    dialog = open_consent_dialog(tab)
    dialog.disclosing_party.clear()
    dialog.by_representative.setChecked(True)
    dialog.expiry_check.setChecked(False)
    ok(dialog)
    assert (
        dialog.missing()
        == [  # in the order they are on screen
            "representative_name",
            "representative_authority",
            *(element for element, _remove, _words in MISSING[:-2]),
        ]
    )
    assert "10 required elements are missing" in dialog.error_label.text()
    for element, label in dialog.field_errors.items():
        assert label.isVisibleTo(dialog), element
    # A field's message goes as soon as it is filled in; the others stay.
    qtbot.keyClicks(dialog.recipient_name, "Dr Lee")
    assert "recipient_name" not in dialog.missing()
    assert "disclosing_party" in dialog.missing()
    assert consents.list_consents(world.session, world.clients["ada"]) == []


def test_a_date_range_the_wrong_way_round_is_refused_in_words(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    dialog = open_consent_dialog(tab)
    fill_complete(dialog)
    dialog.date_from.setDate(to_qdate(date(2025, 5, 2)))
    ok(dialog)
    assert dialog.isVisible() and dialog.missing() == []
    assert "ends before" in dialog.error_label.text()


def test_psychotherapy_notes_need_their_own_authorization(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    dialog = open_consent_dialog(tab)
    fill_complete(dialog)
    dialog.kind_boxes["psychotherapy"].setChecked(True)
    assert not dialog.psycho_warning.isHidden()  # obvious before saving
    ok(dialog)
    assert dialog.isVisible()
    assert "Psychotherapy notes need their own authorization" in dialog.error_label.text()

    # A specific psychotherapy note ticked beside progress notes is refused the same way.
    dialog.kind_boxes["psychotherapy"].setChecked(False)
    tick_note(dialog, world.note_id("ada_psycho"))
    ok(dialog)
    assert dialog.isVisible()
    assert "own authorization" in dialog.error_label.text()
    assert consents.list_consents(world.session, world.clients["ada"]) == []

    # A specific psychotherapy note alone makes a psychotherapy-notes authorization.
    dialog.kind_boxes["progress"].setChecked(False)
    dialog.kind_boxes["documents"].setChecked(False)
    form = dialog.form()
    assert form.is_psychotherapy_authorization
    assert list(form.note_ids) == [world.note_id("ada_psycho")]

    # Alone, it is recorded as a psychotherapy-notes authorization.
    dialog.kind_boxes["progress"].setChecked(False)
    dialog.kind_boxes["documents"].setChecked(False)
    dialog.kind_boxes["psychotherapy"].setChecked(True)
    ok(dialog)
    assert not dialog.isVisible()
    assert dialog.saved_id is not None
    saved = consents.get_consent(world.session, dialog.saved_id)
    assert saved.is_psychotherapy_authorization
    assert tab.table.item(0, 1).text().split("\n")[2].startswith("Covers: Psychotherapy notes only")


def test_revoke_acts_at_once_and_the_gate_blocks(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    session = world.session
    consent_id = give_consent(session, world.clients["ada"])
    request = Request(
        items=(world.item("ada_progress"),),
        recipient=Recipient("Dr Lee"),
        purpose="treatment",
        requested_by="third_party",
    )
    assert evaluate(session, request, today=TODAY).all_allowed
    tab.refresh()
    assert tab.status_texts() == ["Valid"]
    assert not tab.revoke_button.isEnabled()  # nothing selected yet
    tab.select_consent(consent_id)
    tab.revoke_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, RevokeDialog)
    ok(dialog)  # how it was received is missing
    assert dialog.isVisible()
    assert "how the revocation was received" in dialog.error_label.text()
    dialog.how_combo.setCurrentText("Letter")
    ok(dialog)
    assert not dialog.isVisible()

    assert tab.status_texts() == ["Revoked"]
    decision = evaluate(session, request, today=TODAY)
    assert not decision.all_allowed
    assert decision.items[0].status == "blocked"
    saved = consents.get_consent(session, consent_id)
    assert (saved.revoked_on, saved.revocation_received) == (TODAY, "Letter")
    assert "consent_revoked" in audit_actions(world)
    tab.select_consent(consent_id)
    assert not tab.revoke_button.isEnabled()  # already revoked


def test_view_a_consent_and_revoke_from_there(qtbot: QtBot, world: World, tab: ConsentsTab) -> None:
    consent_id = give_consent(
        world.session,
        world.clients["ada"],
        recipient_address="1 Quay Street",
        form_document_id=world.items["ada_doc"].id,
    )
    tab.refresh()
    tab.select_consent(consent_id)
    tab.view_button.click()
    view = tab.dialog
    assert isinstance(view, ConsentView)
    text = view.text.text()
    for words in ("Valid", "The client", "Dr Lee", "1 Quay Street", "Treatment", "form.pdf",
                  "01 Apr 2026", "Progress notes"):  # fmt: skip
        assert words in text
    view.revoke_button.click()
    assert isinstance(tab.dialog, RevokeDialog)


def test_statuses_expired_and_expiring(qtbot: QtBot, world: World, tab: ConsentsTab) -> None:
    ada = world.clients["ada"]
    give_consent(world.session, ada, expires_on=date(2025, 6, 1))  # expires today: no longer
    give_consent(world.session, ada, expires_on=date(2025, 6, 20), recipient_name="Dr Moss")
    tab.refresh()
    assert sorted(tab.status_texts()) == ["Expired", "Expires soon"]


def test_a_deceased_client_s_representative_is_offered(qtbot: QtBot, world: World) -> None:
    tab = ConsentsTab(
        world.session,
        world.clients["bob"],
        "Bob Dale",
        representative=("Carol Bloggs", "Executor of the estate"),
        today=lambda: TODAY,
    )
    qtbot.addWidget(tab)
    dialog = tab.new_consent()
    assert dialog is not None
    assert dialog.by_representative.isChecked()
    assert dialog.representative_name.text() == "Carol Bloggs"
    assert dialog.representative_authority.isEnabled()
    dialog.reject()


def test_the_tab_is_on_the_client_page(qtbot: QtBot, world: World) -> None:
    workspace = RecordsPage(world.session)
    qtbot.addWidget(workspace)
    opened: list[QtWidgets.QDialog] = []
    workspace.dialog_opened.connect(opened.append)
    page = workspace.open_client(world.clients["ada"])
    assert page is not None
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Consents" in titles
    page.consents_tab.new_button.click()
    assert isinstance(opened[-1], ConsentDialog)  # the main window can give it Ctrl+L
    opened[-1].reject()


def test_a_notice_is_no_purpose_a_consent_offers(qtbot: QtBot, tab: ConsentsTab) -> None:
    dialog = open_consent_dialog(tab)
    assert "notice" not in dialog.purpose_boxes
    assert "treatment" in dialog.purpose_boxes


def test_who_may_disclose_starts_as_the_practice_s_name(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    first = open_consent_dialog(tab)
    assert first.disclosing_party.text() == ""
    first.reject()
    practice_info.save_practice_info(
        world.session, practice_info.PracticeInfo("Harbour Counselling", "J. Doe", "1 Quay St")
    )
    assert open_consent_dialog(tab).disclosing_party.text() == "Harbour Counselling"


def test_the_dialog_fits_a_768_pixel_screen_with_its_buttons_visible(
    qtbot: QtBot, tab: ConsentsTab
) -> None:
    """Issue 14: 760 px tall, the dialog's buttons were off a 768-px laptop screen."""
    dialog = open_consent_dialog(tab)
    room = dialog.screen().availableGeometry()
    assert dialog.height() <= room.height() - screen.TITLE_ROOM  # this screen, with a title bar
    laptop = QtCore.QRect(0, 0, 1366, 768 - 32)  # less a panel
    size = screen.within(*DIALOG_SIZE, laptop)
    assert size.height() + screen.TITLE_ROOM <= laptop.height()
    dialog.resize(size)
    dialog.layout().activate()
    ok_button = dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
    assert ok_button.isVisible() and not dialog.form_scroll.isAncestorOf(ok_button)
    bottom = ok_button.mapTo(dialog, QtCore.QPoint(0, ok_button.height())).y()
    assert bottom <= dialog.height()
    assert dialog.form_scroll.verticalScrollBar().maximum() > 0  # the form scrolls instead


def test_a_purpose_ticks_the_kinds_it_usually_needs(qtbot: QtBot, tab: ConsentsTab) -> None:
    """Issue 14: a treatment consent without the summary gave a release with 0 allowed."""
    dialog = open_consent_dialog(tab)
    kinds = dialog.kind_boxes
    assert dialog.suggestion.isHidden()
    dialog.purpose_boxes["treatment"].setChecked(True)
    assert kinds["summary"].isChecked() and kinds["progress"].isChecked()
    assert not kinds["psychotherapy"].isChecked()
    assert dialog.suggestion.isVisibleTo(dialog)
    assert "Summary of the record" in dialog.suggestion.text()
    kinds["progress"].setChecked(False)  # the form does not cover them: the user's choice
    kinds["documents"].setChecked(True)  # the user's own tick
    dialog.purpose_boxes["payment"].setChecked(True)
    assert not kinds["progress"].isChecked()
    dialog.purpose_boxes["treatment"].setChecked(False)
    assert kinds["summary"].isChecked()  # payment still wants it
    dialog.purpose_boxes["payment"].setChecked(False)
    assert not kinds["summary"].isChecked()  # ticked by a purpose only: gone with it
    assert kinds["documents"].isChecked()  # never taken from the user
    assert dialog.suggestion.isHidden()
    # A psychotherapy-notes authorization covers nothing else: nothing is suggested.
    kinds["documents"].setChecked(False)
    kinds["psychotherapy"].setChecked(True)
    dialog.purpose_boxes["treatment"].setChecked(True)
    assert [k for k, box in kinds.items() if box.isChecked()] == ["psychotherapy"]


def test_a_consent_saved_without_its_form_is_confirmed_and_the_form_attached_later(
    qtbot: QtBot, world: World, tab: ConsentsTab, tmp_path: Path
) -> None:
    """Issue 16: a consent saved silently without its scan and with an old error shown; the
    view named the signed form but could not open it."""
    dialog = open_consent_dialog(tab)
    fill_complete(dialog)
    dialog.scan_combo.setCurrentIndex(0)
    assert dialog.scan_combo.currentText() == NO_SCAN
    assert dialog.scan_warning.isVisibleTo(dialog)  # said before saving
    dialog.recipient_name.clear()
    ok(dialog)
    assert not dialog.error_label.isHidden()
    dialog.recipient_name.setText("Dr Lee")
    ok(dialog)
    assert not dialog.isVisible() and dialog.saved_id is not None
    said = tab.message.text()
    assert said.startswith("Consent recorded: to Dr Lee, Harbour GP Surgery, for consultation")
    assert "signed 20 May 2025" in said
    assert "signed form is not attached yet" in said
    assert tab.selected() is not None and tab.selected().id == dialog.saved_id

    tab.view_button.click()
    view = tab.dialog
    assert isinstance(view, ConsentView)
    assert "Not attached yet" in view.text.text()
    assert view.form_button.text() == "Attach the signed form…"
    view.form_button.click()
    attach = tab.dialog
    assert isinstance(attach, AttachDialog) and attach.isVisible()
    scan = tmp_path / "signed-consent.pdf"
    scan.write_bytes(b"%PDF-1.4 signed consent")
    attach.path_edit.setText(str(scan))
    ok(attach)
    saved = consents.get_consent(world.session, dialog.saved_id)
    assert saved.form_document_id == attach.document_id
    assert tab.message.text() == "The signed form is attached to the consent."

    tab.view_button.click()
    view = tab.dialog
    assert isinstance(view, ConsentView)
    assert "signed-consent.pdf" in view.text.text()
    opened: list[QtWidgets.QDialog] = []
    tab.dialog_opened.connect(opened.append)
    view.form_button.click()  # "Open the signed form"
    viewer = view.dialog  # type: ignore[attr-defined]
    assert isinstance(viewer, DocumentView) and viewer.isVisible()
    assert viewer.windowTitle() == "signed-consent.pdf"
    assert opened == [viewer]  # the main window can close it on lock
    assert "document_viewed" in audit_actions(world)
    viewer.reject()


def test_a_consent_saved_with_its_form_is_confirmed(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    dialog = open_consent_dialog(tab)
    fill_complete(dialog)
    assert dialog.scan_warning.isHidden()
    ok(dialog)
    assert tab.message.text().startswith("Consent recorded: to Dr Lee")
    assert "not attached" not in tab.message.text()
    tab.revoke_button.click()  # the next action: the confirmation of the last one goes
    assert tab.message.isHidden()


def test_the_consents_table_stays_readable_in_a_narrow_tab(
    qtbot: QtBot, world: World, tab: ConsentsTab
) -> None:
    """Issue 14 (screenshots): five columns were squeezed to a few letters each."""
    ada = world.clients["ada"]
    give_consent(world.session, ada, recipient_name="Acme Health", purposes=("payment",))
    give_consent(
        world.session,
        ada,
        recipient_organisation="Riverside Community Mental Health Services of the North",
    )
    tab.refresh()
    table = tab.table

    def rows_fit() -> bool:
        return all(table.rowHeight(r) == table.sizeHintForRow(r) for r in range(table.rowCount()))

    def height() -> int:
        return sum(table.rowHeight(r) for r in range(table.rowCount()))

    tab.resize(340, 600)  # the tab's width beside the cases at 1024 x 700
    qtbot.waitUntil(rows_fit)
    assert table.columnCount() == 2
    assert table.columnWidth(1) >= 200  # every fact on its own, wrapped, readable line
    assert table.rowHeight(0) > 4 * table.fontMetrics().height()  # the long name wraps
    tall = height()
    tab.resize(1000, 600)  # wider: the rows shrink to their text, no blank space
    qtbot.waitUntil(lambda: rows_fit() and height() < tall)
