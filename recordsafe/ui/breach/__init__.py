"""The breach-notification wizard and the breach register (issue 8; DESIGN §5)."""
