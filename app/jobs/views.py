"""The job page (``/jobs/<id>``), its progress partial that htmx polls every second while the job waits or
runs, and the download of a job's file. Only the user who started a job (and the administrator) sees it."""
from io import BytesIO

from flask import abort, make_response, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from app import access
from app.extensions import db
from app.jobs import HANDLERS, bp
from app.models.jobs import Job, JobStatus


def visible_job_or_404(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or not access.can_see_job(current_user, job):
        abort(404)
    return job


def job_context(job: Job) -> dict:
    """What ``jobs/_progress.html`` needs besides the job: the kind's label and its next step."""
    handler = HANDLERS.get(job.kind)
    next_url = handler.result_url(job) if handler and handler.result_url and job.status is JobStatus.DONE else None
    return {"job": job, "job_label": handler.label if handler else job.kind, "next_url": next_url,
            "JobStatus": JobStatus}


@bp.route("/<id:job_id>")
@login_required
def job_page(job_id: int):
    job = visible_job_or_404(job_id)
    return render_template("jobs/job.html", **job_context(job))


@bp.route("/<id:job_id>/progress")
@login_required
def progress(job_id: int):
    """The partial alone. With ``follow=1`` (a page waiting for the job's outcome) a finished job sends
    the browser on to its next step (``HX-Redirect``), or reloads the page that asked."""
    job = visible_job_or_404(job_id)
    context = job_context(job)
    follow = request.args.get("follow") == "1"
    response = make_response(render_template("jobs/_progress.html", follow=follow, **context))
    if follow and not job.status.is_active:
        if context["next_url"]:
            response.headers["HX-Redirect"] = context["next_url"]
        else:
            response.headers["HX-Refresh"] = "true"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<id:job_id>/download")
@login_required
def download(job_id: int):
    job = visible_job_or_404(job_id)
    if job.status is not JobStatus.DONE or not job.result_name or job.result_file is None:
        abort(404)
    return send_file(BytesIO(job.result_file), as_attachment=True, download_name=job.result_name)


def progress_url(job: Job, *, follow: bool = False) -> str:
    return url_for("jobs.progress", job_id=job.id, follow="1" if follow else None)
