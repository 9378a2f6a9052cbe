"""Writing an (encrypted) output file so that it never exists under its name without its record.

See `StagedRelease`: the gate, the closure and breach letters, the audit export and the
certificate of destruction all write through it.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from recordsafe.vault import VaultSession
from recordsafe.vault.atomic import atomic_write, fsync_dir, storage_error


def write_release(target: Path, pdf_bytes: bytes) -> None:
    """Write the (encrypted) release once, atomically; StorageError on a disk problem."""
    atomic_write(target, pdf_bytes, what="save the release")


def remove_release(target: Path) -> None:
    """Undo `write_release` when the disclosure record could not be saved (gate rollback)."""
    try:
        target.unlink(missing_ok=True)
    except OSError as exc:
        raise storage_error(exc, "remove the unfinished release") from None


STAGED_SUFFIX = ".partial"


@dataclass(frozen=True)
class StagedRelease:
    """A release written in two steps around the gate's commit (use this, not write_release).

        staged = StagedRelease(target, encrypt_pdf(render_release_pdf(...), password), session)
        disclosure_id = gate.disclose(..., write_output=staged.write,
                                      discard_output=staged.discard, ...)

    `write` (inside the transaction) puts the encrypted bytes, durably, under a hidden
    name beside the target (`.NAME.pdf.partial`); `publish` renames it to the target.
    With `session`, `write` has the session publish once the OUTERMOST transaction
    commits (and discard on rollback), so a disclosure nested in a larger change (a
    breach notice) is published only when that change commits. Without it, the caller
    calls `publish()` after `disclose` returns.

    So the file under its real name never exists without a committed record: a crash
    (or a failed commit) before COMMIT leaves at most the hidden staged file, still
    encrypted, and no release. A crash between COMMIT and `publish` leaves the record
    and the staged file: the accounting lists a disclosure whose file never appeared
    (the safe side: never a release missing from the accounting). Both leftovers are
    found by `staged_leftovers(folder)`.
    """

    target: Path
    data: bytes
    session: VaultSession | None = None

    @property
    def staging(self) -> Path:
        return self.target.with_name(f".{self.target.name}{STAGED_SUFFIX}")

    def write(self) -> None:
        atomic_write(self.staging, self.data, what="save the release")
        if self.session is not None:
            self.session.after_commit(self.publish, on_rollback=self.discard)

    def discard(self) -> None:
        try:
            self.staging.unlink(missing_ok=True)
        except OSError as exc:
            raise storage_error(exc, "remove the unfinished release") from None

    def publish(self) -> None:
        """Give the staged file its real name (the disclosure is recorded by now)."""
        if not self.staging.exists() and self.target.exists():
            return  # published already
        try:
            os.replace(self.staging, self.target)
        except OSError as exc:
            raise storage_error(exc, "save the release under its name") from None
        with contextlib.suppress(OSError):  # the rename is done and visible: see atomic_write
            fsync_dir(self.target.parent)


def staged_leftovers(folder: Path) -> list[Path]:
    """Staged releases a crash left in `folder` (encrypted; never under a release's name)."""
    return sorted(folder.glob(f".*{STAGED_SUFFIX}"))
