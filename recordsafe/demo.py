"""The demo vault behind `recordsafe --demo`: a fictional practice to try the app on.

Its passphrase is public by design (it is shown on the demo's unlock screen, and only
there), so it must never hold real records; every screen says it is a demo.
"""

from __future__ import annotations

from pathlib import Path

from recordsafe import paths
from recordsafe.disclosure.practice_info import NAME_KEY
from recordsafe.vault import KdfParams, VaultSession, create_vault, is_vault_folder

DEMO_PASSPHRASE = "demo practice fictional records only"  # noqa: S105 (public by design)
# A setting inside the demo vault: the mark travels with its backups and restores, so a
# demo restored anywhere still says it is one (its folder alone cannot tell).
DEMO_MARK = "demo_vault"
DEMO_PRACTICE_NAME = "Demo practice"


def is_demo_vault(folder: Path) -> bool:
    """The app's own demo folder (before unlock, the only sign there is)."""
    return Path(folder).resolve() == paths.demo_vault_path().resolve()


def is_demo(session: VaultSession) -> bool:
    """An open demo vault, wherever it is: its mark, or the demo folder (made before it)."""
    return session.get_setting(DEMO_MARK) == "1" or is_demo_vault(session.folder)


def ensure_demo_vault(*, kdf: KdfParams | None = None) -> Path:
    """The demo vault's folder, created (and filled) on first use."""
    folder = paths.demo_vault_path()
    if not is_vault_folder(folder):
        made = create_vault(folder, DEMO_PASSPHRASE, kdf=kdf)
        try:
            populate(made.session)
        finally:
            made.session.lock()
    return folder


DEMO_RETENTION_YEARS = 7


def populate(session: VaultSession) -> None:
    """Fill a new demo vault with the small fictional practice (see records.demo_data),
    and a retention rule under which its one long-closed client is due for destruction,
    so Retention & destruction can be tried on the demo first."""
    # Only when a demo vault is made:
    from recordsafe.closure import retention  # noqa: PLC0415
    from recordsafe.records import demo_data  # noqa: PLC0415
    from recordsafe.records._common import today  # noqa: PLC0415

    session.set_setting(DEMO_MARK, "1")
    session.set_setting(NAME_KEY, DEMO_PRACTICE_NAME)  # the name it keeps when restored
    demo_data.populate(session, "small")
    rule = retention.RetentionRule(DEMO_RETENTION_YEARS, jurisdiction="demo rule, not advice")
    retention.set_rule(session, rule, today=today())
