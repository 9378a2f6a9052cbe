"""Verify a backup: unpack it into a private folder, open the copy with the backup's own
key slots and run every integrity check of `VaultSession.verify` on it."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from recordsafe.vault.atomic import fsync_dir, storage_error
from recordsafe.vault.backup_archive import copy_member, open_archive, reading
from recordsafe.vault.backup_format import (
    CHUNK,
    SUMMED_MEMBERS,
    BackupManifest,
    BackupVerifyReport,
    Meter,
)
from recordsafe.vault.backup_work import sweep_dead_runs, work_folder
from recordsafe.vault.errors import StorageError
from recordsafe.vault.keyslots import SlotKind
from recordsafe.vault.opener import Identify, open_vault
from recordsafe.vault.session import VaultSession

# In the system's temp folder; a killed run's copy is removed by the next verify.
VERIFY_PREFIX = "recordsafe-verify-"


def _unpack(file: Path, folder: Path, *, durable: bool) -> BackupManifest:
    """Check and extract the backup into `folder` (a new private folder).

    `durable` fsyncs what was written: a restore needs it, a copy verified and then
    thrown away does not.
    """
    try:
        folder.mkdir(mode=0o700)
    except OSError as exc:
        raise storage_error(exc, "prepare a folder for the backup's contents") from None
    with open_archive(file) as archive:
        needed = sum(archive.manifest.files[n].size for n in SUMMED_MEMBERS)
        try:
            free = shutil.disk_usage(folder).free
        except OSError as exc:
            raise storage_error(exc, "prepare a folder for the backup's contents") from None
        if free < needed + CHUNK:
            raise StorageError(
                f"Could not unpack the backup: there is not enough free space in "
                f"'{folder.parent}' (it needs about {needed // (1024 * 1024) + 1} MB)."
            )
        meter = Meter(None, needed)
        with reading(file):
            for name in SUMMED_MEMBERS:
                copy_member(archive, name, folder / name, meter, durable=durable)
        if durable:
            try:
                fsync_dir(folder)
            except OSError as exc:
                raise storage_error(exc, "unpack the backup") from None
        return archive.manifest


def unpack_and_verify(
    file: Path,
    folder: Path,
    secret: str,
    kinds: tuple[SlotKind, ...],
    when_ok: Callable[[VaultSession, BackupManifest], None] | None = None,
    *,
    durable: bool = False,
    identify: Identify | None = None,
) -> BackupVerifyReport:
    """Unpack into `folder`, open the copy with its own key slots, run every check.

    `when_ok` runs in the still-open copy when every check passed (restore records
    itself there, so that nothing writes to the vault after it is moved into place).
    """
    manifest = _unpack(file, folder, durable=durable)
    session = open_vault(folder, secret, kinds=kinds, identify=identify)
    try:
        report = BackupVerifyReport(
            checks={"backup file": [], **session.verify().checks}, manifest=manifest
        )
        if when_ok is not None and report.ok:
            when_ok(session, manifest)
    finally:
        session.lock()
    return report


def verify_backup(
    file: Path, secret: str, *, kinds: tuple[SlotKind, ...] = ("passphrase",)
) -> BackupVerifyReport:
    """Open the backup with its own key slots and run every integrity check on a copy.

    The copy lives in a private temporary folder (encrypted, as in the vault) that is
    removed afterwards, whatever happens. Opening it writes audit entries into the copy
    only. A damaged or foreign file raises a `VaultError`; a file that unpacks and opens
    but fails a check returns a report whose `ok` is False.
    """
    file = Path(file)
    temp = Path(tempfile.gettempdir())
    sweep_dead_runs(temp, VERIFY_PREFIX)
    with work_folder(temp, VERIFY_PREFIX, what="prepare a folder to check the backup") as work:
        return unpack_and_verify(file, work / "backup.rsvault", secret, kinds)
