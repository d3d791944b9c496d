"""Background jobs (issue 14): running, progress, failures, the page and its permissions, jobs left behind
by a dead worker (retried once, never applied twice), and a real worker process."""
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app import create_app, jobs
from app.extensions import db
from app.jobs import runner
from app.jobs.check import KIND as CHECK
from app.models import Role, Unit
from app.models.base import utcnow
from app.models.jobs import Job, JobStatus
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def start(kind=CHECK, user=None, **params):
    job = jobs.create(kind, user, params=params)
    db.session.commit()
    return job


def reload(job: Job) -> Job:
    db.session.expire_all()
    fresh = db.session.get(Job, job.id)
    assert fresh is not None
    return fresh


def test_a_job_runs_with_its_progress_in_immediate_mode(make):
    user = make.make_user()
    job = start(user=user, steps=4)
    jobs.enqueue(job)
    job = reload(job)
    assert job.status is JobStatus.DONE
    assert (job.progress_done, job.progress_total, job.percent) == (4, 4, 100)
    assert job.result == {"steps": 4}
    assert job.attempts == 1 and job.started_at and job.finished_at


def test_a_failed_job_keeps_its_error_and_shows_it_to_its_starter(make, login):
    user = make.make_user()
    job = start(user=user, fail=True)
    jobs.enqueue(job)
    assert reload(job).status is JobStatus.FAILED
    assert reload(job).error == "The check job was asked to fail."
    page = login(user).get(f"/jobs/{job.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "The check job was asked to fail." in html and "hx-trigger" not in html


def test_an_unexpected_error_fails_the_job_with_a_general_message(make, monkeypatch):
    from app.jobs import check

    def boom(job, progress):
        raise RuntimeError("secret internals")

    monkeypatch.setitem(jobs.HANDLERS, CHECK, jobs.Handler(CHECK, boom, "x"))
    job = start(user=make.make_user())
    jobs.enqueue(job)
    job = reload(job)
    assert job.status is JobStatus.FAILED
    assert "unexpected error" in job.error and "secret" not in job.error
    assert check.KIND == CHECK


def logged_in(app, user):
    db.session.commit()
    client = app.test_client()
    assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 303
    return client


def test_the_job_page_is_its_starters_and_the_administrators_only(make, app):
    owner = make.make_user()
    other = make.make_user(unit=owner.unit)
    admin = make.make_user(Role.ADMIN)
    job = start(user=owner)
    client = logged_in(app, other)
    assert client.get(f"/jobs/{job.id}").status_code == 404
    assert client.get(f"/jobs/{job.id}/progress").status_code == 404
    assert client.get(f"/jobs/{job.id + 1000}").status_code == 404
    assert logged_in(app, admin).get(f"/jobs/{job.id}").status_code == 200
    assert logged_in(app, owner).get(f"/jobs/{job.id}").status_code == 200


def test_the_progress_partial_polls_while_active_and_stops_when_done(make, login):
    user = make.make_user()
    job = start(user=user)
    client = login(user)
    waiting = client.get(f"/jobs/{job.id}/progress", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in waiting and "Waiting" in waiting
    jobs.enqueue(job)
    db.session.expire_all()  # the test's requests share its session (conftest): forget the job as it was
    response = client.get(f"/jobs/{job.id}/progress?follow=1", headers={"HX-Request": "true"})
    done = response.get_data(as_text=True)
    assert "hx-trigger" not in done and "Done" in done
    assert response.headers.get("HX-Refresh") == "true"  # the waiting page reloads into the outcome


def test_a_job_already_done_is_not_redone(make):
    job = start(user=make.make_user())
    jobs.enqueue(job)
    runner.run(job.id)
    jobs.enqueue(job)
    job = reload(job)
    assert job.status is JobStatus.DONE and job.attempts == 1


def test_a_job_whose_worker_died_is_retried_once(make, app):
    user = make.make_user()
    job = start(user=user)
    old = utcnow() - timedelta(seconds=app.config["JOB_STALE_SECONDS"] + 60)
    # A worker took it (attempt 1) and died: no sign of life since.
    db.session.execute(update(Job).where(Job.id == job.id).values(status=JobStatus.RUNNING, attempts=1,
                                                                    heartbeat_at=old))
    db.session.commit()
    assert runner.sweep() == {"queued_again": 1, "failed": 0}
    job = reload(job)
    assert job.status is JobStatus.DONE and job.attempts == 2
    # The second attempt's worker died too: the job fails, with a message, and is not taken a third time.
    second = start(user=user)
    db.session.execute(update(Job).where(Job.id == second.id).values(status=JobStatus.RUNNING, attempts=2,
                                                                       heartbeat_at=old))
    db.session.commit()
    assert runner.sweep() == {"queued_again": 0, "failed": 1}
    second = reload(second)
    assert second.status is JobStatus.FAILED and "interrupted twice" in second.error


def test_a_job_whose_message_was_lost_is_queued_again(make, app):
    job = start(user=make.make_user())  # committed, never enqueued (the queue was down)
    old = utcnow() - timedelta(seconds=app.config["JOB_STALE_SECONDS"] + 60)
    db.session.execute(update(Job).where(Job.id == job.id).values(heartbeat_at=old))
    db.session.commit()
    assert runner.sweep()["queued_again"] == 1
    assert reload(job).status is JobStatus.DONE


def test_an_attempt_the_sweep_gave_away_writes_nothing(make, monkeypatch):
    """The first worker was only slow: the sweep gave its job to a second attempt. When the first finishes,
    its work (here a unit it adds) is rolled back with it: the work is applied once, by the attempt that owns it."""

    def slow_worker(job, progress):
        # While it was reading, the sweep re-queued the job and another worker took it (attempt 2).
        with db.engine.begin() as other:
            other.execute(update(Job.__table__).where(Job.__table__.c.id == job.id)
                          .values(attempts=Job.__table__.c.attempts + 1))
        db.session.add(Unit(code="FROM-ATTEMPT-1", name="x", kind=make.UnitKind.DEPARTMENT,
                            valid_from=utcnow().date(), search_key="x"))
        db.session.flush()
        return runner.JobResult({"applied": True})

    monkeypatch.setitem(jobs.HANDLERS, CHECK, jobs.Handler(CHECK, slow_worker, "x"))
    job = start(user=make.make_user())
    jobs.enqueue(job)
    job = reload(job)
    assert job.status is JobStatus.RUNNING and job.result is None  # the second attempt's to finish
    assert db.session.scalar(select(func.count()).select_from(Unit).where(Unit.code == "FROM-ATTEMPT-1")) == 0


def test_jobs_check_command_in_immediate_mode(app):
    result = app.test_cli_runner().invoke(args=["jobs", "check", "--wait", "5"])
    assert result.exit_code == 0, result.output
    assert "done" in result.output


def test_a_real_worker_process_runs_a_queued_job(database_url, tmp_path, make):
    """``flask jobs worker`` (Huey's consumer on a SQLite queue file) against the test database."""
    queue_file = str(tmp_path / "huey.sqlite")
    env = {**os.environ, "DATABASE_URL": database_url, "HUEY_SQLITE_PATH": queue_file, "FLASK_APP": "wsgi",
           "SECRET_KEY": "worker-test-secret-" + "x" * 20, "JOB_WORKERS": "1"}
    env.pop("HUEY_REDIS_URL", None)
    env.pop("REDIS_URL", None)
    job = start(user=make.make_user(), steps=3, delay=0.05)
    job_id = job.id
    # The web side of a non-immediate setup: "run job N" goes into the queue file before any worker runs.
    sender = create_app({"TESTING": True, "SECRET_KEY": "s", "SQLALCHEMY_DATABASE_URI": database_url,
                         "HUEY_IMMEDIATE": False, "HUEY_SQLITE_PATH": queue_file})
    with sender.app_context():
        jobs.enqueue(job_id)
        db.engine.dispose()
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        worker = subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker"], cwd=ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        status = JobStatus.QUEUED
        while time.monotonic() < deadline:
            db.session.expire_all()
            status = db.session.scalar(select(Job.status).where(Job.id == job_id))
            if status is JobStatus.DONE:
                break
            assert worker.poll() is None, log_path.read_text(errors="replace")
            time.sleep(0.2)
        db.session.rollback()
        assert status is JobStatus.DONE, log_path.read_text(errors="replace")
        done = db.session.get(Job, job_id)
        assert done is not None and done.progress_done == 3 and done.result == {"steps": 3}
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            pytest.fail("the worker did not stop on SIGTERM")


def test_the_queue_is_redis_when_configured_else_a_sqlite_file(tmp_path, monkeypatch):
    from huey import RedisHuey, SqliteHuey

    from app.config import apply_env
    from app.jobs.queue import huey_of

    base = {"TESTING": True, "SECRET_KEY": "s", "SQLALCHEMY_DATABASE_URI": "sqlite://", "HUEY_IMMEDIATE": False}
    assert isinstance(huey_of(create_app({**base, "HUEY_REDIS_URL": "redis://127.0.0.1:6379/15"})), RedisHuey)
    path = str(tmp_path / "queue.sqlite")
    on_file = huey_of(create_app({**base, "HUEY_SQLITE_PATH": path}))
    assert isinstance(on_file, SqliteHuey) and on_file.storage.filename == path and not on_file.immediate
    assert huey_of(create_app({**base, "HUEY_IMMEDIATE": None})).immediate  # tests: immediate by default
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    config: dict = {}
    apply_env(config)
    assert config["HUEY_REDIS_URL"] == "redis://127.0.0.1:6379/3"
