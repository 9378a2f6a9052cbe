"""Client records: plain Python over a `VaultSession`, no Qt (DESIGN §3, issue 4).

One module per job, each documented at its top:

- `clients`    clients (minimum fields), status closed/deceased, pageable lists, duplicates
- `fields`     optional client fields a practice turns on, each with why it is collected
- `intake`     the record that the limits of confidentiality were explained
- `cases`      individual/couple/family/group cases, participants, confidentiality agreements
- `notes`      drafts (autosaved in the vault), signing, addenda, subjects, psychotherapy notes
- `documents`  PDF/PNG/JPEG attachments stored inside the vault
- `search`     FTS5 search over note bodies and client names, ranked, with snippets
- `demo_data`  a fictional practice for the demo vault and benchmarks
- `errors`     `RecordError` (a `VaultError`) and its kinds; messages never hold content

Conventions: every write is one `session.transaction()` with its audit entry (ids only);
reads of a client record (`get_client`, `client_notes`, `open_note`, `open_document`) and
searches are audited; dates are `datetime.date`, timestamps ISO 8601 UTC strings; the
API takes client ids. A records custodian (`session.is_custodian`) may read but not
write clinical content (`ReadOnlyVault`), except client status changes.
"""
