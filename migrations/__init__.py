"""Alembic migrations (Flask-Migrate); a package so that scripts can import its helpers (enum_check)."""
