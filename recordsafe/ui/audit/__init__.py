"""The audit log viewer (Practice ▸ Audit log)."""
