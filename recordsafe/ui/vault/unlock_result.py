"""What a background unlock hands back to the window, whichever dialog did the unlocking."""

from __future__ import annotations

from dataclasses import dataclass, field

from recordsafe.vault import VaultSession


@dataclass
class UnlockResult:
    """What the background unlock hands back: the session, and anything to tell the user."""

    session: VaultSession
    notices: list[str] = field(default_factory=list)
    news: list[str] = field(default_factory=list)  # information, not a warning

    def __post_init__(self) -> None:
        # Whichever way the vault was opened: a recovery code made and never shown (the
        # app stopped first) is said at once, with what to do about it.
        if not self.session.is_custodian and (warning := self.session.unseen_recovery_code):
            self.notices.append(warning)

    def close(self) -> None:
        # Called by run_in_background if the dialog vanished before the result arrived.
        self.session.lock()
