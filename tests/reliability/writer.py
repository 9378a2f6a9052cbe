"""The crash test's writer: a separate process doing a therapist's work until it is killed.

    python -m tests.reliability.writer VAULT SEED

The passphrase comes in the environment (`RECORDSAFE_WRITER_PASSPHRASE`), never argv.
It opens the vault with TEST_PARAMS, prints `READY`, then loops over realistic changes:
new clients with intake and a case, notes, signing, addenda, settings, audit entries.
Each change is one committed transaction; only after the call returns (commit done,
key file head written) does it print one acknowledgement line and flush, so every line
the parent reads names a change the vault promised to keep. Disclosures are not in the
workload: the disclosure gate does not exist yet.

Acknowledgement lines (`ack.parse` in crash_harness reads them):
    client ID | case ID | note ID | signed ID | addendum ID | setting N | audit SEQ HASH
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date
from pathlib import Path

from recordsafe.audit import chain
from recordsafe.records import cases, clients, intake, notes
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault

PASSPHRASE_ENV = "RECORDSAFE_WRITER_PASSPHRASE"
COUNTER_KEY = "crash_test_counter"


def ack(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


class Workload:
    """What the vault already holds (read once at start), and the next change to make."""

    def __init__(self, session: VaultSession, rng: random.Random) -> None:
        self.session = session
        self.rng = rng
        db = session.db
        self.cases = [int(r[0]) for r in db.execute("SELECT id FROM cases ORDER BY id")]
        self.drafts = [int(r[0]) for r in db.execute("SELECT id FROM notes WHERE status = 'draft'")]
        self.signed = [
            int(r[0]) for r in db.execute("SELECT id FROM notes WHERE status = 'signed'")
        ]
        self.counter = int(session.get_setting(COUNTER_KEY, "0") or "0")

    def new_client(self) -> None:
        number = len(self.cases) + 1
        cid = clients.create_client(self.session, f"Client {number} {self.rng.randrange(10**6)}")
        ack("client", cid)
        intake.record_intake(self.session, cid, explained_on=date.today(), method="in_person")
        case_id = cases.create_case(self.session, "individual", f"Work {number}", [cid])
        ack("case", case_id)
        self.cases.append(case_id)

    def new_note(self) -> None:
        body = f"Session notes {self.rng.random():.12f} " * self.rng.randint(1, 40)
        note_id = notes.create_note(self.session, self.rng.choice(self.cases), body=body)
        ack("note", note_id)
        self.drafts.append(note_id)

    def sign(self) -> None:
        note_id = self.drafts.pop(self.rng.randrange(len(self.drafts)))
        notes.sign_note(self.session, note_id)
        ack("signed", note_id)
        self.signed.append(note_id)

    def addendum(self) -> None:
        original = self.rng.choice(self.signed)
        note_id = notes.add_addendum(self.session, original, body="Correction: see above.")
        ack("addendum", note_id)
        self.drafts.append(note_id)

    def setting(self) -> None:
        self.counter += 1
        self.session.set_setting(COUNTER_KEY, str(self.counter))
        ack("setting", self.counter)

    def audit(self) -> None:
        self.session.record("client_viewed", client_id=self.rng.randrange(1, 10**4))
        seq, digest = chain.last_entry(self.session.db)
        ack("audit", seq, digest)

    def step(self) -> None:
        roll = self.rng.random()
        if not self.cases or roll < 0.12:
            self.new_client()
        elif roll < 0.40:
            self.new_note()
        elif roll < 0.60 and self.drafts:
            self.sign()
        elif roll < 0.70 and self.signed:
            self.addendum()
        elif roll < 0.85:
            self.setting()
        else:
            self.audit()


def main(argv: list[str]) -> int:
    folder, seed = Path(argv[0]), int(argv[1])
    session = open_vault(folder, os.environ[PASSPHRASE_ENV], kdf=TEST_PARAMS)
    ack("READY")
    work = Workload(session, random.Random(seed))
    limit = int(argv[2]) if len(argv) > 2 else 10**9
    for _ in range(limit):
        work.step()
    session.lock()
    ack("DONE")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
