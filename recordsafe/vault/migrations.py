"""The schema's migration steps, in order: step N brings a vault to version N.

Append a step for each change, numbered in its comment, and never edit an old one: a vault
made by an older app replays exactly the steps it lacks (`schema.migrate`). Kept apart from
the code that runs them because the list only grows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rebuild:
    """A step that rebuilds tables (to widen a CHECK): run with foreign keys off, as
    SQLite's ALTER TABLE page prescribes, and checked with foreign_key_check before COMMIT."""

    script: str


Step = str | Rebuild

MIGRATIONS: list[Step] = [
    # 1: the vault's own tables: settings, audit chain.
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    CREATE TABLE audit_log (
        seq       INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        action    TEXT NOT NULL,
        client_id INTEGER,
        detail    TEXT NOT NULL DEFAULT '{}',
        hash      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_log_client ON audit_log (client_id, seq);
    CREATE INDEX audit_log_action ON audit_log (action, seq);
    -- Append-only by construction: the app never edits or deletes an entry.
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    """,
    # 2: client records (issue 4): clients, intake, cases and participants, notes and
    # their subjects, documents, full-text search. Dates are ISO 'YYYY-MM-DD', times ISO
    # UTC. Signed notes are immutable here too (the records package refuses first).
    """
    CREATE TABLE practice_fields (
        field   TEXT PRIMARY KEY,
        enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
        why     TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE TABLE clients (
        id                       INTEGER PRIMARY KEY,
        name                     TEXT NOT NULL CHECK (length(trim(name)) > 0),
        name_key                 TEXT NOT NULL,
        contact                  TEXT,
        dob                      TEXT,
        status                   TEXT NOT NULL DEFAULT 'active'
                                 CHECK (status IN ('active', 'closed', 'deceased')),
        closed_on                TEXT,
        died_on                  TEXT,
        representative_name      TEXT,
        representative_authority TEXT,
        created_at               TEXT NOT NULL,
        updated_at               TEXT NOT NULL,
        CHECK (died_on IS NULL OR status = 'deceased')
    ) STRICT;
    CREATE INDEX clients_by_name ON clients (name_key, id);
    CREATE INDEX clients_by_status_name ON clients (status, name_key, id);
    CREATE INDEX clients_by_updated ON clients (updated_at, id);
    CREATE INDEX clients_by_status_updated ON clients (status, updated_at, id);
    CREATE TABLE client_field_values (
        client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
        field     TEXT NOT NULL REFERENCES practice_fields (field),
        value     TEXT NOT NULL,
        PRIMARY KEY (client_id, field)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE intake_records (
        id              INTEGER PRIMARY KEY,
        client_id       INTEGER NOT NULL REFERENCES clients (id),
        explained_on    TEXT NOT NULL,
        method          TEXT NOT NULL
                        CHECK (method IN ('in_person', 'phone', 'video', 'written')),
        handout_version TEXT NOT NULL,
        recorded_at     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX intake_by_client ON intake_records (client_id, explained_on);
    CREATE TABLE cases (
        id               INTEGER PRIMARY KEY,
        kind             TEXT NOT NULL CHECK (kind IN ('individual', 'couple', 'family', 'group')),
        title            TEXT NOT NULL,
        agreement_policy TEXT CHECK (agreement_policy IN
                         ('no_secrets', 'limited_secrets', 'individual_private', 'other')),
        agreement_text   TEXT,
        agreement_status TEXT NOT NULL DEFAULT 'pending'
                         CHECK (agreement_status IN ('not_needed', 'pending', 'agreed')),
        opened_on        TEXT NOT NULL,
        closed_on        TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX cases_by_kind ON cases (kind, id);
    CREATE TABLE case_participants (
        id        INTEGER PRIMARY KEY,
        case_id   INTEGER NOT NULL REFERENCES cases (id),
        client_id INTEGER NOT NULL REFERENCES clients (id),
        role      TEXT NOT NULL DEFAULT '',
        agreed_on TEXT,
        added_at  TEXT NOT NULL,
        UNIQUE (case_id, client_id)
    ) STRICT;
    CREATE INDEX participants_by_client ON case_participants (client_id, case_id);
    CREATE TABLE notes (
        id          INTEGER PRIMARY KEY,
        case_id     INTEGER NOT NULL REFERENCES cases (id),
        client_id   INTEGER REFERENCES clients (id),
        kind        TEXT NOT NULL CHECK (kind IN
                    ('progress', 'psychotherapy', 'intake', 'contact', 'collateral')),
        note_date   TEXT NOT NULL,
        author      TEXT NOT NULL,
        body        TEXT NOT NULL DEFAULT '',
        status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
        signed_at   TEXT,
        addendum_of INTEGER REFERENCES notes (id),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        CHECK ((status = 'signed') = (signed_at IS NOT NULL))
    ) STRICT;
    CREATE INDEX notes_by_case ON notes (case_id, note_date, id);
    CREATE INDEX notes_by_client ON notes (client_id, note_date, id);
    CREATE INDEX notes_by_addendum ON notes (addendum_of) WHERE addendum_of IS NOT NULL;
    CREATE TABLE note_subjects (
        note_id        INTEGER NOT NULL REFERENCES notes (id),
        participant_id INTEGER NOT NULL REFERENCES case_participants (id),
        client_id      INTEGER NOT NULL REFERENCES clients (id),
        PRIMARY KEY (note_id, participant_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX note_subjects_by_client ON note_subjects (client_id, note_id);
    CREATE INDEX note_subjects_by_participant ON note_subjects (participant_id);
    CREATE TABLE documents (
        id         INTEGER PRIMARY KEY,
        client_id  INTEGER NOT NULL REFERENCES clients (id),
        name       TEXT NOT NULL,
        mime       TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/png', 'image/jpeg')),
        size       INTEGER NOT NULL CHECK (size > 0 AND size <= 20971520),
        sha256     TEXT NOT NULL,
        data       BLOB NOT NULL,
        added_at   TEXT NOT NULL,
        CHECK (length(data) = size)
    ) STRICT;
    CREATE INDEX documents_by_client ON documents (client_id, added_at, id);

    -- Signed notes are immutable: no change, no deletion, no change of subjects.
    CREATE TRIGGER notes_signed_no_update BEFORE UPDATE ON notes WHEN OLD.status = 'signed'
        BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed'); END;
    CREATE TRIGGER notes_signed_no_delete BEFORE DELETE ON notes WHEN OLD.status = 'signed'
        BEGIN SELECT RAISE(ABORT, 'a signed note cannot be deleted'); END;
    CREATE TRIGGER note_subjects_signed_no_insert BEFORE INSERT ON note_subjects
        WHEN (SELECT status FROM notes WHERE id = NEW.note_id) = 'signed'
        BEGIN SELECT RAISE(ABORT, 'the subjects of a signed note cannot be changed'); END;
    CREATE TRIGGER note_subjects_signed_no_update BEFORE UPDATE ON note_subjects
        WHEN (SELECT status FROM notes WHERE id IN (OLD.note_id, NEW.note_id)
              AND status = 'signed') IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'the subjects of a signed note cannot be changed'); END;
    CREATE TRIGGER note_subjects_signed_no_delete BEFORE DELETE ON note_subjects
        WHEN (SELECT status FROM notes WHERE id = OLD.note_id) = 'signed'
        BEGIN SELECT RAISE(ABORT, 'the subjects of a signed note cannot be changed'); END;
    -- A subject is a participant of the note's own case.
    CREATE TRIGGER note_subjects_same_case BEFORE INSERT ON note_subjects
        WHEN NOT EXISTS (SELECT 1 FROM case_participants p JOIN notes n ON n.case_id = p.case_id
                         WHERE p.id = NEW.participant_id AND n.id = NEW.note_id
                           AND p.client_id = NEW.client_id)
        BEGIN SELECT RAISE(ABORT, 'a subject must be a participant of the case'); END;

    -- Full-text search over note bodies and client names (external content, in sync by
    -- triggers). Diacritics and case are folded: "zoe" finds "Zoë".
    CREATE VIRTUAL TABLE notes_fts USING fts5 (
        body, content = 'notes', content_rowid = 'id',
        tokenize = "unicode61 remove_diacritics 2"
    );
    CREATE VIRTUAL TABLE clients_fts USING fts5 (
        name, content = 'clients', content_rowid = 'id',
        tokenize = "unicode61 remove_diacritics 2"
    );
    CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
        INSERT INTO notes_fts (rowid, body) VALUES (NEW.id, NEW.body);
    END;
    CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
        INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
    END;
    CREATE TRIGGER notes_fts_update AFTER UPDATE OF body ON notes BEGIN
        INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
        INSERT INTO notes_fts (rowid, body) VALUES (NEW.id, NEW.body);
    END;
    CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients BEGIN
        INSERT INTO clients_fts (rowid, name) VALUES (NEW.id, NEW.name);
    END;
    CREATE TRIGGER clients_fts_delete AFTER DELETE ON clients BEGIN
        INSERT INTO clients_fts (clients_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
    END;
    CREATE TRIGGER clients_fts_update AFTER UPDATE OF name ON clients BEGIN
        INSERT INTO clients_fts (clients_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
        INSERT INTO clients_fts (rowid, name) VALUES (NEW.id, NEW.name);
    END;
    """,
    # 3: the disclosure gate (issue 5): consents (164.508(c)) and what they cover, court
    # orders, disclosures (never changed or deleted: the accounting of 164.528 reads
    # them), follow-ups, record requests with their clocks, online searches (1.07 p-q).
    """
    CREATE TABLE consents (
        id                             INTEGER PRIMARY KEY,
        client_id                      INTEGER NOT NULL REFERENCES clients (id),
        authorized_by                  TEXT NOT NULL
                                       CHECK (authorized_by IN ('client', 'representative')),
        representative_name            TEXT,
        representative_authority       TEXT,
        date_from                      TEXT,
        date_to                        TEXT,
        disclosing_party               TEXT NOT NULL CHECK (length(trim(disclosing_party)) > 0),
        recipient_name                 TEXT NOT NULL CHECK (length(trim(recipient_name)) > 0),
        recipient_organisation         TEXT,
        recipient_address              TEXT,
        expires_on                     TEXT,
        expiry_event                   TEXT,
        states_right_to_revoke         INTEGER NOT NULL CHECK (states_right_to_revoke = 1),
        states_conditioning            INTEGER NOT NULL CHECK (states_conditioning = 1),
        states_redisclosure            INTEGER NOT NULL CHECK (states_redisclosure = 1),
        signed_on                      TEXT NOT NULL,
        form_document_id               INTEGER REFERENCES documents (id),
        is_psychotherapy_authorization INTEGER NOT NULL DEFAULT 0
                                       CHECK (is_psychotherapy_authorization IN (0, 1)),
        revoked_on                     TEXT,
        revocation_received            TEXT,
        created_at                     TEXT NOT NULL,
        updated_at                     TEXT NOT NULL,
        CHECK (expires_on IS NOT NULL OR expiry_event IS NOT NULL),
        CHECK (authorized_by = 'client'
               OR (representative_name IS NOT NULL AND representative_authority IS NOT NULL)),
        CHECK ((revoked_on IS NULL) = (revocation_received IS NULL)),
        CHECK (date_from IS NULL OR date_to IS NULL OR date_from <= date_to)
    ) STRICT;
    CREATE INDEX consents_by_client ON consents (client_id, signed_on, id);
    CREATE INDEX consents_by_expiry ON consents (expires_on) WHERE expires_on IS NOT NULL;
    CREATE TABLE consent_kinds (
        consent_id INTEGER NOT NULL REFERENCES consents (id),
        kind       TEXT NOT NULL CHECK (kind IN ('progress', 'psychotherapy', 'intake', 'contact',
                   'collateral', 'documents', 'summary')),
        PRIMARY KEY (consent_id, kind)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE consent_notes (
        consent_id INTEGER NOT NULL REFERENCES consents (id),
        note_id    INTEGER NOT NULL REFERENCES notes (id),
        PRIMARY KEY (consent_id, note_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE consent_purposes (
        consent_id INTEGER NOT NULL REFERENCES consents (id),
        purpose    TEXT NOT NULL CHECK (purpose IN ('client_request', 'treatment', 'payment',
                   'legal', 'emergency', 'training', 'consultation', 'custodian_transfer',
                   'media', 'other')),
        PRIMARY KEY (consent_id, purpose)
    ) STRICT, WITHOUT ROWID;
    -- A psychotherapy-notes authorization is never combined with another kind (164.508(b)(3)).
    CREATE TRIGGER consent_kinds_psychotherapy_alone BEFORE INSERT ON consent_kinds
        WHEN (NEW.kind = 'psychotherapy') !=
             (SELECT is_psychotherapy_authorization FROM consents WHERE id = NEW.consent_id)
        BEGIN SELECT RAISE(ABORT, 'psychotherapy notes need their own authorization'); END;

    CREATE TABLE court_orders (
        id         INTEGER PRIMARY KEY,
        client_id  INTEGER NOT NULL REFERENCES clients (id),
        case_id    INTEGER REFERENCES cases (id),
        court      TEXT NOT NULL CHECK (length(trim(court)) > 0),
        ordered_on TEXT NOT NULL,
        scope      TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX court_orders_by_client ON court_orders (client_id, ordered_on);
    CREATE TABLE court_order_items (
        court_order_id INTEGER NOT NULL REFERENCES court_orders (id),
        item_kind      TEXT NOT NULL CHECK (item_kind IN ('note', 'document', 'summary')),
        item_id        INTEGER NOT NULL,
        PRIMARY KEY (court_order_id, item_kind, item_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE disclosures (
        id                      INTEGER PRIMARY KEY,
        disclosed_on            TEXT NOT NULL,
        recipient_name          TEXT NOT NULL,
        recipient_organisation  TEXT,
        recipient_address       TEXT,
        purpose                 TEXT NOT NULL,
        requested_by            TEXT NOT NULL
                                CHECK (requested_by IN ('client', 'representative',
                                       'third_party', 'court')),
        basis                   TEXT NOT NULL
                                CHECK (basis IN ('consent', 'court_order', 'emergency',
                                       'client_request', 'deidentified')),
        court_order_id          INTEGER REFERENCES court_orders (id),
        emergency_attested      INTEGER NOT NULL DEFAULT 0 CHECK (emergency_attested IN (0, 1)),
        emergency_justification TEXT,
        client_informed         INTEGER NOT NULL CHECK (client_informed IN (0, 1)),
        not_informed_reason     TEXT,
        accounting_excluded     INTEGER NOT NULL CHECK (accounting_excluded IN (0, 1)),
        exclusion_code          TEXT,
        created_at              TEXT NOT NULL,
        CHECK (client_informed = 1 OR not_informed_reason IS NOT NULL),
        CHECK ((accounting_excluded = 1) = (exclusion_code IS NOT NULL)),
        CHECK (basis != 'emergency'
               OR (emergency_attested = 1 AND emergency_justification IS NOT NULL))
    ) STRICT;
    CREATE INDEX disclosures_by_date ON disclosures (disclosed_on, id);
    CREATE TABLE disclosure_items (
        disclosure_id INTEGER NOT NULL REFERENCES disclosures (id),
        item_kind     TEXT NOT NULL CHECK (item_kind IN ('note', 'document', 'summary')),
        item_id       INTEGER NOT NULL,
        client_id     INTEGER NOT NULL REFERENCES clients (id),
        PRIMARY KEY (disclosure_id, item_kind, item_id, client_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX disclosure_items_by_client ON disclosure_items (client_id, disclosure_id);
    CREATE TABLE disclosure_consents (
        disclosure_id INTEGER NOT NULL REFERENCES disclosures (id),
        consent_id    INTEGER NOT NULL REFERENCES consents (id),
        PRIMARY KEY (disclosure_id, consent_id)
    ) STRICT, WITHOUT ROWID;
    -- Every disclosure is kept, excluded from the accounting or not (164.528).
    CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures
        BEGIN SELECT RAISE(ABORT, 'a disclosure record is never changed'); END;
    CREATE TRIGGER disclosures_no_delete BEFORE DELETE ON disclosures
        BEGIN SELECT RAISE(ABORT, 'a disclosure record is never deleted'); END;
    CREATE TRIGGER disclosure_items_no_update BEFORE UPDATE ON disclosure_items
        BEGIN SELECT RAISE(ABORT, 'a disclosure record is never changed'); END;
    CREATE TRIGGER disclosure_items_no_delete BEFORE DELETE ON disclosure_items
        BEGIN SELECT RAISE(ABORT, 'a disclosure record is never deleted'); END;
    CREATE TRIGGER disclosure_consents_no_update BEFORE UPDATE ON disclosure_consents
        BEGIN SELECT RAISE(ABORT, 'a disclosure record is never changed'); END;
    CREATE TRIGGER disclosure_consents_no_delete BEFORE DELETE ON disclosure_consents
        BEGIN SELECT RAISE(ABORT, 'a disclosure record is never deleted'); END;

    CREATE TABLE followups (
        id            INTEGER PRIMARY KEY,
        client_id     INTEGER NOT NULL REFERENCES clients (id),
        due_on        TEXT NOT NULL,
        reason        TEXT NOT NULL CHECK (reason IN ('inform_client',
                      'inform_client_emergency')),
        disclosure_id INTEGER REFERENCES disclosures (id),
        done_on       TEXT,
        created_at    TEXT NOT NULL
    ) STRICT;
    CREATE INDEX followups_open ON followups (due_on, id) WHERE done_on IS NULL;

    CREATE TABLE record_requests (
        id               INTEGER PRIMARY KEY,
        client_id        INTEGER NOT NULL REFERENCES clients (id),
        kind             TEXT NOT NULL CHECK (kind IN ('own_records', 'accounting')),
        received_on      TEXT NOT NULL,
        due_on           TEXT NOT NULL,
        extended_to      TEXT,
        extension_reason TEXT,
        fulfilled_on     TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        CHECK ((extended_to IS NULL) = (extension_reason IS NULL)),
        CHECK (extended_to IS NULL OR extended_to > due_on)
    ) STRICT;
    CREATE INDEX record_requests_open ON record_requests (due_on, id) WHERE fulfilled_on IS NULL;

    CREATE TABLE online_searches (
        id          INTEGER PRIMARY KEY,
        client_id   INTEGER NOT NULL REFERENCES clients (id),
        searched_on TEXT NOT NULL,
        reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        consent_id  INTEGER NOT NULL REFERENCES consents (id),
        created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX online_searches_by_client ON online_searches (client_id, searched_on);
    """,
    # 4: letters (closure and breach notices) and the gate's new items (letters, a client's
    # accounting, their audit extract) and its "notice" basis. SQLite cannot widen a CHECK
    # in place, so the two disclosure tables are rebuilt (its documented 12-step procedure,
    # foreign keys off, checked before COMMIT); every row and the never-change triggers kept.
    Rebuild(
        """
    CREATE TABLE letters (
        id                INTEGER PRIMARY KEY,
        client_id         INTEGER NOT NULL REFERENCES clients (id),
        kind              TEXT NOT NULL CHECK (length(trim(kind)) > 0),
        title             TEXT NOT NULL CHECK (length(trim(title)) > 0),
        body              TEXT NOT NULL CHECK (length(trim(body)) > 0),
        addressee_name    TEXT NOT NULL CHECK (length(trim(addressee_name)) > 0),
        addressee_address TEXT,
        written_on        TEXT NOT NULL,
        delivered_how     TEXT CHECK (delivered_how IN ('post', 'email', 'in person', 'phone',
                          'other')),
        delivered_on      TEXT,
        created_at        TEXT NOT NULL,
        CHECK ((delivered_how IS NULL) = (delivered_on IS NULL))
    ) STRICT;
    CREATE INDEX letters_by_kind ON letters (kind, client_id);
    CREATE INDEX letters_by_client ON letters (client_id, id);

    DROP TRIGGER disclosures_no_update;
    DROP TRIGGER disclosures_no_delete;
    DROP TRIGGER disclosure_items_no_update;
    DROP TRIGGER disclosure_items_no_delete;

    CREATE TABLE disclosures_new (
        id                      INTEGER PRIMARY KEY,
        disclosed_on            TEXT NOT NULL,
        recipient_name          TEXT NOT NULL,
        recipient_organisation  TEXT,
        recipient_address       TEXT,
        purpose                 TEXT NOT NULL,
        requested_by            TEXT NOT NULL
                                CHECK (requested_by IN ('client', 'representative',
                                       'third_party', 'court', 'practice')),
        basis                   TEXT NOT NULL
                                CHECK (basis IN ('consent', 'court_order', 'emergency',
                                       'client_request', 'deidentified', 'notice')),
        court_order_id          INTEGER REFERENCES court_orders (id),
        emergency_attested      INTEGER NOT NULL DEFAULT 0 CHECK (emergency_attested IN (0, 1)),
        emergency_justification TEXT,
        client_informed         INTEGER NOT NULL CHECK (client_informed IN (0, 1)),
        not_informed_reason     TEXT,
        accounting_excluded     INTEGER NOT NULL CHECK (accounting_excluded IN (0, 1)),
        exclusion_code          TEXT,
        created_at              TEXT NOT NULL,
        CHECK (client_informed = 1 OR not_informed_reason IS NOT NULL),
        CHECK ((accounting_excluded = 1) = (exclusion_code IS NOT NULL)),
        CHECK (basis != 'emergency'
               OR (emergency_attested = 1 AND emergency_justification IS NOT NULL))
    ) STRICT;
    INSERT INTO disclosures_new SELECT * FROM disclosures;
    DROP TABLE disclosures;
    ALTER TABLE disclosures_new RENAME TO disclosures;
    CREATE INDEX disclosures_by_date ON disclosures (disclosed_on, id);

    CREATE TABLE disclosure_items_new (
        disclosure_id INTEGER NOT NULL REFERENCES disclosures (id),
        item_kind     TEXT NOT NULL CHECK (item_kind IN ('note', 'document', 'summary',
                      'letter', 'accounting', 'audit')),
        item_id       INTEGER NOT NULL,
        client_id     INTEGER NOT NULL REFERENCES clients (id),
        PRIMARY KEY (disclosure_id, item_kind, item_id, client_id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO disclosure_items_new SELECT * FROM disclosure_items;
    DROP TABLE disclosure_items;
    ALTER TABLE disclosure_items_new RENAME TO disclosure_items;
    CREATE INDEX disclosure_items_by_client ON disclosure_items (client_id, disclosure_id);

    -- Every disclosure is kept, excluded from the accounting or not (164.528).
    CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures
        BEGIN SELECT RAISE(ABORT, 'a disclosure record is never changed'); END;
    CREATE TRIGGER disclosures_no_delete BEFORE DELETE ON disclosures
        BEGIN SELECT RAISE(ABORT, 'a disclosure record is never deleted'); END;
    CREATE TRIGGER disclosure_items_no_update BEFORE UPDATE ON disclosure_items
        BEGIN SELECT RAISE(ABORT, 'a disclosure record is never changed'); END;
    CREATE TRIGGER disclosure_items_no_delete BEFORE DELETE ON disclosure_items
        BEGIN SELECT RAISE(ABORT, 'a disclosure record is never deleted'); END;
    """
    ),
    # 5: subpoena responses (issue 5, NASW 1.07 j): a subpoena alone releases nothing; the
    # practice objects or seeks a protective order, and that answer is kept.
    """
    CREATE TABLE subpoena_responses (
        id          INTEGER PRIMARY KEY,
        client_id   INTEGER NOT NULL REFERENCES clients (id),
        received_on TEXT NOT NULL,
        issued_by   TEXT NOT NULL CHECK (length(trim(issued_by)) > 0),
        response    TEXT NOT NULL CHECK (response IN ('object', 'protective_order')),
        responded_on TEXT NOT NULL,
        note        TEXT NOT NULL DEFAULT '',
        items       INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX subpoena_responses_by_client ON subpoena_responses (client_id, received_on);
    CREATE TRIGGER subpoena_responses_no_delete BEFORE DELETE ON subpoena_responses
        BEGIN SELECT RAISE(ABORT, 'a subpoena response is never deleted'); END;
    """,
    # 6: breach notification (issue 8, 45 CFR 164.402-.414, NASW 1.07 m-o): incidents, their
    # signed assessments (never changed: a re-assessment is a new row), the affected set
    # (derived, then reviewed with reasons), one notice per affected client, and the dates
    # the HHS, media and yearly-log reports were made. Kept six years; never deleted.
    """
    CREATE TABLE breach_incidents (
        id                    INTEGER PRIMARY KEY,
        what_happened         TEXT NOT NULL CHECK (length(trim(what_happened)) > 0),
        occurred_on           TEXT NOT NULL,
        discovered_on         TEXT NOT NULL,
        found_by              TEXT NOT NULL CHECK (length(trim(found_by)) > 0),
        exposed_kind          TEXT NOT NULL
                              CHECK (exposed_kind IN ('vault', 'backup', 'export', 'paper',
                                     'other')),
        exposed_disclosure_id INTEGER REFERENCES disclosures (id),
        exposed_detail        TEXT,
        received_by           TEXT,
        no_affected_reason    TEXT,
        hhs_notified_on       TEXT,
        media_notified_on     TEXT,
        yearly_logged_on      TEXT,
        closed_on             TEXT,
        created_at            TEXT NOT NULL,
        CHECK (discovered_on >= occurred_on),
        CHECK ((exposed_kind = 'export') = (exposed_disclosure_id IS NOT NULL))
    ) STRICT;
    CREATE INDEX breach_incidents_open ON breach_incidents (discovered_on, id)
        WHERE closed_on IS NULL;
    CREATE TRIGGER breach_incidents_no_delete BEFORE DELETE ON breach_incidents
        BEGIN SELECT RAISE(ABORT, 'a breach record is never deleted'); END;

    CREATE TABLE breach_assessments (
        id                  INTEGER PRIMARY KEY,
        incident_id         INTEGER NOT NULL REFERENCES breach_incidents (id),
        was_encrypted       INTEGER NOT NULL CHECK (was_encrypted IN (0, 1)),
        key_exposed         INTEGER NOT NULL CHECK (key_exposed IN (0, 1)),
        identifiers         TEXT NOT NULL,
        sensitivity         TEXT NOT NULL,
        psychotherapy_notes INTEGER NOT NULL CHECK (psychotherapy_notes IN (0, 1)),
        unauthorized_person TEXT NOT NULL,
        acquired            TEXT NOT NULL CHECK (acquired IN ('yes', 'no', 'unknown')),
        mitigation          TEXT NOT NULL,
        exception           TEXT CHECK (exception IN ('good_faith', 'inadvertent',
                            'not_retained')),
        exception_detail    TEXT,
        low_probability     INTEGER NOT NULL CHECK (low_probability IN (0, 1)),
        result              TEXT NOT NULL CHECK (result IN ('reportable', 'not_reportable')),
        reason_code         TEXT NOT NULL CHECK (reason_code IN ('safe_harbour', 'exception',
                            'low_probability', 'presumed')),
        reasoning           TEXT NOT NULL CHECK (length(trim(reasoning)) > 0),
        signed_by           TEXT NOT NULL,
        signed_at           TEXT NOT NULL,
        CHECK ((exception IS NULL) = (exception_detail IS NULL))
    ) STRICT;
    CREATE INDEX breach_assessments_by_incident ON breach_assessments (incident_id, id);
    CREATE TRIGGER breach_assessments_no_update BEFORE UPDATE ON breach_assessments
        BEGIN SELECT RAISE(ABORT, 'a signed assessment is never changed'); END;
    CREATE TRIGGER breach_assessments_no_delete BEFORE DELETE ON breach_assessments
        BEGIN SELECT RAISE(ABORT, 'a signed assessment is never deleted'); END;

    CREATE TABLE breach_affected (
        incident_id INTEGER NOT NULL REFERENCES breach_incidents (id),
        client_id   INTEGER NOT NULL REFERENCES clients (id),
        source      TEXT NOT NULL CHECK (source IN ('export', 'audit', 'backup', 'vault',
                    'added')),
        included    INTEGER NOT NULL CHECK (included IN (0, 1)),
        reason      TEXT,
        changed_at  TEXT NOT NULL,
        PRIMARY KEY (incident_id, client_id),
        CHECK (source != 'added' OR reason IS NOT NULL),
        CHECK (included = 1 OR reason IS NOT NULL)
    ) STRICT, WITHOUT ROWID;
    CREATE TRIGGER breach_affected_no_delete BEFORE DELETE ON breach_affected
        BEGIN SELECT RAISE(ABORT, 'a breach record is never deleted'); END;

    CREATE TABLE breach_notices (
        incident_id     INTEGER NOT NULL REFERENCES breach_incidents (id),
        client_id       INTEGER NOT NULL REFERENCES clients (id),
        letter_id       INTEGER NOT NULL REFERENCES letters (id),
        addressee_name  TEXT NOT NULL,
        sent_on         TEXT,
        delivered_how   TEXT CHECK (delivered_how IN ('post', 'email', 'in person', 'phone',
                        'other')),
        delivered_on    TEXT,
        created_at      TEXT NOT NULL,
        PRIMARY KEY (incident_id, client_id),
        CHECK ((delivered_how IS NULL) = (delivered_on IS NULL))
    ) STRICT, WITHOUT ROWID;
    CREATE TRIGGER breach_notices_no_delete BEFORE DELETE ON breach_notices
        BEGIN SELECT RAISE(ABORT, 'a breach record is never deleted'); END;
    """,
    # closure (issue 7): custodians and their key slots, legal holds, the closure plan and
    # its notices, the destruction log (kept for good, no clinical content). Signed notes
    # stay immutable; only a destruction under a retention rule may delete them, and only
    # for the case named in destruction_authority inside that one transaction.
    """
    CREATE TABLE custodians (
        id            INTEGER PRIMARY KEY,
        role          TEXT NOT NULL CHECK (role IN ('primary', 'alternate')),
        name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
        profession    TEXT NOT NULL DEFAULT '',
        licence       TEXT NOT NULL DEFAULT '',
        contact       TEXT NOT NULL DEFAULT '',
        instructions  TEXT NOT NULL DEFAULT '',
        designated_at TEXT NOT NULL,
        revoked_at    TEXT,
        first_unlock_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX custodians_one_per_role ON custodians (role) WHERE revoked_at IS NULL;
    CREATE TABLE custodian_slots (
        slot_id      TEXT PRIMARY KEY,
        custodian_id INTEGER NOT NULL REFERENCES custodians (id),
        kind         TEXT NOT NULL CHECK (kind IN ('code', 'passphrase')),
        created_at   TEXT NOT NULL,
        revoked_at   TEXT
    ) STRICT;
    CREATE TABLE legal_holds (
        id          INTEGER PRIMARY KEY,
        client_id   INTEGER NOT NULL REFERENCES clients (id),
        reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        placed_on   TEXT NOT NULL,
        released_on TEXT,
        created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX legal_holds_active ON legal_holds (client_id) WHERE released_on IS NULL;
    CREATE TABLE closure_plans (
        id           INTEGER PRIMARY KEY,
        reason       TEXT NOT NULL
                     CHECK (reason IN ('retirement', 'relocation', 'incapacity', 'death')),
        effective_on TEXT NOT NULL,
        contact      TEXT NOT NULL DEFAULT '',
        referrals    TEXT NOT NULL DEFAULT '',
        created_by   TEXT NOT NULL,
        created_at   TEXT NOT NULL
    ) STRICT;
    CREATE TABLE closure_notices (
        id         INTEGER PRIMARY KEY,
        plan_id    INTEGER NOT NULL REFERENCES closure_plans (id),
        client_id  INTEGER NOT NULL REFERENCES clients (id),
        letter_id  INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (plan_id, client_id)
    ) STRICT;
    CREATE TABLE destruction_log (
        id            INTEGER PRIMARY KEY,
        client_ref    INTEGER NOT NULL,
        client_name   TEXT NOT NULL,
        client_dob    TEXT,
        last_contact  TEXT NOT NULL,
        destroy_after TEXT NOT NULL,
        rule          TEXT NOT NULL,
        notes         INTEGER NOT NULL,
        documents     INTEGER NOT NULL,
        cases         INTEGER NOT NULL,
        method        TEXT NOT NULL,
        destroyed_on  TEXT NOT NULL,
        destroyed_at  TEXT NOT NULL,
        destroyed_by  TEXT NOT NULL,
        destroyed_by_name TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER destruction_log_no_update BEFORE UPDATE ON destruction_log
        BEGIN SELECT RAISE(ABORT, 'the destruction log is never changed'); END;
    CREATE TRIGGER destruction_log_no_delete BEFORE DELETE ON destruction_log
        BEGIN SELECT RAISE(ABORT, 'the destruction log is never changed'); END;
    CREATE TABLE destruction_authority (case_id INTEGER PRIMARY KEY) STRICT;
    DROP TRIGGER notes_signed_no_delete;
    CREATE TRIGGER notes_signed_no_delete BEFORE DELETE ON notes
        WHEN OLD.status = 'signed'
         AND NOT EXISTS (SELECT 1 FROM destruction_authority WHERE case_id = OLD.case_id)
        BEGIN SELECT RAISE(ABORT, 'a signed note cannot be deleted'); END;
    DROP TRIGGER note_subjects_signed_no_delete;
    CREATE TRIGGER note_subjects_signed_no_delete BEFORE DELETE ON note_subjects
        WHEN (SELECT status FROM notes WHERE id = OLD.note_id) = 'signed'
         AND NOT EXISTS (SELECT 1 FROM destruction_authority a JOIN notes n
                         ON n.case_id = a.case_id WHERE n.id = OLD.note_id)
        BEGIN SELECT RAISE(ABORT, 'the subjects of a signed note cannot be changed'); END;
    """,
    # 8: who signs a letter. A letter the records custodian writes (the practitioner may
    # have died) is signed by the custodian, not in the practitioner's name.
    """
    ALTER TABLE letters ADD COLUMN signed_by TEXT;
    """,
    # 9: online searches (issue 14, NASW 1.07 p-q): a consent purpose of its own, so a search
    # rests on a consent to search, not on any consent the client signed. The CHECK is
    # widened by rebuilding consent_purposes (no other table refers to it; no triggers).
    Rebuild(
        """
    CREATE TABLE consent_purposes_new (
        consent_id INTEGER NOT NULL REFERENCES consents (id),
        purpose    TEXT NOT NULL CHECK (purpose IN ('client_request', 'treatment', 'payment',
                   'legal', 'emergency', 'training', 'consultation', 'custodian_transfer',
                   'media', 'other', 'online_search')),
        PRIMARY KEY (consent_id, purpose)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO consent_purposes_new (consent_id, purpose)
        SELECT consent_id, purpose FROM consent_purposes;
    DROP TABLE consent_purposes;
    ALTER TABLE consent_purposes_new RENAME TO consent_purposes;
    """
    ),
    # 10: closure notices (issue 15): a closure notice's PDF password is kept in the vault,
    # so it can be given to the client after the wizard closes (shown on purpose, audited).
    """
    ALTER TABLE closure_notices ADD COLUMN password TEXT;
    ALTER TABLE closure_notices ADD COLUMN file_name TEXT;
    -- and a breach may expose a whole batch of releases (a folder of closure notices):
    -- their disclosure ids, space-separated (exposed_disclosure_id is the first).
    ALTER TABLE breach_incidents ADD COLUMN exposed_releases TEXT;
    """,
    # 11: destruction removes the links of a record's notes to consents by note id; without
    # this index each delete read all of consent_notes (its key starts with consent_id).
    """
    CREATE INDEX consent_notes_by_note ON consent_notes (note_id);
    """,
    # 12: (issue 16) a records request marked fulfilled names the release
    # that answered it, or says why nothing was released.
    """
    ALTER TABLE record_requests ADD COLUMN disclosure_id INTEGER REFERENCES disclosures (id);
    ALTER TABLE record_requests ADD COLUMN no_release_reason TEXT;
    """,
    # 13: (issue 15) a closure plan for a death or an incapacity keeps its date (the date
    # of death, or the day the illness or incapacity began): the notices tell it.
    """
    ALTER TABLE closure_plans ADD COLUMN reason_on TEXT;
    """,
    # 14: (issue 16) a release's generated password, kept until it was shown (a lock during
    # the save hid it): shown after the next unlock, on purpose and audited, then deleted.
    """
    CREATE TABLE release_passwords (
        disclosure_id INTEGER PRIMARY KEY REFERENCES disclosures (id),
        password      TEXT NOT NULL
    ) STRICT;
    """,
    # 15: (issue 15) a certificate of destruction's password, to be shown again (audited).
    # No client name and no file name (a file name can be anything the practitioner typed).
    """
    CREATE TABLE destruction_certificates (
        log_id   INTEGER PRIMARY KEY REFERENCES destruction_log (id),
        password TEXT NOT NULL,
        saved_at TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER destruction_certificates_no_update BEFORE UPDATE ON destruction_certificates
        BEGIN SELECT RAISE(ABORT, 'a certificate keeps its password'); END;
    CREATE TRIGGER destruction_certificates_no_delete BEFORE DELETE ON destruction_certificates
        BEGIN SELECT RAISE(ABORT, 'a certificate keeps its password'); END;
    """,
    # 16: (issue 15) a breach notice's kept PDF password and file name, shown on purpose
    # and audited as closure notices' are; which secret an assessment found exposed.
    """
    ALTER TABLE breach_notices ADD COLUMN password TEXT;
    ALTER TABLE breach_notices ADD COLUMN file_name TEXT;
    ALTER TABLE breach_assessments ADD COLUMN secret_exposed TEXT;
    """,
]
