"""For tests only: the append-only history tables made writable for the duration of a block.

Emptying the tables between tests (tests/conftest.py) and tampering with history on purpose (to see
``flask audit verify`` catch it) both need to get past the triggers of ``app.models.history``:
PostgreSQL disables them (``ALTER TABLE … DISABLE TRIGGER``, the table owner's right), SQLite has no
such switch, so they are dropped and created again. Both happen inside the caller's transaction.
"""
from contextlib import contextmanager

from sqlalchemy import text

from app.models.history import drop_statements, trigger_statements

HISTORY_TABLES = ("dossier_event", "scoring_event", "registry_event")


def _triggers(connection, enabled: bool) -> None:
    dialect = connection.dialect.name
    for table in HISTORY_TABLES:
        if dialect == "postgresql":
            connection.execute(text(f"ALTER TABLE {table} {'ENABLE' if enabled else 'DISABLE'} TRIGGER USER"))
        else:
            for statement in (trigger_statements if enabled else drop_statements)(dialect, table):
                connection.execute(text(statement))


@contextmanager
def history_unlocked(connection):
    _triggers(connection, enabled=False)
    yield connection
    _triggers(connection, enabled=True)
