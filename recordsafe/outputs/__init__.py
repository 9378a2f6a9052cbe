"""What leaves the vault as a file: encrypted PDFs, their page set-up and fonts, staged writes.

Plain Python with no knowledge of consents: the gate (`disclosure/`) decides what may go
out; audit, closure and breach use the same writers for their own encrypted files.
"""
