"""Backup windows: back up now, backup settings, reminder, verify a backup, restore."""
