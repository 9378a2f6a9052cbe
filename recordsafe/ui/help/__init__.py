"""Help: the user guide inside the app, and About."""
