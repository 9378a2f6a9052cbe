"""Vault screens: create wizard, unlock dialog, recover-with-code dialog."""
