"""Registry views: filled in by issue 8's work (placeholder so the blueprint imports)."""
