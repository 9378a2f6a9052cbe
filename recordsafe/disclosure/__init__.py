"""The disclosure gate: nothing leaves the vault except through it (DESIGN §4, issue 5).

Plain Python over a `VaultSession`, no Qt, no files written here:

- `errors`      `DisclosureError` (a `VaultError`); messages never hold client content
- `consents`    authorizations with every 164.508(c) element; revoke, expiry, listing
- `court_orders` court orders and the items they name
- `gate`        `evaluate(request) -> Decision` (pure rules) and `disclose` (one transaction)
- `release`     `release(session, plan)`: the one call that sends a release out (file or
                print, through `disclose`), and what the release dialog asks about items
- `accounting`  the accounting of disclosures (164.528)
- `requests`    own-records and accounting requests with their clocks (164.524, 164.528)
- `searches`    online searches about a client (NASW 1.07 p-q)
- `followups`   tasks the gate creates: inform the client of a disclosure (1.07 c-d)

`outputs`, `pdf*` and `deidentify` (another module family) render what `disclose` allows.
"""
