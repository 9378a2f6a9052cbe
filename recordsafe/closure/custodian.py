"""The records custodian: designation, codes, custodian mode's first unlock, handoff.

    d = designate(session, CustodianForm(role="primary", name="Dr Rosa Vega", ...))
    d.code                                   # shown once, printed in the kit
    new_code(session, d.custodian.id)        # reprint = a new code; the old one stops working
    revoke(session, d.custodian.id)          # every slot of that custodian is removed
    note_unlock(session)                     # custodian mode: first unlock recorded
    set_own_passphrase(session, "...")       # custodian mode: a second secret, same mode
    custodian_activity(session)              # practitioner: what the custodian did

Designating a custodian of a role (primary or alternate) that already has one replaces
them: the old custodian's slots are removed first. The custodian's own passphrase is a
`custodian` slot (its kind is bound into the key wrap, so it can only ever open custodian
mode) labelled "Custodian passphrase — NAME".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from recordsafe.audit import queries as audit_queries
from recordsafe.closure.errors import ClosureError
from recordsafe.records._common import clean_text, now_utc
from recordsafe.vault import VaultError, VaultSession
from recordsafe.vault.backup import get_backup_dir, verify_backup
from recordsafe.vault.backup_format import LAST_BACKUP_FILE_KEY, LAST_BACKUP_KEY
from recordsafe.vault.backup_policy import backup_and_prune
from recordsafe.vault.passphrase_policy import estimate
from recordsafe.vault.session import CUSTODIAN_PASSPHRASE_LABEL

Role = Literal["primary", "alternate"]
ROLES: Final[dict[str, str]] = {"primary": "Custodian", "alternate": "Alternate custodian"}
MAX_FIELD: Final = 500
MAX_INSTRUCTIONS: Final = 20_000
SEEN_KEY: Final = "closure.custodian_seen_seq"
HANDOFF_KEY: Final = "closure.handoff_backup"
# Actions whose entry stands for several things done, its "count" detail saying how many.
COUNTED: Final = frozenset({"closure_notices_written"})
# Steps of a larger act, counted with it in the practitioner's summary (the audit log keeps
# every step): a key change's start goes with the key added, a gate check with its release.
STEPS: Final = frozenset({"slot_change_started", "disclosure_evaluated"})
NOTICE_LETTER: Final = "closure_notice"  # closure_plan.NOTICE_KIND (it imports this module)
# Settings the app keeps for itself (when the last backup was made, and where): written by
# a backup or a restore, never changed by hand, so not a "setting changed" by the custodian.
BOOKKEEPING: Final = frozenset({LAST_BACKUP_KEY, LAST_BACKUP_FILE_KEY})


@dataclass(frozen=True)
class CustodianForm:
    role: Role
    name: str
    profession: str = ""
    licence: str = ""
    contact: str = ""
    instructions: str = ""


@dataclass(frozen=True)
class Custodian:
    id: int
    role: Role
    name: str
    profession: str
    licence: str
    contact: str
    instructions: str
    designated_at: str
    revoked_at: str | None
    first_unlock_at: str | None
    slot_ids: tuple[str, ...]

    @property
    def role_label(self) -> str:
        return ROLES[self.role]

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class Designation:
    custodian: Custodian
    code: str  # shown once; never stored


@dataclass(frozen=True)
class HandoffBackup:
    file: Path
    verified: bool
    problems: tuple[str, ...] = ()


def code_label(role: Role, name: str) -> str:
    return f"{ROLES[role]} code — {name}"


def passphrase_label(name: str) -> str:
    return f"{CUSTODIAN_PASSPHRASE_LABEL} — {name}"


_COLUMNS: Final = (
    "id, role, name, profession, licence, contact, instructions, designated_at, revoked_at, "
    "first_unlock_at"
)


def _custodian(session: VaultSession, row: tuple[object, ...]) -> Custodian:
    slots = tuple(
        str(r[0])
        for r in session.db.execute(
            "SELECT slot_id FROM custodian_slots WHERE custodian_id = ? AND revoked_at IS NULL "
            "ORDER BY created_at",
            (row[0],),
        )
    )
    return Custodian(
        id=int(str(row[0])),
        role=str(row[1]),  # type: ignore[arg-type]
        name=str(row[2]),
        profession=str(row[3]),
        licence=str(row[4]),
        contact=str(row[5]),
        instructions=str(row[6]),
        designated_at=str(row[7]),
        revoked_at=None if row[8] is None else str(row[8]),
        first_unlock_at=None if row[9] is None else str(row[9]),
        slot_ids=slots,
    )


def get_custodian(session: VaultSession, custodian_id: int) -> Custodian:
    rows = session.db.execute(
        f"SELECT {_COLUMNS} FROM custodians WHERE id = ?",  # noqa: S608 (fixed columns)
        (custodian_id,),
    )
    if not rows:
        raise ClosureError("That custodian no longer exists.")
    return _custodian(session, rows[0])


def active_custodians(session: VaultSession) -> list[Custodian]:
    """The current custodian and alternate (primary first)."""
    rows = session.db.execute(
        f"SELECT {_COLUMNS} FROM custodians WHERE revoked_at IS NULL "  # noqa: S608
        "ORDER BY role = 'alternate', id",
    )
    return [_custodian(session, r) for r in rows]


def has_working_code(session: VaultSession, custodian: Custodian) -> bool:
    """Whether one of the custodian's slots is still in the key file (a key rotation drops them)."""
    present = {s.id for s in session.slots}
    return any(slot_id in present for slot_id in custodian.slot_ids)


def current_custodian(session: VaultSession) -> Custodian | None:
    """In custodian mode: the custodian whose code or passphrase opened the vault."""
    if not session.is_custodian:
        return None
    row = session.db.execute(
        "SELECT custodian_id FROM custodian_slots WHERE slot_id = ?", (session.slot.id,)
    )
    return get_custodian(session, int(row[0][0])) if row else None


def _check_form(form: CustodianForm) -> CustodianForm:
    if form.role not in ROLES:
        raise ClosureError("Choose whether this is the custodian or the alternate.")
    name = clean_text(form.name)
    if not name:
        raise ClosureError("Type the custodian's name.")
    values = {
        "name": name,
        "profession": clean_text(form.profession) or "",
        "licence": clean_text(form.licence) or "",
        "contact": clean_text(form.contact) or "",
    }
    for what, value in values.items():
        if len(value) > MAX_FIELD:
            raise ClosureError(f"The custodian's {what} is longer than {MAX_FIELD} characters.")
    if not values["contact"]:
        raise ClosureError("Give a way to reach the custodian (telephone, e-mail or address).")
    instructions = (form.instructions or "").strip()
    if len(instructions) > MAX_INSTRUCTIONS:
        raise ClosureError(f"The instructions are longer than {MAX_INSTRUCTIONS} characters.")
    return CustodianForm(form.role, instructions=instructions, **values)


def _remove_slots(session: VaultSession, custodian_id: int) -> int:
    """Remove every key slot of this custodian still in the key file; returns how many."""
    present = {s.id for s in session.slots}
    removed = 0
    stamp = now_utc()
    for (slot_id,) in session.db.execute(
        "SELECT slot_id FROM custodian_slots WHERE custodian_id = ? AND revoked_at IS NULL",
        (custodian_id,),
    ):
        if str(slot_id) in present:
            session.remove_slot(str(slot_id))
            removed += 1
        with session.transaction():
            session.db.execute(
                "UPDATE custodian_slots SET revoked_at = ? WHERE slot_id = ?", (stamp, slot_id)
            )
    return removed


def _remove_unlinked_slots(session: VaultSession) -> int:
    """Remove custodian slots no active custodian owns (a crash between writing a slot and
    linking it leaves one): a revocation must leave no custodian key behind."""
    owned = {
        str(r[0])
        for r in session.db.execute(
            "SELECT slot_id FROM custodian_slots s JOIN custodians c ON c.id = s.custodian_id "
            "WHERE s.revoked_at IS NULL AND c.revoked_at IS NULL"
        )
    }
    unlinked = [s.id for s in session.slots if s.kind == "custodian" and s.id not in owned]
    for slot_id in unlinked:
        session.remove_slot(slot_id)
    return len(unlinked)


def designate(session: VaultSession, form: CustodianForm) -> Designation:
    """A new custodian (or alternate) with a fresh code; replaces any of the same role."""
    session.require_practitioner("designate a custodian")
    checked = _check_form(form)
    for old in active_custodians(session):
        if old.role == checked.role:
            revoke(session, old.id)
    slot, code = session.add_code_slot("custodian", code_label(checked.role, checked.name))
    try:
        stamp = now_utc()
        with session.transaction():
            custodian_id = session.db.execute_returning_id(
                "INSERT INTO custodians (role, name, profession, licence, contact, "
                "instructions, designated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    checked.role,
                    checked.name,
                    checked.profession,
                    checked.licence,
                    checked.contact,
                    checked.instructions,
                    stamp,
                ),
            )
            session.db.execute(
                "INSERT INTO custodian_slots (slot_id, custodian_id, kind, created_at) "
                "VALUES (?, ?, 'code', ?)",
                (slot.id, custodian_id, stamp),
            )
            session.record(
                "custodian_designated", custodian=custodian_id, role=checked.role, slot=slot.id
            )
    except BaseException:
        # No designation row: the code must not keep working unseen.
        session.remove_slot(slot.id)
        raise
    return Designation(get_custodian(session, custodian_id), code)


def update_details(session: VaultSession, custodian_id: int, form: CustodianForm) -> Custodian:
    """Correct the custodian's details or instructions; the code stays (reprint needs a new one)."""
    session.require_practitioner("change a custodian's details")
    current = get_custodian(session, custodian_id)
    if not current.active:
        raise ClosureError("This custodian was revoked; designate a new one instead.")
    checked = _check_form(CustodianForm(current.role, **_fields(form)))
    with session.transaction():
        session.db.execute(
            "UPDATE custodians SET name = ?, profession = ?, licence = ?, contact = ?, "
            "instructions = ? WHERE id = ?",
            (
                checked.name,
                checked.profession,
                checked.licence,
                checked.contact,
                checked.instructions,
                custodian_id,
            ),
        )
        session.record("custodian_updated", custodian=custodian_id)
    return get_custodian(session, custodian_id)


def _fields(form: CustodianForm) -> dict[str, str]:
    return {
        "name": form.name,
        "profession": form.profession,
        "licence": form.licence,
        "contact": form.contact,
        "instructions": form.instructions,
    }


def new_code(session: VaultSession, custodian_id: int) -> Designation:
    """A new code for the same custodian (to reprint the kit); every older code is revoked."""
    session.require_practitioner("make a new custodian code")
    custodian = get_custodian(session, custodian_id)
    if not custodian.active:
        raise ClosureError("This custodian was revoked; designate a new one instead.")
    slot, code = session.add_code_slot("custodian", code_label(custodian.role, custodian.name))
    stamp = now_utc()
    present = {s.id for s in session.slots}
    try:
        for (old_id,) in session.db.execute(
            "SELECT slot_id FROM custodian_slots WHERE custodian_id = ? AND kind = 'code' "
            "AND revoked_at IS NULL",
            (custodian_id,),
        ):
            if str(old_id) in present:
                session.remove_slot(str(old_id))
            with session.transaction():
                session.db.execute(
                    "UPDATE custodian_slots SET revoked_at = ? WHERE slot_id = ?", (stamp, old_id)
                )
        with session.transaction():
            session.db.execute(
                "INSERT INTO custodian_slots (slot_id, custodian_id, kind, created_at) "
                "VALUES (?, ?, 'code', ?)",
                (slot.id, custodian_id, stamp),
            )
            session.record("custodian_code_replaced", custodian=custodian_id, slot=slot.id)
    except BaseException:
        session.remove_slot(slot.id)
        raise
    return Designation(get_custodian(session, custodian_id), code)


def revoke(session: VaultSession, custodian_id: int) -> None:
    """The custodian's codes and passphrase stop working at once; the record is kept."""
    session.require_practitioner("revoke a custodian")
    custodian = get_custodian(session, custodian_id)
    if not custodian.active:
        raise ClosureError("This custodian was already revoked.")
    removed = _remove_slots(session, custodian_id) + _remove_unlinked_slots(session)
    with session.transaction():
        session.db.execute(
            "UPDATE custodians SET revoked_at = ? WHERE id = ?", (now_utc(), custodian_id)
        )
        session.record("custodian_revoked", custodian=custodian_id, slots=removed)


# --- custodian mode -------------------------------------------------------------------


def identify(session: VaultSession) -> Custodian | None:
    """Custodian mode: name the person in every audit entry from now on (the primary and
    the alternate must be told apart). Idempotent; the custodian found, if any."""
    found = current_custodian(session)
    if found is not None:
        session.actor_name = _titled(found)
    return found


def signed_in_as(session: VaultSession) -> str | None:
    """In custodian mode, the person at work as the audit names them: 'Dr Rosa Vega, records
    custodian' (or 'alternate custodian'); None otherwise."""
    found = current_custodian(session)
    return None if found is None else _titled(found)


def _titled(found: Custodian) -> str:
    title = "records custodian" if found.role == "primary" else "alternate custodian"
    return f"{found.name}, {title}"


def note_unlock(session: VaultSession) -> bool:
    """Record custodian mode's first unlock, prominently; True the first time.

    Called right after a custodian unlock. The practitioner sees it at their next unlock
    (`custodian_activity`).
    """
    if not session.is_custodian:
        return False
    custodian = identify(session)
    if custodian is not None:
        if custodian.first_unlock_at is not None:
            return False
        with session.transaction():
            session.db.execute(
                "UPDATE custodians SET first_unlock_at = ? WHERE id = ?",
                (now_utc(), custodian.id),
            )
            session.record("custodian_first_unlock", custodian=custodian.id, slot=session.slot.id)
        return True
    if audit_queries.has_slot_entry(session, "custodian_first_unlock", session.slot.id):
        return False
    session.record("custodian_first_unlock", slot=session.slot.id)
    return True


def has_own_passphrase(session: VaultSession) -> bool:
    custodian = current_custodian(session)
    if custodian is None:
        return False
    present = {s.id for s in session.slots}
    return any(
        str(r[0]) in present
        for r in session.db.execute(
            "SELECT slot_id FROM custodian_slots WHERE custodian_id = ? AND kind = 'passphrase' "
            "AND revoked_at IS NULL",
            (custodian.id,),
        )
    )


def set_own_passphrase(session: VaultSession, passphrase: str) -> None:
    """Custodian mode: add the custodian's own passphrase (still custodian mode)."""
    if not session.is_custodian:
        raise ClosureError("Only a records custodian sets a custodian passphrase here.")
    custodian = current_custodian(session)
    if custodian is None:
        raise ClosureError(
            "This custodian code is not linked to a designation; ask the practitioner for a "
            "new custodian kit."
        )
    problem = estimate(passphrase).problem
    if problem:
        raise ClosureError(problem)
    slot = session.add_custodian_passphrase(passphrase, passphrase_label(custodian.name))
    with session.transaction():
        session.db.execute(
            "INSERT INTO custodian_slots (slot_id, custodian_id, kind, created_at) "
            "VALUES (?, ?, 'passphrase', ?)",
            (slot.id, custodian.id, now_utc()),
        )


@dataclass(frozen=True)
class CustodianActivity:
    """What a custodian did since the practitioner last looked (counts by action)."""

    first_unlock_at: str | None
    entries: int
    by_action: dict[str, int]  # each act once; keys are audit actions, or ACTS' own
    last_seq: int
    custodians: tuple[str, ...] = ()  # who acted, as the audit names them


def _act(action: str, detail: dict[str, Any]) -> str | None:
    """What an entry counts as in the summary; None for a step of another act."""
    if action in STEPS:
        return None
    if action == "setting_changed" and detail.get("key") in BOOKKEEPING:
        return None
    if action == "letter_written" and detail.get("kind") == NOTICE_LETTER:
        return None  # in "closure notices written"
    if action == "disclosure_made" and detail.get("purpose") == "notice":
        return "notices_released"
    if action == "slot_added" and detail.get("passphrase"):
        return "custodian_passphrase_added"
    return action


def custodian_activity(session: VaultSession) -> CustodianActivity:
    """Runs at every practitioner unlock, so it stays cheap on a large audit log: nothing
    is scanned until a custodian has unlocked (the action index finds that), and then
    only the entries after the first custodian unlock and after the last look."""
    since = int(session.get_setting(SEEN_KEY, "0") or 0)
    first_seq = audit_queries.first_seq(session, "custodian_first_unlock")
    if first_seq is None:
        return CustodianActivity(None, 0, {}, since)
    # The custodian's unlock (and any failed attempts) come just before that entry: start
    # after the practitioner's last entry before it (a short walk back along the seq).
    before = audit_queries.last_seq_before_not_by(session, first_seq, "custodian")
    since = max(since, int(before or 0))
    rows = audit_queries.entries_by(session, "custodian", after=since)
    counts: dict[str, int] = {}
    first: str | None = None
    who: dict[str, None] = {}  # in order of first appearance
    checked = 0
    for _seq, action, at, detail in rows:
        if isinstance(detail.get("by"), str):
            who.setdefault(detail["by"], None)
        checked += action == "disclosure_evaluated"
        act = _act(action, detail)
        if act is None:
            continue
        # What was done: an entry for 57 notices counts 57 (one for 0 counts nothing).
        count = detail.get("count")
        done = count if act in COUNTED and isinstance(count, int) else 1
        counts[act] = counts.get(act, 0) + done
        if action == "custodian_first_unlock" and first is None:
            first = at
        if action == "restored_from_backup" and counts.get("unlocked"):
            # A restore opens its copy to check it (an unlock in the log, just before
            # this entry): a step of the restore, not an unlock of the custodian's.
            counts["unlocked"] -= 1
            if not counts["unlocked"]:
                del counts["unlocked"]
    # A gate check that led to no release (refused, or the window closed) is an act too.
    unreleased = checked - counts.get("disclosure_made", 0) - counts.get("notices_released", 0)
    if unreleased > 0:
        counts["release_checked_not_made"] = unreleased
    last = int(rows[-1][0]) if rows else since
    return CustodianActivity(first, len(rows), counts, last, tuple(who))


def acknowledge_activity(session: VaultSession, activity: CustodianActivity) -> None:
    """The practitioner has seen the custodian's activity up to `activity.last_seq`."""
    session.require_practitioner("acknowledge the custodian's activity")
    session.set_setting(SEEN_KEY, str(activity.last_seq))


# --- handoff ------------------------------------------------------------------------------


def handoff_backup(session: VaultSession, folder: Path, code: str) -> HandoffBackup:
    """Back up now, then verify the backup opens with the custodian's code.

    The result is remembered (file name and folder, never the code) for the kit.
    """
    session.require_practitioner("make the custodian's handoff backup")
    outcome = backup_and_prune(session, folder)
    try:
        report = verify_backup(outcome.file, code, kinds=("custodian",))
    except VaultError as exc:
        result = HandoffBackup(outcome.file, False, (exc.message,))
    else:
        problems = tuple(p for found in report.checks.values() for p in found)
        result = HandoffBackup(outcome.file, report.ok, problems)
    if result.verified:
        session.set_setting(HANDOFF_KEY, str(outcome.file))
    session.record("custodian_handoff_backup", verified=result.verified)
    return result


def last_handoff_backup(session: VaultSession) -> Path | None:
    text = session.get_setting(HANDOFF_KEY)
    return Path(text) if text else None


def handoff_folder(session: VaultSession) -> Path | None:
    """Where a handoff backup goes: the practice's backup folder, else the folder chosen for
    the last handoff backup (asked once, then remembered for the alternate and the kit)."""
    folder = get_backup_dir(session)
    if folder is None:
        last = last_handoff_backup(session)
        folder = last.parent if last is not None else None
    return folder
