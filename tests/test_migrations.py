"""The committed migrations build, on an empty database, exactly the schema the models describe,
and undo it: `flask db upgrade` on SQLite (a new file) or PostgreSQL (a new database)."""
import logging
import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db

# migrations/env.py (Flask-Migrate's template) tries the deprecated db.get_engine() first.
pytestmark = pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new empty database of the kind the suite runs on, dropped afterwards."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield "sqlite:///" + str(tmp_path / "fresh.sqlite")
        return
    import psycopg

    url = make_url(base)
    name = "khenthuong_migrations_" + uuid.uuid4().hex[:12]
    server = dict(host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username or "postgres",
                  password=url.password, dbname="postgres", autocommit=True)
    with psycopg.connect(**server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_app(empty_database_url, tmp_path):
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": empty_database_url,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"), "RATELIMIT_ENABLED": False,
    })
    # Alembic's env.py calls logging.fileConfig, which silences every logger that exists: put them back.
    loggers = {name: logger.disabled for name, logger in logging.root.manager.loggerDict.items()
               if isinstance(logger, logging.Logger)}
    root_level, root_handlers = logging.root.level, list(logging.root.handlers)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()
            for name, disabled in loggers.items():
                logging.getLogger(name).disabled = disabled
            logging.root.setLevel(root_level)
            logging.root.handlers[:] = root_handlers


def _differences() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_on_empty_database_matches_the_models(fresh_app):
    assert inspect(db.engine).get_table_names() == []
    upgrade()
    differences = _differences()
    assert differences == [], "migrations/ is out of date with the models:\n" + "\n".join(map(str, differences))


def test_downgrade_to_base_removes_everything(fresh_app):
    upgrade()
    created = set(inspect(db.engine).get_table_names())
    assert "dossier" in created
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    # …and the way back up works again.
    upgrade()
    assert set(inspect(db.engine).get_table_names()) == created
