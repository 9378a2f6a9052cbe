"""The Qt layer: thin windows and dialogs over the domain packages."""
