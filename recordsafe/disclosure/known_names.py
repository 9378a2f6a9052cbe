"""Every name the vault knows, for de-identification and for the gate's check of it.

    vault_names(session) -> ["Ada Wren", "Carol Bloggs", "Dr Lee", ...]
    still_identifying(session, texts) -> True when a text still holds what `deidentify`
                                         removes (a known name, a date, a town, a number)

A de-identified release removes every person the practice has recorded, not only the
subjects of the items: a group note names other clients, a note names a relative who is
another client's representative, a referral names the doctor a consent names. Read here:
every client and their personal representative, the representatives and recipients
written on consents, the recipients of past disclosures, letters' addressees, whoever
issued a subpoena, the records custodians (from their key slots' labels, "Custodian code
— NAME": the custodians' table is closure's, a layer above), and the practice's own name
and practitioner.
"""

from __future__ import annotations

from collections.abc import Iterable

from recordsafe.disclosure import deidentify, practice_info
from recordsafe.records import directory
from recordsafe.vault import VaultSession

# closure.custodian labels each custodian's key slot "<role> code — <name>".
CUSTODIAN_LABEL_SEPARATOR = " \u2014 "
# (table, columns): the disclosure package's own tables that hold names.
_NAME_COLUMNS = (
    ("consents", ("representative_name", "recipient_name", "recipient_organisation")),
    ("disclosures", ("recipient_name", "recipient_organisation")),
    ("letters", ("addressee_name",)),
    ("subpoena_responses", ("issued_by",)),
)


def vault_names(session: VaultSession) -> list[str]:
    """Each distinct name recorded anywhere in the vault (people and organisations)."""
    names: list[str] = []
    for person in directory.people(session, directory.all_client_ids(session)).values():
        names += [person.name, person.representative_name or ""]
    for table, columns in _NAME_COLUMNS:
        for column in columns:
            # Fixed table and column names from the list above.
            sql = f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL"  # noqa: S608
            names += [str(r[0]) for r in session.db.execute(sql)]
    names += [
        slot.label.rpartition(CUSTODIAN_LABEL_SEPARATOR)[2]
        for slot in session.slots
        if slot.kind == "custodian" and CUSTODIAN_LABEL_SEPARATOR in slot.label
    ]
    info = practice_info.practice_info(session)
    names += [info.name, info.practitioner]
    return list(dict.fromkeys(n for n in (" ".join(n.split()) for n in names) if n))


def still_identifying(session: VaultSession, texts: Iterable[str]) -> bool:
    """Whether any text still holds something `deidentify` would remove."""
    names = deidentify.index_names(vault_names(session))
    return any(deidentify.deidentify(t, names=names, extra_terms=[]).removals for t in texts)
