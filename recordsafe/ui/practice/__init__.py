"""Practice-wide details and settings (Practice menu)."""
