"""Append-only history: the database triggers that refuse to change or delete history rows, and the
hash that chains each dossier's history rows together.

The triggers are the database's own guard, so that no code path (a bug, a cascade, a console session
through the app's account) rewrites the audit trail. ``append_only(table)`` attaches them to a table's
CREATE (``db.create_all()``, which the tests use); the migrations create them with the same statements
(``trigger_statements``).

The chain shows a change made behind the triggers' back (by whoever can disable them): each row stores
the previous row's hash and the SHA-256 of that hash followed by its own canonical content
(``event_hash``); ``flask audit verify`` (``app.audit``) recomputes every chain.
"""
import enum
import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import DDL, Table, event

# PostgreSQL: one trigger function for every history table; it names the table and the operation refused.
# ERRCODE restrict_violation (class 23): drivers report it as an integrity error, as SQLite's RAISE(ABORT) is.
_PG_FUNCTION = """\
CREATE OR REPLACE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = TG_TABLE_NAME || ' is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'restrict_violation';
END
$$"""


def trigger_statements(dialect: str, table: str) -> list[str]:
    """The statements that make ``table`` append-only on ``dialect`` ("postgresql" or "sqlite")."""
    if dialect == "postgresql":
        return [
            _PG_FUNCTION,
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION history_append_only()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION history_append_only()",
        ]
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} refused'); END"
            for operation in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"append-only triggers on {dialect}")


def drop_statements(dialect: str, table: str) -> list[str]:
    """The statements that remove the triggers again (the PostgreSQL function stays: other tables use it)."""
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"]
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_no_{operation}" for operation in ("update", "delete")]
    raise NotImplementedError(f"append-only triggers on {dialect}")


def append_only(table: Table) -> None:
    """Create the triggers whenever ``table`` is created from the models (``metadata.create_all``)."""
    for dialect in ("postgresql", "sqlite"):
        for statement in trigger_statements(dialect, table.name):
            event.listen(table, "after_create", DDL(statement).execute_if(dialect=dialect))


def _value(member):
    return member.value if isinstance(member, enum.Enum) else member


def event_hash(prev_hash: str | None, *, dossier_id: int, action: str, actor_id: int | None, actor_role,
               from_state, to_state, comment: str, created_at: datetime, on_behalf_of_id: int | None = None) -> str:
    """SHA-256 (hex) of the previous row's hash followed by this row's canonical content.

    The content is a JSON array (no spaces, UTF-8) of the dossier id, action, actor id, role, from and to
    state (enum values), comment and the UTC time in ISO 8601, then, only for a row written under a
    delegation, the id of the user acted for (so the rows written before delegations existed keep their
    hashes). Changing it changes every stored hash: a migration would then have to recompute them.
    """
    fields = [dossier_id, action, actor_id, _value(actor_role), _value(from_state), _value(to_state), comment,
              created_at.astimezone(UTC).isoformat()]
    if on_behalf_of_id is not None:
        fields.append(on_behalf_of_id)
    content = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(((prev_hash or "") + content).encode("utf-8")).hexdigest()
