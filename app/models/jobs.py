"""Background jobs (issue 14): long work (an import, a bulk document) that a worker runs outside the request.

The row is the job's truth; the task queue (Huey, ``app/jobs``) only rings the worker's bell. So a job
survives a lost queue message or a worker killed mid-job: the sweep finds it again by its row. The input
travels in the row (``payload``: app servers share only the database, not their disks), and so does the
result: a small JSON (``result``, e.g. a summary) and, for a large preview or a file for download,
``result_file``. Both binary columns are deferred: polling the progress never loads them.
"""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.users import User


class JobStatus(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self):
        return {
            JobStatus.QUEUED: _l("Waiting"),
            JobStatus.RUNNING: _l("Running"),
            JobStatus.DONE: _l("Done"),
            JobStatus.FAILED: _l("Failed"),
        }[self]

    @property
    def badge(self) -> str:
        return {JobStatus.QUEUED: "secondary", JobStatus.RUNNING: "primary", JobStatus.DONE: "success",
                JobStatus.FAILED: "danger"}[self]

    @property
    def is_active(self) -> bool:
        return self in (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(Model):
    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint("progress_done >= 0 AND progress_total >= 0", name="progress_non_negative"),
        CheckConstraint("attempts >= 0", name="attempts_non_negative"),
        # The sweep looks for jobs left queued or running (a lost message, a dead worker).
        Index("ix_job_status_heartbeat", "status", "heartbeat_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))  # a handler registered in app.jobs
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus, "job_status"), default=JobStatus.QUEUED)
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(String(255), default="")  # what the job is doing now
    # How many times a worker took the job: a job whose worker died is taken once more, never a third time.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    params: Mapped[dict] = mapped_column(JSON, default=dict)  # small input: ids, options, a file name
    payload: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))  # large input: an uploaded file
    result: Mapped[dict | None] = mapped_column(JSON)  # small output: a summary
    result_file: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))  # large output
    result_name: Mapped[str] = mapped_column(String(255), default="")  # the download's file name, if any
    error: Mapped[str] = mapped_column(Text, default="")  # shown to the user who started the job
    # The job that continues this one (an import's apply step after its preview): set once.
    next_job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the worker's last sign of life
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()

    @property
    def percent(self) -> int:
        if self.status is JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.status.value}>"
