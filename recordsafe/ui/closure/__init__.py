"""Practice closure and the records custodian: one dialog or wizard per file (issue 7)."""
