"""The task queue behind the jobs: Huey, configured from the Flask config.

Why Huey: a small, well-kept queue with exactly the two storages we need — SQLite (a file in
``instance/``, no server to run: ``make run`` and a single machine) and Redis (several app servers and
workers: production) — and an immediate mode for tests. Huey carries one thing only, "run job N": the
job's input, progress and result live in the job's row, so a lost message or a flushed queue loses no
work (``runner.sweep`` rings again).

Settings: ``HUEY_REDIS_URL`` (or ``REDIS_URL``) selects Redis; otherwise ``HUEY_SQLITE_PATH`` (default
``instance/huey.sqlite``). ``HUEY_IMMEDIATE`` runs each job inside the request that queues it (default:
on when testing). ``JOB_WORKERS`` threads per worker process, ``JOB_STALE_SECONDS`` without a sign of
life before a running job counts as abandoned.
"""
import logging
import os

import redis
from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab

log = logging.getLogger(__name__)


def build(app: Flask) -> Huey:
    config = app.config
    immediate = config.get("HUEY_IMMEDIATE")
    if immediate is None:
        immediate = bool(app.testing)
    name = config.get("HUEY_NAME", "khenthuong")
    redis_url = config.get("HUEY_REDIS_URL") or config.get("REDIS_URL")
    huey: Huey
    if redis_url:
        # Bounded waits: an unreachable Redis fails enqueue and /readyz in seconds (the job waits in its row)
        # instead of hanging a request; the socket timeout stays above the consumer's 1 s blocking read.
        pool = redis.ConnectionPool.from_url(redis_url, socket_connect_timeout=3, socket_timeout=10)
        huey = RedisHuey(name, connection_pool=pool, results=False, immediate=immediate)
    else:
        path = config.get("HUEY_SQLITE_PATH") or os.path.join(app.instance_path, "huey.sqlite")
        huey = SqliteHuey(name, filename=path, results=False, immediate=immediate)
    return huey


def init_app(app: Flask) -> None:
    from app.jobs import runner

    huey = build(app)

    # One task: "run job N", inside an app context of this app (the worker has no request).
    @huey.task(name="jobs.run")
    def run_job(job_id: int) -> None:
        with app.app_context():
            runner.run(job_id)

    # Every minute the worker looks for jobs left behind (a lost message, a dead worker).
    @huey.periodic_task(crontab(minute="*"), name="jobs.sweep")
    def sweep_jobs() -> None:
        with app.app_context():
            runner.sweep()

    app.extensions["huey"] = huey
    app.extensions["huey.run_job"] = run_job


def huey_of(app: Flask) -> Huey:
    return app.extensions["huey"]


def enqueue_id(job_id: int) -> None:
    """Queue "run job N". If the queue cannot be reached (Redis down) the job stays queued in its row
    and the sweep queues it again once the queue is back: nothing is lost, the user sees it waiting."""
    try:
        current_app.extensions["huey.run_job"](job_id)
    except Exception:  # the storage's own errors (redis.ConnectionError, sqlite3.OperationalError, …)
        log.exception("job %s: the task queue could not be reached; the sweep will queue it again", job_id)
