"""The audit log's actions in words, for the viewer and the client's audit extract."""

from __future__ import annotations

from typing import Final

ACTION_LABELS: Final[dict[str, str]] = {
    # the vault and its keys
    "vault_created": "Vault created",
    "unlocked": "Vault unlocked",
    "unlock_failed": "Failed unlock attempt",
    "recovered_with_code": "Unlocked with the recovery code",
    "integrity_problem": "Integrity problem found",
    "slot_change_started": "Change to the keys started",
    "passphrase_changed": "Passphrase changed",
    "recovery_code_replaced": "New recovery code made",
    "slot_added": "Key added",
    "slot_removed": "Key removed",
    "key_rotation_started": "Key change started",
    "key_rotated": "Vault key changed",
    "setting_changed": "Setting changed",
    "practice_field_changed": "Practice form field changed",
    "backup_created": "Backup made",
    "restored_from_backup": "Restored from a backup",
    "audit_log_viewed": "Audit log viewed",
    "audit_exported": "Audit log exported (encrypted PDF)",
    "demo_populated": "Demo records added",
    # clients
    "client_created": "Client record created",
    "client_viewed": "Viewed client record",
    "client_updated": "Client record changed",
    "client_closed": "Client record closed",
    "client_reopened": "Client record reopened",
    "client_deceased": "Client marked as deceased",
    "intake_recorded": "Intake recorded",
    "search": "Searched the records",
    # cases and notes
    "case_opened": "Case opened",
    "case_closed": "Case closed",
    "case_participant_added": "Person added to a case",
    "case_agreement_recorded": "Case agreement recorded",
    "case_notes_viewed": "Viewed a case's notes",
    "client_notes_viewed": "Viewed a client's notes",
    "note_created": "Note written",
    "note_addendum_created": "Addendum written",
    "note_draft_saved": "Draft note saved",
    "note_draft_deleted": "Draft note deleted",
    "note_signed": "Note signed",
    "note_viewed": "Viewed a note",
    # documents
    "document_added": "Document added",
    "document_viewed": "Viewed a document",
    # the disclosure gate
    "consent_recorded": "Consent recorded",
    "consent_revoked": "Consent revoked",
    "court_order_recorded": "Court order recorded",
    "subpoena_answered": "Subpoena answered",
    "disclosure_evaluated": "Release checked at the gate",
    "disclosure_made": "Records released",
    "accounting_viewed": "Viewed an accounting of disclosures",
    "audit_extract_read": "Audit extract prepared",
    "record_request_received": "Records request received",
    "record_request_extended": "Records request extended",
    "record_request_fulfilled": "Records request fulfilled",
    "followup_done": "Follow-up done",
    "online_search_recorded": "Online search recorded",
    "letter_written": "Letter written",
    "letter_delivered": "Letter delivery recorded",
    "note_copied": "Note text copied",
    "text_copied": "Text copied",
    # breach notification
    "breach_reported": "Breach incident recorded",
    "breach_assessed": "Breach assessment signed",
    "breach_affected_derived": "Affected clients found",
    "breach_affected_added": "Affected client added",
    "breach_affected_removed": "Affected client removed",
    "breach_no_affected": "No affected clients (reason recorded)",
    "breach_notices_written": "Breach notices written",
    "breach_notice_produced": "Breach notice produced",
    "breach_notice_delivered": "Breach notice delivery recorded",
    "breach_report_made": "Breach report made (HHS, media or yearly log)",
    "breach_closed": "Breach incident closed",
    "breach_register_viewed": "Breach register viewed",
    "breach_register_printed": "Breach register printed",
    # closure and the records custodian
    "custodian_designated": "Records custodian designated",
    "custodian_updated": "Custodian's details changed",
    "custodian_code_replaced": "New custodian code made",
    "custodian_revoked": "Records custodian revoked",
    "custodian_first_unlock": "FIRST UNLOCK BY THE RECORDS CUSTODIAN",
    "custodian_handoff_backup": "Custodian handoff backup made",
    "retention_rule_set": "Retention rule set",
    "legal_hold_placed": "Legal hold placed",
    "legal_hold_released": "Legal hold released",
    "record_destroyed": "Client record destroyed (retention)",
    "destruction_certificate_saved": "Certificate of destruction saved",
    "closure_plan_created": "Closure plan made",
    "closure_notices_written": "Closure notices written",
}


def action_label(code: str) -> str:
    """The action in words; an action without a label still reads as words."""
    return ACTION_LABELS.get(code) or code.replace("_", " ").capitalize()
