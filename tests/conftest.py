"""Shared fixtures: one app and database per test session, emptied after each test.

``TEST_DATABASE_URL`` selects the database (PostgreSQL in CI); otherwise a SQLite file in a
temporary folder, so that several connections (concurrency tests, the live server) share it.
"""
import os
import re

import pytest
from flask import g, request_started
from sqlalchemy import event, text

from app import create_app
from app.extensions import babel, db
from tests import factories
from tests.history import history_unlocked


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


def _fresh_request_globals(sender, **extra):
    """Start every test request with an empty ``g``, as in production.

    A test's requests run inside the test's app context (Flask reuses it), so they would share its
    ``g``: Flask-Login's cached ``g._login_user`` would make a second client act as the first user.
    """
    for name in list(vars(g)):
        g.pop(name)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        "SERVER_NAME": None,
        # The requests of a test share its app context and session (tests/test_reads_only.py checks it
        # with an app of its own, and the gunicorn tests run with it).
        "SQL_AUTOCOMMIT_READS": False,
        # Tests date acts on fixed days of 2025-2027 whatever today is; tests/test_input_hardening.py
        # sets the window around today that production uses.
        "ACT_DATE_PAST_DAYS": 36500,
        "ACT_DATE_FUTURE_DAYS": 36500,
        # No catalogue: pages keep the Vietnamese locale (dates, holidays) but show the English msgids
        # that tests assert on; tests/test_translations.py checks the Vietnamese catalogue itself.
        "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path_factory.mktemp("no-translations")),
    })
    request_started.connect(_fresh_request_globals, app)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


# Whether anything was written since the tables were last emptied: emptying them costs most on
# PostgreSQL (TRUNCATE of every table), and many tests write nothing.
_writes = {"dirty": True}
_DML = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.I)


def _note_writes(conn, cursor, statement, parameters, context, executemany):
    if _DML.match(statement):
        _writes["dirty"] = True


@pytest.fixture(autouse=True)
def _fresh_translation_cache():
    """Flask-Babel keeps loaded catalogues on the shared Babel object, keyed by locale only: a test
    app built with the real catalogue (test_i18n_basics, test_translations) must not lend it to the
    suite's app, whose pages read the English msgids."""
    babel.domain_instance.cache.clear()


@pytest.fixture(autouse=True)
def _db_session(app):
    """An app context per test; every table emptied afterwards (when the test wrote anything)."""
    with app.app_context():
        if not event.contains(db.engine, "before_cursor_execute", _note_writes):
            event.listen(db.engine, "before_cursor_execute", _note_writes)
        yield db.session
        db.session.rollback()
        db.session.remove()
        if not _writes["dirty"]:
            return
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        # The history tables refuse DELETE (app.models.history): unlocked for the emptying only.
        with db.engine.begin() as conn, history_unlocked(conn):
            # DELETE on both databases: a PostgreSQL TRUNCATE of every table costs ~0.5 s per test,
            # these few DELETEs ~0.03 s.
            # SQLite fires ON DELETE RESTRICT row by row: detach sub-units from their parents first.
            for table in db.metadata.sorted_tables:
                for fk in table.foreign_keys:
                    if fk.column.table is table and fk.parent.nullable:
                        conn.execute(table.update().values({fk.parent.name: None}))
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))
        _writes["dirty"] = False


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make():
    """The factories module, so tests read ``make.make_dossier(...)``."""
    return factories


@pytest.fixture
def login(client):
    """Log a user in through the real login form; returns the client."""

    def do_login(user, password: str = factories.PASSWORD):
        db.session.commit()
        response = client.post("/login", data={"username": user.username, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return client

    return do_login


@pytest.fixture
def csrf_enabled(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """Counts SQL statements run inside the ``with`` block: ``with count_queries() as q: ...; q.count``."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        counter = QueryCounter()

        def before(conn, cursor, statement, parameters, context, executemany):
            if not re.match(r"\s*(SAVEPOINT|RELEASE|PRAGMA)", statement, re.I):
                counter.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counting


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token in page"
    return match.group(1)
