"""Liveness and readiness for a load balancer, systemd or an orchestrator.

``/healthz`` answers as long as the process serves requests, without touching the database: a database
outage must not make every app server look dead (restarting them would not help). ``/readyz`` says
whether this server can do its work: the database answers within ``READYZ_TIMEOUT_SECONDS``, the job
queue's storage (Redis or the SQLite file) answers, and the database schema is at the migrations' head
(a server of a newer release started before ``flask db upgrade`` is not ready). Both answer JSON, need
no login and are exempt from rate limits; a failed check answers 503 with its reason.
"""
import os
import time
from collections.abc import Callable

from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import inspect, text

from app.extensions import db, limiter

bp = Blueprint("ops", __name__)

_heads: dict[str, frozenset[str]] = {}


def migration_heads() -> frozenset[str]:
    """The revisions at the head of ``migrations/versions`` (read once per process: files do not move)."""
    if "heads" not in _heads:
        from alembic.config import Config as AlembicConfig
        from alembic.script import ScriptDirectory

        directory = os.path.join(os.path.dirname(current_app.root_path), "migrations")
        config = AlembicConfig()
        config.set_main_option("script_location", directory)
        _heads["heads"] = frozenset(ScriptDirectory.from_config(config).get_heads())
    return _heads["heads"]


def check_database() -> dict:
    timeout_ms = int(float(current_app.config.get("READYZ_TIMEOUT_SECONDS", 2)) * 1000)
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # A database that accepts the connection but hangs (locks, overload) fails the check in time;
            # SET LOCAL ends with this transaction, so the pooled connection goes back unchanged.
            connection.execute(text(f"SET LOCAL statement_timeout = {timeout_ms}"))
        connection.execute(text("SELECT 1"))
        if not inspect(connection).has_table("alembic_version"):
            raise RuntimeError("the database has no alembic_version table: run `flask db upgrade`")
        current = frozenset(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
        connection.rollback()
    expected = migration_heads()
    if current != expected:
        raise RuntimeError(f"migrations not at head: database {sorted(current)}, code {sorted(expected)}")
    return {"migrations": sorted(current)}


def check_queue() -> dict:
    from app.jobs.queue import huey_of

    huey = huey_of(current_app)
    return {"pending": huey.pending_count(), "storage": type(huey.storage).__name__}


def _run(check: Callable[[], dict]) -> dict:
    started = time.monotonic()
    try:
        result = {"ok": True, **check()}
    except Exception as error:
        current_app.logger.warning("readiness check %s failed: %s", check.__name__, error)
        # The message names what failed (connection refused, migrations behind), never a password: the
        # drivers' messages carry host and port only.
        result = {"ok": False, "error": str(error).splitlines()[0][:300] if str(error) else type(error).__name__}
        db.session.rollback()
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


@bp.route("/healthz")
@limiter.exempt
def healthz():
    return jsonify(status="ok")


@bp.route("/readyz")
@limiter.exempt
def readyz():
    checks = {"database": _run(check_database), "queue": _run(check_queue)}
    ready = all(check["ok"] for check in checks.values())
    response = jsonify(status="ready" if ready else "not ready", checks=checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
