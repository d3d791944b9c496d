"""Prometheus metrics at ``/metrics``, with prometheus_client (the Prometheus project's own exporter).

* ``khenthuong_http_request_duration_seconds`` — a histogram of request latency by endpoint (the Flask
  endpoint name, never the raw path: ids in paths would make a series per dossier), method and status;
* ``khenthuong_jobs`` — jobs by status (queued, running) read from the job rows at scrape time, and
  ``khenthuong_job_queue_pending`` — messages waiting in Huey's storage (Redis or SQLite);
* ``khenthuong_workflow_transitions_total`` — workflow actions by name, counted when their transaction
  commits (a refused or rolled-back action is not counted).

Under gunicorn every worker is a process of its own: with ``PROMETHEUS_MULTIPROC_DIR`` set (deploy/
gunicorn.conf.py sets and empties it) the counters go to files there and a scrape adds up all workers.

Who may read it: clients in ``METRICS_ALLOWED_NETWORKS`` (default loopback only) or anyone presenting
``Authorization: Bearer <METRICS_TOKEN>``; everyone else gets 404 (nothing to see here).
"""
import hmac
import ipaddress
import os
import time

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.extensions import db, limiter

REQUEST_LATENCY = Histogram(
    "khenthuong_http_request_duration_seconds", "Time to answer a request, by Flask endpoint.",
    ["endpoint", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
TRANSITIONS = Counter("khenthuong_workflow_transitions", "Workflow actions applied (committed), by action.",
                      ["action"])
_PENDING_KEY = "khenthuong.metrics.transitions"


def transition_applied(session: Session, action: str) -> None:
    """Note a workflow action in this session; it is counted when the session commits (app/workflow/engine)."""
    session.info.setdefault(_PENDING_KEY, []).append(action)


@event.listens_for(Session, "after_commit")
def _count_committed(session: Session) -> None:
    for action in session.info.pop(_PENDING_KEY, ()):
        TRANSITIONS.labels(action=action).inc()


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)


class JobsCollector:
    """Job queue depth, read when Prometheus scrapes (a gauge kept per process would disagree between workers)."""

    def collect(self):
        from app.jobs.queue import huey_of
        from app.models.jobs import Job, JobStatus

        jobs = GaugeMetricFamily("khenthuong_jobs", "Background jobs not finished yet, by status.", labels=["status"])
        counts = dict(db.session.execute(
            select(Job.status, func.count()).where(Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))
            .group_by(Job.status)).all())
        for status in (JobStatus.QUEUED, JobStatus.RUNNING):
            jobs.add_metric([status.value], counts.get(status, 0))
        yield jobs
        pending = GaugeMetricFamily("khenthuong_job_queue_pending",
                                    "Messages waiting in the task queue's storage (Redis or SQLite).")
        try:
            pending.add_metric([], huey_of(current_app).pending_count())
        except Exception:  # the queue is down: /readyz says so; the scrape still returns the rest
            pending.add_metric([], float("nan"))
        yield pending


def _allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN") or ""
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in _networks())


def _networks() -> list:
    raw = current_app.config.get("METRICS_ALLOWED_NETWORKS") or ""
    return [ipaddress.ip_network(part.strip(), strict=False) for part in raw.split(",") if part.strip()]


def metrics_view():
    if not _allowed():
        abort(404)
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY  # one process: its own metrics (and Python's process/GC collectors)
    output = generate_latest(registry)
    output += generate_latest(_jobs_registry())
    return Response(output, mimetype=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def _jobs_registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(JobsCollector())
    return registry


def init_app(app: Flask) -> None:
    # Validated at start-up: a typo in the allowed networks is a configuration error, not a silent 404.
    with app.app_context():
        _networks()
    app.add_url_rule("/metrics", "ops.metrics", limiter.exempt(metrics_view))

    @app.after_request
    def observe(response):
        started = g.get("request_started")  # set by app/ops/logs.py for every request
        if started is not None:
            REQUEST_LATENCY.labels(endpoint=request.endpoint or "none", method=request.method,
                                   status=str(response.status_code)).observe(time.perf_counter() - started)
        return response
