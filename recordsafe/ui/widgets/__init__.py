"""Reusable widgets: passphrase entry, strength meter, recovery code display and check."""
