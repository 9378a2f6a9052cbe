"""RecordSafe's log file: what the app did and which bugs it met, for support.

The log NEVER holds client content: no names, notes, search terms or exception messages
(which can quote stored values). Log event names, counts, ids of slots and exception
types with their traceback frames (file, line, function) only. The log lives in the
user's log folder (`paths.log_dir()`), rotates at 1 MB and keeps three old files.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from recordsafe import paths

LOG_FILE = "recordsafe.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_HANDLER_NAME = "recordsafe-file"


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the root logger to the rotating log file; safe to call more than once."""
    root = logging.getLogger()
    target = log_file()
    for handler in root.handlers:
        if handler.get_name() == _HANDLER_NAME:
            return target
    handler = logging.handlers.RotatingFileHandler(
        target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    return target


def teardown_logging() -> None:
    """Remove and close the file handler (tests, and before the log folder goes away)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
