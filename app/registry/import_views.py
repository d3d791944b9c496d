"""The registry import's screens (issue 8): upload → (job) check and preview → confirm → (job) write.

The requests only store the upload and queue a job (``app/jobs``); the page then shows the job's progress
(``jobs/_progress.html``, polling) and, once it is done, the preview or the outcome. The checking, matching
and writing are in ``importing.py``; the file's layout in ``import_layout.py``.
"""
from io import BytesIO

from flask import abort, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select, update

from app import access, jobs
from app.extensions import db
from app.jobs.views import job_context
from app.models import Award, Unit
from app.models.jobs import Job, JobStatus
from app.numbers import page_number
from app.registry import bp, import_layout, importing

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS_PER_PAGE = 100
STATUSES = ("matched", "new")


class UploadForm(FlaskForm):
    file = FileField(_l("Registry file (.xlsx)"), validators=[FileRequired(_l("Choose a file."))])


class ConfirmForm(FlaskForm):
    """Nothing to fill in: the CSRF token."""


def _importer() -> None:
    if not access.can_edit_registry(current_user):
        abort(403)


def _import_job_or_404(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.kind != importing.KIND_PREVIEW or not access.can_see_job(current_user, job):
        abort(404)
    return job


def _start_page(form: UploadForm, error: str = "", status: int = 200):
    recent = db.session.scalars(select(Job).where(Job.user_id == current_user.id, Job.kind == importing.KIND_PREVIEW)
                                .order_by(Job.id.desc()).limit(10)).all()
    return render_template("registry/import_start.html", form=form, error=error, recent=recent,
                           headers=[(import_layout.column_letter(i), import_layout.HEADERS[key])
                                    for i, key in enumerate(import_layout.KEYS)],
                           max_rows=import_layout.MAX_ROWS, JobStatus=JobStatus), status


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_start():
    _importer()
    form = UploadForm()
    if request.method == "GET":
        return _start_page(form)
    if not form.validate_on_submit():
        return _start_page(form, _("Choose an .xlsx file."), 422)
    limit = import_layout.LIMITS.max_file_bytes
    content = form.file.data.read(limit + 1)
    form.file.data.close()  # a large upload is spooled to a temporary file: let it go now
    if len(content) > limit:
        return _start_page(form, _("The file is larger than %(mb)s MB.", mb=limit // (1 << 20)), 422)
    file_name = (form.file.data.filename or "")[:200]
    job = jobs.create(importing.KIND_PREVIEW, current_user, params={"file_name": file_name}, payload=content,
                      message=_("Waiting for a worker"))
    db.session.commit()
    jobs.enqueue(job)
    return redirect(url_for(".import_page", job_id=job.id), code=303)


@bp.route("/import/template.xlsx")
@login_required
def import_template():
    _importer()
    allowed = access.registry_units(current_user)
    units = select(Unit).order_by(Unit.code)
    if allowed is not None:
        units = units.where(Unit.id.in_(allowed))
    awards = db.session.scalars(select(Award).order_by(Award.sort_order, Award.code)).all()
    content = import_layout.template(list(awards), list(db.session.scalars(units)))
    return send_file(BytesIO(content), mimetype=XLSX, as_attachment=True, download_name="mau-nhap-so-khen-thuong.xlsx")


@bp.route("/import/<id:job_id>")
@login_required
def import_page(job_id: int):
    """The import's one page: the check's progress, then its errors or its preview (and the confirm button),
    then the writing's progress and its outcome."""
    preview = _import_job_or_404(job_id)
    apply_job = db.session.get(Job, preview.next_job_id) if preview.next_job_id else None
    current = apply_job or preview
    context = job_context(current)
    rows: list[list] = []
    page = page_number(request.args)
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    pages = 0
    if apply_job is None and preview.status is JobStatus.DONE and not (preview.result or {}).get("error_count"):
        all_rows = importing.stored_rows(preview)
        if status:
            all_rows = [row for row in all_rows if (row[-1] is not None) == (status == "matched")]
        pages = max(1, -(-len(all_rows) // ROWS_PER_PAGE))
        page = min(page, pages)
        shown = all_rows[(page - 1) * ROWS_PER_PAGE:page * ROWS_PER_PAGE]
        unit_names = dict(db.session.execute(select(Unit.id, Unit.name).where(
            Unit.id.in_({row[5] for row in shown}))).all())
        # [row, name, year of birth, unit, award code or rating, year, record id]
        rows = [[row[0], row[2], row[3], unit_names.get(row[5], ""), row[7] or row[8], row[9], row[-1]]
                for row in shown]
    return render_template("registry/import_page.html", preview=preview, apply_job=apply_job, rows=rows,
                           summary=preview.result or {}, outcome=(apply_job.result if apply_job else None) or {},
                           page=page, pages=pages, status=status, confirm_form=ConfirmForm(),
                           can_confirm=_can_confirm(preview), follow=current.status.is_active, **context)


def _can_confirm(preview: Job) -> bool:
    return (access.can_edit_registry(current_user) and preview.user_id == current_user.id
            and preview.status is JobStatus.DONE and preview.next_job_id is None
            and not (preview.result or {}).get("error_count"))


@bp.route("/import/<id:job_id>/confirm", methods=["POST"])
@login_required
def import_confirm(job_id: int):
    _importer()
    preview = _import_job_or_404(job_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not _can_confirm(preview):
        # Confirmed already (a second click, another tab): the page shows where the writing is.
        return redirect(url_for(".import_page", job_id=preview.id), code=303)
    apply_job = jobs.create(importing.KIND_APPLY, current_user, params={"preview_job_id": preview.id},
                            message=_("Waiting for a worker"))
    # The preview is confirmed once: of two confirmations at once, one sets next_job_id, the other none.
    claimed = db.session.execute(update(Job).where(Job.id == preview.id, Job.next_job_id.is_(None))
                                 .values(next_job_id=apply_job.id).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        return redirect(url_for(".import_page", job_id=preview.id), code=303)
    db.session.commit()
    jobs.enqueue(apply_job)
    return redirect(url_for(".import_page", job_id=preview.id), code=303)
