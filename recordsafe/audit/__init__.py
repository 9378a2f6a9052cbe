"""The append-only, hash-chained audit log kept inside the vault."""
