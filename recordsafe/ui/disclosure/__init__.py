"""Windows of the disclosure gate: consents, requests, accounting, follow-ups, searches,
and the release dialog with its pages, printing and the clipboard guard."""
