"""Faults (issue 14): the database drops connections under load, Redis goes away, a worker is killed in
the middle of a job. Each time: a clean answer (a 503 page, a message), nothing lost, and recovery without
restarting anything. Services are not stopped (other people's tests use them): PostgreSQL backends of this
test database are terminated with pg_terminate_backend, and Redis is reached through a relay that is cut."""
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from app import jobs
from app.extensions import db
from app.jobs import queue, runner
from app.jobs.check import KIND as CHECK
from app.models import Role
from app.models.base import utcnow
from app.models.jobs import Job, JobStatus
from tests.gunicorn_servers import REDIS, ROOT, Client, Relay, gunicorn, log_in, reachable, server_env, stop

postgresql_only = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="terminating database connections is a PostgreSQL fault (SQLite has no server to lose)")
needs_redis = pytest.mark.skipif(not reachable(REDIS), reason="no Redis on 127.0.0.1:6379")


def _terminate_backends(url: str) -> int:
    """End every other connection to this test database (and only to it), as a restart or failover would."""
    engine = create_engine(url, poolclass=None)
    try:
        with engine.connect() as connection:
            return len(connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")).all())
    finally:
        engine.dispose()


@postgresql_only
def test_a_connection_lost_in_the_middle_of_a_request_is_a_503_and_the_next_request_works(app, make):
    from app.nominations import views

    user = make.make_actor(Role.OFFICER)
    client = make.signed_in_client(app, user)
    assert client.get("/dossiers/").status_code == 200
    original = views.render_region_or_page

    def killed_midway(*args, **kwargs):
        # This request's own connection is ended by the server between two of its queries.
        db.session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return original(*args, **kwargs)

    app.config["PROPAGATE_EXCEPTIONS"] = False
    views.render_region_or_page = killed_midway
    try:
        response = client.get("/dossiers/")
    finally:
        views.render_region_or_page = original
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 503
    assert "The database cannot be reached right now" in response.get_data(as_text=True)
    # No restart: the broken connection left the pool, pre-ping vets the others.
    assert client.get("/dossiers/").status_code == 200


@postgresql_only
def test_database_connections_terminated_under_load_fail_cleanly_and_recover(app, make, tmp_path):
    url = os.environ["TEST_DATABASE_URL"]
    user = make.make_user(Role.OFFICER)
    db.session.commit()
    env = server_env(url, GUNICORN_WORKERS="2", GUNICORN_THREADS="3", UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with gunicorn(env, tmp_path) as (base, log, process):
        try:
            _load_and_terminate(url, base, user, log, process)
        finally:
            # The test's own connection was terminated too: drop it (the pool's others pass pre-ping or go).
            try:
                db.session.remove()
            except Exception:
                db.session().invalidate()
                db.session.registry.clear()


def _load_and_terminate(url, base, user, log, process) -> None:
    browser = Client()
    assert log_in(browser, base, user.username).status == 303
    statuses: list[int] = []
    stop_load = threading.Event()

    def load():
        mine = Client()
        mine.cookies = dict(browser.cookies)
        while not stop_load.is_set():
            response = mine.get(base, "/dossiers/")
            statuses.append(response.status)
            if response.status == 503:
                assert "Traceback" not in response.text and response.getheader("Retry-After") == "5"

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    terminated = 0
    for _ in range(15):
        time.sleep(0.15)
        terminated += _terminate_backends(url)
    stop_load.set()
    for thread in threads:
        thread.join(timeout=30)
    assert terminated > 0 and len(statuses) > 20
    assert set(statuses) <= {200, 503}, (sorted(set(statuses)), log.read_text()[-4000:])
    # Back to normal at once, same processes (no restart).
    assert all(browser.get(base, "/dossiers/").status == 200 for _ in range(8))
    assert process.poll() is None
    assert "Traceback" not in log.read_text()


@needs_redis
def test_redis_down_jobs_wait_in_their_rows_readiness_says_so_and_nothing_is_lost(app, client, caplog):
    relay = Relay(REDIS)
    saved = {key: app.config.get(key) for key in ("HUEY_REDIS_URL", "HUEY_IMMEDIATE", "HUEY_NAME", "JOB_STALE_SECONDS")}
    app.config.update(HUEY_REDIS_URL=f"redis://127.0.0.1:{relay.port}/0", HUEY_IMMEDIATE=False,
                      HUEY_NAME=f"kt-faults-{os.getpid()}", JOB_STALE_SECONDS=0)
    queue.init_app(app)
    huey = queue.huey_of(app)
    try:
        # Redis down: queuing the job does not fail the request; the job waits in its row.
        job = jobs.create(CHECK, None, params={"steps": 2}, total=2)
        db.session.commit()
        jobs.enqueue(job)
        assert "the task queue could not be reached" in caplog.text
        assert db.session.get(Job, job.id).status is JobStatus.QUEUED
        started = time.monotonic()
        ready = client.get("/readyz")
        assert ready.status_code == 503 and time.monotonic() - started < 5
        assert ready.json["checks"]["queue"]["ok"] is False and ready.json["checks"]["queue"]["error"]

        # Redis back: the sweep rings again, a worker runs the job once.
        relay.restore()
        assert runner.sweep()["queued_again"] == 1
        assert huey.pending_count() == 1
        task = huey.dequeue()
        huey.execute(task)
        db.session.expire_all()
        done = db.session.get(Job, job.id)
        assert done.status is JobStatus.DONE and done.attempts == 1 and done.result == {"steps": 2}
        assert huey.pending_count() == 0
    finally:
        relay.cut()
        _forget_redis_keys(app.config["HUEY_NAME"])
        app.config.update(saved)
        queue.init_app(app)


def _forget_redis_keys(prefix: str) -> None:
    import redis

    connection = redis.Redis(host=REDIS[0], port=REDIS[1], db=0)
    for key in connection.scan_iter(f"*{prefix}*"):
        connection.delete(key)
    connection.close()


@needs_redis
def test_redis_down_logins_still_work_and_are_still_limited(app, make, tmp_path):
    """The per-address limit falls back to the process's memory (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED); the
    per-username lock is in the database. Neither refuses everyone because Redis is away."""
    relay = Relay(REDIS)  # never restored: a port where nothing answers
    user = make.make_user(Role.OFFICER)
    db.session.commit()
    env = server_env(os.environ.get("TEST_DATABASE_URL") or app.config["SQLALCHEMY_DATABASE_URI"],
                     RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{relay.port}/0",
                     REDIS_URL=f"redis://127.0.0.1:{relay.port}/0", UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with gunicorn(env, tmp_path) as (base, log, _process):
        assert log_in(Client(), base, user.username).status == 303
        sprayer = Client(forwarded_for=None)
        statuses = [log_in(sprayer, base, f"nobody{n}", "guess").status for n in range(11)]
        assert statuses[:9] == [200] * 9 and statuses[-1] == 429, statuses
        ready = Client().get(base, "/readyz")
        assert ready.status == 503 and b'"queue"' in ready.body


def test_a_worker_killed_mid_job_is_retried_once_and_not_duplicated(app, tmp_path):
    """A real `flask jobs worker` is killed (SIGKILL) while a job runs; the job stays 'running' with one
    attempt; the next worker's start-up sweep queues it again once, and it is done by attempt 2 — done once."""
    url = os.environ.get("TEST_DATABASE_URL") or app.config["SQLALCHEMY_DATABASE_URI"]
    job = jobs.create(CHECK, None, params={"steps": 40, "delay": 0.1}, total=40)
    # Its message "lost" (never queued here: the test app runs jobs immediately), so the first worker's
    # start-up sweep finds it by its row, as after any lost message.
    job.heartbeat_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    env = server_env(url, HUEY_SQLITE_PATH=str(tmp_path / "huey.sqlite"), FLASK_APP="wsgi", REDIS_URL="",
                     HUEY_REDIS_URL="", UPLOAD_FOLDER=str(tmp_path / "uploads"))
    env.pop("REDIS_URL"), env.pop("HUEY_REDIS_URL")

    handles = []

    def worker(stale_seconds: int, log_name: str) -> subprocess.Popen:
        handles.append((tmp_path / log_name).open("wb"))
        return subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker", "--workers", "1"], cwd=ROOT,
                                env={**env, "JOB_STALE_SECONDS": str(stale_seconds)},
                                stdout=handles[-1], stderr=subprocess.STDOUT,
                                start_new_session=True)

    def state() -> Job:
        db.session.expire_all()
        found = db.session.get(Job, job.id)
        assert found is not None
        return found

    first = worker(600, "worker1.log")
    try:
        deadline = time.monotonic() + 30
        while not (state().status is JobStatus.RUNNING and state().progress_done >= 3):
            assert time.monotonic() < deadline, (tmp_path / "worker1.log").read_text()[-2000:]
            time.sleep(0.1)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        stop(first)
    killed = state()
    assert killed.status is JobStatus.RUNNING and killed.attempts == 1 and killed.progress_done < 40

    time.sleep(1.1)  # older than JOB_STALE_SECONDS=1 for the next worker
    second = worker(1, "worker2.log")
    try:
        deadline = time.monotonic() + 40
        while state().status is not JobStatus.DONE:
            assert state().status is not JobStatus.FAILED, state().error
            assert time.monotonic() < deadline, (tmp_path / "worker2.log").read_text()[-2000:]
            time.sleep(0.2)
    finally:
        stop(second)
        for handle in handles:
            handle.close()
    done = state()
    assert done.attempts == 2 and done.result == {"steps": 40} and done.progress_done == 40
