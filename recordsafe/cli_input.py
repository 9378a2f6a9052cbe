"""What the `recordsafe` command reads from the user: secrets and paths, checked first.

Secrets come from a regular file or a terminal (or a pipe on standard input), a few KB
at most: a device such as /dev/zero would be read until memory runs out, and a FIFO
would block for ever, so a passphrase file must be a regular file. Paths are checked
before anything is opened, so an empty or over-long path is a plain usage error rather
than a crash deep inside.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import stat
from pathlib import Path
from typing import TextIO

from recordsafe.vault.passphrase_policy import estimate

PROMPT_ATTEMPTS = 3
# Far longer than any passphrase or code, far shorter than anything that could hurt.
MAX_SECRET_BYTES = 4096
# The usual limits when the file system cannot say (Linux: 255 bytes a name, 4096 a path).
DEFAULT_NAME_MAX = 255
DEFAULT_PATH_MAX = 4096


class UsageError(Exception):
    """Input the command cannot work with (exit 2), e.g. too few lines on standard input."""


class Failed(Exception):
    """A known, already explained failure (exit 1)."""


# --- secrets ------------------------------------------------------------------------------


class Secrets:
    """Hands out secrets in the order a command asks: file, then piped stdin, then a prompt."""

    def __init__(self, passphrase_file: Path | None, stdin: TextIO, stderr: TextIO) -> None:
        self._file_line = read_secret_file(passphrase_file) if passphrase_file else None
        self._stdin = stdin
        self._stderr = stderr
        self.interactive = stdin.isatty()

    def _line(self, what: str) -> str:
        try:
            line = self._stdin.readline(MAX_SECRET_BYTES + 1)
        except UnicodeDecodeError:
            raise UsageError(
                f"Standard input is not UTF-8 text, so it holds no {what}. Nothing was changed."
            ) from None
        if not line:
            raise UsageError(f"Standard input ended before the {what} (one secret per line).")
        if len(line) > MAX_SECRET_BYTES:
            raise UsageError(
                f"The {what} on standard input is longer than any secret RecordSafe uses "
                f"(over {MAX_SECRET_BYTES // 1024} KB). Nothing was changed."
            )
        return _strip_newline(line)

    def _ask(self, prompt: str, what: str) -> str:
        if self.interactive:
            value = getpass.getpass(prompt, stream=self._stderr)
        else:
            value = self._line(what)
        try:  # bytes that are not UTF-8 arrive as surrogates under some locales
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(
                f"The {what} is not UTF-8 text (check the terminal's or the file's "
                "encoding). Nothing was changed."
            ) from None
        return value

    def current(self, prompt: str = "Passphrase: ", what: str = "passphrase") -> str:
        """A secret that opens the vault; the passphrase file answers the first such question."""
        if self._file_line is not None:
            value, self._file_line = self._file_line, None
            return value
        return self._ask(prompt, what)

    def code(self) -> str:
        """A recovery code: never from the passphrase file."""
        return self._ask("Recovery code: ", "recovery code")

    def new_passphrase(self, from_file: bool = False) -> str:
        """A new passphrase: twice (typed or piped), checked against the policy when typed."""
        if from_file and self._file_line is not None:
            value, self._file_line = self._file_line, None
            return value
        for _ in range(PROMPT_ATTEMPTS):
            first = self._ask("New passphrase: ", "new passphrase")
            if self.interactive and (problem := estimate(first).problem):
                print(problem, file=self._stderr)
                continue
            again = self._ask("New passphrase again: ", "new passphrase, repeated")
            if first == again:
                return first
            if not self.interactive:
                raise Failed("The two new passphrases do not match; nothing was changed.")
            print("The two passphrases do not match. Please try again.", file=self._stderr)
        raise Failed("No new passphrase was set; nothing was changed.")


def _strip_newline(line: str) -> str:
    return line.removesuffix("\n").removesuffix("\r")


def read_secret_file(path: Path) -> str:
    """The first line of a regular file of at most a few KB, as UTF-8 text."""
    where = f"The passphrase file '{path}'"
    try:
        # Checked before opening: opening a FIFO would wait for a writer, and a device
        # such as /dev/zero never ends.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise UsageError(
                f"{where} is not a regular file (it is a folder, a pipe or a device). Put the "
                "secret on the first line of a plain file, or pipe it to standard input."
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_SECRET_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"Could not read the passphrase file '{path}': {exc.strerror}.") from None
    line, newline, _rest = data.partition(b"\n")
    if len(data) > MAX_SECRET_BYTES and not newline:
        raise UsageError(
            f"{where} is longer than any secret RecordSafe uses (its first line is over "
            f"{MAX_SECRET_BYTES // 1024} KB). Check that you named the right file."
        )
    try:
        text = _strip_newline(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError(f"{where} is not UTF-8 text.") from None
    if not text:
        raise UsageError(f"{where} is empty.")
    return text


# --- paths --------------------------------------------------------------------------------


def checked_path(text: str, what: str, *, room: int = 0) -> Path:
    """`text` as a path, refused in plain words when it is empty or too long to exist.

    `room`: bytes RecordSafe adds to the last name (a restore's ".restoring-…" folder).
    """
    if not text.strip():
        raise UsageError(f"The {what} is empty: name a folder or file.")
    if "\0" in text:
        raise UsageError(f"The {what} holds a NUL character, which no file name can.")
    path = Path(text).expanduser()
    if len(os.fsencode(path)) > _limit(path, "PC_PATH_MAX", DEFAULT_PATH_MAX):
        raise UsageError(f"The {what} is longer than the file system allows. Choose a shorter one.")
    name_max = _limit(path, "PC_NAME_MAX", DEFAULT_NAME_MAX)
    lengths = [len(os.fsencode(part)) for part in path.parts]
    if lengths and (max(lengths) > name_max or lengths[-1] + room > name_max):
        raise UsageError(
            f"A folder or file name in the {what} is longer than the file system allows "
            f"({name_max} bytes). Choose a shorter name."
        )
    return path


def _limit(path: Path, name: str, default: int) -> int:
    """The file system's own limit at the nearest existing folder above `path`."""
    folder = path.absolute()
    while not _is_dir(folder) and folder != folder.parent:
        folder = folder.parent
    with contextlib.suppress(OSError, ValueError, AttributeError):
        value = os.pathconf(folder, name)
        if value > 0:
            return value
    return default


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):  # e.g. a name too long to look up
        return False
