"""The committed migrations build, on an empty database, exactly the schema the models describe,
and undo it: `flask db upgrade` on SQLite (a new file) or PostgreSQL (a new database).

Autogenerate compares columns but not CHECK constraints, so the enum columns' CHECKs (the allowed
values) are compared separately, and migrations/enum_check.py's rebuild helper is tested here."""
import logging
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import op
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.extensions import db
from migrations.enum_check import read_enum_checks, rebuild_enum_check, sqlite_foreign_keys_off
from tests import factories

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


# --- enum columns: the CHECK listing the allowed values -------------------------------------------------

ENUM_CHECK_HELP = (
    "Alembic autogenerate does not see CHECK constraints: a value added to an enum needs a migration "
    "that calls migrations.enum_check.rebuild_enum_check(table, column, [every value]) "
    "(README.md, Development, \"Adding a state or an enum value\")."
)


def _model_enum_columns() -> dict[tuple[str, str], tuple[str, list[str]]]:
    """``(table, column) -> (CHECK name, values)`` for every enum column stored as a VARCHAR with a CHECK."""
    convention = db.metadata.naming_convention["ck"]
    return {
        (table.name, column.name): (
            convention % {"table_name": table.name, "constraint_name": column.type.name}, list(column.type.enums)
        )
        for table in db.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, sa.Enum) and column.type.create_constraint and not column.type.native_enum
    }


def enum_check_problems(connection) -> list[str]:
    """Where the database's enum CHECKs differ from the models: one line per table.column."""
    found: dict[tuple[str, str], list] = {}
    for check in read_enum_checks(connection):
        found.setdefault((check.table, check.column), []).append(check)
    problems = []
    for (table, column), (name, values) in sorted(_model_enum_columns().items()):
        checks = found.pop((table, column), [])
        if not checks:
            problems.append(f"{table}.{column}: no CHECK listing its values in the database "
                            f"(the models expect {name} with {values})")
        for check in checks:
            missing = [v for v in values if v not in check.values]
            extra = [v for v in check.values if v not in values]
            if missing or extra:
                differences = ([f"missing from the CHECK {missing}"] if missing else []) + (
                    [f"extra in the CHECK {extra}"] if extra else [])
                problems.append(f"{table}.{column} (CHECK {check.name}): " + ", ".join(differences))
            if check.name != name:
                problems.append(f"{table}.{column}: CHECK named {check.name}, the naming convention gives {name}")
        if len(checks) > 1:
            problems.append(f"{table}.{column}: {len(checks)} CHECKs list its values: {[c.name for c in checks]}")
    for (table, column), checks in sorted(found.items()):
        problems.append(f"{table}.{column}: CHECK {[c.name for c in checks]} lists values, "
                        f"but the models have no enum column there")
    return problems


def _report(problems: list[str]) -> str:
    return ("The enum CHECK constraints of the migrated database differ from the models:\n  "
            + "\n  ".join(problems) + "\n" + ENUM_CHECK_HELP)


@contextmanager
def _migration_op():
    """Alembic's ``op`` on a connection to the fresh database, as inside a migration script run by env.py."""
    with db.engine.connect() as connection, sqlite_foreign_keys_off(connection):
        with Operations.context(MigrationContext.configure(connection)):
            yield connection
        connection.commit()


def _schema(*, leave_out_check: str) -> dict:
    """Everything reflection sees of every table (columns, keys, indexes, constraints), but one CHECK."""
    with db.engine.connect() as connection:
        inspector = inspect(connection)
        return {
            table: repr([
                [(c["name"], str(c["type"]), c["nullable"], c.get("default")) for c in inspector.get_columns(table)],
                inspector.get_pk_constraint(table),
                sorted(inspector.get_foreign_keys(table), key=lambda fk: fk["name"] or ""),
                sorted(((i["name"], i["column_names"], bool(i["unique"]),
                         {k: str(v) for k, v in i.get("dialect_options", {}).items()})
                        for i in inspector.get_indexes(table)), key=repr),
                sorted(inspector.get_unique_constraints(table), key=lambda u: u["name"] or ""),
                sorted((c["name"], " ".join(c["sqltext"].split())) for c in inspector.get_check_constraints(table)
                       if c["name"] != leave_out_check),
            ])
            for table in sorted(inspector.get_table_names())
        }


def _dossier_with_an_attachment() -> int:
    """A committed dossier with an attachment, a row referring to it (ON DELETE CASCADE); the dossier's id."""
    dossier = factories.make_dossier(factories.make_unit())
    factories.make_attachment(dossier)
    db.session.commit()
    dossier_id = dossier.id
    db.session.remove()
    return dossier_id


def _attachments(connection, dossier_id: int) -> int:
    query = text("SELECT count(*) FROM attachment WHERE dossier_id = :id")
    return connection.execute(query, {"id": dossier_id}).scalar()


def test_enum_checks_in_upgraded_database_match_the_models(fresh_app):
    upgrade()
    assert len(_model_enum_columns()) >= 20  # the models' enum columns are all found
    with db.engine.connect() as connection:
        problems = enum_check_problems(connection)
    assert problems == [], _report(problems)


def test_enum_check_comparison_reports_a_changed_check(fresh_app):
    """The comparison can fail: a CHECK rewritten without a value (and with a stray one), another dropped."""
    upgrade()
    states = _model_enum_columns()[("dossier", "state")][1]
    unit_kinds = _model_enum_columns()[("unit", "kind")][1]
    with _migration_op() as connection:
        rebuild_enum_check("dossier", "state", [s for s in states if s != "on_hold"] + ["archived"])
        with op.batch_alter_table("unit") as batch:
            batch.drop_constraint("ck_unit_unit_kind", type_="check")
        problems = enum_check_problems(connection)
    assert problems == [
        "dossier.state (CHECK ck_dossier_dossier_state): missing from the CHECK ['on_hold'], "
        "extra in the CHECK ['archived']",
        "unit.kind: no CHECK listing its values in the database "
        f"(the models expect ck_unit_unit_kind with {unit_kinds})",
    ]
    assert "README.md" in _report(problems) and "rebuild_enum_check" in _report(problems)

    # Given its name, the helper creates a CHECK where there is none; given the models' values, it repairs one.
    with _migration_op() as connection:
        rebuild_enum_check("unit", "kind", unit_kinds, constraint_name="ck_unit_unit_kind")
        rebuild_enum_check("dossier", "state", states)
        assert enum_check_problems(connection) == []


def test_rebuild_enum_check_allows_a_new_value_and_changes_nothing_else(fresh_app):
    upgrade()
    dossier_id = _dossier_with_an_attachment()
    before = _schema(leave_out_check="ck_dossier_dossier_state")
    sqlite = db.engine.dialect.name == "sqlite"
    if sqlite:  # recreating a table with foreign keys enforced would cascade-delete the attachment: refused
        with db.engine.connect() as connection, Operations.context(MigrationContext.configure(connection)):
            with pytest.raises(RuntimeError, match="foreign keys unenforced"):
                rebuild_enum_check("dossier", "state", ["draft"])

    # Every enum CHECK rebuilt (each table recreated on SQLite), the dossier's state with one more value.
    with _migration_op():
        for (table, column), (_, values) in _model_enum_columns().items():
            wanted = values + ["archived"] if (table, column) == ("dossier", "state") else values
            rebuild_enum_check(table, column, wanted)

    with db.engine.connect() as connection:
        assert enum_check_problems(connection) == [
            "dossier.state (CHECK ck_dossier_dossier_state): extra in the CHECK ['archived']"
        ]
        connection.execute(text("UPDATE dossier SET state = 'archived' WHERE id = :id"), {"id": dossier_id})
        connection.commit()
        with pytest.raises(IntegrityError):
            connection.execute(text("UPDATE dossier SET state = 'bogus' WHERE id = :id"), {"id": dossier_id})
        connection.rollback()
        assert connection.execute(text("SELECT state FROM dossier")).scalars().all() == ["archived"]
        assert _attachments(connection, dossier_id) == 1
        if sqlite:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # enforced again

    # Columns, keys, indexes and the other CHECKs of every table are as they were.
    after = _schema(leave_out_check="ck_dossier_dossier_state")
    assert [table for table in before if before[table] != after.get(table)] == [] and set(after) == set(before)


def test_migration_script_calling_the_helper_runs_through_flask_db_upgrade(fresh_app, tmp_path):
    """As a real migration: a script in versions/ imports the helper; env.py runs it with rows in the table."""
    directory = tmp_path / "migrations"
    shutil.copytree(Path(__file__).resolve().parent.parent / "migrations", directory,
                    ignore=shutil.ignore_patterns("__pycache__"))
    head = ScriptDirectory(str(directory)).get_current_head()
    states = _model_enum_columns()[("dossier", "state")][1]
    (directory / "versions" / "add_archived_state.py").write_text(f"""\
from migrations.enum_check import rebuild_enum_check

revision = "add_archived_state"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade():
    rebuild_enum_check("dossier", "state", {states + ["archived"]!r})


def downgrade():
    rebuild_enum_check("dossier", "state", {states!r})
""")
    upgrade(directory=str(directory), revision=head)
    dossier_id = _dossier_with_an_attachment()

    upgrade(directory=str(directory))
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE dossier SET state = 'archived' WHERE id = :id"), {"id": dossier_id})
        connection.execute(text("UPDATE dossier SET state = 'draft' WHERE id = :id"), {"id": dossier_id})
    downgrade(directory=str(directory), revision=head)
    with db.engine.connect() as connection:
        assert enum_check_problems(connection) == []
        assert _attachments(connection, dossier_id) == 1
        if db.engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
