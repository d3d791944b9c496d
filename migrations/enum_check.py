"""The CHECK constraints of enum columns: rebuild one in a migration, read them back from a database.

Enum columns (``app.models.base.enum_column``) are VARCHARs with a CHECK listing the allowed values,
named by the metadata's naming convention ``ck_<table>_<enum name>`` (``ck_dossier_dossier_state``).
Alembic's autogenerate does not compare CHECK constraints: a value added to a Python enum gives an
empty migration and the database keeps refusing the value. The migration calls
``rebuild_enum_check`` with the column's full new list of values::

    from migrations.enum_check import rebuild_enum_check

    def upgrade():
        rebuild_enum_check("dossier", "state", ["draft", ..., "on_hold", "archived"])

``tests/test_migrations.py`` compares every enum CHECK of a migrated database with the models
(``read_enum_checks`` reads them).
"""
import re
from contextlib import contextmanager
from typing import NamedTuple

import sqlalchemy as sa
from alembic import op


class EnumCheck(NamedTuple):
    """A CHECK constraint of the form ``column IN ('a', 'b', ...)``, as the database holds it."""

    table: str
    column: str
    name: str
    values: tuple[str, ...]


def rebuild_enum_check(table: str, column: str, values, constraint_name: str | None = None) -> None:
    """Drop the CHECK on ``table.column`` and create it again, allowing exactly ``values``.

    ``values``: the column's complete list after the migration (every value, not only the new ones).
    ``constraint_name``: by default the name of the enum CHECK the database has on that column;
    give it (``ck_<table>_<enum name>``) to create one where there is none, or (PostgreSQL) to emit
    SQL offline with ``flask db upgrade --sql``.
    PostgreSQL: ALTER TABLE ... DROP CONSTRAINT / ADD CONSTRAINT, which checks the existing rows
    (update the rows that hold a removed value first). SQLite: the table is recreated by Alembic's
    batch mode, with foreign keys unenforced (migrations/env.py runs the migrations that way):
    dropping the old table would otherwise delete, through ON DELETE CASCADE, every row referring to it.
    """
    values = list(values)
    if not values or not all(isinstance(v, str) for v in values) or len(set(values)) != len(values):
        raise ValueError(f"rebuild_enum_check({table}.{column}): give the full list of distinct string values, "
                         f"got {values!r}")
    context = op.get_context()
    online = not context.as_sql
    if constraint_name is None:
        on_column = [c.name for c in read_enum_checks(op.get_bind(), table) if c.column == column] if online else []
        if len(on_column) != 1:
            found = f"found {len(on_column)} enum CHECK constraints on the column {on_column}" if online else \
                "emitting SQL offline, nothing can be looked up"
            raise LookupError(f"rebuild_enum_check({table}.{column}): {found}; pass constraint_name "
                              f"(ck_{table}_<the name given to enum_column>)")
        constraint_name = on_column[0]
    # Offline (--sql) nothing can be looked up: the constraint is assumed to be there.
    drop = not online or constraint_name in {name for _, name, _ in _check_constraints(op.get_bind(), table)}
    condition = sa.column(column).in_(values)
    name = op.f(constraint_name)  # already final: the naming convention must not be applied again
    if context.dialect.name == "sqlite":
        if online and op.get_bind().exec_driver_sql("PRAGMA foreign_keys").scalar():
            raise RuntimeError(
                f"rebuild_enum_check({table}.{column}) on SQLite needs foreign keys unenforced: recreating "
                f"the table would delete the rows referring to it (ON DELETE CASCADE). Run it through "
                f"`flask db upgrade` (migrations/env.py) or inside migrations.enum_check.sqlite_foreign_keys_off()."
            )
        with op.batch_alter_table(table, recreate="always") as batch:
            if drop:
                batch.drop_constraint(name, type_="check")
            batch.create_check_constraint(name, condition)
    else:
        if drop:
            op.drop_constraint(name, table, type_="check")
        op.create_check_constraint(name, table, condition)


def read_enum_checks(connection, table: str | None = None) -> list[EnumCheck]:
    """The database's CHECK constraints of the form ``column IN ('a', 'b', ...)`` (of one table, or all)."""
    found = []
    for table_name, name, expression in _check_constraints(connection, table):
        parsed = _parse_in_list(expression)
        if parsed:
            found.append(EnumCheck(table_name, parsed[0], name, parsed[1]))
    return found


@contextmanager
def sqlite_foreign_keys_off(connection):
    """On SQLite, run the block with foreign keys unenforced, then check them and enforce them again.

    Batch migrations recreate a table (copy, drop, rename): with foreign keys enforced, the drop
    deletes (ON DELETE CASCADE) or nulls (SET NULL) the rows of other tables referring to it.
    SQLite ignores the pragma inside a transaction, so the connection must not be in one.
    Does nothing on other databases.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    was_on = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        if connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
            raise RuntimeError("PRAGMA foreign_keys=OFF had no effect: the SQLite connection is inside a transaction")
        connection.commit()
        yield
        if connection.in_transaction():
            connection.commit()
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError("rows refer to missing parents after the migration (table, rowid, parent, fk): "
                               f"{broken[:10]}")
    finally:
        if connection.in_transaction():
            connection.rollback()
        if was_on:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


# --- reading CHECK constraints back -------------------------------------------------------------------

_LITERAL = re.compile(r"'((?:[^']|'')*)'")
# PostgreSQL writes casts into the definitions it gives back: ('a'::character varying), (state)::text, text[].
_CAST = re.compile(r"::\s*(?:character varying|double precision|[a-z_][a-z0-9_]*)(?:\(\d+\))?(?:\[\])?", re.I)
_IN_LIST = re.compile(r"^(?P<column>\w+) IN \?(?:, \?)*$", re.I)  # SQLite: state IN ('a', 'b')
_ANY_ARRAY = re.compile(r"^(?P<column>\w+) = ANY ARRAY\[\?(?:, \?)*\]$", re.I)  # PostgreSQL: = ANY (ARRAY[...])
_SQLITE_CHECK = re.compile(r'\bCONSTRAINT\s+("(?:[^"]|"")+"|`[^`]+`|\[[^\]]+\]|\w+)\s+CHECK\s*\(', re.I)


def _parse_in_list(expression: str) -> tuple[str, tuple[str, ...]] | None:
    """``(column, values)`` when the CHECK expression only lists a column's allowed strings."""
    values = tuple(m.group(1).replace("''", "'") for m in _LITERAL.finditer(expression))
    shape = _LITERAL.sub("?", expression)
    shape = _CAST.sub("", shape)
    shape = re.sub(r'[()"]', " ", shape)
    shape = re.sub(r"\s*,\s*", ", ", re.sub(r"\s+", " ", shape)).strip()
    shape = re.sub(r"^CHECK ", "", shape, flags=re.I)
    shape = re.sub(r"\[ ", "[", re.sub(r" \]", "]", shape))
    match = _IN_LIST.match(shape) or _ANY_ARRAY.match(shape)
    return (match.group("column"), values) if match and values else None


def _check_constraints(connection, table: str | None):
    """``(table, name, expression)`` for each named CHECK constraint."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        params = {}
        if table is not None:
            query += " AND name = :table"
            params["table"] = table
        for table_name, ddl in connection.execute(sa.text(query), params):
            for name, expression in _sqlite_checks(ddl or ""):
                yield table_name, name, expression
    elif dialect == "postgresql":
        query = """
            SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            JOIN pg_class t ON t.oid = c.conrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE c.contype = 'c' AND n.nspname = current_schema()
        """
        params = {}
        if table is not None:
            query += " AND t.relname = :table"
            params["table"] = table
        yield from connection.execute(sa.text(query + " ORDER BY t.relname, c.conname"), params)
    else:
        raise NotImplementedError(f"reading CHECK constraints from {dialect}")


def _sqlite_checks(ddl: str):
    """``(name, expression)`` of each ``CONSTRAINT name CHECK (expression)`` in a CREATE TABLE."""
    # Blank out string literals (same length) so that brackets inside them do not count.
    masked = _LITERAL.sub(lambda m: "'" + " " * len(m.group(1)) + "'", ddl)
    for match in _SQLITE_CHECK.finditer(masked):
        depth, start = 1, match.end()
        for end in range(start, len(masked)):
            depth += {"(": 1, ")": -1}.get(masked[end], 0)
            if depth == 0:
                break
        else:
            continue
        name = match.group(1)
        if name[0] in '"`[':
            name = name[1:-1].replace('""', '"')
        yield name, ddl[start:end].strip()
