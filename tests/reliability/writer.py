"""The crash test's writer: a separate process doing a therapist's work until it is killed.

    python -m tests.reliability.writer VAULT SEED

The passphrase comes in the environment (`RECORDSAFE_WRITER_PASSPHRASE`), never argv.
It opens the vault with TEST_PARAMS, prints `READY`, then loops over realistic changes:
new clients with intake and a case, notes, signing, addenda, settings, audit entries,
consents and disclosures. Each change is one committed transaction; only after the call
returns (commit done, key file head written) does it print one acknowledgement line and
flush, so every line the parent reads names a change the vault promised to keep.

A disclosure goes through the gate as the app's release does: `gate.evaluate`, then
`gate.disclose` with an `StagedRelease` of an AES-256 encrypted PDF, which the
session publishes once the transaction commits, into `releases_dir(VAULT)`. The file is
`release-TOKEN.pdf` and the recipient's organisation `Clinic TOKEN`, so the harness can
pair every file with its record. Acknowledged once the file has its name.

Acknowledgement lines (`Acked.add_lines` in crash_harness reads them):
    client ID | case ID | note ID | signed ID | addendum ID | setting N | audit SEQ HASH
    consent ID | disclosure ID TOKEN
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from recordsafe.audit import chain
from recordsafe.disclosure import consents, gate, release_pdf
from recordsafe.outputs import encryption
from recordsafe.outputs.staged import StagedRelease
from recordsafe.records import cases, clients, intake, notes
from recordsafe.vault import TEST_PARAMS, VaultSession, open_vault

PASSPHRASE_ENV = "RECORDSAFE_WRITER_PASSPHRASE"
COUNTER_KEY = "crash_test_counter"
RECIPIENT = "Dr Lee"


def releases_dir(vault: Path) -> Path:
    """Where the writer's releases go: beside the vault, as a user's chosen folder."""
    return vault.with_name(vault.name + " releases")


def organisation(token: str) -> str:
    return f"Clinic {token}"


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
        self.consented = {
            int(r[0])
            for r in db.execute(
                "SELECT client_id FROM consents WHERE recipient_name = ?", (RECIPIENT,)
            )
        }
        self.releases = releases_dir(session.folder)
        self.releases.mkdir(exist_ok=True)

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

    def consent(self, client_id: int) -> None:
        today = date.today()
        form = consents.ConsentForm(
            client_id=client_id,
            recipient_name=RECIPIENT,
            purposes=("treatment",),
            signed_on=today,
            disclosing_party="The practice",
            kinds=("progress",),
            expires_on=today + timedelta(days=365),
            expiry_event="End of treatment",
            states_right_to_revoke=True,
            states_conditioning=True,
            states_redisclosure=True,
        )
        ack("consent", consents.record_consent(self.session, form, today=today))
        self.consented.add(client_id)

    def disclosure(self) -> None:
        note_id = self.rng.choice(self.signed)
        subjects = [
            int(r[0])
            for r in self.session.db.execute(
                "SELECT client_id FROM note_subjects WHERE note_id = ?", (note_id,)
            )
        ]
        for client_id in subjects:
            if client_id not in self.consented:
                self.consent(client_id)
        token = f"{self.rng.randrange(16**12):012x}"
        today = date.today()
        request = gate.Request(
            items=(gate.Item("note", note_id),),
            recipient=gate.Recipient(RECIPIENT, organisation(token)),
            purpose="treatment",
            requested_by="third_party",
        )
        decision = gate.evaluate(self.session, request, today=today)
        body = str(self.session.db.scalar("SELECT body FROM notes WHERE id = ?", (note_id,)))
        cover = release_pdf.CoverInfo(
            recipient=f"{RECIPIENT}, {organisation(token)}",
            recipient_address="",
            purpose="treatment",
            practice_name="Crash test practice",
            practitioner="",
            released_on=today,
            client_label=f"Note {note_id}",
        )
        pdf = release_pdf.render_release_pdf(
            [release_pdf.ReleaseItem(f"Note {note_id}", today.isoformat(), "Progress note", body)],
            cover,
        )
        staged = StagedRelease(
            self.releases / f"release-{token}.pdf",
            encryption.encrypt_pdf(pdf, encryption.generate_password()),
            self.session,  # published when the gate's transaction commits
        )
        disclosure_id = gate.disclose(
            self.session,
            request,
            decision,
            write_output=staged.write,
            discard_output=staged.discard,
            client_informed=True,
        )
        ack("disclosure", disclosure_id, token)

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
        elif roll < 0.78:
            self.setting()
        elif roll < 0.85:
            self.audit()
        elif self.signed:
            self.disclosure()
        else:
            self.new_note()


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
