"""How a worker runs a job, and how a job left behind is found again.

Claiming: a conditional ``UPDATE job SET status='running', attempts=attempts+1 WHERE status='queued'``,
committed — of two workers handed the same job (a message delivered twice, a sweep ringing again) one
wins and the other does nothing; a job done or failed is never redone.

Progress is written through a connection of its own, in short transactions, so the page sees it while
the job's own work is still uncommitted. (On SQLite a second writer would wait for the job's write
transaction: a handler pauses progress around its writes, ``Progress.writing``.)

Finishing: the handler's writes and ``status='done'`` commit together, under the same conditional
update (``WHERE status='running' AND attempts=<this attempt>``): if the sweep gave the job to another
worker meanwhile, this attempt's update matches no row and everything it did is rolled back — the work is
applied exactly once. A failed job keeps the message for its user (``JobFailed``), or a general one for
an unexpected error (the traceback goes to the log).
"""
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from app.extensions import db
from app.models.base import utcnow
from app.models.jobs import Job, JobStatus

log = logging.getLogger(__name__)

# A job whose worker died is taken once more; a second death fails it.
MAX_ATTEMPTS = 2
_PROGRESS_EVERY_SECONDS = 0.5


class JobFailed(Exception):
    """The job cannot be done; ``message`` tells its user why (in their words)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Superseded(Exception):
    """This attempt lost the job (the sweep gave it to another worker): stop, write nothing."""


@dataclass
class JobResult:
    """What a handler returns: a small JSON summary and, optionally, a large file (a preview, a download)."""

    data: dict | None = None
    file: bytes | None = None
    file_name: str = ""


class Progress:
    """Report how far a job is (done out of total, a short message), at most twice a second unless forced;
    each report is also the worker's sign of life."""

    def __init__(self, job_id: int, attempt: int):
        self.job_id = job_id
        self.attempt = attempt
        self._last = 0.0
        self._paused = False
        self._pending: dict | None = None

    def __call__(self, done: int, total: int | None = None, message: str | None = None, *,
                 force: bool = False) -> None:
        values: dict = {"progress_done": max(0, done), "heartbeat_at": utcnow()}
        if total is not None:
            values["progress_total"] = max(0, total)
        if message is not None:
            values["message"] = message[:255]
        now = time.monotonic()
        if self._paused:
            self._pending = {**(self._pending or {}), **values}
            return
        if not force and now - self._last < _PROGRESS_EVERY_SECONDS:
            return
        self._last = now
        self._write(values)

    def _write(self, values: dict) -> None:
        with db.engine.begin() as connection:
            result = connection.execute(update(Job).where(
                Job.id == self.job_id, Job.status == JobStatus.RUNNING, Job.attempts == self.attempt)
                .values(**values))
        if result.rowcount == 0:
            raise Superseded(self.job_id)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around the job's own write transaction: on SQLite (one writer at a time) progress is held back
        until it ends; PostgreSQL takes it as it comes."""
        if db.engine.dialect.name != "sqlite":
            yield
            return
        self._paused = True
        try:
            yield
        finally:
            self._paused = False
            self._pending = None  # the job's commit writes the final state


def _claim(job_id: int) -> int | None:
    """Take a queued job for this worker; its attempt number, or None when it is not (or no longer) queued."""
    now = utcnow()
    result = db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, attempts=Job.attempts + 1, started_at=now, heartbeat_at=now,
                message="", error="")
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        return None
    attempts = db.session.scalar(select(Job.attempts).where(Job.id == job_id))
    db.session.commit()
    return attempts


def _finish(job_id: int, attempt: int, outcome: JobResult | None) -> None:
    """Mark the job done in the handler's transaction (the caller commits), or raise Superseded."""
    outcome = outcome or JobResult()
    now = utcnow()
    result = db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == JobStatus.RUNNING, Job.attempts == attempt)
        .values(status=JobStatus.DONE, finished_at=now, heartbeat_at=now, result=outcome.data,
                result_file=outcome.file, result_name=outcome.file_name[:255], message="",
                progress_done=Job.progress_total)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Superseded(job_id)


def _fail(job_id: int, attempt: int, message: str) -> None:
    db.session.rollback()
    now = utcnow()
    db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == JobStatus.RUNNING, Job.attempts == attempt)
        .values(status=JobStatus.FAILED, finished_at=now, heartbeat_at=now, error=message, message="")
        .execution_options(synchronize_session=False))
    db.session.commit()


def run(job_id: int) -> None:
    """Run one job to its end (done or failed), in the current app context; a no-op unless it is queued."""
    from app.jobs import HANDLERS

    attempt = _claim(job_id)
    if attempt is None:
        log.info("job %s: not queued any more, nothing to do", job_id)
        return
    job = db.session.get(Job, job_id)
    assert job is not None
    handler = HANDLERS.get(job.kind)
    progress = Progress(job_id, attempt)
    try:
        if handler is None:
            raise JobFailed(_("This kind of job (%(kind)s) is unknown to the worker.", kind=job.kind))
        outcome = handler.run(job, progress)
        _finish(job_id, attempt, outcome)
        db.session.commit()
    except Superseded:
        db.session.rollback()
        log.warning("job %s: attempt %s superseded by another worker; nothing written", job_id, attempt)
    except JobFailed as failure:
        _fail(job_id, attempt, failure.message)
    except Exception:
        log.exception("job %s (%s) failed", job_id, job.kind)
        _fail(job_id, attempt, _("The job stopped on an unexpected error. Nothing was changed; try again, "
                                 "and tell the administrator if it happens again."))


def sweep() -> dict[str, int]:
    """Queue again the jobs left behind: queued ones whose message was lost, running ones whose worker died
    (silent for ``JOB_STALE_SECONDS``) — once; a job abandoned a second time fails with a message."""
    stale = utcnow() - timedelta(seconds=current_app.config.get("JOB_STALE_SECONDS", 600))
    now = utcnow()
    again: list[int] = []
    failed = 0
    for job_id in db.session.scalars(select(Job.id).where(Job.status == JobStatus.QUEUED, Job.heartbeat_at < stale)):
        again.append(job_id)
    if again:
        db.session.execute(update(Job).where(Job.id.in_(again), Job.status == JobStatus.QUEUED)
                           .values(heartbeat_at=now).execution_options(synchronize_session=False))
    abandoned = db.session.execute(select(Job.id, Job.attempts).where(
        Job.status == JobStatus.RUNNING, Job.heartbeat_at < stale)).all()
    for job_id, attempts in abandoned:
        where = (Job.id == job_id, Job.status == JobStatus.RUNNING, Job.attempts == attempts)
        if attempts < MAX_ATTEMPTS:
            result = db.session.execute(update(Job).where(*where).values(
                status=JobStatus.QUEUED, heartbeat_at=now, message=_("Restarting after an interruption"))
                .execution_options(synchronize_session=False))
            if result.rowcount == 1:  # type: ignore[attr-defined]
                again.append(job_id)
        else:
            result = db.session.execute(update(Job).where(*where).values(
                status=JobStatus.FAILED, finished_at=now, message="",
                error=_("The job was interrupted twice (its worker stopped). Nothing was changed; start it again."))
                .execution_options(synchronize_session=False))
            failed += result.rowcount  # type: ignore[attr-defined]
    db.session.commit()
    from app.jobs import enqueue

    for job_id in again:
        enqueue(job_id)
    return {"queued_again": len(again), "failed": failed}
