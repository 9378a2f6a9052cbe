"""The client workspace: client list, client page, and the dialogs that change records."""
