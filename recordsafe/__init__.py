"""RecordSafe: offline, encrypted client records for solo practitioners."""

__version__ = "0.1.0"
APP_NAME = "RecordSafe"
