"""The dossier workflow: states (``states``), and later the transition table and the engine."""
