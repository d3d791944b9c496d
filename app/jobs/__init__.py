"""Background jobs (issue 14): long work run by a worker, with its progress on a page.

A feature registers a **handler** for a kind of job (``register``), creates the job in its request
(``create``: the input goes into the row), commits and ``enqueue``s it; the request returns at once and
the user watches ``/jobs/<id>`` (or the feature's own page, which includes ``jobs/_progress.html``).

* ``queue.py`` — the task queue: Huey, with SQLite storage in ``instance/`` by default (no extra server,
  ``make run``), Redis when ``HUEY_REDIS_URL`` is set (production), immediate mode in tests;
* ``runner.py`` — how a worker runs a job: claims the row, runs the handler in an app context, reports
  progress in short transactions of its own, records the result or the error; the sweep re-queues a job
  whose message was lost or whose worker died (once);
* ``views.py`` — the job page and its progress partial; ``cli.py`` — ``flask jobs worker|sweep|check``.

This package sits low: it knows the models and the permissions module, never the features above it.
"""
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Flask

from app.extensions import db
from app.models.base import utcnow
from app.models.jobs import Job, JobStatus
from app.models.users import User

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


@dataclass(frozen=True)
class Handler:
    """What runs a kind of job: ``run(job, progress)`` does the work (raising ``JobFailed`` with a message
    for the user); ``label`` names the kind on the job page; ``result_url(job)`` is the next step once
    the job is done (a preview to confirm, a page), if there is one."""

    kind: str
    run: Callable
    label: object
    result_url: Callable[[Job], str | None] | None = None


HANDLERS: dict[str, Handler] = {}


def register(kind: str, run: Callable, *, label, result_url: Callable[[Job], str | None] | None = None) -> None:
    HANDLERS[kind] = Handler(kind, run, label, result_url)


def create(kind: str, user: User | None, *, params: dict | None = None, payload: bytes | None = None,
           total: int = 0, message: str = "") -> Job:
    """A queued job (flushed, not committed): the caller commits, then calls ``enqueue``."""
    if kind not in HANDLERS:
        raise KeyError(f"no handler for job kind {kind!r}")
    job = Job(kind=kind, user=user, status=JobStatus.QUEUED, params=params or {}, payload=payload,
              progress_done=0, progress_total=total, message=message, attempts=0, error="", result_name="",
              heartbeat_at=utcnow())
    db.session.add(job)
    db.session.flush()
    return job


def enqueue(job: Job | int) -> None:
    """Ring the worker's bell for a committed job (in tests, immediate mode runs it here and now)."""
    from app.jobs.queue import enqueue_id

    enqueue_id(job if isinstance(job, int) else job.id)


def init_app(app: Flask) -> None:
    from app.jobs import check, cli, queue, views  # noqa: F401  (views: routes on bp)

    queue.init_app(app)
    cli.register(app)
    app.register_blueprint(bp)
