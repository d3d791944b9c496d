"""Views marked ``reads_only`` run their statements outside a transaction on PostgreSQL (issue 14): no BEGIN
before the first statement and no ROLLBACK after the last, two round trips of every list page. The page
reads the same, and the next request that writes is transactional again (the pool hands the connection
back in its default mode).

The suite's own app turns the setting off (its requests share the test's session, tests/conftest.py): these
tests build an app of their own on the same database, with the setting as production has it.
"""
import os

import pytest
from sqlalchemy import event

from app import create_app
from app.extensions import db
from app.models import Role, SavedFilter, State
from tests.factories import signed_in_client

postgresql_only = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="autocommit reads are a PostgreSQL round-trip saving (SQLite is in the process)")


@pytest.fixture
def production_like(app, tmp_path):
    own = create_app({**{key: app.config[key] for key in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "UPLOAD_FOLDER",
                                                           "BABEL_TRANSLATION_DIRECTORIES")},
                      "TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "SQL_AUTOCOMMIT_READS": True})
    modes: list[tuple[str, bool]] = []  # (statement, autocommit) of every statement the app sends

    with own.app_context():
        engine = db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def note(conn, cursor, statement, parameters, context, executemany):
            driver = conn.connection.driver_connection
            modes.append((statement, bool(getattr(driver, "autocommit", False))))

    yield own, modes
    with own.app_context():
        event.remove(engine, "before_cursor_execute", note)
        db.session.remove()
        db.engine.dispose()


@postgresql_only
def test_the_list_and_the_dossier_page_read_without_a_transaction_and_writes_keep_theirs(production_like, make):
    own, modes = production_like
    officer = make.make_actor(Role.OFFICER)
    dossier = make.make_dossier(officer.unit, name="Phạm Thị Tự Động", state=State.DRAFT, created_by=officer)
    db.session.commit()
    client = signed_in_client(own, officer)

    for url in ("/dossiers/", f"/dossiers/{dossier.id}"):
        modes.clear()
        response = client.get(url)
        assert response.status_code == 200
        assert "Phạm Thị Tự Động" in response.get_data(as_text=True)
        assert modes and all(autocommit for _statement, autocommit in modes), [s[:60] for s, a in modes if not a]

    # A write right after, in the same process: the pooled connection is transactional again.
    modes.clear()
    response = client.post("/saved-filters/dossiers/save", data={"name": "Nháp của tôi", "query": "q=pham"})
    assert response.status_code in (200, 303)
    inserts = [autocommit for statement, autocommit in modes if statement.lstrip().upper().startswith("INSERT")]
    assert inserts and not any(inserts)  # the filter and its cache stamp, in one transaction
    assert db.session.query(SavedFilter).filter_by(user_id=officer.id).count() == 1


@postgresql_only
def test_a_view_not_marked_keeps_its_transaction(production_like, make):
    own, modes = production_like
    officer = make.make_actor(Role.OFFICER)
    db.session.commit()
    client = signed_in_client(own, officer)
    modes.clear()
    assert client.get("/saved-filters/manage/dossiers").status_code == 200
    assert modes and not any(autocommit for _statement, autocommit in modes)


def test_the_suite_app_keeps_its_transactions(app):
    assert app.config["SQL_AUTOCOMMIT_READS"] is False


@postgresql_only
def test_the_registry_search_the_decision_register_and_the_account_read_without_a_transaction(production_like,
                                                                                               make):
    own, modes = production_like
    appraiser = make.make_actor(Role.APPRAISER)
    db.session.commit()
    client = signed_in_client(own, appraiser)
    for url in ("/registry/?q=nguyen", "/decisions/", "/account"):
        modes.clear()
        assert client.get(url).status_code == 200
        assert modes and all(autocommit for _statement, autocommit in modes), [s[:60] for s, a in modes if not a]
