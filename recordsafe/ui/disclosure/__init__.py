"""Windows of the disclosure gate: consents, requests, accounting, follow-ups, searches."""
