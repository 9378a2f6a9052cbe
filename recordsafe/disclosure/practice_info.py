"""The practice's own details, printed on every letter and cover sheet (kept in the vault).

    info = practice_info(session)          -> PracticeInfo(name, practitioner, contact)
    save_practice_info(session, PracticeInfo(...))   (the practitioner only)

`contact` is how a client reaches the practice (address, phone, e-mail): a breach notice
must say it (164.404(c)(1)(E)), a closure notice must say where records can be asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from recordsafe.disclosure.errors import DisclosureError
from recordsafe.records._common import clean_text
from recordsafe.records.notes import AUTHOR_SETTING
from recordsafe.vault import VaultSession

NAME_KEY: Final = "practice_name"
CONTACT_KEY: Final = "practice_contact"
MAX_LENGTH: Final = 500


@dataclass(frozen=True)
class PracticeInfo:
    name: str = ""
    practitioner: str = ""
    contact: str = ""

    @property
    def is_complete(self) -> bool:
        return bool(self.name and self.practitioner and self.contact)

    def missing(self) -> list[str]:
        """What a letter still needs, in words (empty when complete)."""
        return [
            what
            for what, value in (
                ("the practice's name", self.name),
                ("your name", self.practitioner),
                ("how clients can reach the practice", self.contact),
            )
            if not value
        ]


def practice_info(session: VaultSession) -> PracticeInfo:
    return PracticeInfo(
        name=session.get_setting(NAME_KEY) or "",
        practitioner=session.get_setting(AUTHOR_SETTING) or "",
        contact=session.get_setting(CONTACT_KEY) or "",
    )


def save_practice_info(session: VaultSession, info: PracticeInfo) -> None:
    session.require_practitioner("change the practice's details")
    values = {
        NAME_KEY: clean_text(info.name) or "",
        AUTHOR_SETTING: clean_text(info.practitioner) or "",
        CONTACT_KEY: (info.contact or "").strip(),
    }
    if any(len(value) > MAX_LENGTH for value in values.values()):
        raise DisclosureError(f"Keep each detail under {MAX_LENGTH} characters.")
    with session.transaction():
        for key, value in values.items():
            if (session.get_setting(key) or "") != value:
                session.set_setting(key, value)
