"""A released file's generated password is never lost: it is kept in the vault, with its
disclosure, until the practitioner has seen it.

    release_keeping_password(session, plan, password) -> disclosure id: the release and
                                            its kept password in one transaction
    unseen(session) -> [UnseenPassword]     the releases whose password was not shown yet
    take(session, disclosure_id) -> str     the password, shown on purpose: audited, then
                                            deleted from the vault (the file keeps it)

The release dialog takes the password as soon as it shows it on its last page. When the
vault locks while the file is being saved, the dialog is gone before the save ends, so
nothing shows it: the main window says so after the next unlock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recordsafe.disclosure import release
from recordsafe.disclosure.errors import DisclosureError
from recordsafe.disclosure.release import ReleasePlan
from recordsafe.vault import VaultSession


@dataclass(frozen=True)
class UnseenPassword:
    disclosure_id: int
    disclosed_on: date
    recipient: str
    client_id: int | None  # the client the release was filed under (audit), if one


def release_keeping_password(session: VaultSession, plan: ReleasePlan, password: str) -> int:
    """`release.release` of a file encrypted with a generated `password`, kept with it."""
    with session.transaction():
        disclosure_id = release.release(session, plan)
        session.db.execute(
            "INSERT INTO release_passwords (disclosure_id, password) VALUES (?, ?)",
            (disclosure_id, password),
        )
    return disclosure_id


def unseen(session: VaultSession) -> list[UnseenPassword]:
    """Oldest first; the passwords themselves are not read."""
    return [
        UnseenPassword(int(r[0]), date.fromisoformat(str(r[1])), str(r[2]), _client(r[3]))
        for r in session.db.execute(
            "SELECT d.id, d.disclosed_on, d.recipient_name, "
            "(SELECT min(i.client_id) FROM disclosure_items i WHERE i.disclosure_id = d.id) "
            "FROM release_passwords p JOIN disclosures d ON d.id = p.disclosure_id "
            "ORDER BY d.id"
        )
    ]


def take(session: VaultSession, disclosure_id: int) -> str:
    """The password, to show now; the vault forgets it (the shown one is the only copy)."""
    with session.transaction():
        password = session.db.scalar(
            "SELECT password FROM release_passwords WHERE disclosure_id = ?", (disclosure_id,)
        )
        if password is None:
            raise DisclosureError("That release's password was shown already.")
        session.db.execute(
            "DELETE FROM release_passwords WHERE disclosure_id = ?", (disclosure_id,)
        )
        client_id = session.db.scalar(
            "SELECT min(client_id) FROM disclosure_items WHERE disclosure_id = ?",
            (disclosure_id,),
        )
        session.record("release_password_shown", _client(client_id), disclosure=disclosure_id)
    return str(password)


def _client(value: object) -> int | None:
    return None if value is None else int(str(value))
