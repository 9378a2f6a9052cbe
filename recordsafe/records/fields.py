"""Optional client fields: off until the practice turns them on (NASW 1.07 a).

A client is a name, an optional contact and an optional date of birth. Anything more is
one of `OPTIONAL_FIELDS`, and the practice must enable it with a line on *why* it is
collected (shown next to the field wherever it is filled in).

    set_field(session, "pronouns", enabled=True, why="To address clients as they wish")
    enabled_fields(session)            -> [PracticeField(...), ...] (only the enabled ones)
    all_fields(session)                -> every optional field with its state
    client_field_values(session, id)   -> {"pronouns": "..."}   (no audit: use get_client)

Values are written through `clients.create_client(..., extra={...})` and
`clients.update_client(..., extra={...})`, which refuse fields that are not enabled.
"""

from __future__ import annotations

from dataclasses import dataclass

from recordsafe.records._common import clean_text
from recordsafe.records.errors import RecordError
from recordsafe.vault import VaultSession

# field key -> label shown in forms. Keys are stored; labels may change.
OPTIONAL_FIELDS: dict[str, str] = {
    "pronouns": "Pronouns",
    "address": "Postal address",
    "emergency_contact": "Emergency contact",
    "referral_source": "Referred by",
    "insurance": "Insurance / payer",
    "occupation": "Occupation",
    "language": "Preferred language",
}


@dataclass(frozen=True)
class PracticeField:
    field: str
    label: str
    enabled: bool
    why: str


def _check_known(field: str) -> None:
    if field not in OPTIONAL_FIELDS:
        raise RecordError("That optional field does not exist.")


def set_field(session: VaultSession, field: str, *, enabled: bool, why: str = "") -> None:
    """Turn an optional field on (with its reason) or off. Values already kept stay kept."""
    session.require_practitioner("change the practice's client fields")
    _check_known(field)
    reason = clean_text(why) or ""
    if enabled and not reason:
        raise RecordError("Say why this field is collected before turning it on.")
    with session.transaction():
        session.db.execute(
            "INSERT INTO practice_fields (field, enabled, why) VALUES (?, ?, ?) "
            "ON CONFLICT (field) DO UPDATE SET enabled = excluded.enabled, "
            "why = CASE WHEN excluded.why = '' THEN practice_fields.why ELSE excluded.why END",
            (field, int(enabled), reason),
        )
        session.record("practice_field_changed", field=field, enabled=enabled)


def all_fields(session: VaultSession) -> list[PracticeField]:
    stored = {
        str(row[0]): (bool(row[1]), str(row[2]))
        for row in session.db.execute("SELECT field, enabled, why FROM practice_fields")
    }
    return [
        PracticeField(key, label, *stored.get(key, (False, "")))
        for key, label in OPTIONAL_FIELDS.items()
    ]


def enabled_fields(session: VaultSession) -> list[PracticeField]:
    return [f for f in all_fields(session) if f.enabled]


def check_values(session: VaultSession, values: dict[str, str | None]) -> dict[str, str | None]:
    """Trimmed values, refusing any field the practice has not turned on."""
    enabled = {f.field for f in enabled_fields(session)}
    cleaned: dict[str, str | None] = {}
    for field, value in values.items():
        _check_known(field)
        if field not in enabled:
            raise RecordError(
                f"The field '{OPTIONAL_FIELDS[field]}' is off for this practice; "
                "turn it on in Settings first."
            )
        cleaned[field] = clean_text(value)
    return cleaned


def write_values(session: VaultSession, client_id: int, values: dict[str, str | None]) -> None:
    """Store checked values inside the caller's transaction; None removes a value."""
    for field, value in values.items():
        if value is None:
            session.db.execute(
                "DELETE FROM client_field_values WHERE client_id = ? AND field = ?",
                (client_id, field),
            )
        else:
            session.db.execute(
                "INSERT INTO client_field_values (client_id, field, value) VALUES (?, ?, ?) "
                "ON CONFLICT (client_id, field) DO UPDATE SET value = excluded.value",
                (client_id, field, value),
            )


def client_field_values(session: VaultSession, client_id: int) -> dict[str, str]:
    return {
        str(row[0]): str(row[1])
        for row in session.db.execute(
            "SELECT field, value FROM client_field_values WHERE client_id = ? ORDER BY field",
            (client_id,),
        )
    }
