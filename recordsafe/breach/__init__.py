"""Breach notification (DESIGN §5, issue 8; HIPAA 45 CFR 164.402-.414, NASW 1.07 m-o).

Plain Python over a `VaultSession`, no Qt, no files written here (the register's PDF goes
out through `recordsafe.outputs`, the notices through the gate's letters):

- `incidents`   report an incident (what, when, discovered, who, what was exposed), close it
- `assessment`  the four factors of 164.402(2), the exceptions, the encryption safe
                harbour; a signed, dated, never-edited result (re-assessing adds a row)
- `affected`    the affected clients derived from disclosures, the audit log or the
                vault's contents; reviewed with a reason for every change
- `notices`     one 164.404(c) letter per affected client, through the gate; delivery
- `deadlines`   discovery + 60 days, HHS / media / yearly log; reminders on unlock
- `register`    every incident with its assessment, affected set and notices; a PDF
"""
