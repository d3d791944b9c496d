"""gunicorn settings for khenthuong: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

Every setting can be changed by the environment (the systemd unit's EnvironmentFile) without editing this
file: GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_PRELOAD,
PROMETHEUS_MULTIPROC_DIR.

* Workers: one per core. The app is CPU-bound (templates, ORM): on 2 cores ``-w 4`` was never faster
  than ``-w 2`` (issue 14's measurements), and each worker costs ~110 MiB.
* Timeouts: a request may take up to 60 s (a large export); longer work runs as a background job.
* Access log off: the app writes one line per request itself (app/ops/logs.py, with the request id,
  endpoint and user), JSON with ``LOG_FORMAT=json``; gunicorn's error log goes to stderr (the journal).
* Preload: the app is imported once in the master and forked, so workers share its memory and a broken
  configuration fails at start, not in each worker. Safe because nothing opens a connection while
  importing: the database pool is emptied in each child anyway (``post_fork``), never shared across a fork.
* Metrics: each worker writes its counters to PROMETHEUS_MULTIPROC_DIR, emptied when the master starts
  and cleaned of a dead worker's gauges (app/ops/metrics.py adds all workers up on ``/metrics``).
"""
import multiprocessing
import os
import shutil


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _env_int("GUNICORN_WORKERS", multiprocessing.cpu_count())
threads = _env_int("GUNICORN_THREADS", 1)
worker_class = "sync" if threads == 1 else "gthread"
timeout = _env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5  # behind nginx, which keeps its upstream connections open
# A worker is replaced after this many requests (with jitter): a slow leak cannot grow forever.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = 200
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").lower() in ("1", "true", "yes")
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# nginx on the same host sets X-Forwarded-*; the app trusts them through ProxyFix (TRUSTED_PROXIES=1).
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = "khenthuong"


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        # Files of a previous run would add its counts to this one's.
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)


def post_fork(server, worker):
    # With preload the app (and its SQLAlchemy engine) was created in the master: a forked child must not
    # reuse a pooled connection of its parent. dispose(close=False) forgets them without closing the parent's.
    try:
        from app.extensions import db
        from wsgi import app

        with app.app_context():
            db.engine.dispose(close=False)
    except Exception:  # without preload nothing is imported yet, and nothing is to be disposed
        pass


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
