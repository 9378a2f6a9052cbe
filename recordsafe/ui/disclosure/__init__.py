"""Disclosure windows: the release dialog and its pages, printing, the clipboard guard."""
