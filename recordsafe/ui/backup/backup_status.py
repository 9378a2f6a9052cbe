"""The backups a vault has had and will have, in words: when and where the last one went,
and whether RecordSafe also backs up by itself on lock (and how to turn that off).

Automatic backups must never be a surprise: Back up now and Backup settings both say so.
"""

from __future__ import annotations

from recordsafe.ui.backup.time_words import days_ago, local_time
from recordsafe.vault import VaultSession
from recordsafe.vault.backup import last_backup
from recordsafe.vault.backup_policy import read_settings

SETTINGS = "Vault ▸ Backup settings…"


def last_backup_words(session: VaultSession) -> str:
    last = last_backup(session)
    if last is None:
        return "This vault has not been backed up yet."
    how = (
        "made automatically when the vault was locked or closed"
        if last.automatic
        else "made by you"
    )
    text = f"Last backup: {local_time(last.at)} ({days_ago(last.at)}), {how}"
    if last.path is not None:
        text += f", in “{last.path.parent}” ({last.path.name})"
    return text + "."


def automatic_backup_words(session: VaultSession, *, folder_chosen_now: bool = False) -> str:
    """Whether backups also happen on lock, where, and where to turn them off or on."""
    settings = read_settings(session)
    if not settings.on_lock:
        return f"Automatic backups on lock are off ({SETTINGS} turns them on)."
    if settings.folder is None and not folder_chosen_now:
        return (
            "Once a backup folder is chosen, RecordSafe also backs up by itself each time "
            f"you lock or close this vault (turn that off in {SETTINGS})."
        )
    where = f" to “{settings.folder}”" if settings.folder is not None else " to that folder"
    return (
        f"Automatic backups are on: each time you lock or close this vault, RecordSafe also "
        f"backs up{where} and keeps the newest {settings.keep}. To turn them off, untick "
        f"“Back up automatically…” in {SETTINGS}"
    )
