"""Developer tools run from the command line (not part of the app)."""
