"""Restore a backup: verify it completely beside the target, then rename it into place,
setting an existing vault aside (never deleting it)."""

from __future__ import annotations

import contextlib
import glob
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from recordsafe.vault import keyslots
from recordsafe.vault.atomic import fsync_dir, storage_error
from recordsafe.vault.backup_archive import read_manifest
from recordsafe.vault.backup_format import (
    LAST_BACKUP_FILE_KEY,
    LAST_BACKUP_KEY,
    BackupManifest,
    free_path,
    sweep_stale,
)
from recordsafe.vault.backup_snapshot import last_backup_file
from recordsafe.vault.backup_verify import unpack_and_verify
from recordsafe.vault.backup_work import sweep_dead_runs, work_folder
from recordsafe.vault.errors import VaultDamaged, VaultError
from recordsafe.vault.keyslots import SlotKind
from recordsafe.vault.lockfile import VaultLock
from recordsafe.vault.opener import Identify, is_vault_folder
from recordsafe.vault.session import VaultSession


def _is_empty_dir(path: Path) -> bool:
    try:
        return path.is_dir() and not path.is_symlink() and not any(path.iterdir())
    except OSError as exc:
        raise storage_error(exc, "look at the restore folder") from None


def _check_target(target: Path, manifest: BackupManifest, replace_existing: bool) -> None:
    """Refuse a target that is not new or empty, unless we may set an old vault aside."""
    if not os.path.lexists(target) or _is_empty_dir(target):
        return
    nothing = "Nothing was restored."
    if not target.is_dir() or target.is_symlink() or not is_vault_folder(target):
        raise VaultError(
            f"'{target}' is not empty and is not a RecordSafe vault. Choose a new or empty "
            f"folder for the restored vault. {nothing}"
        )
    if replace_existing:
        return
    try:
        existing = keyslots.read(target).vault_id
    except VaultError:
        existing = "unknown"
    if existing == manifest.vault_id:
        raise VaultError(
            f"'{target}' already holds this vault. Choose a new folder, or choose to replace "
            f"it (the current copy is kept aside, not deleted). {nothing}"
        )
    raise VaultError(
        f"'{target}' holds a different vault (vault {existing}) than this backup (vault "
        f"{manifest.vault_id}). Choose a new folder, or choose to replace that vault (it "
        f"is kept aside, not deleted). {nothing}"
    )


def _ensure_not_open(folder: Path) -> None:
    lock = VaultLock(folder)
    lock.acquire()  # VaultInUse when a session anywhere has it open
    lock.release()


def _aside_path(target: Path, moment: datetime) -> Path:
    stamp = moment.astimezone().strftime("%Y%m%d-%H%M%S")
    return free_path(target.parent, f"{target.name}.before-restore-{stamp}", "")


def _move_into_place(staging: Path, target: Path, aside: Path | None) -> None:
    """Rename the verified copy to `target`; an old vault there goes to `aside` first.

    Any failure, even of the final fsync, puts back what was at `target`: a restore
    that reports an error has changed nothing.
    """
    emptied = False
    moved_aside = False
    moved_in = False
    try:
        if _is_empty_dir(target):
            target.rmdir()
            emptied = True
        elif aside is not None:
            _ensure_not_open(target)
            os.replace(target, aside)
            moved_aside = True
        os.replace(staging, target)
        moved_in = True
        fsync_dir(target.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            if moved_in:
                os.replace(target, staging)
            if moved_aside and aside is not None:
                os.replace(aside, target)
            elif emptied:
                target.mkdir(mode=0o700)
        raise storage_error(exc, "put the restored vault in place") from None


def restore_backup(
    file: Path,
    target: Path,
    secret: str,
    *,
    replace_existing: bool = False,
    kinds: tuple[SlotKind, ...] = ("passphrase",),
    identify: Identify | None = None,
) -> Path:
    """Restore a backup to `target` (new or empty), verifying it completely first.

    The backup is unpacked into a hidden folder beside `target`, opened with its own key
    slots and verified there; only a copy that passes every check is renamed into place,
    so a failure or a crash never leaves half a vault at `target`. With
    `replace_existing`, a vault already at `target` is renamed to
    `<target>.before-restore-YYYYMMDD-HHMMSS`, never deleted. The restore is recorded
    (`restored_from_backup`) in the verified copy just before the rename: after the
    rename nothing writes to `target`. `identify` names who restores (see open_vault).
    """
    file, target = Path(file), Path(target)
    manifest = read_manifest(file)
    _check_target(target, manifest, replace_existing)
    aside: Path | None = None
    if os.path.lexists(target) and not _is_empty_dir(target):
        _ensure_not_open(target)
        aside = _aside_path(target, datetime.now(UTC))
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, "create the folder for the restored vault") from None

    def record_restore(session: VaultSession, manifest: BackupManifest) -> None:
        detail: dict[str, Any] = {"backup": file.name, "created_at": manifest.created_at}
        if aside is not None:
            detail["kept_aside"] = aside.name
        session.record("restored_from_backup", **detail)
        # The vault's state is exactly this backup's: it was backed up when that was made.
        session.set_setting(LAST_BACKUP_KEY, manifest.created_at)
        session.set_setting(LAST_BACKUP_FILE_KEY, last_backup_file(file, automatic=False))

    sweep_stale(target.parent, f".{glob.escape(target.name)}.restoring-*")  # older versions
    sweep_dead_runs(target.parent, _run_prefix(target))
    with work_folder(target.parent, _run_prefix(target), what="prepare the restore") as work:
        staging = work / target.name
        report = unpack_and_verify(
            file, staging, secret, kinds, record_restore, durable=True, identify=identify
        )
        if not report.ok:
            problems = "; ".join(p for ps in report.checks.values() for p in ps)
            raise VaultDamaged(
                f"The backup did not pass its integrity checks, so nothing was restored: {problems}"
            )
        _move_into_place(staging, target, aside)
    return target


def _run_prefix(target: Path) -> str:
    # Beside the target, so the verified copy is renamed into place on the same disk.
    return f".{target.name}.restore-run-"
