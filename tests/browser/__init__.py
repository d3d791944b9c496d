"""Browser tests: Playwright drives Debian's Chromium against the app on a live server."""
