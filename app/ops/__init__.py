"""Running several app servers (issue 14): health endpoints, structured request logs with a request id,
Prometheus metrics, static URLs safe to cache for a year, and the clean 503 when the database is away.

* ``health.py`` — ``/healthz`` (liveness) and ``/readyz`` (database, queue, migrations);
* ``logs.py`` — ``LOG_FORMAT=json|text``, ``X-Request-ID``, one line per request;
* ``metrics.py`` — ``/metrics`` (request latency by endpoint, job queue depth, workflow transitions);
* ``static.py`` — ``url_for('static', …)`` carries a hash of the file's content (``?v=…``);
* ``faults.py`` — a lost database connection answers 503 with a page, and the next request reconnects;
* ``flask storage move`` (app/filestore.py: attachments on disk or in the database) is registered here.

The deployment files that use them are in ``deploy/`` (gunicorn, systemd, nginx).
"""
from flask import Flask


def init_app(app: Flask) -> None:
    from app import filestore
    from app.ops import faults, health, logs, metrics, static

    logs.init_app(app)
    health.init_app(app)
    metrics.init_app(app)
    static.init_app(app)
    faults.init_app(app)
    filestore.register_cli(app)
