"""Practice closure and the records custodian (DESIGN §5, issue 7). Plain Python, no Qt.

- `custodian`     designate, replace or revoke a custodian (and an alternate); their code
                  slots; custodian mode's first unlock; the custodian's own passphrase;
                  the handoff backup, verified with the custodian's code
- `custodian_kit` the custodian kit PDF (the code, where things are, what to do, the
                  practitioner's instructions); no client content
- `retention`     the practice's retention rule, each client's destroy-after date, what
                  is due
- `destruction`   legal holds; destroying a due record (rows deleted under secure_delete,
                  then VACUUM) with its destruction log entry; the certificate
- `closure_plan`  the closure plan and its notices to every active client, through the
                  gate (letters module)

A records custodian (`session.is_custodian`) may run the closure plan, send notices,
answer record requests, keep retention and destroy due records; every change to clinical
content, the keys or the custodians themselves is refused here with
`session.require_practitioner`. Every act is audited as `session.actor`.
"""
