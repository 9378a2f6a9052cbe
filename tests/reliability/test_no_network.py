"""No network (NASW 1.07 r): the scripted session with sockets blocked behaves exactly
as it does without, and never tries to open one.

`socket.socket`, `socket.create_connection` and `socket.getaddrinfo` raise. The source
check that no module imports a network client is in tests/test_architecture.py.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from tests.reliability import scripted


class Blocked:
    def __init__(self) -> None:
        self.attempts: list[str] = []

    def refuse(self, name: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            self.attempts.append(name)
            raise OSError(f"network blocked by the test ({name})")

        return refused


def run_in(folder: Path) -> scripted.Outcome:
    folder.mkdir()
    (folder / "Backups").mkdir()
    (folder / "Exports").mkdir()
    return scripted.run(folder / "Practice.rsvault", folder / "Backups", folder / "Exports")


def test_session_is_the_same_without_network(tmp_path: Path) -> None:
    free = run_in(tmp_path / "free")

    blocked = Blocked()
    with pytest.MonkeyPatch.context() as patch:
        for name in ("socket", "create_connection", "getaddrinfo"):
            patch.setattr(socket, name, blocked.refuse(name))
        with pytest.raises(OSError, match="blocked"):  # the block is real
            socket.create_connection(("example.invalid", 80))
        blocked.attempts.clear()
        offline = run_in(tmp_path / "offline")

    assert blocked.attempts == []
    assert offline == free
    assert free.verify_ok and free.backup_ok and free.reopened_findings == ()
    assert free.export_has_canaries and free.export_locked  # the release went out too
    assert len(free.audit) > 10
