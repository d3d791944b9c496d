"""The worker's self-check: a job that counts to N with its progress (``flask jobs check``). Tells an
operator that a worker is running and sees the database, and gives the tests a job with no feature behind it."""
import time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.jobs import register
from app.jobs.runner import JobFailed, JobResult, Progress
from app.models.jobs import Job

KIND = "check"


def run(job: Job, progress: Progress) -> JobResult:
    steps = int(job.params.get("steps", 3))
    delay = float(job.params.get("delay", 0))
    if job.params.get("fail"):
        raise JobFailed(_("The check job was asked to fail."))
    for step in range(steps):
        time.sleep(delay)
        progress(step + 1, steps, _("Step %(n)s of %(total)s", n=step + 1, total=steps), force=True)
    return JobResult({"steps": steps})


register(KIND, run, label=_l("Worker check"))
